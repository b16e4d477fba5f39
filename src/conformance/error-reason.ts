/**
 * A ProfileInstallationResult errorReason as the report shows it: its number and its name in SGP.22's
 * ErrorReason enumeration (ProfileInstallationResultData, rsp.asn), e.g. "errorReason 7 scp03tStructureError".
 */
import { ErrorReasons } from '../asn1/rsp/index.ts';

export function errorReasonLabel(reason: number | undefined): string {
  if (reason === undefined) return 'errorReason none';
  const name = Object.entries(ErrorReasons).find(([, value]) => value === reason)?.[0];
  return `errorReason ${reason}${name ? ` ${name}` : ' (not in the ErrorReason enumeration)'}`;
}
