import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EUICCInfo1 } from '../../src/asn1/rsp/index.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { discoverEvents } from '../../src/lpa/discovery.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { loadDefaultPki } from '../../src/pki/pki-store.ts';
import type { RunningSmds } from '../../src/smds/start.ts';
import { postEs9 } from '../helpers/es9-request.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { expectRspFailure, expectRspSuccess } from '../helpers/rsp-assertions.ts';
import { ScriptedEuicc } from '../helpers/scripted-euicc.ts';
import {
  type Es12Outcomes,
  es12Refusal,
  serverEs12Identity,
  smdpEs12Identity,
  smdpEs12Outcomes,
  startTestSmds,
} from '../helpers/smds-harness.ts';
import { testStores } from '../helpers/test-stores.ts';

describe.each(testStores('smds'))('SM-DS (ES11, ES12) on the %s store', (_, storeUrl) => {
  let smds: RunningSmds;
  let es12: Es12Outcomes;
  // An SM-DP+ address nothing listens on: discovery keeps the record (it is not an SM-DS).
  const smdp = 'localhost:1';

  beforeAll(async () => {
    smds = await startTestSmds({ store: storeUrl() });
    es12 = smdpEs12Outcomes();
  });
  afterAll(async () => {
    await smds?.close();
  });

  it('serves ES11 with CERT.DSauth: the built-in LPA lists the events registered for its EID, in order', async () => {
    const euicc = await EuiccEmulator.create({ rootSmdsAddress: smds.address });
    const other = await EuiccEmulator.create();
    for (const [eid, eventId] of [
      [euicc.eid, 'EVENT-1'],
      [other.eid, 'EVENT-OTHER'],
      [euicc.eid, 'EVENT-2'],
    ] as const) {
      expect(
        await es12.call(smds.address, 'registerEvent', { eid, eventId, rspServerAddress: smdp }),
      ).toEqual({
        executed: true,
      });
    }
    const events = await discoverEvents({ euicc });
    expect(events).toEqual([
      { eventId: 'EVENT-1', rspServerAddress: smdp, smdsAddress: smds.address },
      { eventId: 'EVENT-2', rspServerAddress: smdp, smdsAddress: smds.address },
    ]);
    // The server authenticated with a DSauth certificate under the SGP.26 CI.
    const initiated = await new ScriptedEuicc().initiateAuthentication(smds.url, smds.address);
    const certificate = parseCertificate(Buffer.from(initiated.body.serverCertificate, 'base64'));
    expect(certificate.role).toBe('ds-auth');

    expect(await es12.call(smds.address, 'deleteEvent', { eid: euicc.eid, eventId: 'EVENT-1' })).toEqual({
      executed: true,
    });
    expect((await discoverEvents({ euicc })).map((e) => e.eventId)).toEqual(['EVENT-2']);
  });

  it('answers one event for an EventID as matchingId, 8.9.5/3.9 for an unknown one, and ends the session', async () => {
    const euicc = new ScriptedEuicc('P-256', { fresh: true });
    await es12.call(smds.address, 'registerEvent', {
      eid: euicc.eid,
      eventId: 'ONE',
      rspServerAddress: smdp,
    });
    await es12.call(smds.address, 'registerEvent', {
      eid: euicc.eid,
      eventId: 'TWO',
      rspServerAddress: smdp,
    });
    const authenticate = async (matchingId: string | undefined) => {
      const initiated = await euicc.initiateAuthentication(smds.url, smds.address);
      expectRspSuccess(initiated);
      const body = {
        transactionId: initiated.body.transactionId,
        authenticateServerResponse: euicc.authenticateServer(initiated.body, matchingId),
      };
      return { answer: await postEs9(smds.url, 'authenticateClient', body), body };
    };
    const one = await authenticate('TWO');
    expectRspSuccess(one.answer);
    expect(one.answer.body.eventEntries).toEqual([{ eventId: 'TWO', rspServerAddress: smdp }]);
    // The session is over: the same request again is an unknown transaction.
    expectRspFailure(await postEs9(smds.url, 'authenticateClient', one.body), 'transactionIdUnknown');
    expectRspFailure((await authenticate('THREE')).answer, 'eventIdUnknown');
    // No EventID: every record of the EID; none for another eUICC.
    expect((await authenticate(undefined)).answer.body.eventEntries).toHaveLength(2);
    const stranger = new ScriptedEuicc('P-256', { fresh: true });
    const initiated = await stranger.initiateAuthentication(smds.url, smds.address);
    const answer = await postEs9(smds.url, 'authenticateClient', {
      transactionId: initiated.body.transactionId,
      authenticateServerResponse: stranger.authenticateServer(initiated.body, undefined),
    });
    expectRspSuccess(answer);
    expect(answer.body.eventEntries).toEqual([]);
  });

  it('answers each ES11 initiateAuthentication code of SGP.22 5.8.1', async () => {
    const euicc = new ScriptedEuicc();
    const ci = euicc.ciPkid;
    const unknownCi = Buffer.alloc(20, 0x11);
    const send = (
      address: string,
      info: { svn?: number[]; signing?: Buffer[]; verification?: Buffer[] } = {},
    ) =>
      postEs9(smds.url, 'initiateAuthentication', {
        smdsAddress: address,
        euiccChallenge: Buffer.alloc(16, 1).toString('base64'),
        euiccInfo1: EUICCInfo1.encode({
          svn: Buffer.from(info.svn ?? [2, 2, 2]),
          euiccCiPKIdListForVerification: info.verification ?? [ci],
          euiccCiPKIdListForSigning: info.signing ?? [ci],
        }).toString('base64'),
      });
    expectRspSuccess(await send(smds.address));
    expectRspFailure(await send('other.example:8444'), 'smdsAddressInvalid');
    expectRspFailure(await send(smds.address, { svn: [3, 0, 0] }), 'smdsVersionNotSupported');
    expectRspFailure(await send(smds.address, { signing: [unknownCi] }), 'smdsCiPKIdNotSupported');
    expectRspFailure(await send(smds.address, { verification: [unknownCi] }), 'noDsAuthCertificate');
  });

  it('checks the eUICC as ES9+ does (signature, certificates, transaction)', async () => {
    const euicc = new ScriptedEuicc('P-256', { fresh: true });
    const initiated = await euicc.initiateAuthentication(smds.url, smds.address);
    const tampered = await postEs9(smds.url, 'authenticateClient', {
      transactionId: initiated.body.transactionId,
      authenticateServerResponse: euicc.authenticateServer(initiated.body, undefined, { signature: true }),
    });
    expectRspFailure(tampered, 'euiccSignatureInvalid');
    const pki = loadDefaultPki();
    const again = await euicc.initiateAuthentication(smds.url, smds.address);
    const wrongCertificate = await postEs9(smds.url, 'authenticateClient', {
      transactionId: again.body.transactionId,
      authenticateServerResponse: euicc.authenticateServer(again.body, undefined, {
        certificate: pki.curves.get('P-256')!.eum!.certificate.der,
      }),
    });
    expect(wrongCertificate.body.header.functionExecutionStatus.statusCodeData.subjectCode).toMatch(
      /^8\.1\.3$/,
    );
    expectRspFailure(
      await postEs9(smds.url, 'authenticateClient', {
        transactionId: 'AB'.repeat(16),
        authenticateServerResponse: euicc.authenticateServer(again.body, undefined),
      }),
      'transactionIdUnknown',
    );
  });

  it('answers ES12 duplicates and unknown events with 8.9.5 and keeps one record per (EID, EventID)', async () => {
    const eid = new ScriptedEuicc('P-256', { fresh: true }).eid;
    const event = { eid, eventId: 'DUP', rspServerAddress: smdp };
    expect(await es12.call(smds.address, 'registerEvent', event)).toEqual({ executed: true });
    expect(await es12.call(smds.address, 'registerEvent', event)).toMatchObject(
      es12Refusal('eventDuplicate'),
    );
    expect((await smds.context.events.forEid(eid)).map((e) => e.eventId)).toEqual(['DUP']);
    expect(await es12.call(smds.address, 'deleteEvent', { eid, eventId: 'DUP' })).toEqual({ executed: true });
    expect(await es12.call(smds.address, 'deleteEvent', { eid, eventId: 'DUP' })).toMatchObject(
      es12Refusal('eventIdUnknown'),
    );
    expect(await es12.call(smds.address, 'registerEvent', { ...event, eventId: 'A B\u0000' })).toMatchObject(
      es12Refusal('badInput'),
    );
    expect(await es12.call(smds.address, 'registerEvent', { ...event, eid: '123' })).toMatchObject(
      es12Refusal('badInput'),
    );
    expect(
      await es12.call(smds.address, 'registerEvent', { ...event, rspServerAddress: 'https://x/y' }),
    ).toMatchObject(es12Refusal('badInput'));
  });

  it('bounds the records one caller can give one EID (ES12 callers cannot make it keep without end)', async () => {
    const eid = new ScriptedEuicc('P-256', { fresh: true }).eid;
    const registeredBy = smdpEs12Identity();
    for (let i = 0; i < 64; i++)
      await smds.context.events.register({
        eid,
        eventId: `E${i}`,
        rspServerAddress: smdp,
        registeredAt: i,
        registeredBy,
      });
    expect(
      await es12.call(smds.address, 'registerEvent', {
        eid,
        eventId: 'ONE-TOO-MANY',
        rspServerAddress: smdp,
      }),
    ).toMatchObject(es12Refusal('executionError'));
  });

  it('refuses ES12 from a caller without an SM-DP+ TLS certificate, and shows events to the admin only', async () => {
    const eid = new ScriptedEuicc('P-256', { fresh: true }).eid;
    const anonymous = await httpsJson(`${smds.url}/gsma/rsp2/es12/registerEvent`, {
      ca: smds.caPem,
      method: 'POST',
      headers: { 'X-Admin-Protocol': 'gsma/rsp/v2.2.0', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        header: { functionRequesterIdentifier: 'x', functionCallIdentifier: 'y' },
        eid,
        eventId: 'NOPE',
        rspServerAddress: smdp,
      }),
    });
    expect(anonymous.status).toBe(403);
    expect(await smds.context.events.forEid(eid)).toEqual([]);
    expect((await httpsJson(`${smds.url}/admin/events`, { ca: smds.caPem })).status).toBe(401);
    const listed = await httpsJson(`${smds.url}/admin/events`, { ca: smds.caPem, token: smds.adminToken });
    expect(listed.status).toBe(200);
    expect(Array.isArray(listed.body.events)).toBe(true);
  });
});

