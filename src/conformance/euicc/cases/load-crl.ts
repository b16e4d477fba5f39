/**
 * ES10b.LoadCRL (SGP.22 5.7.12), on a card that declares crlSupport (EUICCInfo2.rspCapability; SGP.22 v2
 * makes CRL support optional): a CRL that is not a CertificateList → invalidCRLFormat; one signed by a key
 * other than its CI's → invalidSignature; one of a CI the card does not know → verificationKeyNotFound; a CRL
 * of the card's CI, signed with the CI key → loadCRLResponseOk; afterwards a CERT.DPauth it revokes is refused
 * by AuthenticateServer. A loaded CRL stays on the card (a later one of the same CI replaces it): the case is
 * destructive. The CRLs are the lab's own (the SGP.26 test CI's key is public), revoking only a certificate
 * issued for the case, never the lab's CERT.DPauth.
 */
import { type KeyObject, randomBytes } from 'node:crypto';
import {
  EUICCInfo2,
  GetEuiccInfo2Request,
  LoadCRLRequest,
  LoadCRLResponse,
  LoadCRLResponseErrors,
} from '../../../asn1/rsp/index.ts';
import { generateEcKeyPair } from '../../../crypto/curve.ts';
import { type ParsedCertificate, parseCertificate } from '../../../pki/certificate.ts';
import { issueCrl } from '../../../pki/crl.ts';
import { issueCiCertificate } from '../../../pki/issue.ts';
import { check, Inconclusive, judge, precondition, shall, should } from '../../verdict.ts';
import { authenticateErrorOf } from '../card-checks.ts';
import type { EuiccCase, EuiccCaseContext } from '../euicc-case.ts';

const LOAD_CRL = shall(
  'SGP.22 5.7.12',
  'LoadCRL verifies the CRL: not a CertificateList → invalidCRLFormat, a signature that does not verify → invalidSignature, a CI it has no key of → verificationKeyNotFound; a CRL of its CI, correctly signed → loadCRLResponseOk',
  'the codes are LoadCRLResponseError of the RSPDefinitions module; pySim lists LoadCRL (5.7.12) without implementing it, lpac does not call it',
);
const REVOKED = should(
  'SGP.22 4.6, 5.7.13',
  'once a CRL revoking a CERT.DPauth is loaded, AuthenticateServer with that certificate is refused (invalidCertificate)',
  'what the eUICC does with a loaded CRL is read from 4.6 (certificate revocation) and 5.7.13 (CERT.DPauth verification); the text at hand does not let us grade it SHALL',
);

const DAY = 86_400_000;

async function loadCrl(context: EuiccCaseContext, crl: Buffer): Promise<string> {
  const der = await context.card.storeData(LoadCRLRequest.encode({ crl }));
  const answer = LoadCRLResponse.decode(der);
  if ('loadCRLResponseOk' in answer) return 'loadCRLResponseOk';
  return (
    Object.entries(LoadCRLResponseErrors).find(([, v]) => v === answer.loadCRLResponseError)?.[0] ??
    `${answer.loadCRLResponseError}`
  );
}

export const LOAD_CRL_CASES: readonly EuiccCase[] = [
  {
    id: 'EB-LOADCRL',
    area: 'ES10b.LoadCRL',
    title:
      'LoadCRL: malformed, badly signed and unknown-CI CRLs refused with their codes; a CRL of the CI loaded, and the CERT.DPauth it revokes refused (destructive)',
    reference: 'SGP.22 5.7.12, 4.6, 5.7.13',
    readings: [LOAD_CRL, REVOKED],
    destructive: true,
    async run(context) {
      const info2 = await precondition('GetEUICCInfo2', async () =>
        EUICCInfo2.decode(await context.card.storeData(GetEuiccInfo2Request.encode({}))),
      );
      if (!info2.rspCapability.includes('crlSupport'))
        throw new Inconclusive(
          'the card does not declare crlSupport (EUICCInfo2.rspCapability): SGP.22 v2 makes LoadCRL optional',
          'GetEUICCInfo2',
        );
      const session = context.session();
      const { identity } = session;
      const revocable = context.lab.faultyCertificate(identity, 'dpAuth', 'none');
      if (!identity.ciKey || !revocable)
        throw new Inconclusive('the PKI folder has no CI private key to sign a CRL with', 'sign a CRL');
      const now = context.now();
      const crlOf = (ci: ParsedCertificate, ciKey: KeyObject, serials: Buffer[]) =>
        issueCrl({
          ci,
          ciKey,
          revokedSerials: serials,
          thisUpdate: new Date(now.getTime() - DAY),
          nextUpdate: new Date(now.getTime() + 30 * DAY),
        });
      const serial = parseCertificate(revocable.certificate).serialNumber;
      const genuine = crlOf(identity.ci, identity.ciKey, [serial]);

      check(
        'LoadCRL of bytes that are no CRL',
        'invalidCRLFormat',
        await loadCrl(context, Buffer.from('3003020100', 'hex')),
        LOAD_CRL,
      );
      const forged = crlOf(identity.ci, generateEcKeyPair(identity.curve).privateKey, [randomBytes(8)]);
      check(
        'LoadCRL of a CRL not signed by its CI',
        'invalidSignature',
        await loadCrl(context, forged),
        LOAD_CRL,
      );
      const strangerKey = generateEcKeyPair(identity.curve).privateKey;
      const stranger = issueCiCertificate({ privateKey: strangerKey, now }).certificate;
      check(
        'LoadCRL of a CRL of an unknown CI',
        'verificationKeyNotFound',
        await loadCrl(context, crlOf(stranger, strangerKey, [randomBytes(8)])),
        LOAD_CRL,
      );
      check(
        "LoadCRL of a CRL of the card's CI",
        'loadCRLResponseOk',
        await loadCrl(context, genuine),
        LOAD_CRL,
      );
      context.note(
        `CRL loaded: CI ${identity.ci.subjectKeyIdentifier.toString('hex').toUpperCase()} revokes serial ${serial.toString('hex').toUpperCase()} (a CERT.DPauth issued for this case)`,
      );

      const answer = await session.authenticate({ dpAuth: revocable });
      const code = authenticateErrorOf(session, answer.value);
      if (code === 'authenticateResponseOk') await session.cancel(1).catch(() => undefined);
      judge(
        context,
        REVOKED,
        'AuthenticateServer with the revoked CERT.DPauth',
        code === 'invalidCertificate',
        'authenticateResponseError invalidCertificate',
        code,
      );
    },
  },
];
