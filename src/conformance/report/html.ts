/**
 * One self-contained HTML page (no script, no external resource): the summary per area (each verdict counted
 * apart), then each case with its verdict, the readings of SGP.22 it enforces (clause, normative word,
 * evidence), the expected and observed values, its remarks, and its exchanges with their DER fields decoded
 * by the same decoder as the SM-DP+'s trace (hashCc masked).
 */

import { renderTree } from '../../protocol/tree.ts';
import { decodeBody } from '../../rsp-server/trace/decode-exchange.ts';
import { type CaseResult, summarise } from '../campaign.ts';
import type { Exchange } from '../exchange.ts';
import { type RootCause, rootCauses } from '../root-causes.ts';
import { VERDICT_KINDS, type VerdictKind } from '../verdict.ts';
import type { CampaignInfo } from './json.ts';
import { readingLine, remarkLine } from './verdict-text.ts';
import { xmlEscape as h } from './xml.ts';

/** Longest text shown for one body or tree: a BPP of a large profile would make the page unreadable. */
const MAX_SHOWN = 6000;
const cut = (text: string) =>
  text.length > MAX_SHOWN
    ? `${text.slice(0, MAX_SHOWN)}\n… (${text.length - MAX_SHOWN} more characters)`
    : text;

const STYLE = `body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}th:first-child,td:first-child{text-align:left}
.pass{color:#176f2c}.pass-with-remark{color:#1f5fa8}.fail{color:#b00020}.inconclusive{color:#8a6d00}.error{color:#6a1b9a}details{margin:.3em 0;border-left:4px solid #ddd;padding-left:.6em}
details.fail{border-color:#b00020}details.error{border-color:#6a1b9a}details.inconclusive{border-color:#e0b000}details.pass-with-remark{border-color:#1f5fa8}ul.readings{font-size:90%;color:#444}pre{background:#f6f6f6;padding:.5em;overflow:auto;max-height:30em}summary{cursor:pointer}.ex{margin-left:1em}`;

function exchange(e: Exchange): string {
  const decoded = (body: unknown) => {
    try {
      return decodeBody(body)
        .map((node) => renderTree(node))
        .join('\n');
    } catch {
      return '';
    }
  };
  const shown = (body: unknown) =>
    cut(typeof body === 'string' ? body : (JSON.stringify(body, null, 2) ?? ''));
  const request = e.decoded?.request ?? decoded(e.request);
  const response = e.decoded?.response ?? decoded(e.response);
  return `<details class="ex"><summary>${h(e.path)} → ${h(e.statusText ?? `HTTP ${e.status}`)} (${e.ms} ms)</summary>
<p>request</p><pre>${h(shown(e.request))}</pre>${request ? `<pre>${h(cut(request))}</pre>` : ''}
<p>response</p><pre>${h(shown(e.response))}</pre>${response ? `<pre>${h(cut(response))}</pre>` : ''}</details>`;
}

const LABEL: Readonly<Record<VerdictKind, string>> = {
  pass: 'PASS',
  'pass-with-remark': 'PASS WITH REMARK',
  fail: 'FAIL',
  inconclusive: 'INCONCLUSIVE',
  error: 'ERROR',
};

function caseSection(r: CaseResult): string {
  const detail =
    r.verdict === 'fail'
      ? `<p class="fail-detail"><b>${h(r.check ?? '')}</b>: expected <code>${h(r.expected ?? '')}</code>, observed <code>${h(r.observed ?? '')}</code>${r.reading ? ` — violates <b>${h(readingLine(r.reading))}</b>` : ''}</p>`
      : r.reason
        ? `<p>${r.step ? `step <b>${h(r.step)}</b>: ` : ''}${h(r.reason)}</p>`
        : '';
  const remarks = r.remarks.map((m) => `<p class="remark">remark: ${h(remarkLine(m))}</p>`).join('');
  const readings =
    r.readings.length > 0
      ? `<ul class="readings">${r.readings.map((reading) => `<li>${h(readingLine(reading))}</li>`).join('')}</ul>`
      : '';
  const notes = r.notes.map((n) => `<p>${h(n)}</p>`).join('');
  return `<details class="${r.verdict}" id="${h(r.id)}"><summary><span class="${r.verdict}">${LABEL[r.verdict]}</span> ${h(r.id)} — ${h(r.title)} (${r.ms} ms)</summary>
<p>${h(r.reference)}</p>${readings}${detail}${remarks}${notes}${r.exchanges.map(exchange).join('\n')}</details>`;
}

/** The failures grouped by root cause (root-causes.ts), largest group first. */
function rootCauseSection(results: readonly CaseResult[]): string {
  const causes = rootCauses(results);
  if (causes.length === 0) return '';
  const item = (c: RootCause) =>
    `<li>${c.cases.length} × <b>${h(c.function)}</b> → <code>${h(c.observed)}</code>: ${h(c.cases.join(', '))}</li>`;
  return `<h2>Failures by root cause</h2>\n<ul class="root-causes">${causes.map(item).join('\n')}</ul>`;
}

const DUT_NAMES = { smdp: 'SM-DP+', lpa: 'LPA', euicc: 'eUICC' } as const;

export function htmlReport(info: CampaignInfo, results: readonly CaseResult[]): string {
  const areas = [...new Set(results.map((r) => r.area))];
  const line = (name: string, rs: readonly CaseResult[]) => {
    const s = summarise(rs);
    return `<tr><td>${h(name)}</td><td>${s.total}</td>${VERDICT_KINDS.map((v) => `<td class="${v}">${s[v]}</td>`).join('')}</tr>`;
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rspsim conformance — ${h(info.dut)} ${h(info.target)}</title><style>${STYLE}</style></head>
<body><h1>rspsim conformance: ${h(DUT_NAMES[info.dut])} under test</h1>
<p>Target <code>${h(info.target)}</code>, started ${h(info.startedAt)}.</p>
<table><tr><th>area</th><th>cases</th><th>pass</th><th>pass with remark</th><th>fail</th><th>inconclusive</th><th>error</th></tr>
${areas
  .map((a) =>
    line(
      a,
      results.filter((r) => r.area === a),
    ),
  )
  .join('\n')}
${line('total', results)}</table>
${rootCauseSection(results)}
${areas
  .map(
    (a) =>
      `<h2>${h(a)}</h2>\n${results
        .filter((r) => r.area === a)
        .map(caseSection)
        .join('\n')}`,
  )
  .join('\n')}
</body></html>
`;
}
