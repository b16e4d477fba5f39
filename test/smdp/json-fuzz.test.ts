import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { ES9_FUNCTION_NAMES, Es9Functions } from '../../src/protocol/es9-functions.ts';
import type { ProfileState } from '../../src/smdp/profile-repository.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { FUZZ_SEED, fuzzRounds, oddValue } from '../helpers/fuzz.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { importProfile } from '../helpers/operator.ts';
import { expectSgp22Answer } from '../helpers/rsp-assertions.ts';
import { rng } from '../helpers/sample-value.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

/**
 * Fuzz of the JSON binding (SGP.22 6.5) for ES9+ and ES2+: bodies whose fields take every kind of wrong
 * JSON value (numbers, null, arrays, objects, empty, huge, non-base64, non-hex, near-valid strings) or go
 * missing; an ES2+ request is a good one with one field wrong or gone (or none), so that the order walks
 * through its states and every check of each function is reached. Every answer
 * must be HTTP 200 with a status code of the table (or 204 for handleNotification) — never a 500, never the
 * binding's "internal error" — and the stored state must survive: afterwards every order has a state of the
 * list, and a download still works.
 */
/** Each function's fields; for ES2+, a good body too, from which one field at a time goes wrong. */
const FUNCTIONS: Record<
  string,
  { path: string; fields: string[]; good?: (n: number) => Record<string, unknown> }
> = {
  // Each declared ES9+ function with its request's fields.
  ...Object.fromEntries(
    ES9_FUNCTION_NAMES.map((name) => [
      name,
      { path: 'es9plus', fields: Object.keys(Es9Functions[name].request) },
    ]),
  ),
  downloadOrder: {
    path: 'es2plus',
    fields: ['header', 'eid', 'iccid', 'profileType', 'rspsimOrder'],
    good: () => ({ iccid, eid: EID, rspsimOrder: { timeToLiveSeconds: 3600, tacAllow: ['3529'] } }),
  },
  confirmOrder: {
    path: 'es2plus',
    fields: [
      'header',
      'iccid',
      'eid',
      'matchingId',
      'confirmationCode',
      'smdsAddress',
      'releaseFlag',
      'rspsimOrder',
    ],
    good: (n) => ({
      iccid,
      eid: EID,
      matchingId: `FUZZ-${n}`,
      confirmationCode: '1234',
      releaseFlag: true,
      rspsimOrder: { maxDownloadAttempts: 3 },
    }),
  },
  cancelOrder: {
    path: 'es2plus',
    fields: ['header', 'iccid', 'eid', 'matchingId', 'finalProfileStatusIndicator'],
    good: () => ({ iccid, eid: EID, finalProfileStatusIndicator: 'Available' }),
  },
  releaseProfile: { path: 'es2plus', fields: ['header', 'iccid'], good: () => ({ iccid }) },
};
const EID = '89049032123451234512345678901235';
const BODIES_PER_FUNCTION = fuzzRounds(60);

const GOOD_HEADER = { functionRequesterIdentifier: 'fuzz', functionCallIdentifier: 'x' };
const STATES: readonly ProfileState[] = [
  'available',
  'allocated',
  'linked',
  'confirmed',
  'released',
  'downloaded',
  'installed',
  'error',
  'unavailable',
];

let smdp: RunningSmdp;
let iccid: string;
beforeAll(async () => {
  smdp = await startTestSmdp();
  iccid = (await importProfile(smdp, 77)).body.profile.iccid;
  const header = GOOD_HEADER;
  const placed = await httpsJson(`${smdp.url}/gsma/rsp2/es2plus/downloadOrder`, {
    ca: smdp.caPem,
    method: 'POST',
    token: smdp.adminToken,
    headers: { 'X-Admin-Protocol': 'gsma/rsp/v2.2.0' },
    body: JSON.stringify({ header, iccid }),
  });
  expect(placed.body.header.functionExecutionStatus.status).toBe('Executed-Success');
});
afterAll(async () => {
  await smdp?.close();
});

describe('fuzz: odd JSON values in every field of ES9+ and ES2+ requests', () => {
  it.each(Object.entries(FUNCTIONS))('%s', async (name, { path, fields, good }) => {
    const random = rng(name.length * 7919 + FUZZ_SEED);
    const outcomes = { success: 0, failed: 0 };
    for (let i = 0; i < BODIES_PER_FUNCTION; i++) {
      const body: Record<string, unknown> = good
        ? { header: { ...GOOD_HEADER, functionCallIdentifier: `${i}` }, ...good(i) }
        : {};
      if (good) {
        // One field wrong or gone, now and then none: the good ones walk the order through its states.
        const field = fields[Math.floor(random() * fields.length)]!;
        const roll = random();
        if (roll < 0.6) body[field] = oddValue(random, iccid);
        else if (roll < 0.8) delete body[field];
      } else {
        for (const field of fields) if (random() < 0.8) body[field] = oddValue(random, iccid);
      }
      const answer = await httpsJson(`${smdp.url}/gsma/rsp2/${path}/${name}`, {
        ca: smdp.caPem,
        method: 'POST',
        token: smdp.adminToken,
        headers: { 'X-Admin-Protocol': 'gsma/rsp/v2.2.0' },
        body: JSON.stringify(body),
      });
      const shown = JSON.stringify(body).slice(0, 300);
      outcomes[expectSgp22Answer(answer, shown, name === 'handleNotification')]++;
    }
    // Odd values are refused: the checks are reached, not skipped.
    expect(outcomes.failed).toBeGreaterThan(BODIES_PER_FUNCTION * (good ? 0.3 : 0.9));
  });

  it('leaves every order in a state of the list, and the SM-DP+ serving downloads', async () => {
    const orders = await httpsJson(`${smdp.url}/admin/orders`, { ca: smdp.caPem, token: smdp.adminToken });
    expect(orders.status).toBe(200);
    for (const order of orders.body.orders) expect(STATES).toContain(order.state);
    const result = await downloadProfile({
      activationCode: `LPA:1$${smdp.address}$DEMO`,
      euicc: await EuiccEmulator.create(),
      es9: { ca: smdp.caPem },
    });
    expect(result.success).toBe(true);
  });
});
