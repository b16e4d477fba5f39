/**
 * Every process of one DUT run, found and ended. The DUT command runs in a process group of its own, but a
 * program it starts may leave that group: `rspsim euicc run-lpac` starts lpac detached (its own group, so
 * that a Ctrl-C reaches lpac once, through the harness), and a wrapper script may `setsid` a helper. Killing
 * the group alone leaves those running after the time limit, still talking to the SM-DP+ and the eUICC file
 * while the next case runs. So each run carries a marker in its environment, which children inherit
 * whatever group or session they move to, and the run ends with every process that carries it, and every
 * descendant of the command, gone.
 *
 * Found through /proc (Linux: a process's initial environment and its parent); elsewhere only the process
 * group is ended. A process that clears its environment and leaves its parent before the end is not found.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** The environment variable that marks the processes of a DUT run. */
export const DUT_RUN_VARIABLE = 'RSPSIM_DUT_RUN';

/** A fresh marker value for one run. */
export const newDutRunMarker = (): string => randomBytes(12).toString('hex');

const PROC = '/proc';

/** pid → parent pid, and the pids whose environment holds `variable=value`. */
function scan(entry: string): { parents: Map<number, number>; marked: Set<number> } {
  const parents = new Map<number, number>();
  const marked = new Set<number>();
  let names: string[];
  try {
    names = readdirSync(PROC);
  } catch {
    return { parents, marked };
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
      const stat = readFileSync(`${PROC}/${name}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue; // ended already, waiting for its parent to reap it
      parents.set(pid, Number(fields[1]));
      // Another user's process keeps its environment unreadable: it cannot be the DUT's.
      if (readFileSync(`${PROC}/${name}/environ`, 'latin1').split('\0').includes(entry)) marked.add(pid);
    } catch {
      // Gone while we looked, or not ours.
    }
  }
  return { parents, marked };
}

/** The live processes whose initial environment holds `entry` (`NAME=value`). */
export const processesCarrying = (entry: string): number[] => [...scan(entry).marked];

/** The live processes of a run: those carrying its marker and the descendants of `root`. */
function dutRunProcesses(marker: string, root?: number): number[] {
  const { parents, marked } = scan(`${DUT_RUN_VARIABLE}=${marker}`);
  const found = new Set(marked);
  if (root !== undefined && parents.has(root)) found.add(root);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents)
      if (!found.has(pid) && found.has(parent)) {
        found.add(pid);
        grew = true;
      }
  }
  found.delete(process.pid);
  return [...found];
}

const signal = (pid: number, name: NodeJS.Signals) => {
  try {
    process.kill(pid, name);
  } catch {
    // Ended meanwhile.
  }
};

/**
 * Sends `name` to the run's process group (while its leader runs: `group`) and to every process of the run;
 * SIGKILL is repeated until none is left (a process may fork while the others are being killed), a few
 * rounds at most. Returns how many processes of the run were found the first time.
 */
export async function signalDutRun(
  marker: string,
  group: number | undefined,
  name: NodeJS.Signals,
): Promise<number> {
  let first: number | undefined;
  for (let round = 0; round < 10; round++) {
    if (group !== undefined) signal(-group, name);
    const left = dutRunProcesses(marker, group);
    first ??= left.length;
    for (const pid of left) signal(pid, name);
    if (name !== 'SIGKILL' || left.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return first ?? 0;
}
