/** `rspsim session list|show`: the SM-DP+'s sessions and their decoded ES9+ exchanges, from its admin API. */
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import type { Command } from 'commander';
import { renderTree } from '../asn1/tree.ts';
import type { DecodedField } from '../smdp/trace/decode-exchange.ts';
import { printResult } from './output.ts';

interface AdminOptions {
  url: string;
  token?: string;
  ca?: string;
  insecure?: boolean;
  json?: boolean;
}

const DEFAULT_CA = new URL('../../certs/sgp26/CertificateIssuer/CERT_CI_ECDSA_NIST.pem', import.meta.url);

function adminCall(options: AdminOptions, path: string, method = 'GET', body?: string): Promise<any> {
  const token = options.token ?? process.env.RSPSIM_ADMIN_TOKEN;
  if (!token)
    throw new Error(
      'the admin token is needed: --token or RSPSIM_ADMIN_TOKEN (printed when the SM-DP+ starts)',
    );
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      new URL(path, options.url),
      {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(options.insecure
          ? { rejectUnauthorized: false }
          : { ca: readFileSync(options.ca ?? DEFAULT_CA, 'utf8') }),
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        response.on('end', () => {
          let answer: any;
          try {
            answer = JSON.parse(text);
          } catch {
            return reject(new Error(`the SM-DP+ answered HTTP ${response.statusCode} without JSON`));
          }
          const status = response.statusCode ?? 0;
          if (status < 200 || status > 299) return reject(new Error(answer?.error ?? `HTTP ${status}`));
          resolve(answer);
        });
      },
    );
    request.on('error', (error) => reject(new Error(`cannot reach ${options.url}: ${error.message}`)));
    request.end(body);
  });
}

const renderField = (field: DecodedField, indent: string) =>
  'children' in field || 'tag' in field
    ? renderTree(field, indent)
    : `${indent}${field.name}: ${field.value}`;

const withAdmin = (command: Command) =>
  command
    .option('--url <url>', 'SM-DP+ base URL', 'https://localhost:8443')
    .option('--token <token>', 'admin token (default: $RSPSIM_ADMIN_TOKEN)')
    .option('--ca <pem>', 'CA certificate to trust (default: the SGP.26 test CI)')
    .option('--insecure', 'do not verify the TLS certificate')
    .option('--json', 'machine-readable output');

export function registerSessionCommands(program: Command): void {
  const session = program.command('session').description("the SM-DP+'s RSP sessions and their traces");

  withAdmin(session.command('list'))
    .description('sessions the SM-DP+ has seen, newest last')
    .action(async (options: AdminOptions) => {
      const { sessions } = await adminCall(options, '/admin/sessions');
      printResult(options, sessions, () =>
        sessions.length === 0
          ? 'no sessions'
          : sessions
              .map(
                (s: any) =>
                  `${s.transactionId}  ${new Date(s.lastSeen).toISOString()}  ${s.failed ? 'FAILED ' : ''}${s.functions.join(' > ')}`,
              )
              .join('\n'),
      );
    });

  withAdmin(session.command('show <transactionId>'))
    .description('every ES9+ exchange of a session, with its DER fields decoded')
    .action(async (transactionId: string, options: AdminOptions) => {
      const trace = await adminCall(options, `/admin/sessions/${encodeURIComponent(transactionId)}`);
      printResult(options, trace, () =>
        trace.exchanges
          .map((e: any) =>
            [
              `${e.receivedAt}  ${e.function}  ${e.durationMs} ms  HTTP ${e.httpStatus}  ${e.status.status}` +
                (e.status.statusCodeData
                  ? ` ${e.status.statusCodeData.subjectCode}/${e.status.statusCodeData.reasonCode} ${e.status.statusCodeData.message}`
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
      const { scenarios } = await adminCall(options, '/admin/scenarios');
      printResult(options, scenarios, () =>
        scenarios.length === 0
          ? 'no scenarios'
          : scenarios
              .map(
                (s: any) =>
                  `${s.name}${s.enabled === false ? ' (disabled)' : ''}: ${s.function}${s.step ? `.${s.step}` : ''} ${JSON.stringify(s.action)}${s.times ? ` x${s.times}` : ''}${s.match?.matchingId ? ` for ${s.match.matchingId}` : ''}${s.description ? `\n    ${s.description}` : ''}`,
              )
              .join('\n'),
      );
    });

  withAdmin(scenario.command('add <file>'))
    .description('add the scenarios of a JSON file (one scenario or an array)')
    .action(async (file: string, options: AdminOptions) => {
      const parsed = JSON.parse(readFileSync(file, 'utf8'));
      const added: string[] = [];
      for (const one of Array.isArray(parsed) ? parsed : [parsed]) {
        added.push((await adminCall(options, '/admin/scenarios', 'POST', JSON.stringify(one))).added);
      }
      printResult(options, { added }, () => `added ${added.join(', ')}`);
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
