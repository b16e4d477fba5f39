/**
 * What a software eUICC keeps across power cycles (SGP.22 2.4 eUICC architecture): its identity, its
 * configured addresses, the installed profiles and the pending notifications. Stored as JSON, written
 * atomically (temporary file + rename) so that a crash never leaves half a file.
 */
import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { readJsonFile } from '../config/json-file.ts';
import type { EuiccState } from './euicc-state.ts';
import { checkState, StateFieldError } from './state-check.ts';

export type { EuiccState, InstalledProfile, PendingNotificationRecord, ProfileState } from './euicc-state.ts';

export class EuiccStateError extends Error {
  override readonly name = 'EuiccStateError';
}

export async function loadState(file: string): Promise<EuiccState> {
  const parsed = await readJsonFile(file, 'eUICC state', (message) => new EuiccStateError(message));
  const fields = parsed as { version?: unknown; eid?: unknown } | null;
  if (
    typeof fields !== 'object' ||
    fields === null ||
    (fields.version === undefined && fields.eid === undefined)
  )
    throw new EuiccStateError(`${file} is not an rspsim eUICC state file`);
  // Every field, so that a damaged or hand-edited file names the wrong one now, not as an ES10 error later.
  try {
    return checkState(parsed);
  } catch (error) {
    if (error instanceof StateFieldError)
      throw new EuiccStateError(`eUICC state ${file}: ${error.message}`, { cause: error });
    throw error;
  }
}

export async function saveState(file: string, state: EuiccState): Promise<void> {
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}
