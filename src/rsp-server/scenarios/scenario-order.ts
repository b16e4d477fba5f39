/**
 * The order a scenario names, as the admin API reports it (`POST /admin/scenarios?createOrder=true`). Only a
 * server that holds orders (the SM-DP+) creates one; it says here what it did, or why it could not.
 */

/** What became of a scenario's order: made now (with its ICCID), or there already (not touched). */
export type ScenarioOrder =
  | { readonly matchingId: string; readonly created: true; readonly iccid: string }
  | { readonly matchingId: string; readonly created: false };

/** The order cannot be created (no template profile to copy, no ICCID left): answered 409. */
export class ScenarioOrderError extends Error {
  override readonly name = 'ScenarioOrderError';
}

/** Creates the order `matchingId` names unless there is one already. */
export type CreateScenarioOrder = (matchingId: string) => Promise<ScenarioOrder>;
