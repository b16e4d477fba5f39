import pino from 'pino';
import { ensureTlsCertificate } from '../../src/pki/tls-certificate.ts';
import { Es12Client } from '../../src/smdp/es12/es12-client.ts';
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
