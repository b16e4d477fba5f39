/** The CLI's way to a running SM-DP+: its admin API and ES2+, over HTTPS with the admin token. */
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import type { Command } from 'commander';

export interface AdminOptions {
  url: string;
  token?: string;
  ca?: string;
  insecure?: boolean;
  json?: boolean;
  /** TLS client certificate and key (PEM files): the operator's credential on ES2+ with mutual TLS. */
  cert?: string;
  key?: string;
}

function readPem(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** The client certificate options, both or neither. */
function clientCertificate(options: AdminOptions): { cert: string; key: string } | undefined {
  if (!options.cert && !options.key) return undefined;
  if (!options.cert || !options.key) throw new Error('--cert and --key go together');
  return { cert: readPem(options.cert, '--cert'), key: readPem(options.key, '--key') };
}

const DEFAULT_CA = new URL('../../certs/sgp26/CertificateIssuer/CERT_CI_ECDSA_NIST.pem', import.meta.url);

/** One call to the SM-DP+'s admin API or ES2+ with the admin token; a clear error for each failure. */
export function adminCall(
  options: AdminOptions,
  path: string,
  method = 'GET',
  body?: string,
  headers: Record<string, string> = {},
): Promise<any> {
  const token = options.token ?? process.env.RSPSIM_ADMIN_TOKEN;
  const certificate = clientCertificate(options);
  // ES2+ accepts a trusted client certificate instead of the token; the admin API wants the token.
  if (!token && !(certificate && path.startsWith('/gsma/')))
    throw new Error(
      'the admin token is needed: --token or RSPSIM_ADMIN_TOKEN (printed when the SM-DP+ starts)',
    );
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      new URL(path, options.url),
      {
        method,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        ...(options.insecure
          ? { rejectUnauthorized: false }
          : { ca: readFileSync(options.ca ?? DEFAULT_CA, 'utf8') }),
        ...certificate,
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
          if (status < 200 || status > 299)
            return reject(Object.assign(new Error(answer?.error ?? `HTTP ${status}`), { body: answer }));
          resolve(answer);
        });
      },
    );
    request.on('error', (error) => reject(new Error(`cannot reach ${options.url}: ${error.message}`)));
    request.end(body);
  });
}

/** The options every command that talks to a running SM-DP+ takes. */
export const withAdmin = (command: Command) =>
  command
    .option('--url <url>', 'SM-DP+ base URL', 'https://localhost:8443')
    .option('--token <token>', 'admin token (default: $RSPSIM_ADMIN_TOKEN)')
    .option('--ca <pem>', 'CA certificate to trust (default: the SGP.26 test CI)')
    .option('--insecure', 'do not verify the TLS certificate')
    .option('--cert <pem>', 'TLS client certificate for ES2+ (with --key; the SM-DP+ must trust its CA)')
    .option('--key <pem>', 'private key of --cert')
    .option('--json', 'machine-readable output');
