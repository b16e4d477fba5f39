import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProfileInstallationResult, ServerSigned1 } from '../../../src/asn1/rsp/index.ts';
import {
  InitiateAuthenticationResponseEsipa,
  ProvideEimPackageResult,
  Sgp32PrepareDownloadResponse,
} from '../../../src/asn1/sgp32/index.ts';
import { encodeTlv } from '../../../src/asn1/tlv.ts';
import type { DownloadOrder } from '../../../src/eim/download/download-order.ts';
import type { DownloadOutcome } from '../../../src/eim/download/download-outcome.ts';
import { EsipaRequestError } from '../../../src/eim/download/esipa-request-error.ts';
import { IndirectDownloadRelay } from '../../../src/eim/download/indirect-download-relay.ts';
import { handleNotificationEsipa } from '../../../src/eim/download/notification-relay.ts';
import type { PendingDownload } from '../../../src/eim/download/pending-download.ts';
import { FunctionFailedError, TransportError } from '../../../src/errors/client-errors.ts';
import { type StatusCodeName, StatusCodes } from '../../../src/errors/status-codes.ts';
import { MemoryRelayedSessionStore } from '../../../src/store/memory/memory-relayed-session-store.ts';
import { fakeConnector, type Script } from './fake-es9.ts';

/** SGP.32 6.3.2.1-6.3.2.5 relayed to a scripted ES9+: the bytes each side gets, errors 50-52, bounds. */

const cert = (path: string) => readFileSync(new URL(`../../../certs/sgp26/${path}`, import.meta.url));
const DP_AUTH = cert('DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der'); // registeredID 2.999.10
const EUICC = cert('eUICC/CERT_EUICC_ECDSA_NIST.der');
const EUM = cert('EUM/CERT_EUM_ECDSA_NIST.der');
const EID = '89049032123451234512345678901235';
const TX = Buffer.from('0123456789ABCDEF0123456789ABCDEF', 'hex');
const CHALLENGE = Buffer.alloc(16, 0x11);
const CI_PKID = Buffer.from('F54172BDF98A95D65CBEB88A38A1C11D800A85C3', 'hex');
// EUICCInfo1 { svn 2.2.2, verification and signing lists with the SGP.26 NIST CI }
const EUICC_INFO1 = encodeTlv(
  0xbf20,
  encodeTlv(0x82, Buffer.from([2, 2, 2])),
  encodeTlv(0xa9, encodeTlv(0x04, CI_PKID)),
  encodeTlv(0xaa, encodeTlv(0x04, CI_PKID)),
);
const SIGNATURE = encodeTlv(0x5f37, Buffer.alloc(64, 0x5a));
const SERVER_SIGNED1 = ServerSigned1.encode({
  transactionId: TX,
  euiccChallenge: CHALLENGE,
  serverAddress: 'smdp.example.com',
  serverChallenge: Buffer.alloc(16, 0x22),
});

const b64 = (bytes: Buffer) => bytes.toString('base64');
const hex = (bytes: Buffer) => bytes.toString('hex');

/** The SM-DP+'s initiateAuthentication answer fields (SGP.22 6.5.2.1), base64 as the binding writes them. */
const INITIATED = {
  transactionId: hex(TX).toUpperCase(),
  serverSigned1: b64(SERVER_SIGNED1),
  serverSignature1: b64(SIGNATURE),
  euiccCiPKIdToBeUsed: b64(encodeTlv(0x04, CI_PKID)),
  serverCertificate: b64(DP_AUTH),
};

const failure = (fn: string, name: StatusCodeName) =>
  new FunctionFailedError(fn, StatusCodes[name].subjectCode, StatusCodes[name].reasonCode, '');

function setUp(
  script: Script,
  limits = { maxSessions: 10, maxUntriggeredSessions: 2, maxSessionsPerEid: 4, sessionLifetimeMs: 60_000 },
) {
  let now = 1_000_000;
  const fake = fakeConnector(script);
  const outcomes: [string, DownloadOutcome][] = [];
  const open = new Map<string, PendingDownload>();
  const relay = new IndirectDownloadRelay({
    orders: {
      byEimTransactionId: async (id) => open.get(hex(id)),
      finish: async (download, outcome) => {
        for (const [key, pending] of open) if (pending.orderId === download.orderId) open.delete(key);
        outcomes.push([download.orderId, outcome]);
      },
    },
    sessions: new MemoryRelayedSessionStore(),
    connect: fake.connect,
    limits,
    now: () => now,
  });
  const order = (orderId: string, value: DownloadOrder, eid = EID) => {
    const download = { orderId, eid, order: value, eimTransactionId: Buffer.from(orderId.padEnd(16, '.')) };
    open.set(hex(download.eimTransactionId), download);
    return download;
  };
  return { relay, fake, outcomes, order, advance: (ms: number) => (now += ms) };
}

