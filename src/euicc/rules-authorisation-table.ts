/**
 * The eUICC's Rules Authorisation Table (SGP.22 2.9.2): which Profile Policy Rules which operators may set
 * in their profiles. It is fixed when the eUICC is made (ES10b.GetRAT, 5.7.22, reads it); the eUICC checks
 * a profile's PPRs against it when the profile is installed (ES8+.StoreMetadata, 5.5.3: errorReason
 * pprNotAllowed) and enforces PPR1 / PPR2 afterwards (ES10c, 5.7.16-5.7.18: disallowedByPolicy).
 */
import type { GetRatResponse, OperatorID, StoreMetadataRequest } from '../asn1/rsp/index.ts';

export type RulesAuthorisationTable = GetRatResponse['rat'];
type Ppr = RulesAuthorisationTable[number]['pprIds'][number];

/** MCC 001 / MNC 01, the test network (ITU-T E.212), coded as 3GPP TS 24.008 codes MCC and MNC: '00F110'. */
export const TEST_NETWORK_MCC_MNC = Buffer.from('00F110', 'hex');

/**
 * The RAT of a software eUICC that is not told another: PPR1 and PPR2 allowed, with the End User's consent,
 * to profiles of the test network (001/01, the MCC/MNC of the GSMA TS.48 test profiles), and to no other
 * operator. A test eUICC's RAT is its maker's choice (SGP.22 2.9.2 fixes the structure, not the content);
 * this one lets a lab install and exercise PPR profiles of the test operator, and shows pprNotAllowed for
 * any other owner.
 */
export const DEFAULT_RAT: RulesAuthorisationTable = [
  {
    pprIds: ['ppr1', 'ppr2'],
    allowedOperators: [{ mccMnc: TEST_NETWORK_MCC_MNC }],
    pprFlags: ['consentRequired'],
  },
];

/** The RAT this eUICC was made with. */
export const ratOf = (card: { readonly rat?: RulesAuthorisationTable }): RulesAuthorisationTable =>
  card.rat ?? DEFAULT_RAT;

/** One nibble of an allowed operator's MCC/MNC against the owner's: 'E' stands for any digit (SGP.22 2.9.2). */
function mccMncMatches(allowed: Buffer, owner: Buffer): boolean {
  for (let i = 0; i < 3; i++) {
    const a = allowed[i] ?? 0;
    const o = owner[i] ?? 0;
    for (const shift of [4, 0]) {
      const an = (a >> shift) & 0xf;
      if (an !== 0xe && an !== ((o >> shift) & 0xf)) return false;
    }
  }
  return true;
}

const sameOptional = (allowed: Buffer | undefined, owner: Buffer | undefined) =>
  allowed === undefined || (owner !== undefined && allowed.equals(owner));

/** The operator is one the rule names (its GID1/GID2 too, where the rule gives them). */
const operatorMatches = (allowed: OperatorID, owner: OperatorID) =>
  mccMncMatches(allowed.mccMnc, owner.mccMnc) &&
  sameOptional(allowed.gid1, owner.gid1) &&
  sameOptional(allowed.gid2, owner.gid2);

/**
 * The first PPR of the metadata the RAT does not allow to its profileOwner, or undefined when all are allowed.
 * pprUpdateControl says how PPRs may be updated, it is no rule to authorise. A profile that names no owner
 * matches no operator of the table.
 */
export function pprNotAllowed(
  rat: RulesAuthorisationTable,
  metadata: Pick<StoreMetadataRequest, 'profilePolicyRules' | 'profileOwner'>,
): Ppr | undefined {
  const owner = metadata.profileOwner;
  return (metadata.profilePolicyRules ?? [])
    .filter((ppr) => ppr !== 'pprUpdateControl')
    .find(
      (ppr) =>
        !owner ||
        !rat.some(
          (rule) =>
            rule.pprIds.includes(ppr) && rule.allowedOperators.some((op) => operatorMatches(op, owner)),
        ),
    );
}
