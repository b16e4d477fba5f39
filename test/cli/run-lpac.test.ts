import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { delayOnce } from '../helpers/delay-scenario.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Issue 17: `rspsim euicc run-lpac` passes lpac through — its stdout lines (all but its APDU driver's
 * requests) and stderr byte for byte, its exit code, the user's LPAC_* variables; a --timeout that says so;
 * SIGINT forwarded while the bridge keeps answering. Checked against a stand-in lpac that logs what it wrote
 * itself, and against a direct two-way pipe to `euicc serve-stdio`; with real lpac too when LPAC is set.
 */
const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
const standIn = new URL('../helpers/lpac-stand-in.mjs', import.meta.url).pathname;
const dir = tempDir('run-lpac');
let stateFile: string;
let eid: string;

interface Finished {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

function finished(child: ChildProcess): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ stdout, stderr, code })));
}

/** Resolves when the child's stdout has shown `text` (its progress has got that far). */
const outputSeen = (child: ChildProcess, text: string) =>
  new Promise<void>((resolve) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
  });

/** The user's environment without LPAC_* (each test sets its own). */
const cleanEnv = () =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LPAC')));

const runLpac = (lpac: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, state = stateFile) =>
  spawn(process.execPath, [bin, 'euicc', 'run-lpac', '-f', state, '--lpac', lpac, '--', ...args], {
    env: { ...cleanEnv(), ...env },
  });

/** lpac and `rspsim euicc serve-stdio` joined by a two-way pipe: lpac's own lines come out of serve-stdio's stderr. */
async function directPipe(lpac: string, args: readonly string[], state: string, env: NodeJS.ProcessEnv = {}) {
  const serve = spawn(process.execPath, [bin, 'euicc', 'serve-stdio', '-f', state]);
  const child = spawn(lpac, args, { env: { ...cleanEnv(), ...env, LPAC_APDU: 'stdio' } });
  child.stdout.pipe(serve.stdin);
  serve.stdout.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  const [lpacEnd, serveEnd] = await Promise.all([finished(child), finished(serve)]);
  return { stdout: serveEnd.stderr, stderr: lpacEnd.stderr, code: lpacEnd.code };
}

/** A copy of the eUICC for a second run that must see the same state. */
function copyOfState(name: string): string {
  const copy = join(dir, name);
  copyFileSync(stateFile, copy);
  return copy;
}

beforeAll(async () => {
  stateFile = join(dir, 'euicc.json');
  eid = (await EuiccEmulator.create({ file: stateFile })).eid;
});

