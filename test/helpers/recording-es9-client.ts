import { Es9Client, type Es9Options } from '../../src/lpa/es9-client.ts';
import type { Es9FunctionName, Es9Request, Es9Response } from '../../src/protocol/es9-functions.ts';

/** An LPA's ES9+ client that keeps what it sent and got, and how long each call took. */
export class RecordingEs9Client extends Es9Client {
  readonly calls: { fn: string; request: Record<string, unknown>; answer?: Record<string, unknown> }[] = [];
  readonly durations: { fn: string; ms: number }[] = [];

  constructor(smdpAddress: string, options: Es9Options = {}) {
    super(smdpAddress, { ...options, onCall: (fn, ms) => this.durations.push({ fn, ms }) });
  }

  override async call<F extends Es9FunctionName>(
    functionName: F,
    body: Es9Request<F>,
  ): Promise<Es9Response<F> | undefined> {
    const call: (typeof this.calls)[number] = { fn: functionName, request: body };
    this.calls.push(call);
    const answer = await super.call(functionName, body);
    if (answer) call.answer = answer;
    return answer;
  }

  /** The transactionId the SM-DP+ gave, if initiateAuthentication got that far. */
  get transactionId(): string | undefined {
    const id = this.calls.find((c) => c.fn === 'initiateAuthentication')?.answer?.transactionId;
    return typeof id === 'string' ? id : undefined;
  }

  answerOf(fn: string): Record<string, unknown> | undefined {
    return this.calls.find((c) => c.fn === fn && c.answer)?.answer;
  }
}
