/**
 * `npm run docs`: rewrites README's settings tables from the declarations (SMDP_SETTINGS, SMDS_SETTINGS).
 * test/config/readme-settings.test.ts fails when README and the declarations differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { withSettingsTable } from '../src/config/settings-readme.ts';
import { SMDP_SETTINGS } from '../src/smdp/config.ts';
import { SMDS_SETTINGS } from '../src/smds/config.ts';

export const README = new URL('../README.md', import.meta.url);

/** README's tables by marker name. */
const TABLES = { smdp: SMDP_SETTINGS, smds: SMDS_SETTINGS };

export function readmeWithSettings(readme: string): string {
  return Object.entries(TABLES).reduce((text, [name, table]) => withSettingsTable(text, name, table), readme);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const before = readFileSync(README, 'utf8');
  const after = readmeWithSettings(before);
  if (after !== before) writeFileSync(README, after);
  process.stdout.write(
    `README.md settings tables ${after === before ? 'already up to date' : 'rewritten'}\n`,
  );
}
