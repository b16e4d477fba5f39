/** The lines every report format prints for a failure, a remark and a reading (one wording everywhere). */
import type { CaseResult } from '../campaign.ts';
import { citation, type Reading, type Remark } from '../verdict.ts';

/** "SGP.22 5.6.1 SHALL: refuses … (evidence: …)". */
export const readingLine = (r: Reading): string =>
  `${citation(r)}: ${r.says}${r.evidence ? ` (evidence: ${r.evidence})` : ''}`;

/** "check: expected X, observed Y [SGP.22 5.6.1 SHALL]". */
export const failureLine = (r: CaseResult): string =>
  `${r.check}: expected ${r.expected}, observed ${r.observed}${r.reading ? ` [${citation(r.reading)}]` : ''}`;

/** "what: expected X, observed Y [SGP.22 5.6.2 MAY]". */
export const remarkLine = (r: Remark): string =>
  `${r.what}: expected ${r.expected}, observed ${r.observed} [${citation(r.reading)}]`;
