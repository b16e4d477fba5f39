/**
 * The campaign as one JSON document: what was tested, the summary (each verdict counted apart), the failures
 * grouped by root cause (root-causes.ts), every case with
 * its readings of SGP.22 (clause, normative word, evidence), its verdict, the reading a failure violated, its
 * remarks and its exchanges.
 */
import { type CaseResult, summarise } from '../campaign.ts';
import { rootCauses } from '../root-causes.ts';

export interface CampaignInfo {
  readonly dut: 'smdp' | 'lpa' | 'euicc';
  readonly target: string;
  readonly startedAt: string;
}

export function jsonReport(info: CampaignInfo, results: readonly CaseResult[]): string {
  return `${JSON.stringify({ ...info, summary: summarise(results), rootCauses: rootCauses(results), results }, null, 2)}\n`;
}
