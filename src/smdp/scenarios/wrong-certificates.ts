/**
 * Certificates a scenario presents instead of the SM-DP+'s own: its own CERT.DPauth / CERT.DPpb re-issued
 * with a validity that has ended (by the CI key held in memory, never a committed key), or one of the same
 * role under a CI hierarchy made in memory that no eUICC trusts. Each is made once and cached.
 */
import { generateEcKeyPair } from '../../crypto/curve.ts';
import { parseCertificate } from '../../pki/certificate.ts';
import { issueCiCertificate, issueDpAuthCertificate, issueDpPbCertificate } from '../../pki/issue.ts';
import type { PkiStore } from '../../pki/pki-store.ts';
import type { SmdpCredentials } from '../context.ts';

export type DpRole = 'dpAuth' | 'dpPb';

const DAY = 86_400_000;
const issuers = { dpAuth: issueDpAuthCertificate, dpPb: issueDpPbCertificate } as const;

export class WrongCertificates {
  readonly #cache = new Map<string, Buffer>();

  constructor(private readonly pki: PkiStore | undefined) {}

  /** The certificate of `role`, same key and subject, valid from two years ago to yesterday. */
  expired(credentials: SmdpCredentials, role: DpRole): Buffer {
    return this.#cached(`expired:${credentials.curve}:${role}`, () => {
      const ci = this.pki?.curves.get(credentials.curve);
      if (!ci?.ciKey) throw new Error(`an expired certificate needs the ${credentials.curve} CI key`);
      const own = parseCertificate(credentials[role].certificate);
      const now = Date.now();
      return issuers[role]({
        ci: ci.ci,
        ciKey: ci.ciKey,
        publicKey: own.publicKey,
        notBefore: new Date(now - 730 * DAY),
        notAfter: new Date(now - DAY),
        smdpOid: own.subjectAltName.registeredIds[0],
      }).der;
    });
  }

  /** A certificate of `role` under a CI made here (same curve), unknown to every eUICC. */
  wrongCi(credentials: SmdpCredentials, role: DpRole): Buffer {
    return this.#cached(`wrongCi:${credentials.curve}:${role}`, () => {
      const ciKeys = generateEcKeyPair(credentials.curve);
      const ci = issueCiCertificate({
        privateKey: ciKeys.privateKey,
        subject: [
          ['CN', 'rspsim Other CI'],
          ['O', 'rspsim scenarios'],
          ['C', 'XX'],
        ],
      });
      return issuers[role]({
        ci: ci.certificate,
        ciKey: ciKeys.privateKey,
        publicKey: generateEcKeyPair(credentials.curve).publicKey,
      }).der;
    });
  }

  #cached(key: string, make: () => Buffer): Buffer {
    let der = this.#cache.get(key);
    if (!der) {
      der = make();
      this.#cache.set(key, der);
    }
    return der;
  }
}
