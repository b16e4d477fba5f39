/** `rspsim session list|show`: the SM-DP+'s sessions and their decoded ES9+ exchanges, from its admin API. */
import type { Command } from 'commander';
import { readInputFileSync } from '../config/input-file.ts';
import { codeLabel } from '../errors/code-names.ts';
import { renderTree } from '../protocol/tree.ts';
import type { Scenario } from '../rsp-server/scenarios/scenario.ts';
import type { DecodedField } from '../smdp/trace/decode-exchange.ts';
import type { SessionSummary } from '../smdp/trace/session-trace.ts';
import type { traceView } from '../smdp/trace/trace-view.ts';
import { type AdminOptions, adminCall, withAdmin } from './admin-client.ts';
import { printList, printResult } from './output.ts';

const renderField = (field: DecodedField, indent: string) =>
  'children' in field || 'tag' in field
    ? renderTree(field, indent)
    : `${indent}${field.name}: ${field.value}`;

export function registerSessionCommands(program: Command): void {
  const session = program.command('session').description("the SM-DP+'s RSP sessions and their traces");

  withAdmin(session.command('list'))
    .description('sessions the SM-DP+ has seen, newest last')
    .action(async (options: AdminOptions) => {
      const { sessions } = await adminCall<{ sessions: SessionSummary[] }>(options, '/admin/sessions');
      printList(
        options,
        sessions,
        'no sessions',
        (s) =>
          `${s.transactionId}  ${new Date(s.lastSeen).toISOString()}  ${s.failed ? 'FAILED ' : ''}${s.functions.join(' > ')}`,
      );
    });

  withAdmin(session.command('show <transactionId>'))
    .description('every ES9+ exchange of a session, with its DER fields decoded')
    .action(async (transactionId: string, options: AdminOptions) => {
      const trace = await adminCall<ReturnType<typeof traceView>>(
        options,
        `/admin/sessions/${encodeURIComponent(transactionId)}`,
      );
      printResult(options, trace, () =>
        trace.exchanges
          .map((e) =>
            [
              `${e.receivedAt}  ${e.function}  ${e.durationMs} ms  HTTP ${e.httpStatus}  ${e.status.status}` +
                (e.status.statusCodeData
                  ? ` ${codeLabel(e.status.statusCodeData.subjectCode, e.status.statusCodeData.reasonCode)} (${e.status.statusCodeData.message})`
                  : ''),
              '  request:',
              ...e.request.map((f: DecodedField) => renderField(f, '    ')),
              '  response:',
              ...e.response.map((f: DecodedField) => renderField(f, '    ')),
            ].join('\n'),
          )
          .join('\n\n'),
      );
    });
}

export function registerScenarioCommands(program: Command): void {
  const scenario = program
    .command('scenario')
    .description("the SM-DP+'s test-lab scenarios (error injection)");

  withAdmin(scenario.command('list'))
    .description('scenarios the SM-DP+ applies')
    .action(async (options: AdminOptions) => {
      const { scenarios } = await adminCall<{ scenarios: Scenario[] }>(options, '/admin/scenarios');
      printList(
        options,
        scenarios,
        'no scenarios',
        (s) =>
          `${s.name}${s.enabled === false ? ' (disabled)' : ''}: ${s.function}${s.step ? `.${s.step}` : ''} ${JSON.stringify(s.action)}${s.times ? ` x${s.times}` : ''}${s.match?.matchingId ? ` for ${s.match.matchingId}` : ''}${s.description ? `\n    ${s.description}` : ''}`,
      );
    });

  withAdmin(scenario.command('add <file>'))
    .description('add the scenarios of a JSON file (one scenario or an array)')
    .option(
      '--create-order',
      "create the order each scenario's matchingId names when there is none (a reusable copy of DEMO)",
    )
    .action(async (file: string, options: AdminOptions & { createOrder?: true }) => {
      const parsed = JSON.parse(readInputFileSync(file, 'json').toString('utf8'));
      const path = options.createOrder ? '/admin/scenarios?createOrder=true' : '/admin/scenarios';
      const added: string[] = [];
      const orders: { matchingId: string; created: boolean; iccid?: string }[] = [];
      for (const one of Array.isArray(parsed) ? parsed : [parsed]) {
        const answer = await adminCall<{ added: string; order?: (typeof orders)[number] }>(
          options,
          path,
          'POST',
          JSON.stringify(one),
        );
        added.push(answer.added);
        if (answer.order) orders.push(answer.order);
      }
      printResult(options, { added, ...(options.createOrder ? { orders } : {}) }, () =>
        [
          `added ${added.join(', ')}`,
          ...orders.map((o) =>
            o.created
              ? `created the order ${o.matchingId} (ICCID ${o.iccid}, a reusable copy of DEMO)`
              : `the order ${o.matchingId} exists: left as it is`,
          ),
        ].join('\n'),
      );
    });

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    withAdmin(scenario.command(`${verb} <name>`))
      .description(
        enabled ? 'apply a scenario (its times count starts again)' : 'keep a scenario listed, unapplied',
      )
      .action(async (name: string, options: AdminOptions) => {
        await adminCall(options, `/admin/scenarios/${encodeURIComponent(name)}/${verb}`, 'POST');
        printResult(options, { [`${verb}d`]: name }, () => `${verb}d ${name}`);
      });
  }

  withAdmin(scenario.command('remove <name>'))
    .description('remove a scenario')
    .action(async (name: string, options: AdminOptions) => {
      await adminCall(options, `/admin/scenarios/${encodeURIComponent(name)}`, 'DELETE');
      printResult(options, { removed: name }, () => `removed ${name}`);
    });
}