describe('euicc run-lpac with a stand-in lpac', () => {
  const cases: ReadonlyArray<readonly [string, readonly string[], number]> = [
    ['usage text', [], 255],
    ['driver list', ['driver', 'list'], 0],
    ['chip info over the APDU driver, with stderr', ['chip', 'info'], 0],
    ['a failure with its own exit code and no final newline', ['fail', '7'], 7],
  ];
  it.each(cases)('%s: stdout, stderr and exit code as the stand-in wrote them', async (_name, args, code) => {
    const log = join(dir, `log-${args.join('-') || 'usage'}`);
    mkdirSync(log);
    const run = await finished(runLpac(standIn, args, { STAND_IN_LOG: log }));
    expect(run.code).toBe(code);
    expect(Number(readFileSync(join(log, 'code'), 'utf8'))).toBe(code);
    expect(run.stdout).toBe(readFileSync(join(log, 'stdout'), 'utf8'));
    expect(run.stderr).toBe(readFileSync(join(log, 'stderr'), 'utf8'));
    expect(run.stdout).not.toContain('"apdu"');
    if (args[0] === 'chip') expect(JSON.parse(run.stdout.split('\n')[1]!).payload.data.eidValue).toBe(eid);

    const direct = await directPipe(standIn, args, copyOfState(`direct-${args.join('-')}.json`));
    expect(direct).toEqual({ stdout: run.stdout, stderr: run.stderr, code: run.code });
  });

  it("leaves the user's LPAC_* variables as they are, except LPAC_APDU=stdio", async () => {
    const seen = async (env: NodeJS.ProcessEnv) =>
      JSON.parse((await finished(runLpac(standIn, ['env'], env))).stdout).payload.data;
    expect(await seen({})).toEqual({ LPAC_APDU: 'stdio' });
    expect(await seen({ LPAC_HTTP: 'curl', LPAC_APDU: 'pcsc', LPAC_CUSTOM_ISD_R_AID: 'A0' })).toEqual({
      LPAC_APDU: 'stdio',
      LPAC_HTTP: 'curl',
      LPAC_CUSTOM_ISD_R_AID: 'A0',
    });
    const refused = await finished(runLpac(standIn, ['env'], { LPAC_HTTP: 'stdio' }));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^rspsim: LPAC_HTTP=stdio would send .*\n$/);
  });

  it('forwards SIGINT to lpac and answers its APDUs until it has finished', async () => {
    const child = runLpac(standIn, ['wait']);
    const end = finished(child);
    await outputSeen(child, '"waiting"');
    child.kill('SIGINT');
    const run = await end;
    expect(run.code).toBe(255);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.payload.message)).toEqual(['waiting', 'cancelling', 'cancelled']);
    // The EID read after the signal: the bridge was still there.
    expect(lines[2].payload.data).toBe(eid);
  });

  it('stops lpac after --timeout and says so, exit code 124', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'euicc', 'run-lpac', '-f', stateFile, '--lpac', standIn, '--timeout', '1', '--', 'wait'],
      { env: cleanEnv() },
    );
    const run = await finished(child);
    expect(run.code).toBe(124);
    expect(run.stdout).toContain('"waiting"');
    expect(run.stderr).toBe('rspsim: lpac had not finished after 1 s (--timeout): stopped it (SIGTERM)\n');
  });

  it('refuses what cannot work over the stdio driver, and a missing lpac, in one line', async () => {
    const preview = await finished(runLpac(standIn, ['profile', 'download', '-p', '-a', 'LPA:1$x$y']));
    expect(preview.code).toBe(1);
    expect(preview.stderr).toMatch(/^rspsim: lpac's `profile download -p` reads .* stdin.*\n$/);
    const replay = await finished(runLpac(standIn, ['notification', 'replay']));
    expect(replay.stderr).toMatch(/^rspsim: lpac's `notification replay` reads notifications from stdin/);
    const missing = await finished(runLpac(join(dir, 'no-lpac'), ['chip', 'info']));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `rspsim: lpac not found: ${join(dir, 'no-lpac')} (give --lpac <path> or set LPAC)\n`,
    );
  });
});

const lpac = process.env.LPAC;
describe.skipIf(!lpac)('euicc run-lpac with real lpac (LPAC set)', () => {
  it.each([[[]], [['driver', 'list']], [['chip', 'info']], [['notification', 'list']]])(
    'lpac %j: the same output and exit code as over a direct two-way pipe',
    async (args: string[]) => {
      const run = await finished(runLpac(lpac!, args));
      const direct = await directPipe(lpac!, args, copyOfState(`lpac-${args.join('-')}.json`));
      expect(direct).toEqual({ stdout: run.stdout, stderr: run.stderr, code: run.code });
      if (args[0] === 'chip') expect(run.stdout).toContain(`"eidValue":"${eid}"`);
    },
  );

  it('Ctrl-C during a download reaches lpac, whose cancellation reaches the eUICC and the SM-DP+', async () => {
    const smdp = await startTestSmdp();
    try {
      // authenticateClient held back long enough for the signal to arrive while lpac waits for it.
      smdp.scenarios.add(delayOnce('hold', 'DEMO', 'authenticateClient', 3_000));
      const child = runLpac(lpac!, ['profile', 'download', '-a', `LPA:1$${smdp.address}$DEMO`]);
      const end = finished(child);
      await outputSeen(child, 'es9p_authenticate_client');
      child.kill('SIGINT');
      const run = await end;
      const progress = run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).payload.message);
      expect(progress.slice(-3)).toEqual(['es10b_cancel_session', 'es9p_cancel_session', 'cancelled']);
      expect(run.code).not.toBe(0);
      const { body } = await httpsJson(`${smdp.url}/admin/sessions`, {
        ca: smdp.caPem,
        token: smdp.adminToken,
      });
      const [session] = body.sessions.filter((s: { matchingId?: string }) => s.matchingId === 'DEMO');
      expect(session.functions).toContain('cancelSession');
    } finally {
      await smdp.close();
    }
  });
});
