/**
 * ES10b.PrepareDownload (SGP.22 5.7.5): after a successful AuthenticateServer (a precondition), nominal with
 * and without a confirmation code, then one fault at a time — smdpSigned2's transactionId, smdpSignature2,
 * CERT.DPpb (another role, signed by another key) — and PrepareDownload with no session at all. Every
 * refusal by its DownloadErrorCode's name; the session is cancelled afterwards.
 */
import { randomBytes } from '../../../crypto/random.ts';
import { check, checkThat, Inconclusive, precondition, shall } from '../../verdict.ts';
import {
  type AuthenticatedCard,
  checkAuthenticateOk,
  checkPrepareOk,
  downloadErrorOf,
  READINGS,
} from '../card-checks.ts';
import type { DownloadSession, PrepareOptions } from '../download-session.ts';
import type { EuiccCase, EuiccCaseContext } from '../euicc-case.ts';
import type { CertificateFault } from '../lab-smdp.ts';

const PD_TRANSACTION = shall(
  'SGP.22 5.7.5',
  "a smdpSigned2 whose transactionId is not the session's is refused with invalidTransactionId",
);
const PD_SIGNATURE = shall(
  'SGP.22 5.7.5',
  "a smdpSignature2 that does not verify with CERT.DPpb's key is refused with invalidSignature",
);
const PD_CERTIFICATE = shall(
  'SGP.22 5.7.5, 4.5.2.2',
  "a CERT.DPpb that does not verify under the session's CI, or is not a DPpb certificate, is refused with invalidCertificate",
);
const PD_NO_SESSION = shall(
  'SGP.22 5.7.5',
  'PrepareDownload with no ongoing RSP session is refused (noSessionContext; a card that verifies smdpSignature2 first answers invalidSignature)',
);

/** An authenticated session (precondition) for a PrepareDownload case. */
async function authenticated(
  context: EuiccCaseContext,
): Promise<{ session: DownloadSession; card: AuthenticatedCard }> {
  const session = context.session();
  const card = await precondition('AuthenticateServer', async () =>
    checkAuthenticateOk(session, await session.authenticate(), context.now()),
  );
  return { session, card };
}

/** PrepareDownload with `options` in an authenticated session; the code's name; the session cancelled. */
async function prepared(
  context: EuiccCaseContext,
  options: (session: DownloadSession) => PrepareOptions | undefined,
): Promise<string> {
  const { session } = await authenticated(context);
  const chosen = options(session);
  if (!chosen)
    throw new Inconclusive(
      'the PKI folder has no CI private key to issue the certificate with',
      'issue CERT.DPpb',
    );
  const answer = await session.prepareDownload(chosen);
  const code = downloadErrorOf(chosen.transactionId ?? session.transactionId, answer.value);
  await session.cancel(1).catch(() => undefined);
  context.note(`answer: ${code}`);
  return code;
}

function faultyDpPb(id: string, fault: CertificateFault, title: string): EuiccCase {
  return {
    id,
    area: 'ES10b.PrepareDownload',
    title,
    reference: 'SGP.22 5.7.5, 4.5.2.2',
    readings: [PD_CERTIFICATE, READINGS.errorTransactionId],
    async run(context) {
      const code = await prepared(context, (session) => {
        const dpPb = context.lab.faultyCertificate(session.identity, 'dpPb', fault);
        return dpPb ? { dpPb } : undefined;
      });
      check('downloadErrorCode', 'invalidCertificate', code, PD_CERTIFICATE);
    },
  };
}

export const PREPARE_DOWNLOAD_CASES: readonly EuiccCase[] = [
  {
    id: 'EB-PD-NOM',
    area: 'ES10b.PrepareDownload',
    title: 'PrepareDownload without a confirmation code: euiccSigned2 and euiccSignature2',
    reference: 'SGP.22 5.7.5',
    readings: [READINGS.prepareOk, READINGS.euiccSignature2, READINGS.euiccSigned2],
    async run(context) {
      const { session, card } = await authenticated(context);
      checkPrepareOk(session, card, (await session.prepareDownload()).value);
      await session.cancel(1).catch(() => undefined);
    },
  },
  {
    id: 'EB-PD-CC',
    area: 'ES10b.PrepareDownload',
    title: 'PrepareDownload with a confirmation code: hashCc signed back',
    reference: 'SGP.22 5.7.5, 3.1.3.2',
    readings: [READINGS.prepareOk, READINGS.euiccSignature2, READINGS.euiccSigned2],
    async run(context) {
      const { session, card } = await authenticated(context);
      checkPrepareOk(
        session,
        card,
        (await session.prepareDownload({ ccRequired: true, confirmationCode: '1234' })).value,
      );
      await session.cancel(1).catch(() => undefined);
    },
  },
  {
    id: 'EB-PD-TXID',
    area: 'ES10b.PrepareDownload',
    title: 'smdpSigned2 naming another transactionId: invalidTransactionId',
    reference: 'SGP.22 5.7.5',
    readings: [PD_TRANSACTION, READINGS.errorTransactionId],
    async run(context) {
      const code = await prepared(context, () => ({ transactionId: randomBytes(16) }));
      check('downloadErrorCode', 'invalidTransactionId', code, PD_TRANSACTION);
    },
  },
  {
    id: 'EB-PD-SIG',
    area: 'ES10b.PrepareDownload',
    title: 'smdpSignature2 with one bit changed: invalidSignature',
    reference: 'SGP.22 5.7.5',
    readings: [PD_SIGNATURE, READINGS.errorTransactionId],
    async run(context) {
      const code = await prepared(context, () => ({ tamperSignature: true }));
      check('downloadErrorCode', 'invalidSignature', code, PD_SIGNATURE);
    },
  },
  faultyDpPb('EB-PD-DPPB-ROLE', 'wrongRole', 'a CERT.DPauth presented as CERT.DPpb: invalidCertificate'),
  faultyDpPb(
    'EB-PD-DPPB-SIG',
    'signedByAnotherKey',
    'CERT.DPpb whose signature does not verify under the CI: invalidCertificate',
  ),
  {
    id: 'EB-PD-NO-SESSION',
    area: 'ES10b.PrepareDownload',
    title: 'PrepareDownload with no RSP session: refused',
    reference: 'SGP.22 5.7.5',
    readings: [PD_NO_SESSION],
    async run(context) {
      // A session that never authenticated: its transactionId is unknown to the card; euiccSignature1 is made up.
      const session = context.session();
      session.euiccSignature1 = randomBytes(64);
      const answer = await session.prepareDownload();
      const code = downloadErrorOf(session.transactionId, answer.value);
      context.note(`answer: ${code}`);
      checkThat(
        'downloadErrorCode',
        code === 'noSessionContext' || code === 'invalidSignature',
        'noSessionContext',
        code,
        PD_NO_SESSION,
      );
    },
  },
];
