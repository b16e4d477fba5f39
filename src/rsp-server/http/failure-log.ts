/**
 * Errors no function meant to raise (a store failure, a defect) are answered on every request, but logged
 * once per class and then at most once per interval with the number left out: a full disk under load must
 * not write a stack per request (and fill the disk further). Time comes from the server's clock.
 */
import type { FastifyBaseLogger } from 'fastify';
import { RspError } from '../../errors/rsp-error.ts';
import { storeFailureOf } from '../../errors/store-failure.ts';

export const FAILURE_LOG_INTERVAL_MS = 60_000;
/** Classes remembered at once; the oldest is forgotten first (a defect's class holds its message). */
const MAX_CLASSES = 64;

interface ClassState {
  loggedAt: number;
  suppressed: number;
}

export class FailureLog {
  readonly #classes = new Map<string, ClassState>();

  constructor(private readonly now: () => number) {}

  /** Logs (rate-limited) what `area`'s function `name` raised, and gives the SGP.22 error to answer. */
  unexpected(log: FastifyBaseLogger, area: string, name: string, error: unknown): RspError {
    const store = storeFailureOf(error);
    if (store) {
      this.#report(`store: ${store.failureClass}`, (suppressed) =>
        log.error(
          { area, function: name, failure: store.failureClass, code: store.code, suppressed },
          `the store failed: ${store.failureClass} (${store.code}); ` +
            'more failures of this kind are counted and logged once a minute',
        ),
      );
      // SGP.22 5.2.6: Function Provider - Execution Error; the client may retry later.
      return new RspError('executionError', `the SM-DP+ cannot use its data store (${store.failureClass})`);
    }
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.#report(`defect: ${what.slice(0, 200)}`, (suppressed) =>
      log.error(
        { area, function: name, err: error, suppressed },
        `${area} function raised an unexpected error`,
      ),
    );
    return new RspError('executionError', 'internal error');
  }

  #report(failureClass: string, write: (suppressed: number) => void): void {
    const now = this.now();
    const known = this.#classes.get(failureClass);
    if (known && now - known.loggedAt < FAILURE_LOG_INTERVAL_MS) {
      known.suppressed++;
      return;
    }
    write(known?.suppressed ?? 0);
    this.#classes.delete(failureClass);
    this.#classes.set(failureClass, { loggedAt: now, suppressed: 0 });
    const oldest = this.#classes.keys().next();
    if (this.#classes.size > MAX_CLASSES && !oldest.done) this.#classes.delete(oldest.value);
  }
}
