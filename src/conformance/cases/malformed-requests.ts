/**
 * Cases generated as data: for one ES9+ function, each request field missing, not base64, or not the DER
 * of its type; a body that is not JSON; an X-Admin-Protocol of another major version (SGP.22 6.5.1).
 *
 * What SGP.22 fixes here is the reason code, not the subject: 2.2 Mandatory Element Missing, 2.1 Invalid
 * (the reason table; an element with a subject code of its own, such as 8.1.1 EID, is reported under it,
 * others under a generic subject — pySim's SM-DP+ uses 1.3.1 Protocol Format, rspsim too). So the function
 * SHALL refuse (never execute on such input), SHALL answer in the binding, and the reason is asked with SHOULD:
 * another code is a remark, not a fail. The X-Admin-Protocol case asks for a refusal only with SHOULD: pySim's
 * SM-DP+ accepts any "gsma/rsp/v…" header, and we know of no SGP.22 text that makes refusing a SHALL.
 */
import type { StatusCodeName } from '../../errors/status-codes.ts';
import { type CaseContext, type ConformanceCase, ref, type SmdpArea } from '../conformance-case.ts';
import type { JsonAnswer } from '../exchange.ts';
import { describeAnswer, expectRefusal, statusOf } from '../sgp22-answer.ts';
import type { Tamper } from '../test-device.ts';
import { judge, precondition, type Reading, shall, should } from '../verdict.ts';

/** How a function is reached: the set-up brings a device to the call, `send` makes it (tampered). */
export interface FunctionUnderTest {
  readonly area: SmdpArea;
  readonly prefix: string;
  readonly functionName: string;
  readonly section: string;
  /** base64 DER fields of the request, and text fields. */
  readonly derFields: readonly string[];
  readonly textFields: readonly string[];
  /** The set-up, named (the case's precondition: a failure there makes the case inconclusive). */
  readonly setUp: string;
  prepare(
    context: CaseContext,
  ): Promise<(tamper?: Tamper, headers?: Record<string, string>) => Promise<JsonAnswer>>;
}

/** The readings of a malformed request to `fn` (SGP.22 `section`, 6.5.1). */
export const inputReadings = (fn: string, section: string) => ({
  refused: shall(
    `SGP.22 ${section}, 6.5.1`,
    `${fn} is not executed on a request the binding cannot read (missing, not base64, not DER, not JSON)`,
  ),
  missing: should(
    'SGP.22 6.5.1, reason code table',
    'a missing mandatory element is reported with reason 2.2 Mandatory Element Missing (subject: the element, or a generic one)',
    "reason table: 2.1 Invalid, 2.2 Mandatory Element Missing, 2.3 Conditional Element Missing; functions use x/2.2 for their own elements (8.1.1/2.2 EID, 8.2.7/2.2 Confirmation Code); pySim's osmo-smdpp answers 1.3.1/2.2 for a missing mandatory element; rspsim 1.3.1/2.2 (1.2/2.1 before December 2026)",
  ),
  conditional: should(
    'SGP.22 6.5.1, reason code table',
    'a request lacking every one of its conditional elements is reported with reason 2.3 Conditional Element Missing (any subject)',
    'rspsim 1.3.1/2.3 (1.2/2.2 before December 2026)',
  ),
  invalid: should(
    'SGP.22 6.5.1, reason code table',
    'an element that is not base64, not the DER of its type, or a body that is not JSON is reported with reason 2.1 Invalid (any subject)',
    "pySim's osmo-smdpp answers reason 2.1 for an invalid Content-Type (1.2.1/2.1); rspsim 1.3.1/2.1 (1.6/3.8 before December 2026)",
  ),
  version: should(
    'SGP.22 6.5.1',
    `${fn} with an X-Admin-Protocol of a major version the server does not implement is refused with 1.3.2/3.1 (Protocol Version – Unsupported)`,
    "code tables: subject 1.3.2 Protocol Version, reason 3.1 Unsupported (rspsim's former 1.2.1/1.5 has a reason in no table); pySim's osmo-smdpp refuses only a header not starting gsma/rsp/v, with 1.2.2/2.1 (a subject in no table)",
  ),
});

const variants = (f: FunctionUnderTest) => [
  ...[...f.textFields, ...f.derFields].map((field) => ({
    id: `MISSING-${field.toUpperCase()}`,
    title: `${field} missing`,
    reason: '2.2',
    tamper: ((body) => ({ ...body, [field]: undefined })) as Tamper,
  })),
  ...f.derFields.flatMap((field) => [
    {
      id: `NOT-BASE64-${field.toUpperCase()}`,
      title: `${field} not base64`,
      reason: '2.1',
      tamper: ((body) => ({ ...body, [field]: '*not base64*' })) as Tamper,
    },
    {
      id: `BAD-DER-${field.toUpperCase()}`,
      title: `${field} not the DER of its type`,
      reason: '2.1',
      tamper: ((body) => ({
        ...body,
        [field]: Buffer.from('3003020101', 'hex').toString('base64'),
      })) as Tamper,
    },
  ]),
  {
    id: 'NOT-JSON',
    title: 'a body that is not JSON',
    reason: '2.1',
    tamper: ((body) => JSON.stringify(body).slice(0, 20)) as Tamper,
  },
];

/** The generic refusal of malformed input: SHALL refuse in the binding, SHOULD with `reason`. */
export function expectInputRefused(
  context: CaseContext,
  fn: string,
  answer: JsonAnswer,
  reason: string,
  readings: { refused: Reading; codeReading: Reading },
  code?: StatusCodeName,
): void {
  expectRefusal(context, fn, answer, {
    refused: readings.refused,
    ...(code ? { code } : { reason }),
    codeReading: readings.codeReading,
  });
}

export function malformedRequestCases(f: FunctionUnderTest): ConformanceCase[] {
  const r = inputReadings(f.functionName, f.section);
  const cases: ConformanceCase[] = variants(f).map((v) => {
    const codeReading = v.reason === '2.2' ? r.missing : r.invalid;
    return {
      id: `${f.prefix}-INPUT-${v.id}`,
      area: f.area,
      title: `${f.functionName} with ${v.title} is refused (reason ${v.reason}, any subject)`,
      reference: ref(`${f.section}, 6.5.1`, f.area),
      readings: [r.refused, codeReading],
      run: async (context) => {
        const send = await precondition(f.setUp, () => f.prepare(context));
        expectInputRefused(context, f.functionName, await send(v.tamper), v.reason, {
          refused: r.refused,
          codeReading,
        });
      },
    };
  });
  cases.push({
    id: `${f.prefix}-INPUT-PROTOCOL-VERSION`,
    area: f.area,
    title: `${f.functionName} with X-Admin-Protocol gsma/rsp/v9.9.9 is refused (1.3.2/3.1)`,
    reference: ref(`${f.section}, 6.5.1`, f.area),
    readings: [r.version],
    run: async (context) => {
      const send = await precondition(f.setUp, () => f.prepare(context));
      const answer = await send(undefined, { 'X-Admin-Protocol': 'gsma/rsp/v9.9.9' });
      const s = statusOf(answer);
      // Accepting the request is a remark (SHOULD); answering outside the binding is not a refusal at all.
      if (s.kind === 'executed' || s.kind === 'no-content') {
        judge(context, r.version, f.functionName, false, 'Failed 1.3.2/3.1', describeAnswer(answer));
        return;
      }
      expectRefusal(context, f.functionName, answer, {
        refused: r.version,
        code: 'unsupportedProtocolVersion',
        codeReading: r.version,
      });
    },
  });
  return cases;
}
