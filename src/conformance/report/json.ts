/**
 * The campaign as one JSON document: what was tested, the summary (each verdict counted apart), every case with
 * its readings of SGP.22 (clause, normative word, evidence), its verdict, the reading a failure violated, its
 * remarks and its exchanges.
 */
import { type CaseResult, summarise } from '../campaign.ts';

export interface CampaignInfo {
  readonly dut: 'smdp' | 'lpa' | 'euicc';
  readonly target: string;
  readonly startedAt: string;
}

export function jsonReport(info: CampaignInfo, results: readonly CaseResult[]): string {
  return `${JSON.stringify({ ...info, summary: summarise(results), results }, null, 2)}\n`;
}
