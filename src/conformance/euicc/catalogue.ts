/**
 * Every eUICC case, in the order the campaign runs them: what the card says of itself first, then each ES10b
 * step of a download in the order of a download, then ES10c and the notifications. The first call of each
 * function is in the case that tests it, so a card that fails a function fails that case, and the cases
 * using the function as a set-up step are inconclusive rather than failed.
 */
import { AUTHENTICATE_SERVER_CASES } from './cases/authenticate-server.ts';
import { CANCEL_SESSION_CASES } from './cases/cancel-session.ts';
import { CARD_INFORMATION_CASES } from './cases/card-information.ts';
import { LOAD_BPP_CASES } from './cases/load-bound-profile-package.ts';
import { LOAD_CRL_CASES } from './cases/load-crl.ts';
import { NOTIFICATION_CASES } from './cases/notifications.ts';
import { PREPARE_DOWNLOAD_CASES } from './cases/prepare-download.ts';
import { PROFILE_MANAGEMENT_CASES } from './cases/profile-management.ts';
import { PROFILE_POLICY_CASES } from './cases/profile-policy.ts';
import type { EuiccCase } from './euicc-case.ts';

const byId = (cases: readonly EuiccCase[], id: string): EuiccCase[] => cases.filter((c) => c.id === id);
const without = (cases: readonly EuiccCase[], ...ids: string[]) => cases.filter((c) => !ids.includes(c.id));

export const EUICC_CASES: readonly EuiccCase[] = [
  ...without(CARD_INFORMATION_CASES, 'EC-EID'),
  ...AUTHENTICATE_SERVER_CASES,
  ...PREPARE_DOWNLOAD_CASES,
  ...LOAD_BPP_CASES,
  ...byId(PROFILE_POLICY_CASES, 'EB-LBPP-PPR-NOT-ALLOWED'),
  ...CANCEL_SESSION_CASES,
  ...byId(CARD_INFORMATION_CASES, 'EC-EID'),
  ...without(PROFILE_MANAGEMENT_CASES, 'EC-MEMORY-RESET'),
  ...without(PROFILE_POLICY_CASES, 'EB-LBPP-PPR-NOT-ALLOWED'),
  ...byId(PROFILE_MANAGEMENT_CASES, 'EC-MEMORY-RESET'),
  ...LOAD_CRL_CASES,
  ...NOTIFICATION_CASES,
];
