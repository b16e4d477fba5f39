import type { KeyObject } from 'node:crypto';
import { type ParsedCertificate, parseCertificate } from './certificate.ts';
import { eidInRange, isEidShaped } from './eid.ts';
import { type ChainCertificate, EuiccChainError } from './errors.ts';
import { isSignedBy } from './signature.ts';
import { type CiCertificate, findCi, type TrustedCiList, toCiList } from './trusted-ci.ts';

/**
 * The SM-DP+'s checks of the eUICC's certificate chain in ES9+.AuthenticateClient (SGP.22 5.6.3): the EUM
 * certificate under a trusted CI, the eUICC certificate under the EUM, the EID within the EUM's range.
 * Each failure is an EuiccChainError naming the certificate and what failed; the SM-DP+ gives it the status
 * code SGP.22 5.6.3 names (src/rsp-server/euicc-chain.ts).
 *
 * Order of the checks, and why:
 * 1. EUM: decodable, names its CI (AuthorityKeyIdentifier, SGP.22 4.5.2.2).
 * 2. EUM: that CI is one we trust (and the expected one, if the caller names one) — `unknownCi`, which
 *    SGP.22 reports apart (ciPublicKeyUnknown). The CI has to be found before its signature can be checked,
 *    so this comes before the signature check.
 * 3. EUM: signed by that CI.
 * 4. EUM: within its validity period — `expired` (SGP.22's eumCertificateExpired), or `notYetValid`.
 * 5. EUM: the EUM profile (SGP.22 4.5.2.1.0.2: EUM role policy, keyCertSign, CA). This comes after the
 *    validity check because SGP.26's expired EUM test certificate (CERT_EUM_ECDSA_NIST_EXPIRED) does not
 *    follow the EUM profile either (it carries the DPauth policy and no basicConstraints) and is meant to be
 *    reported as expired.
 * 6..9. the same for the eUICC certificate under the EUM, plus the EID rule below.
 *
 * The EID rule: the EUM's critical nameConstraints permit a directoryName whose serialNumber is an EID
 * prefix. Read as RFC 5280 name constraints, every eUICC certificate would violate it (its subject neither
 * starts with that RDN sequence nor has that exact serialNumber), so SGP.22 4.5.2.2 replaces it with its own
 * rule: the EID (the eUICC certificate's subject serialNumber) must start with the permitted prefix. The
 * EID's check digits are not part of the rule (SGP.26's UNMATCHED_EID certificate has wrong ones and is a
 * valid chain).
 */
export interface EuiccChainInput {
  /** CERT.EUICC.ECDSA as sent in AuthenticateServerResponse (DER). */
  readonly euiccCertificate: Uint8Array;
  /** CERT.EUM.ECDSA as sent in AuthenticateServerResponse (DER). */
  readonly eumCertificate: Uint8Array;
  /** The CIs the SM-DP+ trusts (parsed, or as DER). */
  readonly trustedCis: TrustedCiList;
  /**
   * Accept only a chain to this CI (a CI PKId). Note SGP.22 lets an eUICC sign under another of its CIs
   * (euiccCiPKIdListForSigning) than the one it verifies the server with, so this is a policy choice.
   */
  readonly expectedCiPkid?: Uint8Array;
  readonly now?: Date;
}

export interface VerifiedEuiccChain {
  readonly eid: string;
  /** PK.EUICC.ECDSA, to verify euiccSignature1 / euiccSignature2 with. */
  readonly euiccPublicKey: KeyObject;
  readonly euicc: ParsedCertificate;
  readonly eum: ParsedCertificate;
  readonly ci: CiCertificate;
}

