/** The CLI's way to a running SM-DP+: its admin API and ES2+, over HTTPS with the admin token. */
import { type Command, Option } from 'commander';
import { isObject, parseAnswer } from '../client/function-call.ts';
import { jsonRequest } from '../client/json-request.ts';
import { readInputFileSync } from '../config/input-file.ts';
import { HttpStatusError } from '../errors/client-errors.ts';
import { addSecretOption } from './secret-option.ts';

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
    return readInputFileSync(file, 'small').toString('utf8');
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

/**
 * One call to the SM-DP+'s admin API or ES2+ with the admin token: the answer's JSON, an HttpStatusError
 * (with the answer's body) when refused, a TransportError when the server cannot be reached or answers
 * without JSON. `T` is what the caller expects the route to answer.
 */
export async function adminCall<T = unknown>(
  options: AdminOptions,
  path: string,
  method = 'GET',
  body?: string,
  headers: Record<string, string> = {},
): Promise<T> {
  const token = options.token; // from --token-file, --token or RSPSIM_ADMIN_TOKEN (secret-option.ts)
  const certificate = clientCertificate(options);
  // ES2+ accepts a trusted client certificate instead of the token; the admin API wants the token.
  if (!token && !(certificate && path.startsWith('/gsma/')))
    throw new Error(
      'the admin token is needed: --token-file, RSPSIM_ADMIN_TOKEN or --token (printed when the SM-DP+ starts)',
    );
  const { status, text } = await jsonRequest(new URL(path, options.url), {
    // What was asked of which server; json-request says whether it was unreachable or not trusted.
    label: `${method} ${new URL(path, options.url).href}`,
    method,
    ...(body !== undefined ? { body } : {}),
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    tls: {
      ...(options.insecure
        ? { rejectUnauthorized: false }
        : { ca: readInputFileSync(options.ca ?? DEFAULT_CA, 'small').toString('utf8') }),
      ...certificate,
    },
  });
  const answer = parseAnswer('the SM-DP+ answered', status, text);
  if (status < 200 || status > 299) {
    const error = isObject(answer) && typeof answer.error === 'string' ? answer.error : `HTTP ${status}`;
    throw new HttpStatusError(status, answer, error);
  }
  return answer as T;
}

/** The options every command that talks to a running SM-DP+ takes. */
export const withAdmin = (command: Command) =>
  addSecretOption(
    command.addOption(
      new Option('--url <url>', 'SM-DP+ base URL').env('RSPSIM_URL').default('https://localhost:8443'),
    ),
    { flag: '--token <token>', help: 'admin token', env: 'RSPSIM_ADMIN_TOKEN' },
  )
    .option('--ca <pem>', 'CA certificate to trust (default: the SGP.26 test CI)')
    .option('--insecure', 'do not verify the TLS certificate')
    .option('--cert <pem>', 'TLS client certificate for ES2+ (with --key; the SM-DP+ must trust its CA)')
    .option('--key <pem>', 'private key of --cert')
    .option('--json', 'machine-readable output');
