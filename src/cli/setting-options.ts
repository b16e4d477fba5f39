/** A server's command-line options, registered from its settings table (src/config/settings.ts). */
import { type Command, Option } from 'commander';
import type { SettingsTable } from '../config/settings.ts';
import { addSecretOption } from './secret-option.ts';

/**
 * Adds an option for every setting that declares a flag, in the table's order; the function returned reads
 * the parsed options back as flags by setting name (`--pki` gives pkiDir), for the config's resolver.
 */
export function addSettingOptions<S extends SettingsTable>(
  command: Command,
  table: S,
): (options: Readonly<Record<string, unknown>>) => Partial<Record<keyof S, unknown>> {
  const attributes: [keyof S, string][] = [];
  for (const [key, setting] of Object.entries(table)) {
    if (!setting.flag) continue;
    const option = new Option(setting.flag.name, setting.flag.help);
    if (setting.secret && setting.env)
      addSecretOption(command, { flag: setting.flag.name, help: setting.flag.help, env: setting.env });
    else command.addOption(option);
    attributes.push([key, option.attributeName()]);
  }
  return (options) =>
    Object.fromEntries(attributes.map(([key, attribute]) => [key, options[attribute]])) as Partial<
      Record<keyof S, unknown>
    >;
}
