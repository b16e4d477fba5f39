/**
 * Secrets a command takes (admin and ES2+ tokens, confirmation codes): from a file (`--<name>-file`), from
 * the environment, or from the command line. A value on the command line is visible to every local user in
 * `ps` and /proc/<pid>/cmdline; it still works, for labs, with one warning on stderr.
 */
import { type Command, Option } from 'commander';
import { readInputFileSync } from '../config/input-file.ts';

/** One secret option: `--token <token>`, its file twin `--token-file <file>`, and its variable. */
export interface SecretOption {
  /** The option as commander spells it, value included: `--token <token>`. */
  readonly flag: string;
  readonly help: string;
  /** Environment variable read when neither option is given. */
  readonly env: string;
}

const warned = new Set<string>();

/** Warns once per process and flag that a secret came through argv. */
function warnSecretOnCommandLine(flag: string, env: string): void {
  if (warned.has(flag)) return;
  warned.add(flag);
  process.stderr.write(
    `rspsim: warning: ${flag} on the command line is visible to other local users (ps); use ${flag}-file or ${env}\n`,
  );
}

/** The file's content without its final line break; an empty file is refused. */
function readSecretFile(file: string, fileFlag: string): string {
  let content: string;
  try {
    content = readInputFileSync(file, 'small')
      .toString('utf8')
      .replace(/\r?\n$/, '');
  } catch (error) {
    throw new Error(`${fileFlag}: cannot read ${file}: ${(error as Error).message}`);
  }
  if (content === '') throw new Error(`${fileFlag}: ${file} is empty`);
  return content;
}

/** The long flag: `--token` of `--token <token>`, `--confirmation-code` of `-c, --confirmation-code <code>`. */
const flagName = (flag: string) => /--[\w-]+/.exec(flag)?.[0] ?? flag;

/**
 * Adds the option and its `-file` twin; before the command's action runs, the option holds the secret from
 * the first of: the file, the command-line value (with the warning), the environment.
 */
export function addSecretOption(command: Command, secret: SecretOption): Command {
  const name = flagName(secret.flag);
  const option = new Option(
    secret.flag,
    `${secret.help} (or ${name}-file, or $${secret.env}; argv shows in ps)`,
  );
  const fileOption = new Option(`${name}-file <file>`, `read ${name} from this file (one line)`);
  return command
    .addOption(option)
    .addOption(fileOption)
    .hook('preAction', (self) => {
      const value = secretValue(self.opts(), option.attributeName(), fileOption.attributeName(), secret);
      self.setOptionValue(option.attributeName(), value);
    });
}

function secretValue(
  options: Readonly<Record<string, unknown>>,
  attribute: string,
  fileAttribute: string,
  secret: SecretOption,
): string | undefined {
  const name = flagName(secret.flag);
  const given = options[attribute];
  const file = options[fileAttribute];
  if (typeof given === 'string' && typeof file === 'string')
    throw new Error(`${name} and ${name}-file: give one of them`);
  if (typeof file === 'string') return readSecretFile(file, `${name}-file`);
  if (typeof given === 'string') {
    warnSecretOnCommandLine(name, secret.env);
    return given;
  }
  return process.env[secret.env];
}
