/** The campaign as one JSON document: what was tested, the summary, every case with its exchanges. */
import { type CaseResult, summarise } from '../campaign.ts';

export interface CampaignInfo {
  readonly dut: 'smdp' | 'lpa';
  readonly target: string;
  readonly startedAt: string;
}

export function jsonReport(info: CampaignInfo, results: readonly CaseResult[]): string {
  return `${JSON.stringify({ ...info, summary: summarise(results), results }, null, 2)}\n`;
}
