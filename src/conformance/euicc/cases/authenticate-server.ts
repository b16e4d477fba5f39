/**
 * ES10b.AuthenticateServer (SGP.22 5.7.13): nominal under each CI the card supports, then one fault at a time
 * in what the SM-DP+ presents — serverSignature1, the euiccChallenge it signs, the CI it names, CERT.DPauth
 * (signed by another key, of another role, expired) — and the echo of serverAddress and matchingId. Every
 * refusal is judged by its AuthenticateErrorCode's name; a session the card accepts is cancelled again.
 */
import { randomBytes } from '../../../crypto/random.ts';
import { check, checkThat, Inconclusive, judge, shall, should } from '../../verdict.ts';
import { authenticateErrorOf, checkAuthenticateOk, checkCancelOk, READINGS } from '../card-checks.ts';
import type { AuthenticateOptions, DownloadSession } from '../download-session.ts';
import type { EuiccCase, EuiccCaseContext } from '../euicc-case.ts';
import type { CertificateFault, SigningIdentity } from '../lab-smdp.ts';

const AS_INVALID_SIGNATURE = shall(
  'SGP.22 5.7.13',
  "a serverSignature1 that does not verify with CERT.DPauth's key is refused with invalidSignature",
);
const AS_CHALLENGE = shall(
  'SGP.22 5.7.13',
  'a serverSigned1 whose euiccChallenge is not the one the eUICC gave is refused with euiccChallengeMismatch',
);
const AS_CI_UNKNOWN = should(
  'SGP.22 5.7.13',
  'an euiccCiPKIdToBeUsed naming a CI the eUICC does not have is refused with ciPKUnknown',
  'a card that checks CERT.DPauth against its CIs first answers invalidCertificate: refused all the same, shown as a remark',
);
const AS_REFUSED = shall(
  'SGP.22 5.7.13, 4.5.2.2',
  'a CERT.DPauth that does not verify under the named CI, or is not a DPauth certificate, is refused with invalidCertificate',
);
const AS_EXPIRED = should(
  'SGP.22 5.7.13, 4.5.2.2',
  'an expired CERT.DPauth is refused with invalidCertificate',
  'the eUICC has no reliable clock in SGP.22 v2 and need not check validity periods: acceptance is a remark, another code a failure',
);
const AS_CTX = shall('SGP.22 5.7.13', 'ctxParams1 is signed as the LPA gave it');
const AS_UNKNOWN_REFUSED = shall(
  'SGP.22 5.7.13',
  'an unknown CI is refused as such (ciPKUnknown) or through its certificate (invalidCertificate)',
);
const AS_ANY_REFUSAL = shall(
  'SGP.22 5.7.13',
  'an AuthenticateServer with a fault is refused (authenticateResponseError)',
);

/**
 * Authenticates with `options` and returns the answer's code name; a refusal is required unless the case
 * allows acceptance (a session accepted is cancelled again).
 */
async function refusal(
  context: EuiccCaseContext,
  session: DownloadSession,
  options: AuthenticateOptions,
  acceptanceAllowed = false,
): Promise<string> {
  const answer = await session.authenticate(options);
  const code = authenticateErrorOf(session, answer.value);
  if (code === 'authenticateResponseOk') await session.cancel(1).catch(() => undefined);
  context.note(`answer: ${code}`);
  if (!acceptanceAllowed)
    checkThat(
      'AuthenticateServer answer',
      code !== 'authenticateResponseOk',
      'authenticateResponseError',
      code,
      AS_ANY_REFUSAL,
    );
  return code;
}

/** A case presenting a CERT.DPauth with one fault, signing serverSigned1 with its key. */
function faultyDpAuth(id: string, fault: CertificateFault, title: string): EuiccCase {
  return {
    id,
    area: 'ES10b.AuthenticateServer',
    title,
    reference: 'SGP.22 5.7.13, 4.5.2.2',
    readings: fault === 'expired' ? [AS_EXPIRED, AS_REFUSED] : [AS_ANY_REFUSAL, AS_REFUSED],
    async run(context) {
      const session = context.session();
      const dpAuth: SigningIdentity | undefined = context.lab.faultyCertificate(
        session.identity,
        'dpAuth',
        fault,
      );
      if (!dpAuth)
        throw new Inconclusive(
          'the PKI folder has no CI private key to issue the certificate with',
          'issue CERT.DPauth',
        );
      const code = await refusal(context, session, { dpAuth }, fault === 'expired');
      if (fault === 'expired') {
        judge(
          context,
          AS_EXPIRED,
          'AuthenticateServer with an expired CERT.DPauth',
          code === 'invalidCertificate',
          'authenticateResponseError invalidCertificate',
          code,
        );
        checkThat(
          'AuthenticateServer with an expired CERT.DPauth',
          code === 'invalidCertificate' || code === 'authenticateResponseOk',
          'invalidCertificate (or acceptance)',
          code,
          AS_REFUSED,
        );
        return;
      }
      check('authenticateErrorCode', 'invalidCertificate', code, AS_REFUSED);
    },
  };
}

