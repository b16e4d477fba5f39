/**
 * One ES9+ exchange as the trace records it while the request is being answered: the bodies as they passed
 * (the request's text, the answer's bytes), parsed only when someone looks. Why: every download pays for
 * what the trace does at record time, and keeping parsed objects (a getBoundProfilePackage answer holds its
 * whole package as a string) made the garbage collector copy them; text and bytes are kept as they are, and
 * a trace is looked at rarely. Answers are kept in the trace's arena (body-arena.ts); request bodies over the
 * trace's limit as size, SHA-256 and head (traced-body.ts).
 */
import { executionStatusOf, type FunctionExecutionStatus } from '../../protocol/function-execution-status.ts';
import { type TruncatedBody, tracedBody } from '../../rsp-server/trace/traced-body.ts';
import type { BodyArena, KeptBytes } from './body-arena.ts';

export interface ExchangeRecord {
  readonly function: string;
  readonly receivedAt: number;
  readonly durationMs: number;
  readonly httpStatus: number;
  readonly scenarios: readonly string[];
  /** The request body as received (text); undefined when there was none. */
  readonly requestText: string | undefined;
  /** The answer as the binding made it (an object of the JSON binding, or a scenario's text or bytes). */
  readonly payload: unknown;
  /** What was sent for it: the JSON text's bytes when the payload is an object. */
  readonly sent: unknown;
}

const isJsonObject = (payload: unknown): payload is Record<string, unknown> =>
  typeof payload === 'object' && payload !== null && !Buffer.isBuffer(payload);

/** One exchange of a session as the trace shows it. */
export interface TraceEntry {
  readonly function: string;
  readonly receivedAt: number;
  readonly durationMs: number;
  readonly httpStatus: number;
  /** SGP.22 header.functionExecutionStatus of a JSON answer (none for 204 or a scenario's HTTP answer). */
  readonly executionStatus: FunctionExecutionStatus | undefined;
  /** The bodies, parsed when read (RecordedExchange below): read them once per view. */
  readonly request: unknown;
  readonly response: unknown;
  /** Names of the test-lab scenarios that acted on this exchange. */
  readonly scenarios: readonly string[];
}

export class RecordedExchange implements TraceEntry {
  readonly function: string;
  readonly receivedAt: number;
  readonly durationMs: number;
  readonly httpStatus: number;
  readonly scenarios: readonly string[];
  readonly executionStatus: FunctionExecutionStatus | undefined;
  /** The request text, or what is kept of a large one. */
  readonly #request: string | TruncatedBody | undefined;
  /** The answer's JSON bytes, kept in the arena; otherwise a scenario's answer as it was (`#response`). */
  readonly #answer: KeptBytes | undefined;
  readonly #response: unknown;

  constructor(record: ExchangeRecord, maxBodyBytes: number, arena: BodyArena) {
    this.function = record.function;
    this.receivedAt = record.receivedAt;
    this.durationMs = record.durationMs;
    this.httpStatus = record.httpStatus;
    this.scenarios = record.scenarios;
    this.#request = tracedBody(record.requestText, maxBodyBytes);
    const json = isJsonObject(record.payload) && Buffer.isBuffer(record.sent);
    this.#answer = json ? arena.keep(record.sent as Buffer) : undefined;
    this.#response = json ? undefined : record.payload;
    this.executionStatus = executionStatusOf(record.payload);
  }

  /** The request as parsed (only exchanges whose body parsed are traced), or what is kept of a large one. */
  get request(): unknown {
    return typeof this.#request === 'string' ? JSON.parse(this.#request) : this.#request;
  }

  get response(): unknown {
    return this.#answer ? JSON.parse(this.#answer.bytes.toString('utf8')) : this.#response;
  }

  /** The trace dropped this exchange: its answer's place in the arena may be reused. */
  release(): void {
    this.#answer?.release();
  }
}
