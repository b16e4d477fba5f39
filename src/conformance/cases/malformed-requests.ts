/**
 * Cases generated as data: for one ES9+ function, each request field missing, not base64, or not the DER
 * of its type; a body that is not JSON; an X-Admin-Protocol of another major version. SGP.22 6.5.1 (JSON
 * binding) and the common status codes of 5.6: 1.2/2.1 mandatory element missing, 1.6/3.8 invalid input,
 * 1.2.1/1.5 unsupported protocol version.
 */
import type { StatusCodeName } from '../../errors/status-codes.ts';
import { type CaseContext, type ConformanceCase, ref, type SmdpArea } from '../conformance-case.ts';
import type { JsonAnswer } from '../exchange.ts';
import { expectStatusCode } from '../sgp22-answer.ts';
import type { Tamper } from '../test-device.ts';

/** How a function is reached: the set-up brings a device to the call, `send` makes it (tampered). */
export interface FunctionUnderTest {
  readonly area: SmdpArea;
  readonly prefix: string;
  readonly functionName: string;
  readonly section: string;
  /** base64 DER fields of the request, and text fields. */
  readonly derFields: readonly string[];
  readonly textFields: readonly string[];
  prepare(
    context: CaseContext,
  ): Promise<(tamper?: Tamper, headers?: Record<string, string>) => Promise<JsonAnswer>>;
}

const variants = (f: FunctionUnderTest) => [
  ...[...f.textFields, ...f.derFields].map((field) => ({
    id: `MISSING-${field.toUpperCase()}`,
    title: `${field} missing`,
    code: 'missingInput' as StatusCodeName,
    tamper: ((body) => ({ ...body, [field]: undefined })) as Tamper,
  })),
  ...f.derFields.flatMap((field) => [
    {
      id: `NOT-BASE64-${field.toUpperCase()}`,
      title: `${field} not base64`,
      code: 'badInput' as StatusCodeName,
      tamper: ((body) => ({ ...body, [field]: '*not base64*' })) as Tamper,
    },
    {
      id: `BAD-DER-${field.toUpperCase()}`,
      title: `${field} not the DER of its type`,
      code: 'badInput' as StatusCodeName,
      tamper: ((body) => ({
        ...body,
        [field]: Buffer.from('3003020101', 'hex').toString('base64'),
      })) as Tamper,
    },
  ]),
  {
    id: 'NOT-JSON',
    title: 'a body that is not JSON',
    code: 'badInput' as StatusCodeName,
    tamper: ((body) => JSON.stringify(body).slice(0, 20)) as Tamper,
  },
];

export function malformedRequestCases(f: FunctionUnderTest): ConformanceCase[] {
  const cases: ConformanceCase[] = variants(f).map((v) => ({
    id: `${f.prefix}-INPUT-${v.id}`,
    area: f.area,
    title: `${f.functionName} with ${v.title} is refused (${v.code})`,
    reference: ref(`${f.section}, 6.5.1`, f.area),
    run: async (context) => {
      const send = await f.prepare(context);
      expectStatusCode(f.functionName, await send(v.tamper), v.code);
    },
  }));
  cases.push({
    id: `${f.prefix}-INPUT-PROTOCOL-VERSION`,
    area: f.area,
    title: `${f.functionName} with X-Admin-Protocol gsma/rsp/v9.9.9 is refused (unsupportedProtocolVersion)`,
    reference: ref(`${f.section}, 6.5.1`, f.area),
    run: async (context) => {
      const send = await f.prepare(context);
      expectStatusCode(
        f.functionName,
        await send(undefined, { 'X-Admin-Protocol': 'gsma/rsp/v9.9.9' }),
        'unsupportedProtocolVersion',
      );
    },
  });
  return cases;
}
