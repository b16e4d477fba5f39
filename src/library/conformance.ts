/**
 * `rspsim/conformance`: SM-DP+ conformance campaigns with verdicts. `runCampaign(target, SMDP_CASES)` runs
 * the cases against a target (`startSelfSmdp` makes one of rspsim's own SM-DP+); reports from the results.
 */
export { allPassed, type CaseResult, runCampaign, type Summary, summarise } from '../conformance/campaign.ts';
export type { ConformanceCase } from '../conformance/conformance-case.ts';
export { jsonReport } from '../conformance/report/json.ts';
export { junitReport } from '../conformance/report/junit.ts';
export { type SelfSmdp, startSelfSmdp } from '../conformance/self-target.ts';
export { SMDP_CASES } from '../conformance/smdp-catalogue.ts';
export type { SmdpTarget } from '../conformance/target.ts';
