import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionFailedError, TransportError } from '../../src/errors/client-errors.ts';
import { StatusCodes } from '../../src/errors/status-codes.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { DiscoveryError, discoverEvents } from '../../src/lpa/discovery.ts';
import type { Es2Client } from '../../src/operator/es2-client.ts';
import { Es11Functions } from '../../src/protocol/es11-functions.ts';
import { ES12_FUNCTION_NAMES } from '../../src/protocol/es12-functions.ts';
import type { Scenario } from '../../src/rsp-server/scenarios/scenario.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import type { RunningSmds } from '../../src/smds/start.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { es2ClientFor, importProfile } from '../helpers/operator.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { smdpEs12Client, startTestSmds } from '../helpers/smds-harness.ts';

const CATALOGUE = new URL('../../fixtures/scenarios/smds/catalogue.json', import.meta.url);
const catalogue: Scenario[] = JSON.parse(readFileSync(CATALOGUE, 'utf8'));
const entries = catalogue.filter((e) => !(ES12_FUNCTION_NAMES as readonly string[]).includes(e.function));
const es12Entries = catalogue.filter((e) => (ES12_FUNCTION_NAMES as readonly string[]).includes(e.function));

/** Every SM-DS scenario of the catalogue, run with the built-in LPA and the emulator (SGP.22 5.8). */
describe('the SM-DS scenario catalogue', () => {
  let smds: RunningSmds;
  let euicc: EuiccEmulator;

  beforeAll(async () => {
    smds = await startTestSmds({ scenarios: CATALOGUE.pathname });
    euicc = await EuiccEmulator.create({ rootSmdsAddress: smds.address });
    await smdpEs12Client().call(smds.address, 'registerEvent', {
      eid: euicc.eid,
      eventId: 'CATALOGUE',
      rspServerAddress: 'localhost:1',
    });
  });
  afterAll(async () => {
    await smds?.close();
  });

  const discover = () => discoverEvents({ euicc, es9: { timeoutMs: 1_500 } });

  it.each(entries.map((e) => [e.name, e] as const))(
    '%s: the LPA observes what the entry says',
    async (name, entry) => {
      // Enabled through the admin API, as a lab does (`rspsim scenario enable`).
      const enabled = await httpsJson(`${smds.url}/admin/scenarios/${name}/enable`, {
        ca: smds.caPem,
        method: 'POST',
        token: smds.adminToken,
      });
      expect(enabled.status).toBe(200);
      const failure = await discover().then(
        () => undefined,
        (error: unknown) => error,
      );
      const { action } = entry;
      if (action.type === 'error') {
        expect(failure).toBeInstanceOf(FunctionFailedError);
        const { subjectCode, reasonCode } = StatusCodes[action.code];
        expect(failure).toMatchObject({ functionName: entry.function, subjectCode, reasonCode });
        expect(entry.description).toContain(`${subjectCode}/${reasonCode}`);
      } else if (action.type === 'corrupt') {
        expect(failure).toBeInstanceOf(DiscoveryError);
        expect(String(failure)).toMatch(/refused the SM-DS/);
      } else if (action.type === 'malformed' && action.body === 'missingField') {
        expect(failure).toBeInstanceOf(DiscoveryError);
        expect(String(failure)).toMatch(/eventEntries missing/);
      } else {
        expect(failure).toBeInstanceOf(TransportError);
      }
      // Used up (times: 1): the next discovery finds the event again.
      expect((await discover()).map((e) => e.eventId)).toEqual(['CATALOGUE']);
    },
  );

  it('covers every ES11 code of the SM-DS beside the input errors', () => {
    const used = new Set(entries.flatMap((e) => (e.action.type === 'error' ? [e.action.code] : [])));
    const input = new Set([
      'missingInput',
      'invalidInput',
      'badInput',
      'unsupportedProtocolVersion',
      'unknownFunction',
    ]);
    const es11 = [
      ...Es11Functions.initiateAuthentication.statusCodes,
      ...Es11Functions.authenticateClient.statusCodes,
    ];
    expect(es11.filter((code) => !input.has(code) && !used.has(code))).toEqual([]);
  });
});

