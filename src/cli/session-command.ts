/** `rspsim session list|show`: the SM-DP+'s sessions and their decoded ES9+ exchanges, from its admin API. */
import type { Command } from 'commander';
import { readInputFileSync } from '../config/input-file.ts';
import { codeLabel } from '../errors/code-names.ts';
import { renderTree } from '../protocol/tree.ts';
import type { Scenario } from '../rsp-server/scenarios/scenario.ts';
import type { DecodedField } from '../rsp-server/trace/decode-exchange.ts';
import type { SessionSummary } from '../smdp/trace/session-trace.ts';
import type { traceView } from '../smdp/trace/trace-view.ts';
import { adminCall, withAdmin } from './admin-client.ts';
import {
  askEachInstance,
  type InstancesOptions,
  instancesOf,
  manyInstances,
  withInstances,
} from './instances.ts';
import { printList, printResult } from './output.ts';

const renderField = (field: DecodedField, indent: string) =>
  'children' in field || 'tag' in field
    ? renderTree(field, indent)
    : `${indent}${field.name}: ${field.value}`;

export function registerSessionCommands(program: Command): void {
  const session = program.command('session').description("the SM-DP+'s RSP sessions and their traces");

  withInstances(withAdmin(session.command('list')))
    .description('sessions the SM-DP+ has seen, newest last (with --instances: of every instance)')
    .action(async (options: InstancesOptions) => {
      const parts = await askEachInstance(options, (instance) =>
        adminCall<{ sessions: SessionSummary[] }>(instance, '/admin/sessions'),
      );
      if (!manyInstances(options)) {
        printList(options, parts[0]?.answer.sessions ?? [], 'no sessions', (s) =>
          sessionLine(s, s.functions.join(' > ')),
        );
        return;
      }
      printList(options, mergedSessions(parts), 'no sessions', (s) =>
        sessionLine(s, s.servedBy.map((p) => `${p.url}: ${p.functions.join(' > ')}`).join('; ')),
      );
    });

  withInstances(withAdmin(session.command('show <transactionId>')))
    .description(
      'every ES9+ exchange of a session, with its DER fields decoded (with --instances: the parts every instance served, in time order)',
    )
    .action(async (transactionId: string, options: InstancesOptions) => {
      const parts = await askEachInstance(options, (instance) =>
        adminCall<TraceView>(instance, `/admin/sessions/${encodeURIComponent(transactionId)}`),
      );
      const many = manyInstances(options);
      const [first] = parts;
      if (!first) return;
      // The calls of one download may have been served by several instances: one trace, in time order,
      // each exchange naming its instance.
      const trace = many
        ? {
            ...first.answer,
            omittedExchanges: parts.reduce((n, p) => n + p.answer.omittedExchanges, 0),
            exchanges: parts
              .flatMap((p) => p.answer.exchanges.map((e) => ({ instance: p.url, ...e })))
              .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)),
          }
        : first.answer;
      printResult(options, trace, () =>
        trace.exchanges
          .map((e) =>
            [
              `${e.receivedAt}  ${e.function}  ${e.durationMs} ms  HTTP ${e.httpStatus}  ${e.status.status}` +
                (e.status.statusCodeData
                  ? ` ${codeLabel(e.status.statusCodeData.subjectCode, e.status.statusCodeData.reasonCode)} (${e.status.statusCodeData.message})`
                  : '') +
                ('instance' in e ? `  (${e.instance})` : ''),
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

type TraceView = ReturnType<typeof traceView>;

const sessionLine = (s: Pick<SessionSummary, 'transactionId' | 'lastSeen' | 'failed'>, functions: string) =>
  `${s.transactionId}  ${new Date(s.lastSeen).toISOString()}  ${s.failed ? 'FAILED ' : ''}${functions}`;

/**
 * The sessions of several instances, one entry per transactionId: seen from the first to the last call any
 * instance served, failed when a call failed anywhere, and which functions each instance served (the order
 * across instances is in `session show --instances`, which has each exchange's time).
 */
function mergedSessions(parts: { url: string; answer: { sessions: SessionSummary[] } }[]) {
  const merged = new Map<
    string,
    Omit<SessionSummary, 'functions' | 'lastFunction'> & {
      servedBy: { url: string; functions: readonly string[] }[];
    }
  >();
  for (const { url, answer } of parts) {
    for (const { functions, lastFunction: _, ...summary } of answer.sessions) {
      const known = merged.get(summary.transactionId);
      merged.set(
        summary.transactionId,
        known
          ? {
              ...known,
              firstSeen: Math.min(known.firstSeen, summary.firstSeen),
              lastSeen: Math.max(known.lastSeen, summary.lastSeen),
              failed: known.failed || summary.failed,
              omittedExchanges: known.omittedExchanges + summary.omittedExchanges,
              servedBy: [...known.servedBy, { url, functions }],
            }
          : { ...summary, servedBy: [{ url, functions }] },
      );
    }
  }
  return [...merged.values()].sort((a, b) => a.lastSeen - b.lastSeen);
}

export function registerScenarioCommands(program: Command): void {
  const scenario = program
    .command('scenario')
    .description("the SM-DP+'s test-lab scenarios (error injection)");

  withInstances(withAdmin(scenario.command('list')))
    .description('scenarios the SM-DP+ applies (with --instances: those of each instance)')
    .action(async (options: InstancesOptions) => {
      const parts = await askEachInstance(options, (instance) =>
        adminCall<{ scenarios: Scenario[] }>(instance, '/admin/scenarios'),
      );
      const many = manyInstances(options);
      const scenarios = parts.flatMap((p) =>
        p.answer.scenarios.map((s) => (many ? { instance: p.url, ...s } : s)),
      );
      printList(
        options,
        scenarios,
        'no scenarios',
        (s) =>
          `${'instance' in s ? `${s.instance}  ` : ''}${s.name}${s.enabled === false ? ' (disabled)' : ''}: ${s.function}${s.step ? `.${s.step}` : ''} ${JSON.stringify(s.action)}${s.times ? ` x${s.times}` : ''}${s.match?.matchingId ? ` for ${s.match.matchingId}` : ''}${s.description ? `\n    ${s.description}` : ''}`,
      );
    });

  withInstances(withAdmin(scenario.command('add <file>')))
    .description(
      'add the scenarios of a JSON file (one scenario or an array; with --instances: to every instance)',
    )
    .option(
      '--create-order',
      "create the order each scenario's matchingId names when there is none (a reusable copy of DEMO)",
    )
    .action(async (file: string, options: InstancesOptions & { createOrder?: true }) => {
      const parsed = JSON.parse(readInputFileSync(file, 'json').toString('utf8'));
      const path = options.createOrder ? '/admin/scenarios?createOrder=true' : '/admin/scenarios';
      const added: string[] = [];
      const orders: { matchingId: string; created: boolean; iccid?: string }[] = [];
      // One instance after the other: the orders --create-order makes are in the shared store, so the
      // first instance creates them and the others find them.
      for (const instance of instancesOf(options)) {
        for (const one of Array.isArray(parsed) ? parsed : [parsed]) {
          const answer = await adminCall<{ added: string; order?: (typeof orders)[number] }>(
            instance,
            path,
            'POST',
            JSON.stringify(one),
          );
          if (!added.includes(answer.added)) added.push(answer.added);
          if (answer.order && !orders.some((o) => o.matchingId === answer.order?.matchingId))
            orders.push(answer.order);
        }
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
    withInstances(withAdmin(scenario.command(`${verb} <name>`)))
      .description(
        enabled ? 'apply a scenario (its times count starts again)' : 'keep a scenario listed, unapplied',
      )
      .action(async (name: string, options: InstancesOptions) => {
        for (const instance of instancesOf(options))
          await adminCall(instance, `/admin/scenarios/${encodeURIComponent(name)}/${verb}`, 'POST');
        printResult(options, { [`${verb}d`]: name }, () => `${verb}d ${name}`);
      });
  }

  withInstances(withAdmin(scenario.command('remove <name>')))
    .description('remove a scenario (with --instances: from every instance)')
    .action(async (name: string, options: InstancesOptions) => {
      for (const instance of instancesOf(options))
        await adminCall(instance, `/admin/scenarios/${encodeURIComponent(name)}`, 'DELETE');
      printResult(options, { removed: name }, () => `removed ${name}`);
    });
}
