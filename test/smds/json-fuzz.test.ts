import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusCodes } from '../../src/errors/status-codes.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { discoverEvents } from '../../src/lpa/discovery.ts';
import { Es11Functions } from '../../src/protocol/es11-functions.ts';
import { type Es12FunctionName, Es12Functions, type Es12Request } from '../../src/protocol/es12-functions.ts';
import type { JsonFunctionDeclaration } from '../../src/protocol/json-functions.ts';
import type { RunningSmds } from '../../src/smds/start.ts';
import { postEs9 } from '../helpers/es9-request.ts';
import { FUZZ_SEED, fuzzRounds, oddValue } from '../helpers/fuzz.ts';
import { expectSgp22Answer } from '../helpers/rsp-assertions.ts';
import { rng } from '../helpers/sample-value.ts';
import { type Es12Outcomes, smdpEs12Outcomes, startTestSmds } from '../helpers/smds-harness.ts';

/**
 * Fuzz of the SM-DS's JSON binding: ES11 bodies whose fields take odd values or go missing, ES12 requests of
 * an authorised SM-DP+ whose fields do. Every answer is an SGP.22 one with a code of the table (never a 500
 * or "internal error"), nothing odd is stored, and discovery still works afterwards.
 */
/** Each declared function with its request's fields. */
const requestFields = (table: Readonly<Record<string, JsonFunctionDeclaration>>): Record<string, string[]> =>
  Object.fromEntries(Object.entries(table).map(([name, d]) => [name, Object.keys(d.request)]));
const ES11 = requestFields(Es11Functions);
const ES12 = requestFields(Es12Functions);
const EID = '89049032123451234512345678901235';
const ROUNDS = fuzzRounds(60);
const TABLE = new Set(Object.values(StatusCodes).map((c) => `${c.subjectCode}/${c.reasonCode}`));

let smds: RunningSmds;
let es12: Es12Outcomes;
beforeAll(async () => {
  smds = await startTestSmds();
  es12 = smdpEs12Outcomes();
});
afterAll(async () => {
  await smds?.close();
});

describe('fuzz: odd JSON values in every field of ES11 and ES12 requests', () => {
  it.each(Object.entries(ES11))('ES11 %s', async (name, fields) => {
    const random = rng(name.length * 7907 + FUZZ_SEED);
    let failed = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const body: Record<string, unknown> = {};
      for (const field of fields) if (random() < 0.8) body[field] = oddValue(random, EID);
      const answer = await postEs9(smds.url, name, body, { ca: smds.caPem });
      if (expectSgp22Answer(answer, JSON.stringify(body).slice(0, 300)) === 'failed') failed++;
    }
    expect(failed).toBe(ROUNDS);
  });

  it.each(Object.entries(ES12))('ES12 %s', async (name, fields) => {
    const random = rng(name.length * 7919 + FUZZ_SEED);
    const good = {
      eid: EID,
      eventId: 'FUZZ',
      rspServerAddress: 'smdp.example:8443',
      forwardingIndicator: false,
    };
    let failed = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const body: Record<string, unknown> = Object.fromEntries(
        fields.map((f) => [f, good[f as keyof typeof good]]),
      );
      const field = fields[Math.floor(random() * fields.length)]!;
      if (random() < 0.75) body[field] = oddValue(random, EID);
      else delete body[field];
      // Odd bodies on purpose: outside what the declaration lets a caller write.
      const answer = await es12.call(
        smds.address,
        name as Es12FunctionName,
        body as Es12Request<Es12FunctionName>,
      );
      if (answer.executed) continue;
      failed++;
      expect(
        TABLE.has(`${answer.subjectCode}/${answer.reasonCode}`),
        JSON.stringify(body).slice(0, 300),
      ).toBe(true);
      expect(answer.message).not.toBe('internal error');
    }
    expect(failed).toBeGreaterThan(ROUNDS * 0.5);
  });

  it('keeps only well-formed records, and discovery still works', async () => {
    for (const event of await smds.context.events.list()) {
      expect(event.eid).toMatch(/^\d{32}$/);
      expect(typeof event.eventId).toBe('string');
      expect(event.rspServerAddress).toMatch(/^[A-Za-z0-9.-]+(?::\d+)?$/);
    }
    const euicc = await EuiccEmulator.create({ rootSmdsAddress: smds.address });
    await es12.call(smds.address, 'registerEvent', {
      eid: euicc.eid,
      eventId: 'AFTER',
      rspServerAddress: 'localhost:1',
    });
    expect((await discoverEvents({ euicc })).map((e) => e.eventId)).toEqual(['AFTER']);
  });
});
