/**
 * Profile Policy Rules on the card (SGP.22 2.9): a profile whose PPRs the card's Rules Authorisation Table
 * does not allow to its owner is not installed (2.9.2, ES8+.StoreMetadata 5.5.3: errorReason pprNotAllowed);
 * a profile with PPR1 cannot be disabled, nor another enabled in its place (2.9.1, 5.7.16, 5.7.17); one
 * with PPR2 cannot be deleted (2.9.1, 5.7.18): each refused with disallowedByPolicy, the ES10c result the
 * RSPDefinitions module names for a policy refusal. The owners are chosen from the card's own RAT (GetRAT,
 * 5.7.22), so the cases hold for any RAT; where the RAT leaves no owner to use, the case is inconclusive.
 *
 * A PPR1 profile once enabled, and a PPR2 profile once installed, cannot be removed but by eUICCMemoryReset
 * (5.7.19 deletes operational profiles whatever their PPRs): those cases are destructive and end with it.
 */
import {
  EuiccMemoryResetRequest,
  GetRatRequest,
  GetRatResponse,
  type OperatorID,
} from '../../../asn1/rsp/index.ts';
import { pprNotAllowed, type RulesAuthorisationTable } from '../../../euicc/rules-authorisation-table.ts';
import { check, checkThat, Inconclusive, precondition, shall } from '../../verdict.ts';
import type { EuiccCase, EuiccCaseContext } from '../euicc-case.ts';
import { download } from './load-bound-profile-package.ts';
import { checkSwitchable, disable, enable, remove, stateOf } from './profile-management.ts';

const NOT_ALLOWED = shall(
  'SGP.22 2.9.2, 5.5.3 (ES8+.StoreMetadata)',
  "a profile with a PPR the eUICC's RAT does not allow to its profileOwner is not installed: errorReason pprNotAllowed",
  'pprNotAllowed(15) is the ErrorReason of the RSPDefinitions module for it; our emulator checks at StoreMetadata (bppCommandId storeMetadata), the case checks only the reason and that nothing is installed',
);
const PPR1_DISABLE = shall(
  'SGP.22 2.9.1, 5.7.17',
  'DisableProfile of an enabled profile with PPR1 ("disabling of this Profile is not allowed") answers disallowedByPolicy; the profile stays enabled',
);
const PPR1_ENABLE_OTHER = shall(
  'SGP.22 2.9.1, 5.7.16',
  'EnableProfile of another profile while the enabled one has PPR1 answers disallowedByPolicy (it would disable the PPR1 profile)',
);
const PPR2_DELETE = shall(
  'SGP.22 2.9.1, 5.7.18',
  'DeleteProfile of a profile with PPR2 ("deletion of this Profile is not allowed") answers disallowedByPolicy; the profile stays',
);

type Ppr = 'ppr1' | 'ppr2';

/** Owners tried for a refusal: 999/99, then a few real networks' codes (3GPP TS 24.008 coding). */
const CANDIDATE_OWNERS = ['99F999', '21F354', '13F020', '00F110'].map((hex) => Buffer.from(hex, 'hex'));

async function ratOf(context: EuiccCaseContext): Promise<RulesAuthorisationTable> {
  return precondition(
    'GetRAT',
    async () => GetRatResponse.decode(await context.card.storeData(GetRatRequest.encode({}))).rat,
  );
}

/** An operator the RAT allows `ppr` to: a rule's own, each wildcard nibble 'E' made a digit. */
function allowedOwner(rat: RulesAuthorisationTable, ppr: Ppr): OperatorID {
  for (const rule of rat.filter((r) => r.pprIds.includes(ppr)))
    for (const op of rule.allowedOperators) {
      const mccMnc = Buffer.from(
        op.mccMnc.map((b) => (b >> 4 === 0xe ? 0 : b & 0xf0) | ((b & 0xf) === 0xe ? 0 : b & 0x0f)),
      );
      const owner = { ...op, mccMnc };
      if (!pprNotAllowed(rat, { profilePolicyRules: [ppr], profileOwner: owner })) return owner;
    }
  throw new Inconclusive(
    `the card's RAT allows ${ppr} to no operator: no profile with ${ppr} can be installed`,
    'GetRAT',
  );
}

