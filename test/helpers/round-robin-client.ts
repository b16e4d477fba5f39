/**
 * ES9+ calls spread over several SM-DP+ instances that share one store and one address, as a load balancer
 * without session affinity would (for tests and benchmarks of multi-instance set-ups).
 */
import { type Es9Body, Es9Client } from '../../src/lpa/es9-client.ts';

export class RoundRobinEs9Client extends Es9Client {
  #next = 0;

  constructor(
    smdpAddress: string,
    private readonly backends: readonly Es9Client[],
  ) {
    super(smdpAddress);
  }

  override call(functionName: string, body: Es9Body) {
    return this.backends[this.#next++ % this.backends.length]!.call(functionName, body);
  }

  override close(): void {
    for (const backend of this.backends) backend.close();
    super.close();
  }
}