/** InitiateAuthenticationRequestEsipa as an IPA sends it. */
const initiateRequest = (smdpAddress?: string, eimTransactionId?: Buffer) =>
  encodeTlv(
    0xbf39,
    encodeTlv(0x81, CHALLENGE),
    ...(smdpAddress ? [encodeTlv(0x83, Buffer.from(smdpAddress))] : []),
    EUICC_INFO1,
    ...(eimTransactionId ? [encodeTlv(0x82, eimTransactionId)] : []),
  );

const ok: Script = (fn) => (fn === 'initiateAuthentication' ? INITIATED : {});

describe('ESipa.InitiateAuthentication relayed to ES9+', () => {
  it('sends the eUICC challenge and EUICCInfo1 as sent, answers the SM-DP+ fields as their TLVs, keeps the session', async () => {
    const { relay, fake, order } = setUp(ok);
    const download = order('ord-1', { activationCode: '1$smdp.example.com$MATCH-1' });
    const response = await relay.initiateAuthentication(
      initiateRequest('smdp.example.com', download.eimTransactionId),
    );
    expect(fake.calls()).toEqual([
      {
        address: 'smdp.example.com',
        fn: 'initiateAuthentication',
        body: {
          euiccChallenge: b64(CHALLENGE),
          euiccInfo1: b64(EUICC_INFO1),
          smdpAddress: 'smdp.example.com',
        },
      },
    ]);
    // BF39 { A0 { 80 tx, 30 serverSigned1, 5F37, 04 ciPKId, 30 cert, 0C matchingId } } — no ctxParams1.
    const expected = encodeTlv(
      0xbf39,
      encodeTlv(
        0xa0,
        encodeTlv(0x80, TX),
        SERVER_SIGNED1,
        SIGNATURE,
        encodeTlv(0x04, CI_PKID),
        DP_AUTH,
        encodeTlv(0x0c, Buffer.from('MATCH-1')),
      ),
    );
    expect(hex(response)).toBe(hex(expected));
    expect((await relay.session(hex(TX)))?.download?.orderId).toBe('ord-1');
  });

  it('takes a signature and CI key id the SM-DP+ sent as bare values (no 5F37 / 04 tag) as their values', async () => {
    const raw = Buffer.alloc(64, 0x5a);
    const { relay } = setUp(() => ({
      ...INITIATED,
      serverSignature1: b64(raw),
      euiccCiPKIdToBeUsed: b64(CI_PKID),
    }));
    const response = await relay.initiateAuthentication(initiateRequest('smdp.example.com'));
    const expected = encodeTlv(
      0xbf39,
      encodeTlv(0xa0, encodeTlv(0x80, TX), SERVER_SIGNED1, SIGNATURE, encodeTlv(0x04, CI_PKID), DP_AUTH),
    );
    expect(hex(response)).toBe(hex(expected));
  });

  it('takes the SM-DP+ address from the activation code when the IPA gives none', async () => {
    const { relay, fake, order } = setUp(ok);
    const download = order('ord-2', { activationCode: 'LPA:1$smdp.example.com:8443$M' });
    await relay.initiateAuthentication(initiateRequest(undefined, download.eimTransactionId));
    expect(fake.calls()[0]?.address).toBe('smdp.example.com:8443');
  });

  it('answers invalidEimTransactionId (52) for an eimTransactionId of no open order, without calling ES9+', async () => {
    const { relay, fake } = setUp(ok);
    const response = await relay.initiateAuthentication(
      initiateRequest('smdp.example.com', Buffer.alloc(16, 9)),
    );
    expect(hex(response)).toBe('bf3903810134');
    expect(fake.calls()).toEqual([]);
  });

  it('answers smdpAddressMismatch (50) when the IPA names another SM-DP+ than the order, and ends the order', async () => {
    const { relay, fake, order, outcomes } = setUp(ok);
    const download = order('ord-3', { activationCode: '1$smdp.example.com$M' });
    const response = await relay.initiateAuthentication(
      initiateRequest('other.example.com', download.eimTransactionId),
    );
    expect(hex(response)).toBe('bf3903810132');
    expect(fake.calls()).toEqual([]);
    expect(outcomes).toEqual([
      [
        'ord-3',
        expect.objectContaining({
          kind: 'procedureError',
          step: 'initiateAuthentication',
          code: 'smdpAddressMismatch',
        }),
      ],
    ]);
  });

  it("answers smdpOidMismatch (51) when CERT.DPauth lacks the activation code's SM-DP+ OID", async () => {
    const { relay, order, outcomes, fake } = setUp(ok);
    const download = order('ord-4', { activationCode: '1$smdp.example.com$M$1.2.3.4' });
    const response = await relay.initiateAuthentication(
      initiateRequest('smdp.example.com', download.eimTransactionId),
    );
    expect(hex(response)).toBe('bf3903810133');
    expect(outcomes[0]?.[1]).toMatchObject({ code: 'smdpOidMismatch' });
    expect(await relay.sessions.count()).toBe(0);
    expect(fake.clients[0]?.closed).toBe(1);
    // The OID CERT.DPauth carries (SGP.26: 2.999.10) is taken.
    const again = order('ord-5', { activationCode: '1$smdp.example.com$M$2.999.10' });
    const accepted = await relay.initiateAuthentication(
      initiateRequest('smdp.example.com', again.eimTransactionId),
    );
    expect(Object.keys(InitiateAuthenticationResponseEsipa.decode(accepted))).toEqual([
      'initiateAuthenticationOkEsipa',
    ]);
    expect(await relay.sessions.count()).toBe(1);
  });

  it.each([
    ['smdpAddressInvalid', '01'],
    ['euiccVersionNotSupported', '02'],
    ['ciPKIdNotSupported', '03'],
    ['noDpAuthCertificate', '03'],
    ['executionError', '7f'],
  ] as const)('maps the SM-DP+ refusal %s to InitiateAuthenticationErrorEsipa %s', async (name, code) => {
    const { relay, order, outcomes } = setUp((fn) => {
      throw failure(fn, name);
    });
    const download = order('ord', { activationCode: '1$smdp.example.com$M' });
    const response = await relay.initiateAuthentication(
      initiateRequest('smdp.example.com', download.eimTransactionId),
    );
    expect(hex(response)).toBe(`bf39038101${code}`);
    expect(outcomes).toHaveLength(1);
  });

  it('answers undefinedError (127) when the SM-DP+ cannot be reached or answers outside the binding', async () => {
    const unreachable = setUp(() => {
      throw new TransportError('initiateAuthentication: connect ECONNREFUSED');
    });
    expect(hex(await unreachable.relay.initiateAuthentication(initiateRequest('smdp.example.com')))).toBe(
      'bf390381017f',
    );
    const badAnswer = setUp(() => ({ ...INITIATED, serverSigned1: b64(Buffer.from('3000', 'hex')) }));
    expect(hex(await badAnswer.relay.initiateAuthentication(initiateRequest('smdp.example.com')))).toBe(
      'bf390381017f',
    );
    expect(await badAnswer.relay.sessions.count()).toBe(0);
  });

  it('refuses an undecodable or oversized request as a bad request (HTTP 400 at the binding)', async () => {
    const { relay } = setUp(ok);
    await expect(relay.initiateAuthentication(Buffer.from('bf3903810101', 'hex'))).rejects.toThrow(
      EsipaRequestError,
    );
    await expect(relay.initiateAuthentication(Buffer.alloc(40_000))).rejects.toThrow(EsipaRequestError);
  });
});