export const AUTHENTICATE_SERVER_CASES: readonly EuiccCase[] = [
  {
    id: 'EB-AS-NOM',
    area: 'ES10b.AuthenticateServer',
    title: 'AuthenticateServer on each CI the card supports: chain, euiccSignature1, euiccSigned1',
    reference: 'SGP.22 5.7.13, 4.5.2.1.0.2, 4.5.2.1.0.3, 5.7.14',
    readings: [
      READINGS.authenticateOk,
      READINGS.euiccChain,
      READINGS.euiccSignature1,
      READINGS.euiccSigned1,
      READINGS.cancelOk,
    ],
    async run(context) {
      if (context.facts.identities.length === 0)
        throw new Inconclusive('the card names no CI the lab has DPauth/DPpb for', 'select a CI');
      for (const identity of context.facts.identities) {
        const session = context.session(identity);
        const card = checkAuthenticateOk(session, await session.authenticate(), context.now());
        context.note(`${identity.curve}: EID ${card.chain.eid}, EUM ${card.chain.eum.subject}`);
        const cancelled = await session.cancel(1);
        checkCancelOk(session, card.chain.euiccPublicKey, cancelled.value, 1);
      }
    },
  },
  {
    id: 'EB-AS-CTX',
    area: 'ES10b.AuthenticateServer',
    title: 'serverAddress and ctxParams1 with a matchingId are signed back as sent',
    reference: 'SGP.22 5.7.13',
    readings: [READINGS.authenticateOk, READINGS.euiccSigned1, AS_CTX],
    async run(context) {
      const session = context.session();
      const options = {
        serverAddress: 'smdp-plus.conformance.example:8443',
        matchingId: 'RSPSIM-CONFORMANCE-1',
      };
      const card = checkAuthenticateOk(session, await session.authenticate(options), context.now());
      const matchingId = card.euiccSigned1.ctxParams1.ctxParamsForCommonAuthentication.matchingId;
      check(
        'ctxParams1.matchingId',
        options.matchingId,
        matchingId ?? '(absent)',
        shall('SGP.22 5.7.13', 'ctxParams1 is signed as the LPA gave it'),
      );
      await session.cancel(1).catch(() => undefined);
    },
  },
  {
    id: 'EB-AS-SIG',
    area: 'ES10b.AuthenticateServer',
    title: 'serverSignature1 with one bit changed: invalidSignature',
    reference: 'SGP.22 5.7.13',
    readings: [AS_ANY_REFUSAL, AS_INVALID_SIGNATURE, READINGS.errorTransactionId],
    async run(context) {
      const code = await refusal(context, context.session(), { tamperSignature: true });
      check('authenticateErrorCode', 'invalidSignature', code, AS_INVALID_SIGNATURE);
    },
  },
  {
    id: 'EB-AS-CHALLENGE',
    area: 'ES10b.AuthenticateServer',
    title: 'a euiccChallenge the card never gave: euiccChallengeMismatch',
    reference: 'SGP.22 5.7.13',
    readings: [AS_ANY_REFUSAL, AS_CHALLENGE, READINGS.errorTransactionId],
    async run(context) {
      const session = context.session();
      // A challenge is asked for (as an LPA does), then another one is signed.
      await context.card.getEuiccChallenge();
      const code = await refusal(context, session, { euiccChallenge: randomBytes(16) });
      check('authenticateErrorCode', 'euiccChallengeMismatch', code, AS_CHALLENGE);
    },
  },
  {
    id: 'EB-AS-CI-UNKNOWN',
    area: 'ES10b.AuthenticateServer',
    title: 'an SM-DP+ under a CI the card does not know: ciPKUnknown',
    reference: 'SGP.22 5.7.13',
    readings: [AS_ANY_REFUSAL, AS_UNKNOWN_REFUSED, AS_CI_UNKNOWN],
    async run(context) {
      const genuine = context.session();
      const unknown = context.lab.unknownCiIdentity(genuine.identity.curve);
      const session = context.session(unknown);
      const code = await refusal(context, session, {});
      checkThat(
        'authenticateErrorCode',
        code === 'ciPKUnknown' || code === 'invalidCertificate',
        'ciPKUnknown',
        code,
        shall(
          'SGP.22 5.7.13',
          'an unknown CI is refused as such (ciPKUnknown) or through its certificate (invalidCertificate)',
        ),
      );
      judge(context, AS_CI_UNKNOWN, 'authenticateErrorCode', code === 'ciPKUnknown', 'ciPKUnknown', code);
    },
  },
  faultyDpAuth(
    'EB-AS-CERT-SIG',
    'signedByAnotherKey',
    'CERT.DPauth whose signature does not verify under the CI: invalidCertificate',
  ),
  faultyDpAuth('EB-AS-CERT-ROLE', 'wrongRole', 'a CERT.DPpb presented as CERT.DPauth: invalidCertificate'),
  faultyDpAuth(
    'EB-AS-CERT-EXPIRED',
    'expired',
    'an expired CERT.DPauth: invalidCertificate, or accepted by a card without a clock',
  ),
];
