/**
 * ES10b.CancelSession (SGP.22 5.7.14): each CancelSessionReason of the RSPDefinitions module, before the
 * binding (after AuthenticateServer) and after it (after PrepareDownload), each answer's signature verified
 * with the card's chain; a transactionId that is not the session's is refused with invalidTransactionId; a
 * cancelled session takes no PrepareDownload.
 */
import { CancelSessionReasons, CancelSessionResponseErrors } from '../../../asn1/rsp/index.ts';
import { randomBytes } from '../../../crypto/random.ts';
import { check, checkThat, precondition, shall } from '../../verdict.ts';
import {
  checkAuthenticateOk,
  checkCancelOk,
  checkPrepareOk,
  downloadErrorOf,
  READINGS,
} from '../card-checks.ts';
import type { EuiccCase } from '../euicc-case.ts';

const CANCEL_TRANSACTION = shall(
  'SGP.22 5.7.14',
  "CancelSession naming a transactionId other than the ongoing session's answers cancelSessionResponseError invalidTransactionId",
);
const CANCELLED = shall(
  'SGP.22 5.7.14, 5.7.5',
  'a cancelled session is over: a PrepareDownload in it is refused',
);

type Reason = keyof typeof CancelSessionReasons;

function cancelCase(reason: Reason, afterBinding: boolean): EuiccCase {
  const value = CancelSessionReasons[reason];
  return {
    id: `EB-CS-${afterBinding ? 'PD' : 'AS'}-${reason.toUpperCase()}`,
    area: 'ES10b.CancelSession',
    title: `CancelSession ${reason} ${afterBinding ? 'after PrepareDownload' : 'after AuthenticateServer'}: signed, reason and SM-DP+ OID as given`,
    reference: 'SGP.22 5.7.14',
    readings: afterBinding ? [READINGS.cancelOk] : [READINGS.cancelOk, CANCELLED],
    async run(context) {
      const session = context.session();
      const card = await precondition('AuthenticateServer', async () =>
        checkAuthenticateOk(session, await session.authenticate(), context.now()),
      );
      if (afterBinding)
        await precondition('PrepareDownload', async () =>
          checkPrepareOk(session, card, (await session.prepareDownload()).value),
        );
      checkCancelOk(session, card.chain.euiccPublicKey, (await session.cancel(value)).value, value);
      if (!afterBinding) {
        // SGP.22 5.7.14: the session is over; PrepareDownload finds none (or refuses the now unknown session).
        const answer = await session.prepareDownload();
        const code = downloadErrorOf(session.transactionId, answer.value);
        checkThat(
          'PrepareDownload after CancelSession',
          code !== 'downloadResponseOk',
          'a downloadResponseError',
          code,
          CANCELLED,
        );
      }
    },
  };
}

const REASONS = Object.keys(CancelSessionReasons) as Reason[];

export const CANCEL_SESSION_CASES: readonly EuiccCase[] = [
  ...REASONS.map((reason) => cancelCase(reason, false)),
  ...REASONS.map((reason) => cancelCase(reason, true)),
  {
    id: 'EB-CS-TXID',
    area: 'ES10b.CancelSession',
    title: 'CancelSession of another transactionId: invalidTransactionId',
    reference: 'SGP.22 5.7.14',
    readings: [CANCEL_TRANSACTION],
    async run(context) {
      const session = context.session();
      await precondition('AuthenticateServer', async () =>
        checkAuthenticateOk(session, await session.authenticate(), context.now()),
      );
      const answer = await session.cancel(CancelSessionReasons.postponed, randomBytes(16));
      const code =
        'cancelSessionResponseError' in answer.value ? answer.value.cancelSessionResponseError : undefined;
      await session.cancel(CancelSessionReasons.postponed).catch(() => undefined);
      check(
        'cancelSessionResponseError',
        CancelSessionResponseErrors.invalidTransactionId,
        code ?? 'cancelSessionResponseOk',
        CANCEL_TRANSACTION,
      );
    },
  },
];
