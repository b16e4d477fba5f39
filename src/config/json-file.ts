/** A JSON file a user gives (eUICC state, scenarios, orders): read and parsed, or one clear line why not. */
import { readInputFile } from './input-file.ts';

export async function readJsonFile(
  file: string,
  /** What the file holds, for the message: `cannot read <what> <file>: <reason>`. */
  what: string,
  error: (message: string) => Error = (message) => new Error(message),
): Promise<unknown> {
  try {
    return JSON.parse((await readInputFile(file, 'json')).toString('utf8'));
  } catch (cause) {
    throw error(`cannot read ${what} ${file}: ${(cause as Error).message}`);
  }
}
