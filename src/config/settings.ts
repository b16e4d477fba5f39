/**
 * A server's settings declared once each (doc, default, environment variable, flag, parser); the config type,
 * the defaults, the environment reading, the command-line options (src/cli/setting-options.ts) and the
 * settings tables of docs/settings.md (`npm run docs`) are derived from the declarations.
 */
import { readInputFileSync } from './input-file.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface Setting<T> {
  /** One line, shown in the settings table of docs/settings.md. */
  readonly doc: string;
  readonly default: T;
  /** The default as docs/settings.md shows it, when the value is not what a reader should see (an install path, a value made at start). */
  readonly shownDefault?: string;
  /** Environment variable (RSPSIM_*). */
  readonly env?: string;
  /** Command-line option as commander spells it (`--pki <dir>`), with its one-line help. */
  readonly flag?: { readonly name: string; readonly help: string };
  /**
   * A secret (a token): besides the flag, the command takes `<flag>-file <file>`, and warns when the value
   * itself comes on the command line, where `ps` shows it (src/cli/secret-option.ts). Needs `env`.
   */
  readonly secret?: true;
  /** Turns a value from a file, the environment or a flag into the setting's type; throws ConfigError. */
  readonly parse: (value: unknown, key: string) => T;
}

export type SettingsTable = Readonly<Record<string, Setting<string> | Setting<number> | Setting<boolean>>>;

/** The config a table declares: one readonly field per setting, typed by its parser. */
export type ConfigOf<S extends SettingsTable> = {
  readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never;
};

export const text = (value: unknown): string => String(value);

export function wholeNumber(value: unknown, key: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`${key} must be a whole number, not ${String(value)}`);
  return n;
}

/** A switch: true/false (a file's JSON booleans, or the text of an environment variable or flag). */
export function yesNo(value: unknown, key: string): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new ConfigError(`${key} must be true or false, not ${String(value)}`);
}

export const oneOf =
  (choices: readonly string[]) =>
  (value: unknown, key: string): string => {
    if (!choices.includes(String(value)))
      throw new ConfigError(`${key} must be one of ${choices.join(', ')}, not ${String(value)}`);
    return String(value);
  };

export function defaultsOf<S extends SettingsTable>(table: S): ConfigOf<S> {
  return Object.fromEntries(Object.entries(table).map(([key, s]) => [key, s.default])) as ConfigOf<S>;
}

/** Parses one setting by name; an unknown name is a ConfigError. */
function parseSetting(table: SettingsTable, key: string, value: unknown): string | number | boolean {
  const setting = Object.hasOwn(table, key) ? table[key] : undefined;
  if (!setting) throw new ConfigError(`unknown setting ${key}`);
  return setting.parse(value, key);
}

/** The settings given in the environment, by setting name (undefined when not given). */
function fromEnv(table: SettingsTable, env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(table).map(([key, s]) => [key, s.env ? env[s.env] : undefined]));
}

export interface SettingSources<S extends SettingsTable> {
  /** JSON file naming settings as the table does. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Command-line flags, by setting name (undefined when not given). */
  flags?: Partial<Record<keyof S, unknown>>;
}

/**
 * Defaults, then the file, then the environment, then flags; each value parsed by its declaration. `given`
 * names the settings some source set, for defaults that follow another setting.
 */
export function resolveSettings<S extends SettingsTable>(
  table: S,
  sources: SettingSources<S>,
): { config: ConfigOf<S>; given: ReadonlySet<string> } {
  const merged: Record<string, unknown> = { ...defaultsOf(table) };
  const given = new Set<string>();
  const apply = (source: Partial<Record<string, unknown>>) => {
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined) continue;
      merged[key] = parseSetting(table, key, value);
      given.add(key);
    }
  };
  if (sources.file) {
    try {
      apply(JSON.parse(readInputFileSync(sources.file, 'settings').toString('utf8')));
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(`cannot read config ${sources.file}: ${(error as Error).message}`);
    }
  }
  apply(fromEnv(table, sources.env ?? {}));
  apply(sources.flags ?? {});
  return { config: merged as ConfigOf<S>, given };
}
