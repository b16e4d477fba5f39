/**
 * The deadline of a test that runs CLI processes one after another. Each `rspsim` process loads Node, the
 * built CLI and its modules: about 1 s on a quiet machine, 3 s or more on a loaded one (2 cores shared by
 * several test runs). A fixed 30 s for ten of them fails on a busy CI machine without anything being wrong
 * (issue 25, finding 8), so the deadline grows with the number of processes the test starts.
 */

/** What one CLI process may take on a loaded machine, with its requests to a local server. */
const PER_CLI_PROCESS_MS = 6_000;
/** vitest's default for every test (vitest.config.ts): never less than that. */
const FLOOR_MS = 30_000;

export function cliDeadline(processes: number): number {
  return Math.max(FLOOR_MS, processes * PER_CLI_PROCESS_MS);
}
