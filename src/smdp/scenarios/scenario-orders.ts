/**
 * The order a scenario acts on, created when asked for. A scenario naming a matchingId acts only
 * on a download of that order, and the catalogue ships no orders: an operator usually places them through
 * ES2+. For a stand-alone lab, `scenario add --create-order` (admin API: `POST /admin/scenarios?createOrder=true`)
 * and `smdp start --create-scenario-orders` create the missing ones as reusable copies of the DEMO profile,
 * each with an ICCID of its own. Only on request: an order created unasked would take a matchingId an
 * operator then orders through ES2+ (answered 8.2.6/3.3 Conflicting matchingId).
 */
import { iccidFromDigits, iccidFromProfileHeader } from '../../profile/iccid.ts';
import { type ScenarioOrder, ScenarioOrderError } from '../../rsp-server/scenarios/scenario-order.ts';
import { readProfileHeader } from '../../saip/read-profile-header.ts';
import { uppWithIccid } from '../../saip/upp-with-iccid.ts';
import type { ProfileRepository } from '../profile-repository.ts';

/** The profile whose package and metadata the created orders copy (fixtures/profiles/catalogue.json). */
export const SCENARIO_ORDER_TEMPLATE = 'DEMO';

/** ICCID digits 15-18 of the created orders count from here (uppWithIccid), apart from the tests' ones. */
const FIRST_ICCID_SUFFIX = 9000;
const LAST_ICCID_SUFFIX = 9999;

/** Creates the order `matchingId` names unless a profile holds that matchingId already. */
export async function createScenarioOrder(
  profiles: ProfileRepository,
  matchingId: string,
): Promise<ScenarioOrder> {
  if (await profiles.findByMatchingId(matchingId)) return { matchingId, created: false };
  const template = await profiles.findByMatchingId(SCENARIO_ORDER_TEMPLATE);
  if (!template)
    throw new ScenarioOrderError(
      `no ${SCENARIO_ORDER_TEMPLATE} profile to copy for the order ${matchingId}: place it through ES2+`,
    );
  const id = `scenario-${matchingId.toLowerCase()}`;
  if (await profiles.has(id))
    throw new ScenarioOrderError(
      `the profile ${id} exists with another matchingId: the order ${matchingId} was not created`,
    );
  const upp = await profiles.loadPackage(template.id);
  // ICCIDs are unique in an inventory: each order gets a copy of the package with its own.
  for (let n = FIRST_ICCID_SUFFIX; n <= LAST_ICCID_SUFFIX; n++) {
    const own = uppWithIccid(upp, n);
    const iccid = iccidFromProfileHeader(readProfileHeader(own).iccid);
    if (await profiles.findByIccid(iccid)) continue;
    // Workers sharing a store start together: another may have added this order or taken this ICCID.
    try {
      await profiles.add(
        {
          id,
          iccid,
          matchingId,
          // A ready order like DEMO's (no confirmation code, no EID, no limits), taken by no download.
          state: template.state,
          ccMaxAttempts: template.ccMaxAttempts,
          ccFailedAttempts: 0,
          downloadAttempts: 0,
          metadata: { ...template.metadata, iccid: iccidFromDigits(iccid) },
          ...(template.notificationAddress ? { notificationAddress: template.notificationAddress } : {}),
          reusable: true,
        },
        own,
      );
    } catch (error) {
      if (await profiles.findByMatchingId(matchingId)) return { matchingId, created: false };
      if (await profiles.findByIccid(iccid)) continue;
      throw error;
    }
    return { matchingId, created: true, iccid };
  }
  throw new ScenarioOrderError(`no free ICCID left for the order ${matchingId}`);
}

/** The orders of several scenarios (each matchingId once); scenarios without a matchingId need none. */
export async function createScenarioOrders(
  profiles: ProfileRepository,
  scenarios: readonly { readonly match: { readonly matchingId?: string } }[],
): Promise<ScenarioOrder[]> {
  const orders: ScenarioOrder[] = [];
  for (const matchingId of new Set(scenarios.map((s) => s.match.matchingId))) {
    if (matchingId) orders.push(await createScenarioOrder(profiles, matchingId));
  }
  return orders;
}
