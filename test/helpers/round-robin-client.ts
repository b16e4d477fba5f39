/**
 * ES9+ calls spread over several SM-DP+ instances that share one store and one address, as a load balancer
 * without session affinity would (for tests and benchmarks of multi-instance set-ups).
 */
import { Es9Client } from '../../src/lpa/es9-client.ts';
import type { Es9FunctionName, Es9Request, Es9Response } from '../../src/protocol/es9-functions.ts';

export class RoundRobinEs9Client extends Es9Client {
  #next = 0;

  constructor(
    smdpAddress: string,
    private readonly backends: readonly Es9Client[],
  ) {
    super(smdpAddress);
  }

  override call<F extends Es9FunctionName>(
    functionName: F,
    body: Es9Request<F>,
  ): Promise<Es9Response<F> | undefined> {
    return this.backends[this.#next++ % this.backends.length]!.call(functionName, body);
  }

  override close(): void {
    for (const backend of this.backends) backend.close();
    super.close();
  }
}
