/**
 * What the eIM trusts for the TLS certificate of an SM-DP+ it reaches by ES9+ (the indirect-download relay and
 * the notification receivers, SGP.32 3.2): the `smdpTrust` setting, comma-separated sources.
 * - `pki`: the PKI folder's CI certificates. SGP.22 4.5.2.1.0.5 issues CERT.DP.TLS under a CI, as our SM-DP+
 *   and the SGP.26 test set do.
 * - `system`: Node's bundled list of public CAs (`tls.rootCertificates`, Mozilla's), for an SM-DP+ whose TLS
 *   certificate comes from a public CA (SGP.22 v2.x allows either).
 * - a PEM file of CA certificates: a lab's own TLS CA (the osmo-ttcn3 `eim` suite's SM-DP+ stand-in) or a real
 *   SM-DP+ operator's.
 * The result is one PEM text of every trusted certificate, for node:tls's `ca`; a file that cannot be read or
 * holds no certificate stops the start with one line.
 */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { readInputFileSync } from '../../config/input-file.ts';
import { ConfigError } from '../../config/settings.ts';
import { derToPem, pemBlocks } from '../../pki/pem.ts';

/** The setting's sources as written (checked for form at resolve time, files read at start). */
export function smdpTrustSources(value: unknown, key: string): string {
  const sources = String(value)
    .split(',')
    .map((source) => source.trim());
  if (sources.some((source) => source === ''))
    throw new ConfigError(
      `${key} must be pki, system or CA PEM files, comma-separated, not "${String(value)}"`,
    );
  return sources.join(',');
}

/** The certificates of one CA file, each checked to be an X.509 certificate, as PEM. */
function caFile(path: string): string[] {
  let text: string;
  try {
    text = readInputFileSync(path, 'small').toString('utf8');
  } catch (error) {
    throw new ConfigError(`smdpTrust ${path}: ${(error as Error).message}`);
  }
  const blocks = pemBlocks(text);
  if (blocks.length === 0) throw new ConfigError(`smdpTrust ${path}: no PEM certificate in the file`);
  return blocks.map((der) => {
    try {
      new X509Certificate(der);
    } catch (error) {
      throw new ConfigError(`smdpTrust ${path}: not an X.509 certificate (${(error as Error).message})`);
    }
    return derToPem(der);
  });
}

/** The PEM text of every certificate `smdpTrust` names; `pkiCisPem` is what `pki` stands for. */
export function smdpTrustPem(setting: string, pkiCisPem: string): string {
  const pems = setting.split(',').flatMap((source) => {
    if (source === 'pki') return [pkiCisPem];
    if (source === 'system') return [...rootCertificates];
    return caFile(source);
  });
  return [...new Set(pems.map((pem) => pem.trim()))].join('\n');
}
