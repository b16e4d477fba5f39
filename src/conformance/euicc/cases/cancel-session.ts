/**
 * ES10b.CancelSession (SGP.22 5.7.14): each CancelSessionReason of the RSPDefinitions module, before the
 * binding (after AuthenticateServer) and after it (after PrepareDownload), each answer's signature verified
 * with the card's chain; a transactionId that is not the session's is refused with invalidTransactionId; a
 * cancelled session takes no PrepareDownload.
 */
import {
  BppCommandIds,
  CancelSessionReasons,
  CancelSessionResponseErrors,
  ErrorReasons,
  ProfileInstallationResultData,
} from '../../../asn1/rsp/index.ts';
import { peekTag, readTlv } from '../../../asn1/tlv.ts';
import { randomBytes } from '../../../crypto/random.ts';
import { check, checkThat, Inconclusive, may, precondition, shall } from '../../verdict.ts';
import {
  checkAuthenticateOk,
  checkCancelOk,
  checkPrepareOk,
  downloadErrorOf,
  finalResultOf,
  READINGS,
} from '../card-checks.ts';
import type { EuiccCase } from '../euicc-case.ts';
import { stateOf } from './profile-management.ts';

const CANCEL_TRANSACTION = shall(
  'SGP.22 5.7.14',
  "CancelSession naming a transactionId other than the ongoing session's answers cancelSessionResponseError invalidTransactionId",
);
const CANCEL_DURING_LOAD = shall(
  'SGP.22 5.7.14, 2.5.5, 5.7.6',
  'once the session is cancelled, the BPP whose loading had started is not installed: the rest of it completes nothing, and no profile of it is on the card',
);
const CANCEL_DURING_LOAD_ANSWER = may(
  'SGP.22 5.7.14',
  'a CancelSession after BPP loading started is answered with a signed cancelSessionResponseOk, as before it (5.7.14 lets the LPA cancel the RSP session until the download ends); SGP.22 names no other answer for it, so an error or the installation result of the interrupted BPP is a remark',
  'lpac calls ES10b.CancelSession after any LoadBoundProfilePackage failure (src/applet/profile/download.c); a signed Ok is checked as 5.7.14 SHALLs it',
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

/** The BPP's pieces up to StoreMetadata (ISCR, ConfigureISDP, StoreMetadata), then the rest (SGP.22 2.5.5). */
function splitAfterMetadata(pieces: readonly Buffer[]): [Buffer[], Buffer[]] {
  const at = pieces.findIndex((p) => peekTag(p) === 0xa2 || peekTag(p) === 0xa3);
  if (at <= 0) throw new Inconclusive('the BPP has no part after StoreMetadata', 'build the BPP');
  return [pieces.slice(0, at), pieces.slice(at)];
}

/** The card's answer to a command, or what it did instead (a status word, an undecodable answer). */
async function attempt<T>(run: () => Promise<T>): Promise<{ value?: T; refused?: string }> {
  try {
    return { value: await run() };
  } catch (error) {
    return { refused: error instanceof Error ? error.message : String(error) };
  }
}

const cancelDuringLoad: EuiccCase = {
  id: 'EB-CS-LBPP-STARTED',
  area: 'ES10b.CancelSession',
  title:
    'CancelSession after the BPP started loading (ConfigureISDP and StoreMetadata loaded): the profile is not installed, the rest of the BPP installs nothing',
  reference: 'SGP.22 5.7.14, 5.7.6, 2.5.5',
  readings: [CANCEL_DURING_LOAD, CANCEL_DURING_LOAD_ANSWER, READINGS.cancelOk],
  async run(context) {
    const session = context.session();
    const card = await precondition('AuthenticateServer', async () =>
      checkAuthenticateOk(session, await session.authenticate(), context.now()),
    );
    await precondition('PrepareDownload', async () =>
      checkPrepareOk(session, card, (await session.prepareDownload()).value),
    );
    const profile = await context.profile();
    const [started, rest] = splitAfterMetadata(session.boundProfilePackage(profile).pieces);
    const early = await precondition('LoadBoundProfilePackage up to StoreMetadata', () =>
      session.load(started),
    );
    if (early !== undefined)
      throw new Inconclusive(
        'the card ended the installation before the cancel point (it answered a ProfileInstallationResult)',
        'LoadBoundProfilePackage up to StoreMetadata',
      );
    const reason = CancelSessionReasons.endUserRejection;
    const cancelled = await attempt(() => session.cancel(reason));
    const answer = cancelled.value?.value;
    if (answer && 'cancelSessionResponseOk' in answer)
      checkCancelOk(session, card.chain.euiccPublicKey, answer, reason);
    else
      context.remark({
        what: 'CancelSession after BPP loading started',
        expected: 'cancelSessionResponseOk',
        observed: answer
          ? `cancelSessionResponseError ${answer.cancelSessionResponseError}`
          : (cancelled.refused ?? 'no answer'),
        reading: CANCEL_DURING_LOAD_ANSWER,
      });
    const after = await attempt(() => session.load(rest));
    const result = after.value;
    if (result !== undefined) {
      const final = finalResultOf(
        ProfileInstallationResultData.decode(readTlv(readTlv(result, 0).value, 0).bytes),
        { commands: BppCommandIds, reasons: ErrorReasons },
      );
      context.note(`the rest of the BPP answered: finalResult ${final}`);
      checkThat('the rest of the BPP', final !== 'success', 'no successResult', final, CANCEL_DURING_LOAD);
    } else context.note(`the rest of the BPP: ${after.refused ?? 'accepted without an answer'}`);
    check('the profile', 'absent', await stateOf(context, profile.iccid), CANCEL_DURING_LOAD);
  },
};

export const CANCEL_SESSION_CASES: readonly EuiccCase[] = [
  ...REASONS.map((reason) => cancelCase(reason, false)),
  ...REASONS.map((reason) => cancelCase(reason, true)),
  cancelDuringLoad,
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
