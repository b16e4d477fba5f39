import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  allPassed,
  type CampaignOptions,
  type CaseResult,
  caseSelector,
  summarise,
} from '../conformance/campaign.ts';
import { htmlReport } from '../conformance/report/html.ts';
import { type CampaignInfo, jsonReport } from '../conformance/report/json.ts';
import { junitReport } from '../conformance/report/junit.ts';
import { caseLine, progressBar, summaryTable } from '../conformance/report/terminal.ts';
import { printList } from './output.ts';

/** The options every campaign takes: which cases (`--cases`, `--list`) and which reports. */
export interface CampaignReportOptions {
  cases?: string;
  list?: boolean;
  junit?: string;
  json?: string | boolean;
  html?: string;
}

/** Writes the reports asked for and returns the exit code: 0 only when every selected case passed (remarks allowed). */
export function finishCampaign(
  options: Pick<CampaignReportOptions, 'junit' | 'json' | 'html'>,
  info: CampaignInfo,
  results: readonly CaseResult[],
): number {
  if (options.junit) writeFileSync(options.junit, junitReport(results));
  if (typeof options.json === 'string') writeFileSync(options.json, jsonReport(info, results));
  if (options.json === true) process.stdout.write(jsonReport(info, results));
  else process.stdout.write(`\n${summaryTable(results)}\n`);
  if (options.html) writeFileSync(options.html, htmlReport(info, results));
  return allPassed(summarise(results)) ? 0 : 1;
}

/** The cases `--cases` selects; with `--list` they are printed and undefined is returned. */
export function selected<C extends { id: string; area: string; title: string; reference: string }>(
  all: readonly C[],
  options: { cases?: string; list?: boolean; json?: string | boolean },
): readonly C[] | undefined {
  const cases = all.filter(caseSelector(options.cases));
  if (options.list) {
    // Columns as wide as the catalogue's longest id and area, so that every selection lines up alike.
    const idWidth = Math.max(...all.map((c) => c.id.length));
    const areaWidth = Math.max(...all.map((c) => c.area.length));
    const listed = cases.map(({ id, area, title, reference }) => ({ id, area, title, reference }));
    // --list --json: the cases as JSON, like every other --json; text otherwise, in aligned columns.
    printList({ json: options.json === true }, listed, 'no case matches --cases', (c) =>
      [c.id.padEnd(idWidth), c.area.padEnd(areaWidth), `${c.title} [${c.reference}]`].join('  '),
    );
    if (options.json !== true) process.stdout.write(`${cases.length} cases\n`);
    return undefined;
  }
  if (cases.length === 0) throw new Error(`no case matches --cases ${options.cases}`);
  return cases;
}

/** One line per case on the terminal, over a progress bar when stdout is a TTY (nothing with --json alone). */
export function terminalReport(options: { json?: string | boolean }): CampaignOptions {
  const terminal = options.json !== true;
  const tty = terminal && process.stdout.isTTY === true;
  return {
    onStart: (c, i, total) => {
      if (tty) process.stdout.write(progressBar(i, total, c.id));
    },
    onResult: (r) => {
      if (terminal) process.stdout.write(`${tty ? '\r\x1b[K' : ''}${caseLine(r)}\n`);
    },
  };
}

/** The options every campaign takes: which cases (`--cases`, `--list`) and which reports. */
export function withCampaignOptions(command: Command, exampleGlobs: string): Command {
  return command
    .option('--cases <globs>', `only these cases, comma-separated globs on ids (e.g. ${exampleGlobs})`)
    .option('--list', 'list the selected cases and exit')
    .option('--junit <file>', 'write a JUnit XML report')
    .option(
      '--json [file]',
      'write the JSON report to a file, or without one print it instead of the terminal report',
    )
    .option('--html <file>', 'write a self-contained HTML report');
}
