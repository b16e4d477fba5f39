/**
 * Vitest global setup: every temporary directory of one test run lives under one root, removed when the
 * run ends, so test runs leave nothing behind in the system's temporary folder (test/helpers/temp-dir.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  const root = mkdtempSync(join(tmpdir(), 'rspsim-tests-'));
  // Inherited by the test processes (pool 'forks'), which start after this.
  process.env.RSPSIM_TEST_TMP = root;
  return () => rmSync(root, { recursive: true, force: true });
}
