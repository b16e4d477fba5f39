/** Finding the RSP session a step belongs to (SGP.22 5.6: "TransactionId - Unknown" otherwise). */
import { RspError } from '../../errors/rsp-error.ts';
import type { SmdpContext } from '../context.ts';
import type { RspSession, SessionPhase } from '../session.ts';

/** The live session in one of `phases`; an unknown, expired, replayed or out-of-order step is 8.10.1/3.9. */
export async function sessionIn(
  smdp: Pick<SmdpContext, 'sessions' | 'now'>,
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

/** Ends a session for good. */
export async function closeSession(smdp: Pick<SmdpContext, 'sessions'>, session: RspSession): Promise<void> {
  session.phase = 'closed';
  await smdp.sessions.delete(session.transactionId);
}