/** An operator the RAT does not allow `ppr` to. */
function refusedOwner(rat: RulesAuthorisationTable, ppr: Ppr): Buffer {
  const owner = CANDIDATE_OWNERS.find((mccMnc) =>
    pprNotAllowed(rat, { profilePolicyRules: [ppr], profileOwner: { mccMnc } }),
  );
  if (!owner)
    throw new Inconclusive(
      `the card's RAT allows ${ppr} to every operator tried (${CANDIDATE_OWNERS.map((o) => o.toString('hex').toUpperCase()).join(', ')})`,
      'GetRAT',
    );
  return owner;
}

/** Every operational profile gone: the only way off the card for a PPR1 or PPR2 profile (destructive). */
async function memoryReset(context: EuiccCaseContext): Promise<void> {
  await context.card.storeData(
    EuiccMemoryResetRequest.encode({ resetOptions: ['deleteOperationalProfiles'] }),
  );
  context.note(
    'eUICCMemoryReset deleteOperationalProfiles: the PPR profile (and every operational profile) deleted',
  );
}

export const PROFILE_POLICY_CASES: readonly EuiccCase[] = [
  {
    id: 'EB-LBPP-PPR-NOT-ALLOWED',
    area: 'ES10b.LoadBoundProfilePackage',
    title:
      "a profile with PPR1 whose owner the card's RAT does not allow it to: pprNotAllowed, not installed",
    reference: 'SGP.22 2.9.2, 5.5.3, 5.7.6, 5.7.22',
    readings: [NOT_ALLOWED],
    async run(context) {
      const owner = refusedOwner(await ratOf(context), 'ppr1');
      context.note(
        `profileOwner ${owner.toString('hex').toUpperCase()}: the card's RAT does not allow it PPR1`,
      );
      const profile = await context.profile({ ppr: ['ppr1'], owner });
      const { line, shown } = await download(context, { profile });
      checkThat('finalResult', line.endsWith('/pprNotAllowed'), 'error */pprNotAllowed', shown, NOT_ALLOWED);
      check('the profile', 'absent', await stateOf(context, profile.iccid), NOT_ALLOWED);
    },
  },
  {
    id: 'EC-PPR1-DISABLE',
    area: 'ES10c.ProfileManagement',
    title:
      'an enabled profile with PPR1: DisableProfile and enabling another profile answer disallowedByPolicy (destructive)',
    reference: 'SGP.22 2.9.1, 5.7.16, 5.7.17',
    readings: [PPR1_DISABLE, PPR1_ENABLE_OTHER],
    destructive: true,
    async run(context) {
      const owner = allowedOwner(await ratOf(context), 'ppr1');
      await checkSwitchable(context);
      const locked = await context.install(await context.profile({ ppr: ['ppr1'], owner: owner.mccMnc }));
      const other = await context.install(await context.profile());
      const { iccid } = locked.profile;
      try {
        await precondition('EnableProfile of the PPR1 profile', async () =>
          check('enableResult', 'ok', await enable(context, { iccid })),
        );
        check('disableResult', 'disallowedByPolicy', await disable(context, { iccid }), PPR1_DISABLE);
        check('the PPR1 profile', 'enabled', await stateOf(context, iccid), PPR1_DISABLE);
        check(
          'enableResult of another profile',
          'disallowedByPolicy',
          await enable(context, { iccid: other.profile.iccid }),
          PPR1_ENABLE_OTHER,
        );
        check('the PPR1 profile', 'enabled', await stateOf(context, iccid), PPR1_ENABLE_OTHER);
      } finally {
        await memoryReset(context);
      }
    },
  },
  {
    id: 'EC-PPR2-DELETE',
    area: 'ES10c.ProfileManagement',
    title: 'a profile with PPR2: DeleteProfile answers disallowedByPolicy (destructive)',
    reference: 'SGP.22 2.9.1, 5.7.18',
    readings: [PPR2_DELETE],
    destructive: true,
    async run(context) {
      const owner = allowedOwner(await ratOf(context), 'ppr2');
      const locked = await context.install(await context.profile({ ppr: ['ppr2'], owner: owner.mccMnc }));
      const { iccid } = locked.profile;
      try {
        check('deleteResult', 'disallowedByPolicy', await remove(context, { iccid }), PPR2_DELETE);
        check('the PPR2 profile', 'disabled', await stateOf(context, iccid), PPR2_DELETE);
      } finally {
        await memoryReset(context);
      }
    },
  },
];
