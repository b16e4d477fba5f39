import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pageWithSettings, SETTINGS_PAGE } from '../../scripts/docs.ts';
import { text, wholeNumber } from '../../src/config/settings.ts';
import { settingsMarkdown, withSettingsTable } from '../../src/config/settings-markdown.ts';

const table = {
  port: {
    doc: 'TCP port.',
    default: 8443,
    flag: { name: '--port <port>', help: 'TCP port' },
    env: 'P',
    parse: wholeNumber,
  },
  store: { doc: 'a | b', default: '', parse: text },
};

describe("docs/settings.md's settings tables", () => {
  it('are what the declarations say (SMDP_SETTINGS, SMDS_SETTINGS)', () => {
    const page = readFileSync(SETTINGS_PAGE, 'utf8');
    expect(
      page.split('\n'),
      "docs/settings.md's tables differ from the declarations in src/smdp/config.ts / src/smds/config.ts: run `npm run docs`",
    ).toEqual(pageWithSettings(page).split('\n'));
  });

  it('render flag, environment, default and doc per setting, replacing only what is between the markers', () => {
    expect(settingsMarkdown(table).split('\n').slice(2)).toEqual([
      '| port | `--port` | `P` | `8443` | TCP port. |',
      '| store |  |  | none | a \\| b |',
    ]);
    const text = 'before\n<!-- settings:x -->\nold\n<!-- /settings:x -->\nafter\n';
    expect(withSettingsTable(text, 'x', table)).toBe(
      `before\n<!-- settings:x -->\n${settingsMarkdown(table)}\n<!-- /settings:x -->\nafter\n`,
    );
    expect(() => withSettingsTable(text, 'y', table)).toThrow(/lacks the markers <!-- settings:y -->/);
  });
});