describe('bounds on relayed sessions', () => {
  it('keeps at most maxUntriggeredSessions without an order; a refusal for room does not end the order', async () => {
    let n = 0;
    const { relay, order, outcomes } = setUp(
      (fn) => (fn === 'initiateAuthentication' ? { ...INITIATED, transactionId: `0${++n}` } : {}),
      { maxSessions: 3, maxUntriggeredSessions: 2, maxSessionsPerEid: 4, sessionLifetimeMs: 60_000 },
    );
    await relay.initiateAuthentication(initiateRequest('smdp.example.com'));
    await relay.initiateAuthentication(initiateRequest('smdp.example.com'));
    expect(hex(await relay.initiateAuthentication(initiateRequest('smdp.example.com')))).toBe('bf390381017f');
    const a = order('ord-a', { activationCode: '1$smdp.example.com$A' });
    await relay.initiateAuthentication(initiateRequest(undefined, a.eimTransactionId));
    const b = order('ord-b', { activationCode: '1$smdp.example.com$B' });
    expect(hex(await relay.initiateAuthentication(initiateRequest(undefined, b.eimTransactionId)))).toBe(
      'bf390381017f',
    );
    expect(await relay.sessions.count()).toBe(3);
    expect(outcomes).toEqual([]);
  });

  it('forgets a session after its lifetime (injected clock): later steps get invalidTransactionId', async () => {
    const { relay, advance, fake } = setUp(ok);
    await relay.initiateAuthentication(initiateRequest('smdp.example.com'));
    advance(60_000);
    const request = encodeTlv(
      0xbf41,
      encodeTlv(0x80, TX),
      encodeTlv(0xa1, encodeTlv(0x81, Buffer.from([5]))),
    );
    expect(hex(await relay.cancelSession(request))).toBe('bf4103810101');
    expect(fake.clients[0]?.closed).toBe(1);
  });

  it('a new InitiateAuthentication of the same order replaces its earlier session', async () => {
    let n = 0;
    const { relay, order } = setUp((fn) =>
      fn === 'initiateAuthentication' ? { ...INITIATED, transactionId: `0${++n}` } : {},
    );
    const download = order('ord', { activationCode: '1$smdp.example.com$A' });
    await relay.initiateAuthentication(initiateRequest(undefined, download.eimTransactionId));
    await relay.initiateAuthentication(initiateRequest(undefined, download.eimTransactionId));
    expect(await relay.session('01')).toBeUndefined();
    expect((await relay.session('02'))?.download?.orderId).toBe('ord');
  });
});