export function verifyEuiccChain(input: EuiccChainInput): VerifiedEuiccChain {
  const now = input.now ?? new Date();

  // --- EUM certificate (SGP.22 5.6.3, status codes 8.1.2 / 8.11.1) ---
  const eum = parse(input.eumCertificate, 'eum');
  if (!eum.authorityKeyIdentifier) {
    throw new EuiccChainError(
      'eum',
      'noAuthorityKeyIdentifier',
      'the EUM certificate has no AuthorityKeyIdentifier',
    );
  }
  const ci = findCi(toCiList(input.trustedCis), eum.authorityKeyIdentifier);
  if (!ci || (input.expectedCiPkid && !ci.subjectKeyIdentifier.equals(input.expectedCiPkid))) {
    throw new EuiccChainError(
      'eum',
      'unknownCi',
      `the EUM certificate is issued by CI ${eum.authorityKeyIdentifier.toString('hex')}, not ${ci ? 'the expected' : 'a trusted'} CI`,
    );
  }
  if (!isSignedBy(eum, ci.publicKey)) {
    throw new EuiccChainError(
      'eum',
      'badSignature',
      'the EUM certificate signature does not verify with the CI key',
    );
  }
  checkValidity(eum, now, 'eum');
  const eumProblem = eumProfileProblem(eum);
  if (eumProblem) throw new EuiccChainError('eum', 'profile', eumProblem);

  // --- eUICC certificate (SGP.22 5.6.3, status codes 8.1.3) ---
  const euicc = parse(input.euiccCertificate, 'euicc');
  if (
    euicc.authorityKeyIdentifier &&
    !euicc.authorityKeyIdentifier.equals(eum.subjectKeyIdentifier ?? Buffer.alloc(0))
  ) {
    throw new EuiccChainError(
      'euicc',
      'notIssuedBy',
      'the eUICC certificate is not issued by this EUM (AuthorityKeyIdentifier)',
    );
  }
  if (!isSignedBy(euicc, eum.publicKey)) {
    throw new EuiccChainError(
      'euicc',
      'badSignature',
      'the eUICC certificate signature does not verify with the EUM key',
    );
  }
  const eid = euicc.subjectSerialNumber;
  if (eid === undefined || !isEidShaped(eid)) {
    throw new EuiccChainError(
      'euicc',
      'noEid',
      'the eUICC certificate subject has no 32-digit EID (serialNumber)',
    );
  }
  if (eum.permittedEidPrefix !== undefined && !eidInRange(eid, eum.permittedEidPrefix)) {
    throw new EuiccChainError(
      'euicc',
      'eidOutOfRange',
      `EID ${eid} is outside the EUM's range ${eum.permittedEidPrefix} (name constraints)`,
    );
  }
  checkValidity(euicc, now, 'euicc');
  const euiccProblem = euiccProfileProblem(euicc);
  if (euiccProblem) throw new EuiccChainError('euicc', 'profile', euiccProblem);

  return { eid, euiccPublicKey: euicc.publicKey, euicc, eum, ci };
}

const NAMES: Readonly<Record<ChainCertificate, string>> = { eum: 'EUM', euicc: 'eUICC' };

function parse(der: Uint8Array, which: ChainCertificate): ParsedCertificate {
  try {
    return parseCertificate(der);
  } catch (error) {
    throw new EuiccChainError(which, 'undecodable', `the ${NAMES[which]} certificate cannot be decoded`, {
      cause: error,
    });
  }
}

function checkValidity(cert: ParsedCertificate, now: Date, which: ChainCertificate): void {
  if (!cert.noExpiry && now > cert.notAfter) {
    const detail = `the ${NAMES[which]} certificate expired on ${cert.notAfter.toISOString()}`;
    throw new EuiccChainError(which, 'expired', detail);
  }
  if (now < cert.notBefore) {
    const detail = `the ${NAMES[which]} certificate is valid only from ${cert.notBefore.toISOString()}`;
    throw new EuiccChainError(which, 'notYetValid', detail);
  }
}

/** SGP.22 4.5.2.1.0.2 EUM certificate profile, the parts that matter to a verifier. */
function eumProfileProblem(eum: ParsedCertificate): string | undefined {
  if (eum.role !== 'eum')
    return `the EUM certificate has role ${eum.role ?? 'none'}, not eum (policy 2.23.146.1.2.1.2)`;
  if (!eum.keyUsage.includes('keyCertSign')) return 'the EUM certificate keyUsage lacks keyCertSign';
  if (eum.basicConstraints?.ca !== true)
    return 'the EUM certificate is not a CA certificate (basicConstraints)';
  if (!eum.subjectKeyIdentifier) return 'the EUM certificate has no SubjectKeyIdentifier';
  return keyAndExtensionsProblem(eum, 'EUM');
}

/** SGP.22 4.5.2.1.0.3 eUICC certificate profile, the parts that matter to a verifier. */
function euiccProfileProblem(euicc: ParsedCertificate): string | undefined {
  if (euicc.role !== 'euicc') {
    return `the eUICC certificate has role ${euicc.role ?? 'none'}, not euicc (policy 2.23.146.1.2.1.1)`;
  }
  if (!euicc.keyUsage.includes('digitalSignature'))
    return 'the eUICC certificate keyUsage lacks digitalSignature';
  if (euicc.basicConstraints?.ca) return 'the eUICC certificate is a CA certificate';
  return keyAndExtensionsProblem(euicc, 'eUICC');
}

/** Both profiles: a key on a curve SGP.22 names (4.5.2), and no critical extension we do not know. */
function keyAndExtensionsProblem(certificate: ParsedCertificate, name: 'EUM' | 'eUICC'): string | undefined {
  if (certificate.curve === undefined) return `the ${name} certificate key is on an unsupported curve`;
  if (certificate.unknownCriticalExtensions.length > 0) {
    const extensions = certificate.unknownCriticalExtensions.join(', ');
    return `the ${name} certificate has unknown critical extensions ${extensions}`;
  }
  return undefined;
}
