/**
 * An SM-DP+ stand-in for unit tests of the eIM's download relay: it records every ES9+ call the relay makes
 * (function and JSON body) and answers each from a script — the fields of an Executed-Success answer, or an
 * error to throw (a FunctionFailedError with SGP.22 codes, a TransportError).
 */
import type { Es9Transport } from '../../../src/lpa/es9-client.ts';
import type { Es9Functions } from '../../../src/protocol/es9-functions.ts';
import type { RequestOf, ResponseOf } from '../../../src/protocol/json-functions.ts';

type Fns = typeof Es9Functions;
export type Script = (fn: string, body: Record<string, unknown>) => Record<string, unknown> | undefined;

export class FakeEs9 implements Es9Transport {
  readonly calls: { address: string; fn: string; body: Record<string, unknown> }[] = [];
  closed = 0;
  constructor(
    readonly address: string,
    private readonly script: Script,
  ) {}
  async call<F extends keyof Fns & string>(
    fn: F,
    body: RequestOf<Fns[F]>,
  ): Promise<ResponseOf<Fns[F]> | undefined> {
    const fields = { ...body } as Record<string, unknown>;
    this.calls.push({ address: this.address, fn, body: fields });
    return this.script(fn, fields) as ResponseOf<Fns[F]> | undefined;
  }
  close(): void {
    this.closed++;
  }
}

/** A connector handing out FakeEs9 clients that share one script and one call log. */
export function fakeConnector(script: Script) {
  const clients: FakeEs9[] = [];
  const connect = (address: string) => {
    const client = new FakeEs9(address, script);
    clients.push(client);
    return client;
  };
  return { connect, clients, calls: () => clients.flatMap((c) => c.calls) };
}
