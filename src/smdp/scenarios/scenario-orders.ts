/**
 * The orders a scenario file's entries act on (issue 17): an entry naming a matchingId the SM-DP+ has no
 * order for would never act, and the catalogue's entries each name their own (the entry name in upper
 * case). Each missing one is created from the demo profile's package as a reusable profile, so an entry can
 * be run again and again without creating an order by hand.
 */
import { iccidFromDigits, iccidFromProfileHeader } from '../../profile/iccid.ts';
import { readProfileHeader } from '../../profile/profile-header.ts';
import { uppWithIccid } from '../../profile/upp-with-iccid.ts';
import type { ProfileRepository } from '../profile-repository.ts';
import type { Scenario } from './scenario.ts';

/** The profile whose package and metadata the created orders share (fixtures/profiles/catalogue.json). */
export const SCENARIO_ORDER_TEMPLATE = 'DEMO';

/** ICCID digits 15-18 of the created orders count from here (uppWithIccid), apart from the test lab's. */
const FIRST_ICCID_SUFFIX = 9000;

/** Adds the missing orders; returns their matchingIds (none when there is no demo profile to copy). */
export async function addScenarioOrders(
  scenarios: readonly Scenario[],
  profiles: ProfileRepository,
): Promise<string[]> {
  const template = await profiles.findByMatchingId(SCENARIO_ORDER_TEMPLATE);
  if (!template) return [];
  const upp = await profiles.loadPackage(template.id);
  const added: string[] = [];
  let n = FIRST_ICCID_SUFFIX;
  for (const matchingId of new Set(scenarios.map((s) => s.match.matchingId))) {
    if (!matchingId || (await profiles.findByMatchingId(matchingId))) continue;
    // ICCIDs are unique in an inventory: each order gets a copy of the package with its own.
    let own: Buffer;
    let iccid: string;
    do {
      own = uppWithIccid(upp, n++);
      iccid = iccidFromProfileHeader(readProfileHeader(own).iccid);
    } while (await profiles.findByIccid(iccid));
    const metadata = { ...template.metadata, iccid: iccidFromDigits(iccid) };
    const id = `scenario-${matchingId.toLowerCase()}`;
    await profiles.add({ ...template, id, iccid, matchingId, metadata, reusable: true }, own);
    added.push(matchingId);
  }
  return added;
}