describe('later steps, correlated by the SM-DP+ TransactionID', () => {
  async function opened(script: Script) {
    const set = setUp((fn, body) => (fn === 'initiateAuthentication' ? INITIATED : script(fn, body)));
    const download = set.order('ord', { activationCode: '1$smdp.example.com$M' });
    await set.relay.initiateAuthentication(initiateRequest(undefined, download.eimTransactionId));
    return set;
  }

  it('CancelSession: the A1 the IPA sends becomes BF41 at ES9+, answered cancelSessionOk, order cancelled', async () => {
    const { relay, fake, outcomes } = await opened(() => ({}));
    // the eUICC's cancelSessionResponseError invalidTransactionId(5): BF41 03 81 01 05, under [1] as A1
    const request = encodeTlv(
      0xbf41,
      encodeTlv(0x80, TX),
      encodeTlv(0xa1, encodeTlv(0x81, Buffer.from([5]))),
    );
    expect(hex(await relay.cancelSession(request))).toBe('bf4102a000');
    expect(fake.calls()[1]).toEqual({
      address: 'smdp.example.com',
      fn: 'cancelSession',
      body: {
        transactionId: hex(TX).toUpperCase(),
        cancelSessionResponse: b64(Buffer.from('bf4103810105', 'hex')),
      },
    });
    expect(outcomes).toEqual([['ord', { kind: 'cancelled', transactionId: hex(TX).toUpperCase() }]]);
    expect(await relay.sessions.count()).toBe(0);
  });

  it.each([
    ['transactionIdUnknown', '01'],
    ['euiccSignatureInvalid', '02'],
    ['smdpOidInvalid', '7f'],
  ] as const)('CancelSession refused by the SM-DP+ with %s → cancelSessionError %s', async (name, code) => {
    const { relay } = await opened((fn) => {
      throw failure(fn, name);
    });
    const request = encodeTlv(
      0xbf41,
      encodeTlv(0x80, TX),
      encodeTlv(0xa1, encodeTlv(0x81, Buffer.from([5]))),
    );
    expect(hex(await relay.cancelSession(request))).toBe(`bf41038101${code}`);
  });

  it.each([
    ['euiccSignatureInvalid', '01'],
    ['confirmationCodeMissing', '02'],
    ['confirmationCodeRefused', '03'],
    ['confirmationCodeRetriesExceeded', '04'],
    ['bppNotAvailable', '05'],
    ['downloadOrderExpired', '06'],
    ['transactionIdUnknown', '5f'],
    ['downloadOrderRetriesExceeded', '7f'],
  ] as const)(
    'GetBoundProfilePackage refused with %s → getBoundProfilePackageErrorEsipa %s',
    async (name, code) => {
      const { relay, fake, outcomes } = await opened((fn) => {
        throw failure(fn, name);
      });
      const prepared = Sgp32PrepareDownloadResponse.encode({
        downloadResponseError: { transactionId: TX, downloadErrorCode: 127 },
      });
      const response = await relay.getBoundProfilePackage(encodeTlv(0xbf3a, encodeTlv(0x80, TX), prepared));
      expect(hex(response)).toBe(`bf3a038101${code}`);
      expect(fake.calls()[1]?.body).toEqual({
        transactionId: hex(TX).toUpperCase(),
        prepareDownloadResponse: b64(prepared),
      });
      expect(outcomes[0]?.[1]).toMatchObject({ kind: 'procedureError', step: 'getBoundProfilePackage' });
      // The session stays for the IPA's CancelSession.
      expect(await relay.sessions.count()).toBe(1);
    },
  );

  it('GetBoundProfilePackage: an answer whose BPP is not a BoundProfilePackage is undefinedError, never passed on', async () => {
    const notBpp = encodeTlv(0xbf36, encodeTlv(0x04, Buffer.alloc(4)));
    const { relay } = await opened(() => ({
      transactionId: hex(TX).toUpperCase(),
      boundProfilePackage: b64(notBpp),
    }));
    const prepared = Sgp32PrepareDownloadResponse.encode({
      downloadResponseError: { transactionId: TX, downloadErrorCode: 127 },
    });
    const response = await relay.getBoundProfilePackage(encodeTlv(0xbf3a, encodeTlv(0x80, TX), prepared));
    expect(hex(response)).toBe('bf3a0381017f');
  });

  it('steps naming no relayed session get their invalidTransactionId', async () => {
    const { relay } = await opened(() => ({}));
    const other = Buffer.from('FFFF', 'hex');
    const prepared = Sgp32PrepareDownloadResponse.encode({
      downloadResponseError: { transactionId: other, downloadErrorCode: 127 },
    });
    expect(hex(await relay.getBoundProfilePackage(encodeTlv(0xbf3a, encodeTlv(0x80, other), prepared)))).toBe(
      'bf3a0381015f',
    );
  });
});

