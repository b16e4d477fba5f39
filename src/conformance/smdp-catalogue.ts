/**
 * Every SM-DP+ conformance case, in SGP.23 area order. Ids are stable: reports and CI pipelines refer to them.
 */

import { authenticateClientCases } from './cases/authenticate-client.ts';
import { cancelSessionCases } from './cases/cancel-session.ts';
import { completeFlowCases } from './cases/complete-flows.ts';
import { es2plusCases } from './cases/es2plus.ts';
import { getBoundProfilePackageCases } from './cases/get-bound-profile-package.ts';
import { handleNotificationCases } from './cases/handle-notification.ts';
import { initiateAuthenticationCases } from './cases/initiate-authentication.ts';
import type { ConformanceCase } from './conformance-case.ts';

export const SMDP_CASES: readonly ConformanceCase[] = [
  ...initiateAuthenticationCases,
  ...authenticateClientCases,
  ...getBoundProfilePackageCases,
  ...handleNotificationCases,
  ...cancelSessionCases,
  ...es2plusCases,
  ...completeFlowCases,
];

/**
 * Cases rspsim's own SM-DP+ does not pass yet, with the reason (the behaviour is being fixed elsewhere). The
 * CI test of the runner against rspsim expects exactly these to fail; everything else must pass.
 */
export const KNOWN_FAILING_ON_RSPSIM: Readonly<Record<string, string>> = {
  'GBPP-RETRY-BPP-EUICC-OTPK':
    'issue 12: smdpSigned2.bppEuiccOtpk on a retry after a bound BPP is not served yet',
  'GBPP-ERR-RETRY-NEW-OTPK':
    'issue 12: a bound BPP is re-bound to a new eUICC one-time key instead of 8.2/3.7',
  'ES2-CAN-ERR-MATCHINGID':
    'issue 12: CancelOrder answers 8.2.6/3.8, SGP.22 5.3.3 says 8.2.6/3.10 (Invalid Association)',
  'ES2-CAN-ERR-EID':
    'issue 12: CancelOrder answers 8.1.1/3.8, SGP.22 5.3.3 says 8.1.1/3.10 (Invalid Association)',
};

const ids = new Set<string>();
for (const c of SMDP_CASES) {
  if (ids.has(c.id)) throw new Error(`conformance case id ${c.id} is used twice`);
  ids.add(c.id);
}
