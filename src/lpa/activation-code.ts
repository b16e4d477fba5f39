/** SGP.22 4.1 activation codes: `LPA:1$<SM-DP+ address>$<matchingId>[$<SM-DP+ OID>[$<ccRequiredFlag>]]`. */
export interface ActivationCode {
  readonly smdpAddress: string;
  readonly matchingId: string;
  readonly smdpOid?: string;
  readonly confirmationCodeRequired: boolean;
}

export class ActivationCodeError extends Error {
  override readonly name = 'ActivationCodeError';
}

const ADDRESS = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?$/;
const OID = /^\d+(?:\.\d+)+$/;

export function parseActivationCode(text: string): ActivationCode {
  const body = text.trim().replace(/^LPA:/i, '');
  // "LPA:1$host$ID" typed in double quotes reaches us as "LPA:1:8443": the shell took $host and $ID for
  // (empty) variables. Say what arrived and how to quote, rather than "format 1:8443".
  if (!body.includes('$'))
    throw new ActivationCodeError(
      `activation code "${text.trim().slice(0, 100)}" has no "$" between its fields (expected LPA:1$<SM-DP+ address>$<matching ID>): ` +
        'a shell replaces $… inside double quotes; put the code in single quotes',
    );
  const [format, smdpAddress, matchingId, smdpOid, ccFlag, ...rest] = body.split('$');
  if (format !== '1')
    throw new ActivationCodeError(`unsupported activation code format "${format}" (expected 1)`);
  if (!smdpAddress || !ADDRESS.test(smdpAddress))
    throw new ActivationCodeError(`invalid SM-DP+ address "${smdpAddress ?? ''}"`);
  if (matchingId === undefined) throw new ActivationCodeError('the activation code has no matching ID field');
  if (!/^[A-Za-z0-9-]*$/.test(matchingId))
    throw new ActivationCodeError(`invalid matching ID "${matchingId}"`);
  if (smdpOid && !OID.test(smdpOid)) throw new ActivationCodeError(`invalid SM-DP+ OID "${smdpOid}"`);
  if (ccFlag !== undefined && ccFlag !== '1' && ccFlag !== '') {
    throw new ActivationCodeError(`confirmation code flag must be 1, not "${ccFlag}"`);
  }
  if (rest.length > 0) throw new ActivationCodeError('too many fields in the activation code');
  return {
    smdpAddress,
    matchingId,
    ...(smdpOid ? { smdpOid } : {}),
    confirmationCodeRequired: ccFlag === '1',
  };
}

export function formatActivationCode(code: ActivationCode): string {
  const fields = ['1', code.smdpAddress, code.matchingId];
  if (code.smdpOid || code.confirmationCodeRequired) fields.push(code.smdpOid ?? '');
  if (code.confirmationCodeRequired) fields.push('1');
  return `LPA:${fields.join('$')}`;
}
