import { once } from 'node:events';
import { connect } from 'node:tls';
import pino from 'pino';
import { Es12Client } from '../../src/client/es12-client.ts';
import { FunctionFailedError } from '../../src/errors/client-errors.ts';
import { type StatusCodeName, StatusCodes } from '../../src/errors/status-codes.ts';
import { parseCertificate, parseCertificatePem } from '../../src/pki/certificate.ts';
import { ensureTlsCertificate } from '../../src/pki/tls-certificate.ts';
import type { Es12FunctionName, Es12Request } from '../../src/protocol/es12-functions.ts';
import { resolveSmdsConfig } from '../../src/smds/config.ts';
import { es12CallerOf } from '../../src/smds/es12/es12-caller.ts';
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

/** ES12 as an SM-DP+ with the SGP.26 CI's DPtls certificate calls it (for `hosts`, localhost by default). */
export function smdpEs12Client(hosts = 'localhost', smdpOid = '2.999.10'): Es12Client {
  const tls = ensureTlsCertificate(hosts, { smdpOid });
  return new Es12Client({
    requesterIdentifier: smdpOid,
    clientCertPem: tls.chainPem,
    clientKeyPem: tls.keyPem,
    ca: tls.caPem,
  });
}

/** The identity an SM-DS binds the events of smdpEs12Client(hosts, smdpOid) to. */
export function smdpEs12Identity(hosts = 'localhost', smdpOid = '2.999.10'): string {
  return es12CallerOf(parseCertificatePem(ensureTlsCertificate(hosts, { smdpOid }).chainPem)).identity;
}

/** The identity of a server's own TLS certificate, which it presents as an ES12 caller too. */
export async function serverEs12Identity(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port), rejectUnauthorized: false });
  try {
    await once(socket, 'secureConnect');
    return es12CallerOf(parseCertificate(socket.getPeerCertificate(false).raw)).identity;
  } finally {
    socket.destroy();
  }
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

/** The outcome of an ES12 call refused with the status code `name`, as a partial Es12Outcome to match. */
export const es12Refusal = (name: StatusCodeName) => ({
  executed: false,
  codeName: name,
  subjectCode: StatusCodes[name].subjectCode,
  reasonCode: StatusCodes[name].reasonCode,
});

/** smdpEs12Client whose calls resolve with their outcome (a refusal too); a transport failure still rejects. */
export function smdpEs12Outcomes(client = smdpEs12Client()) {
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
