/**
 * The eIM's exchange trace: every ESipa exchange it serves (SGP.32 6.1, 6.3.2) and every ES9+ exchange it
 * relays to an SM-DP+ for an indirect profile download (SGP.32 3.2, SGP.22 6.5.2), so that one download shows
 * both sides in the admin page (admin-exchanges.ts). Bodies are kept as they passed (ESipa's DER, ES9+'s JSON
 * text) and decoded only when someone looks (exchange-view.ts).
 *
 * Bounded on everything a client can make it keep: at most `maxExchanges` exchanges and `maxBytes` bytes of
 * bodies (each exchange also counted at ENTRY_OVERHEAD), the oldest dropped first; a body over `maxBodyBytes`
 * is kept as its size, SHA-256 and head (rsp-server/trace/traced-body.ts). An IPA that polls in a loop, or
 * sends bodies up to ESipa's request limit, only pushes older exchanges out.
 */
import { TruncatedBody, tracedBody, tracedBytes } from '../../rsp-server/trace/traced-body.ts';

/** ESipa between IPA and eIM, or ES9+ between the eIM (as the SM-DP+'s client) and an SM-DP+. */
export type TracedInterface = 'ESipa' | 'ES9+';

export interface ExchangeRecord {
  readonly interface: TracedInterface;
  /** ES9+: the function called; ESipa: none (the request's tag names it, exchange-identity.ts). */
  readonly function?: string;
  /** From the eIM's clock: when the ESipa request came, when the ES9+ answer did. */
  readonly at: number;
  readonly durationMs: number;
  /** 0: no HTTP answer (`failure` says why). */
  readonly httpStatus: number;
  /** ESipa: the IPA's address; ES9+: the SM-DP+'s. */
  readonly peer: string;
  /** ESipa: DER; ES9+: JSON text. */
  readonly request: Buffer | string | undefined;
  readonly response: Buffer | string | undefined;
  readonly failure?: string;
}

/** A body as the trace keeps it: DER (ESipa), JSON text (ES9+), or the head of a large one. */
export type KeptBody = Buffer | string | TruncatedBody | undefined;

export interface TracedExchange extends Omit<ExchangeRecord, 'request' | 'response'> {
  /** Order of recording, from 1: the exchange's id in the page. */
  readonly seq: number;
  readonly request: KeptBody;
  readonly response: KeptBody;
  /** What this exchange counts against `maxBytes`. */
  readonly bytes: number;
}

export interface ExchangeTraceLimits {
  readonly maxExchanges: number;
  readonly maxBytes: number;
  readonly maxBodyBytes: number;
}

/**
 * 2000 exchanges (some 200 downloads, or 1000 polls with their results), 16 MiB, bodies up to 256 KiB (a Bound
 * Profile Package of a large profile fits; ESipa's request limit is larger).
 */
export const DEFAULT_EXCHANGE_TRACE_LIMITS: ExchangeTraceLimits = {
  maxExchanges: 2000,
  maxBytes: 16 * 1024 * 1024,
  maxBodyBytes: 256 * 1024,
};

/** Counted for each exchange besides its bodies: the record, its identifiers, the map entry. */
export const ENTRY_OVERHEAD = 512;

/**
 * The limits of the eIM's settings (traceMaxExchanges, traceMaxBytes): bodies up to the default's 256 KiB,
 * or less when that many bytes could not hold one exchange of two of them.
 */
export function exchangeTraceLimits(maxExchanges: number, maxBytes: number): ExchangeTraceLimits {
  const fits = Math.floor((maxBytes - ENTRY_OVERHEAD) / 2);
  return { maxExchanges, maxBytes, maxBodyBytes: Math.min(DEFAULT_EXCHANGE_TRACE_LIMITS.maxBodyBytes, fits) };
}

function kept(body: Buffer | string | undefined, maxBodyBytes: number): KeptBody {
  if (body === undefined) return undefined;
  return typeof body === 'string' ? tracedBody(body, maxBodyBytes) : tracedBytes(body, maxBodyBytes);
}

function sizeOf(body: KeptBody): number {
  if (body === undefined) return 0;
  if (body instanceof TruncatedBody) return body.head.length + body.sha256.length;
  return typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}

export class ExchangeTrace {
  readonly limits: ExchangeTraceLimits;
  /** By seq, oldest first (a Map keeps insertion order; the oldest is dropped first). */
  readonly #exchanges = new Map<number, TracedExchange>();
  #bytes = 0;
  #seq = 0;
  #dropped = 0;

  constructor(limits: Partial<ExchangeTraceLimits> = {}) {
    this.limits = { ...DEFAULT_EXCHANGE_TRACE_LIMITS, ...limits };
    const { maxExchanges, maxBytes, maxBodyBytes } = this.limits;
    // One exchange at its largest (two bodies at the limit) must fit, or the bound could not hold.
    if (maxExchanges < 1 || maxBytes < 2 * maxBodyBytes + ENTRY_OVERHEAD)
      throw new RangeError(
        `exchange trace limits: maxBytes ${maxBytes} must hold one exchange of two ${maxBodyBytes}-byte bodies`,
      );
  }

  record(record: ExchangeRecord): TracedExchange {
    const request = kept(record.request, this.limits.maxBodyBytes);
    const response = kept(record.response, this.limits.maxBodyBytes);
    const bytes = ENTRY_OVERHEAD + sizeOf(request) + sizeOf(response);
    while (
      this.#exchanges.size >= this.limits.maxExchanges ||
      (this.#exchanges.size > 0 && this.#bytes + bytes > this.limits.maxBytes)
    )
      this.#dropOldest();
    const exchange: TracedExchange = { ...record, seq: ++this.#seq, request, response, bytes };
    this.#exchanges.set(exchange.seq, exchange);
    this.#bytes += bytes;
    return exchange;
  }

  #dropOldest(): void {
    const oldest = this.#exchanges.values().next();
    if (oldest.done) return;
    this.#exchanges.delete(oldest.value.seq);
    this.#bytes -= oldest.value.bytes;
    this.#dropped++;
  }

  /** The exchanges kept, oldest first. */
  exchanges(): TracedExchange[] {
    return [...this.#exchanges.values()];
  }

  /** Bytes counted against `maxBytes` now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Exchanges dropped to keep the bounds since the eIM started. */
  get dropped(): number {
    return this.#dropped;
  }
}