/** The ES12 entries, with our SM-DP+ as the SM-DS's caller: what each entry says the SM-DP+ must do. */
describe('the SM-DS scenario catalogue, ES12 side', () => {
  let smds: RunningSmds;
  let smdp: RunningSmdp;
  let es2: Es2Client;
  let next = 70;

  beforeAll(async () => {
    smds = await startTestSmds({ scenarios: CATALOGUE.pathname });
    smdp = await startTestSmdp({}, { es12RetryDelaysMs: { register: [20], delete: [20, 20, 20] } });
    es2 = es2ClientFor(smdp);
  });
  afterAll(async () => {
    await smdp?.close();
    await smds?.close();
  });

  const enable = (name: string) => smds.scenarios.setEnabled(name, true);
  const order = async () => {
    const iccid = (await importProfile(smdp, next++)).body.profile.iccid as string;
    await es2.call('downloadOrder', { iccid });
    return { iccid, eid: (await EuiccEmulator.create()).eid };
  };
  const confirm = ({ iccid, eid }: { iccid: string; eid: string }) =>
    es2.call('confirmOrder', { iccid, eid, smdsAddress: smds.address, releaseFlag: true });
  const stateOf = async (iccid: string) =>
    (await smdp.context.profiles.list()).find((p) => p.iccid === iccid);

  it('lists every ES12 entry here', () => {
    expect(es12Entries.map((e) => e.name).sort()).toEqual([
      'ds-de-unavailable-twice',
      'ds-de-unknown',
      'ds-re-duplicate',
      'ds-re-refused',
      'ds-re-unavailable-once',
    ]);
  });

  it('ds-re-refused: ConfirmOrder fails with 8.9/4.2 and the order is unchanged', async () => {
    const o = await order();
    enable('ds-re-refused');
    await expect(confirm(o)).rejects.toMatchObject({ subjectCode: '8.9', reasonCode: '4.2' });
    expect((await stateOf(o.iccid))?.state).toBe('allocated');
    expect(await smds.context.events.forEid(o.eid)).toEqual([]);
  });

  it('ds-re-duplicate: the SM-DP+ takes the event as registered', async () => {
    const o = await order();
    enable('ds-re-duplicate');
    await confirm(o);
    expect((await stateOf(o.iccid))?.state).toBe('released');
  });

  it('ds-re-unavailable-once: retried within ConfirmOrder, the event is registered', async () => {
    const o = await order();
    enable('ds-re-unavailable-once');
    const { matchingId } = await confirm(o);
    expect(await smds.context.events.forEid(o.eid)).toMatchObject([{ eventId: matchingId }]);
  });

  it('ds-de-unavailable-twice: DeleteEvent is retried until it goes through', async () => {
    const o = await order();
    await confirm(o);
    enable('ds-de-unavailable-twice');
    await es2.call('cancelOrder', { iccid: o.iccid, finalProfileStatusIndicator: 'Available' });
    await smdp.smdsEvents.drain();
    expect(await smds.context.events.forEid(o.eid)).toEqual([]);
    expect((await stateOf(o.iccid))?.smdsEvent).toBeUndefined();
  });

  it('ds-de-unknown: the SM-DP+ takes the event as gone and stops asking', async () => {
    const o = await order();
    await confirm(o);
    enable('ds-de-unknown');
    await es2.call('cancelOrder', { iccid: o.iccid, finalProfileStatusIndicator: 'Available' });
    await smdp.smdsEvents.drain();
    expect((await stateOf(o.iccid))?.smdsEvent).toBeUndefined();
    expect(await smds.context.events.forEid(o.eid)).toHaveLength(1);
  });
});
