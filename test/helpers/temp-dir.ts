import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the run's temporary root (removed after the run, see test/global-temp-root.ts). */
export const tempDir = (prefix: string) =>
  mkdtempSync(join(process.env.RSPSIM_TEST_TMP ?? tmpdir(), `rspsim-${prefix}-`));
