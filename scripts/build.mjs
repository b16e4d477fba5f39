#!/usr/bin/env node
/**
 * Builds dist/: the TypeScript of src/ compiled by tsc (tsconfig.build.json, `.ts` import specifiers
 * rewritten to `.js`), plus the files src/ reads next to its code (the admin page). `npm ci` runs it as
 * `prepare`; bin/rspsim.mjs runs the result. `--if-stale` builds only when a file under src/ (or a tsconfig)
 * is newer than the last build, so the tests never run an outdated dist/; `--keep-on-type-errors` keeps what
 * tsc emitted despite type errors (the test run reports those in its own type check).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const stamp = join(root, 'dist', '.built');
/** Non-TypeScript files that src/ reads relative to its own location. */
const ASSETS = ['smdp/http/admin-ui'];

function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

export function isStale() {
  if (!existsSync(stamp)) return true;
  const sources = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((p) => join(root, p));
  return Math.max(...sources.map(newestChange)) > statSync(stamp).mtimeMs;
}

/**
 * Compiles and copies. With `typeErrors: 'report'` type errors are printed but the emitted JavaScript is kept
 * (the test run checks types itself); otherwise they fail the build.
 */
export function build({ typeErrors = 'fail' } = {}) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  });
  const emitted = existsSync(join(root, 'dist', 'cli', 'main.js'));
  if (result.status !== 0 && (typeErrors === 'fail' || !emitted)) {
    throw new Error(`tsc -p tsconfig.build.json failed (exit ${result.status ?? result.signal})`);
  }
  for (const asset of ASSETS) {
    cpSync(join(root, 'src', asset), join(root, 'dist', asset), { recursive: true });
  }
  if (result.status === 0) writeFileSync(stamp, '');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const typeErrors = process.argv.includes('--keep-on-type-errors') ? 'report' : 'fail';
    if (!process.argv.includes('--if-stale') || isStale()) build({ typeErrors });
  } catch (error) {
    process.stderr.write(`build: ${error.message}\n`);
    process.exit(1);
  }
}
