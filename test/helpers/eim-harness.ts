import { request } from 'node:https';
import pino from 'pino';
import { resolveEimConfig } from '../../src/eim/config.ts';
import { type EimStartOptions, type RunningEim, startEim } from '../../src/eim/start.ts';

/** A real eIM on a free loopback port with the bundled test eIM key and SGP.26 PKI. */
export function startTestEim(
  flags: Record<string, unknown> = {},
  options: EimStartOptions = {},
): Promise<RunningEim> {
  return startEim(resolveEimConfig({ flags: { port: 0, logLevel: 'silent', ...flags } }), {
    logger: pino({ level: 'silent' }),
    ...options,
  });
}

export interface EsipaHttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/** One raw ESipa POST (SGP.32 6.1), headers as an IPA sends them unless replaced. */
export function postEsipa(
  eim: { url: string; caPem: string },
  body: Buffer,
  headers: Readonly<Record<string, string | undefined>> = {},
): Promise<EsipaHttpAnswer> {
  const sent = Object.fromEntries(
    Object.entries({
      'Content-Type': 'application/x-gsma-rsp-asn1',
      'X-Admin-Protocol': 'gsma/rsp/v2.1.0',
      'User-Agent': 'gsma-rsp-ipad',
      ...headers,
    }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return new Promise((resolve, reject) => {
    const req = request(
      `${eim.url}/gsma/rsp2/asn1`,
      { method: 'POST', ca: eim.caPem, headers: sent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
