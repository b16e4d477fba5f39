/**
 * Vitest global setup: the CLI tests run bin/rspsim.mjs as a user does, which runs the compiled dist/, so
 * dist/ is rebuilt first whenever src/ changed since the last build (scripts/build.mjs --if-stale).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup() {
  const script = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
  execFileSync(process.execPath, [script, '--if-stale', '--keep-on-type-errors'], { stdio: 'inherit' });
}
