/**
 * When to replace a worker that died. A worker that dies for a reason that outlives it (a database away, a
 * full disk) would die again at once: replacing it with no pause forks in a loop (13 restarts in a 10 s
 * outage). The first death in a while is replaced at once; each further one within the window waits twice as
 * long as the last, up to a ceiling.
 */

/** Deaths further back than this are forgotten: the fleet is healthy again. */
export const RESTART_WINDOW_MS = 60_000;
const FIRST_PAUSE_MS = 1000;
const LONGEST_PAUSE_MS = 16_000;

export class WorkerRestarts {
  readonly #deaths: number[] = [];

  constructor(private readonly now: () => number) {}

  /** Records a death; how long to wait before forking its replacement. */
  pauseAfterDeath(): number {
    const now = this.now();
    while (this.#deaths.length > 0 && now - (this.#deaths[0] ?? now) > RESTART_WINDOW_MS)
      this.#deaths.shift();
    this.#deaths.push(now);
    const earlier = this.#deaths.length - 1;
    return earlier === 0 ? 0 : Math.min(FIRST_PAUSE_MS * 2 ** (earlier - 1), LONGEST_PAUSE_MS);
  }
}
