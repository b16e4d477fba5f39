import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { type Es9Body, Es9Client, type Es9Transport } from '../../src/lpa/es9-client.ts';
import {
  ES9_FUNCTION_NAMES,
  type Es9FunctionName,
  Es9Functions,
  type Es9Request,
  type Es9Response,
} from '../../src/protocol/es9-functions.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { type Es9Response as HttpsAnswer, postEs9 } from '../helpers/es9-request.ts';
import { FUZZ_SEED, fuzzRounds, mutate } from '../helpers/fuzz.ts';
import { expectSgp22Answer } from '../helpers/rsp-assertions.ts';
import { rng } from '../helpers/sample-value.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

/**
 * End-to-end fuzz of ES9+: a real download runs up to one function, whose DER field is then mutated
 * (flipped bits, truncation, boundary bytes, insertions, duplicated tails, noise) and sent over HTTPS. Every
 * answer must be an SGP.22 answer — HTTP 200 with a functionExecutionStatus whose code is in the status code
 * table, or 204 for handleNotification — never a 500 and never the "internal error" our binding gives a
 * defect; and afterwards the SM-DP+ still serves a clean download.
 */
/** A download that goes well never calls cancelSession: json-fuzz.test.ts sends it odd bodies instead. */
const NOT_IN_A_DOWNLOAD: readonly Es9FunctionName[] = ['cancelSession'];
/** Each DER field of each declared ES9+ request a download sends. */
const TARGETS = ES9_FUNCTION_NAMES.filter((name) => !NOT_IN_A_DOWNLOAD.includes(name)).flatMap((name) =>
  Object.entries(Es9Functions[name].request)
    .filter(([, field]) => field.kind === 'der')
    .map(([field]) => [name, field] as const),
);
const ROUNDS_PER_TARGET = fuzzRounds(40);

/** Stops the download once the mutated request has been answered. */
class Sent extends Error {}

/** The LPA's ES9+ calls as usual, except the target function: its field mutated, sent as raw HTTPS. */
class MutatingEs9 implements Es9Transport {
  answer: HttpsAnswer | undefined;
  constructor(
    private readonly smdp: RunningSmdp,
    private readonly inner: Es9Client,
    private readonly target: string,
    private readonly field: string,
    private readonly random: () => number,
  ) {}
  async call<F extends Es9FunctionName>(
    functionName: F,
    body: Es9Request<F>,
  ): Promise<Es9Response<F> | undefined> {
    if (functionName !== this.target) return this.inner.call(functionName, body);
    const der = Buffer.from(String((body as Es9Body)[this.field]), 'base64');
    const mutated = { ...body, [this.field]: mutate(der, this.random).toString('base64') };
    this.answer = await postEs9(this.smdp.url, functionName, mutated, { ca: this.smdp.caPem });
    throw new Sent();
  }
  close(): void {
    this.inner.close();
  }
}

let smdp: RunningSmdp;
beforeAll(async () => {
  smdp = await startTestSmdp();
});
afterAll(async () => {
  await smdp?.close();
});

describe('fuzz: mutated DER in each ES9+ request of a real download', () => {
  it.each(TARGETS)('%s with a mutated %s always gets an SGP.22 answer', async (target, field) => {
    const random = rng(20261125 + target.length + FUZZ_SEED);
    const outcomes = { failed: 0, success: 0 };
    for (let round = 0; round < ROUNDS_PER_TARGET; round++) {
      const euicc = await EuiccEmulator.create();
      const es9 = new MutatingEs9(
        smdp,
        new Es9Client(smdp.address, { ca: smdp.caPem }),
        target,
        field,
        random,
      );
      try {
        await downloadProfile({ activationCode: `LPA:1$${smdp.address}$DEMO`, euicc, es9Client: es9 });
      } catch (error) {
        if (!(error instanceof Sent)) throw error;
      } finally {
        es9.close();
      }
      const answer = es9.answer!;
      outcomes[expectSgp22Answer(answer, answer.raw, target === 'handleNotification')]++;
    }
    // The mutations reach the checks: nearly all are refused (a few land where nothing is signed or read).
    expect(outcomes.failed).toBeGreaterThan(ROUNDS_PER_TARGET * 0.8);
  });

  it('leaves the SM-DP+ serving a clean download afterwards', async () => {
    const result = await downloadProfile({
      activationCode: `LPA:1$${smdp.address}$DEMO`,
      euicc: await EuiccEmulator.create(),
      es9: { ca: smdp.caPem },
    });
    expect(result.success).toBe(true);
  });
});