describe('ESipa.HandleNotification', () => {
  /** An OtherSignedNotification (SGP.22 5.7.9) of the SGP.26 eUICC, as ES10b lists it. */
  const other = (address: string) =>
    encodeTlv(
      0x30,
      encodeTlv(
        0xbf2f,
        encodeTlv(0x80, Buffer.from([7])),
        encodeTlv(0x81, Buffer.from([0x05, 0x20])), // notificationDelete
        encodeTlv(0x0c, Buffer.from(address)),
      ),
      SIGNATURE,
      EUICC,
      EUM,
    );

  it('forwards the notification without its A0 wrapper to the notificationAddress', async () => {
    const { relay, fake } = setUp(() => undefined);
    const notification = other('receiver.example.com');
    const handled = await handleNotificationEsipa(
      encodeTlv(0xbf3d, encodeTlv(0xa0, notification)),
      relay,
      fake.connect,
    );
    expect(handled).toEqual({ kind: 'delivered', address: 'receiver.example.com', seqNumber: 7 });
    expect(fake.calls()).toEqual([
      {
        address: 'receiver.example.com',
        fn: 'handleNotification',
        body: { pendingNotification: b64(notification) },
      },
    ]);
    expect(fake.clients[0]?.closed).toBe(1);
  });

  it('reports a receiver that refuses, and never connects to an address that is not FQDN[:port]', async () => {
    const refusing = setUp((fn) => {
      throw failure(fn, 'euiccSignatureInvalid');
    });
    const body = encodeTlv(0xbf3d, encodeTlv(0xa0, other('receiver.example.com')));
    expect(await handleNotificationEsipa(body, refusing.relay, refusing.fake.connect)).toMatchObject({
      kind: 'undelivered',
      seqNumber: 7,
    });
    const { relay, fake } = setUp(() => undefined);
    const odd = encodeTlv(0xbf3d, encodeTlv(0xa0, other('user@receiver.example.com/x')));
    expect(await handleNotificationEsipa(odd, relay, fake.connect)).toMatchObject({ kind: 'undelivered' });
    expect(fake.calls()).toEqual([]);
  });

  it("hands a provideEimPackageResult to the eIM's package result path, as sent", async () => {
    const { relay, fake } = setUp(() => undefined);
    const result = ProvideEimPackageResult.encode({
      eimPackageResult: {
        profileDownloadTriggerResult: {
          eimTransactionId: Buffer.alloc(16, 1),
          profileDownloadTriggerResultData: { profileDownloadError: { profileDownloadErrorReason: 104 } },
        },
      },
    });
    // One tag for the [80] component whose type is already [80] (reference §11): BF3D L BF50 …
    const handled = await handleNotificationEsipa(encodeTlv(0xbf3d, result), relay, fake.connect);
    expect(handled).toEqual({ kind: 'packageResult', provideEimPackageResult: result });
    expect(fake.calls()).toEqual([]);
  });
});

