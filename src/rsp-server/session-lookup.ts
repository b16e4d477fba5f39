/** Finding the RSP session a step belongs to (SGP.22 5.6: "TransactionId - Unknown" otherwise). */
import { RspError } from '../errors/rsp-error.ts';
import type { RspSession, SessionEnding, SessionPhase, SessionStore } from './session.ts';

/** What a server's context gives the lookup: its session store and its clock (the SM-DP+'s and the SM-DS's). */
interface SessionHolder {
  readonly sessions: SessionStore;
  readonly now: () => number;
}

/** The live session in one of `phases`; an unknown, expired, replayed or out-of-order step is 8.10.1/3.9. */
export async function sessionIn(
  smdp: SessionHolder,
  transactionId: string,
  phases: readonly SessionPhase[],
): Promise<RspSession> {
  const session = await smdp.sessions.get(transactionId, smdp.now());
  if (!session) throw new RspError('transactionIdUnknown', undefined, transactionId);
  if (!phases.includes(session.phase)) {
    throw new RspError('transactionIdUnknown', `step not allowed in phase ${session.phase}`, transactionId);
  }
  return session;
}

/** The transactionId inside signed data must be the session's own. */
export function checkSignedTransactionId(signed: Buffer, transactionId: string): void {
  if (signed.toString('hex').toUpperCase() !== transactionId) {
    throw new RspError(
      'transactionIdUnknown',
      'signed transactionId differs from the session',
      transactionId,
    );
  }
}

/**
 * Ends a session. A session that served a BPP and is ended by the eUICC's signed answer (`ending`) is kept,
 * closed and without its BPP, until it expires, so that a later installation result about it can be
 * verified (see SessionEnding); any other goes for good — without a BPP there is no result to wait for.
 */
export async function closeSession(
  smdp: Pick<SessionHolder, 'sessions'>,
  session: RspSession,
  ending?: SessionEnding,
): Promise<void> {
  const served = session.phase === 'bound' || session.ending !== undefined;
  session.phase = 'closed';
  if (!ending || !served) {
    await smdp.sessions.delete(session.transactionId);
    return;
  }
  session.ending = ending;
  delete session.boundProfilePackage;
  delete session.euiccOtpk;
  delete session.bppEuiccOtpk;
  delete session.smdpSignature2Tlv;
  await smdp.sessions.update(session);
}