describe('alternative SM-DS (SGP.22 3.6: an event record at the root pointing to another SM-DS)', () => {
  let root: RunningSmds;
  let alternative: RunningSmds;
  let es12: Es12Outcomes;
  const smdp = 'localhost:1';

  beforeAll(async () => {
    root = await startTestSmds();
    alternative = await startTestSmds({ rootSmds: root.address });
    es12 = smdpEs12Outcomes();
  });
  afterAll(async () => {
    await alternative?.close();
    await root?.close();
  });

  it('forwards the event to the root, which sends the LPA to the alternative SM-DS for it', async () => {
    const euicc = await EuiccEmulator.create({ rootSmdsAddress: root.address });
    const event = { eid: euicc.eid, eventId: 'ALT-1', rspServerAddress: smdp, forwardingIndicator: true };
    expect(await es12.call(alternative.address, 'registerEvent', event)).toEqual({ executed: true });
    expect(await root.context.events.forEid(euicc.eid)).toMatchObject([
      { eventId: 'ALT-1', rspServerAddress: alternative.address },
    ]);
    expect(await discoverEvents({ euicc })).toEqual([
      { eventId: 'ALT-1', rspServerAddress: smdp, smdsAddress: alternative.address },
    ]);
    // Deleting at the alternative SM-DS deletes the root's record too.
    expect(await es12.call(alternative.address, 'deleteEvent', { eid: euicc.eid, eventId: 'ALT-1' })).toEqual(
      {
        executed: true,
      },
    );
    expect(await root.context.events.forEid(euicc.eid)).toEqual([]);
    expect(await discoverEvents({ euicc })).toEqual([]);
  });

  it('answers 8.9/4.2 when the root SM-DS refuses the event, and keeps nothing of it', async () => {
    const eid = new ScriptedEuicc('P-256', { fresh: true }).eid;
    // The alternative SM-DS's own slots for the EID at the root are taken.
    const registeredBy = await serverEs12Identity(alternative.url);
    for (let i = 0; i < 64; i++)
      await root.context.events.register({
        eid,
        eventId: `R${i}`,
        rspServerAddress: alternative.address,
        registeredAt: i,
        registeredBy,
      });
    const answer = await es12.call(alternative.address, 'registerEvent', {
      eid,
      eventId: 'REFUSED',
      rspServerAddress: smdp,
      forwardingIndicator: true,
    });
    expect(answer).toMatchObject(es12Refusal('smdsExecutionError'));
    expect(await alternative.context.events.forEid(eid)).toEqual([]);
  });

  it('answers 8.9/5.1 when the root SM-DS cannot be reached, and keeps nothing of it', async () => {
    const lonely = await startTestSmds({ rootSmds: 'localhost:1' });
    try {
      const eid = new ScriptedEuicc('P-256', { fresh: true }).eid;
      const answer = await es12.call(lonely.address, 'registerEvent', {
        eid,
        eventId: 'UNREACHABLE',
        rspServerAddress: smdp,
        forwardingIndicator: true,
      });
      expect(answer).toMatchObject(es12Refusal('smdsUnavailable'));
      expect(await lonely.context.events.forEid(eid)).toEqual([]);
      // Without forwardingIndicator the record stays here alone.
      expect(
        await es12.call(lonely.address, 'registerEvent', { eid, eventId: 'LOCAL', rspServerAddress: smdp }),
      ).toEqual({ executed: true });
    } finally {
      await lonely.close();
    }
  });
});

describe('SM-DS session bound', () => {
  it('keeps at most maxPendingSessions ES11 sessions waiting for authenticateClient (then 1.2/4.2)', async () => {
    const smds = await startTestSmds({ maxPendingSessions: 3 });
    try {
      const euicc = new ScriptedEuicc('P-256', { fresh: true });
      const opened = [];
      for (let i = 0; i < 3; i++) {
        const answer = await euicc.initiateAuthentication(smds.url, smds.address);
        expectRspSuccess(answer);
        opened.push(answer.body);
      }
      expectRspFailure(await euicc.initiateAuthentication(smds.url, smds.address), 'executionError');
      // One authenticated (its session ends): room for one more.
      expectRspSuccess(
        await postEs9(smds.url, 'authenticateClient', {
          transactionId: opened[0].transactionId,
          authenticateServerResponse: euicc.authenticateServer(opened[0], undefined),
        }),
      );
      expectRspSuccess(await euicc.initiateAuthentication(smds.url, smds.address));
    } finally {
      await smds.close();
    }
  });
});
