/** An LPA campaign: each case against the lab's SM-DP+, with the exchanges the SM-DP+ traced. */
import { type CampaignOptions, type CaseResult, runCases } from '../campaign.ts';
import type { Exchange } from '../exchange.ts';
import type { Remark } from '../verdict.ts';
import type { Dut } from './dut.ts';
import type { LpaLab } from './lab.ts';
import type { LpaCase, LpaCaseContext } from './lpa-cases.ts';

export function runLpaCampaign(
  lab: LpaLab,
  dut: Dut,
  cases: readonly LpaCase[],
  options: CampaignOptions = {},
): Promise<CaseResult[]> {
  return runCases<LpaCaseContext>(
    cases,
    () => {
      const notes: string[] = [];
      const remarks: Remark[] = [];
      const exchanges: Exchange[] = [];
      return {
        notes,
        remarks,
        context: {
          lab,
          dut,
          note: (text) => notes.push(text),
          remark: (remark) => remarks.push(remark),
          record: (observation) => exchanges.push(...observation.exchanges),
        },
        exchanges: () => exchanges,
        close: () => undefined,
      };
    },
    options,
  );
}
