/** `rspsim session list|show`: the SM-DP+'s sessions and their decoded ES9+ exchanges, from its admin API. */
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
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

function adminGet(options: AdminOptions, path: string): Promise<any> {
  const token = options.token ?? process.env.RSPSIM_ADMIN_TOKEN;
  if (!token)
    throw new Error(
      'the admin token is needed: --token or RSPSIM_ADMIN_TOKEN (printed when the SM-DP+ starts)',
    );
  return new Promise((resolve, reject) => {
    const request = get(
      new URL(path, options.url),
      {
        headers: { Authorization: `Bearer ${token}` },
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
          let body: any;
          try {
            body = JSON.parse(text);
          } catch {
            return reject(new Error(`the SM-DP+ answered HTTP ${response.statusCode} without JSON`));
          }
          if (response.statusCode !== 200)
            return reject(new Error(body?.error ?? `HTTP ${response.statusCode}`));
          resolve(body);
        });
      },
    );
    request.on('error', (error) => reject(new Error(`cannot reach ${options.url}: ${error.message}`)));
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
      const { sessions } = await adminGet(options, '/admin/sessions');
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
      const trace = await adminGet(options, `/admin/sessions/${encodeURIComponent(transactionId)}`);
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
