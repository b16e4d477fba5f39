import pino from 'pino';
import { Es12Client } from '../../src/client/es12-client.ts';
import { FunctionFailedError } from '../../src/errors/client-errors.ts';
import type { StatusCodeName } from '../../src/errors/status-codes.ts';
import { ensureTlsCertificate } from '../../src/pki/tls-certificate.ts';
import type { Es12FunctionName, Es12Request } from '../../src/protocol/es12-functions.ts';
import { resolveSmdsConfig } from '../../src/smds/config.ts';
import { type RunningSmds, type SmdsStartOptions, startSmds } from '../../src/smds/start.ts';

/** A real SM-DS on a free loopback port with the bundled SGP.26 PKI (DSauth issued at start), in memory. */
export function startTestSmds(
  flags: Record<string, unknown> = {},
  options: SmdsStartOptions = {},
): Promise<RunningSmds> {
  return startSmds(resolveSmdsConfig({ flags: { port: 0, logLevel: 'silent', store: 'memory', ...flags } }), {
    logger: pino({ level: 'silent' }),
    ...options,
  });
}

/** ES12 as an SM-DP+ with the SGP.26 CI's DPtls certificate calls it. */
export function smdpEs12Client(): Es12Client {
  const tls = ensureTlsCertificate('localhost');
  return new Es12Client({
    requesterIdentifier: '2.999.10',
    clientCertPem: tls.chainPem,
    clientKeyPem: tls.keyPem,
    ca: tls.caPem,
  });
}

/** What an ES12 call came to: executed, or the SM-DS's refusal with its codes (one value a test compares). */
export type Es12Outcome =
  | { readonly executed: true }
  | {
      readonly executed: false;
      readonly codeName: StatusCodeName | undefined;
      readonly subjectCode: string;
      readonly reasonCode: string;
      readonly message: string;
    };

/** smdpEs12Client whose calls resolve with their outcome (a refusal too); a transport failure still rejects. */
export function smdpEs12Outcomes() {
  const client = smdpEs12Client();
  return {
    call: <F extends Es12FunctionName>(
      address: string,
      name: F,
      fields: Es12Request<F>,
    ): Promise<Es12Outcome> =>
      client.call(address, name, fields).then(
        () => ({ executed: true }),
        (error: unknown) => {
          if (!(error instanceof FunctionFailedError)) throw error;
          const { codeName, subjectCode, reasonCode, detail: message } = error;
          return { executed: false, codeName, subjectCode, reasonCode, message };
        },
      ),
  };
}

export type Es12Outcomes = ReturnType<typeof smdpEs12Outcomes>;
