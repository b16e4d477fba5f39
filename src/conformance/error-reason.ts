/**
 * A ProfileInstallationResult errorReason as the report shows it: its number and its name in SGP.22's
 * ErrorReason enumeration (ProfileInstallationResultData, rsp.asn), e.g. "errorReason 7 scp03tStructureError";
 * when the eUICC is our own software eUICC in this process, its own detail beside it ("errorReason 7
 * scp03tStructureError — segment 1036 bytes > 1020"). A card gives only the code (SGP.22 5.7.6 has no field
 * for more), so the detail never comes from the card's bytes.
 */
import { ErrorReasons } from '../asn1/rsp/index.ts';
import type { InstallationRefusal } from '../euicc/card-context.ts';

export function errorReasonLabel(reason: number | undefined, detail?: string): string {
  if (reason === undefined) return 'errorReason none';
  const name = Object.entries(ErrorReasons).find(([, value]) => value === reason)?.[0];
  return withEmulatorDetail(
    `errorReason ${reason}${name ? ` ${name}` : ' (not in the ErrorReason enumeration)'}`,
    detail,
  );
}

/** A result line with the emulator's detail beside it, when there is one. */
export const withEmulatorDetail = (line: string, detail: string | undefined): string =>
  detail ? `${line} — ${detail}` : line;

/** Our emulator's detail of the refusal its result `seqNumber` reported (none for another result). */
export function emulatorDetail(
  euicc: { readonly lastInstallationRefusal?: InstallationRefusal | undefined },
  seqNumber: number | undefined,
): string | undefined {
  const refusal = euicc.lastInstallationRefusal;
  return refusal && refusal.seqNumber === seqNumber ? refusal.detail : undefined;
}
