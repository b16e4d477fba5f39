/**
 * The settings tables of docs/settings.md, rendered from the declarations (src/config/settings.ts) and kept
 * between markers (`<!-- settings:<name> -->` … `<!-- /settings:<name> -->`); `npm run docs` rewrites them
 * and a test fails when the page and the declarations differ.
 */
import type { SettingsTable } from './settings.ts';

const cell = (text: string): string => text.replaceAll('|', '\\|');

function shownDefault(setting: SettingsTable[string]): string {
  if (setting.shownDefault !== undefined) return setting.shownDefault;
  return setting.default === '' ? 'none' : `\`${String(setting.default)}\``;
}

/** One row per setting: its name (as a config file names it), flag, environment variable, default, doc. */
export function settingsMarkdown(table: SettingsTable): string {
  const rows = Object.entries(table).map(([key, setting]) => {
    const name = setting.flag?.name.split(' ')[0];
    // A secret's file twin first: the value itself on the command line shows in `ps`.
    const flag = name ? (setting.secret ? `\`${name}-file\`, \`${name}\`` : `\`${name}\``) : '';
    const env = setting.env ? `\`${setting.env}\`` : '';
    return `| ${key} | ${flag} | ${env} | ${cell(shownDefault(setting))} | ${cell(setting.doc)} |`;
  });
  return [
    '| setting | flag | environment | default | what it sets |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The text with the table between the markers named `name` rendered afresh; missing markers are an error. */
export function withSettingsTable(text: string, name: string, table: SettingsTable): string {
  const open = `<!-- settings:${name} -->`;
  const close = `<!-- /settings:${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new Error(`the page lacks the markers ${open} … ${close}`);
  return `${text.slice(0, start + open.length)}\n${settingsMarkdown(table)}\n${text.slice(end)}`;
}
