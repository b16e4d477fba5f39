/**
 * `npm run docs`: rewrites the settings tables of docs/settings.md from the declarations (SMDP_SETTINGS,
 * SMDS_SETTINGS, EIM_SETTINGS). test/config/settings-page.test.ts fails when the page and the declarations differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { withSettingsTable } from '../src/config/settings-markdown.ts';
import { EIM_SETTINGS } from '../src/eim/config.ts';
import { SMDP_SETTINGS } from '../src/smdp/config.ts';
import { SMDS_SETTINGS } from '../src/smds/config.ts';

export const SETTINGS_PAGE = new URL('../docs/settings.md', import.meta.url);

/** The page's tables by marker name. */
const TABLES = { smdp: SMDP_SETTINGS, smds: SMDS_SETTINGS, eim: EIM_SETTINGS };

export function pageWithSettings(page: string): string {
  return Object.entries(TABLES).reduce((text, [name, table]) => withSettingsTable(text, name, table), page);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const before = readFileSync(SETTINGS_PAGE, 'utf8');
  const after = pageWithSettings(before);
  if (after !== before) writeFileSync(SETTINGS_PAGE, after);
  process.stdout.write(
    `docs/settings.md settings tables ${after === before ? 'already up to date' : 'rewritten'}\n`,
  );
}
