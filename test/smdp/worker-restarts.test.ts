import { expect, it } from 'vitest';
import { RESTART_WINDOW_MS, WorkerRestarts } from '../../src/smdp/worker-restarts.ts';

it('replaces the first dead worker at once and spaces out deaths in a row, then forgets them', () => {
  let now = 1_000_000;
  const restarts = new WorkerRestarts(() => now);
  // A 10 s outage that kills every worker as soon as it starts: at most a handful of forks, not 13.
  const pauses: number[] = [];
  for (let t = 0; t < 10_000; ) {
    const pause = restarts.pauseAfterDeath();
    pauses.push(pause);
    t += pause + 50; // a worker that dies 50 ms after its start
    now += pause + 50;
  }
  expect(pauses).toEqual([0, 1000, 2000, 4000, 8000]);
  // The pauses stop growing at 16 s.
  expect([1, 2, 3].map(() => restarts.pauseAfterDeath())).toEqual([16_000, 16_000, 16_000]);
  // A death long after the last is a first death again.
  now += RESTART_WINDOW_MS + 1;
  expect(restarts.pauseAfterDeath()).toBe(0);
});