describe('a ProfileInstallationResult ending a relayed download', () => {
  const pir = (transactionId: Buffer) =>
    ProfileInstallationResult.encode({
      profileInstallationResultData: {
        transactionId,
        notificationMetadata: {
          seqNumber: 9,
          profileManagementOperation: ['notificationInstall'],
          notificationAddress: 'smdp.example.com',
          iccid: Buffer.from('98109909002143658739', 'hex'),
        },
        finalResult: {
          errorResult: { bppCommandId: 3, errorReason: 7 },
        },
      },
      euiccSignPIR: Buffer.alloc(64, 0x52),
    });
  const opened = async (script: Script) => {
    const set = setUp((fn, body) => (fn === 'initiateAuthentication' ? INITIATED : script(fn, body)));
    const download = set.order('ord', { activationCode: '1$smdp.example.com$M' });
    const connection = {};
    await set.relay.initiateAuthentication(initiateRequest(undefined, download.eimTransactionId), {
      connection,
    });
    return { ...set, connection };
  };

  it('records the outcome once the SM-DP+ took it, found by its TransactionID', async () => {
    const { relay, fake, outcomes } = await opened(() => undefined);
    const handled = await handleNotificationEsipa(
      encodeTlv(0xbf3d, encodeTlv(0xa0, pir(TX))),
      relay,
      fake.connect,
    );
    expect(handled).toMatchObject({ kind: 'delivered', seqNumber: 9 });
    expect(fake.calls().at(-1)?.body).toEqual({ pendingNotification: b64(pir(TX)) });
    expect(outcomes).toEqual([
      [
        'ord',
        {
          kind: 'installationFailed',
          iccid: '98109909002143658739',
          bppCommandId: 3,
          errorReason: 7,
          transactionId: hex(TX).toUpperCase(),
        },
      ],
    ]);
    expect(await relay.sessions.count()).toBe(0);
  });

  it('finds the session by the HTTP connection when the PIR names another TransactionID (onomondo-eim)', async () => {
    const { relay, fake, outcomes, connection } = await opened(() => undefined);
    const body = encodeTlv(0xbf3d, encodeTlv(0xa0, pir(Buffer.from('AABBCC', 'hex'))));
    await handleNotificationEsipa(body, relay, fake.connect, {});
    expect(outcomes).toEqual([]); // another connection: a late PIR, forwarded only
    await handleNotificationEsipa(body, relay, fake.connect, connection);
    expect(outcomes[0]?.[1]).toMatchObject({ kind: 'installationFailed', transactionId: 'AABBCC' });
  });

  it('records nothing while the SM-DP+ cannot take it: the session waits for the IPA to send it again', async () => {
    let refuse = true;
    const { relay, fake, outcomes } = await opened(() => {
      if (refuse) throw new TransportError('handleNotification: connect ECONNREFUSED');
      return undefined;
    });
    const body = encodeTlv(0xbf3d, encodeTlv(0xa0, pir(TX)));
    expect(await handleNotificationEsipa(body, relay, fake.connect)).toMatchObject({ kind: 'undelivered' });
    expect(outcomes).toEqual([]);
    refuse = false;
    expect(await handleNotificationEsipa(body, relay, fake.connect)).toMatchObject({ kind: 'delivered' });
    expect(outcomes).toHaveLength(1);
  });
});
