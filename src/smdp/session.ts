/**
 * RSP session state per transactionId (SGP.22 3.1.3): what one step leaves for the next. Sessions expire;
 * a step that arrives in the wrong state is refused as an unknown transaction.
 */
import type { Curve } from '../crypto/curve.ts';

export type SessionPhase =
  | 'initiated' // after initiateAuthentication
  | 'authenticated' // after authenticateClient
  | 'bound' // after getBoundProfilePackage
  | 'closed';

/**
 * How a download session ended: the eUICC's signed ProfileInstallationResult came, or its signed
 * cancelSession. A session so ended is kept, closed, until it expires (SGP.22 5.6.4): a repeated or late
 * installation result is recognised (answered, nothing changed), and one that follows a cancellation — lpac
 * sends cancelSession, then the eUICC's failed result — is still verified and recorded.
 */
export type SessionEnding = 'installationResult' | 'cancelled';

export interface RspSession {
  readonly transactionId: string; // upper-case hex, as the JSON binding carries it
  phase: SessionPhase;
  readonly createdAt: number;
  expiresAt: number;
  readonly euiccChallenge: Buffer;
  readonly serverChallenge: Buffer;
  readonly serverAddress: string;
  /** SubjectKeyIdentifier of the CI chosen for this session. */
  readonly ciPkid: Buffer;
  readonly curve: Curve;
  eid?: string;
  euiccCertificate?: Buffer;
  matchingId?: string;
  profileId?: string;
  ccRequired?: boolean;
  /** The '5F37' TLV sent to the eUICC, which euiccSignature2 covers. */
  smdpSignature2Tlv?: Buffer;
  /** otPK.EUICC.ECKA of the order's binding from an earlier session, named in smdpSigned2 (SGP.22 5.6.2). */
  bppEuiccOtpk?: Buffer;
  /** otPK.EUICC.ECKA the BPP was bound to, and the BPP itself, for a retry (SGP.22 3.1.3.2). */
  euiccOtpk?: Buffer;
  boundProfilePackage?: Buffer;
  ccAttempts: number;
  /** Set when the session is closed by the eUICC's signed answer. */
  ending?: SessionEnding;
}

export interface SessionStore {
  create(session: RspSession): Promise<void>;
  /** The live session, or undefined if unknown or expired. */
  get(transactionId: string, now: number): Promise<RspSession | undefined>;
  update(session: RspSession): Promise<void>;
  delete(transactionId: string): Promise<void>;
  list(now: number): Promise<RspSession[]>;
  /** Deletes every session expired at `now` (the server calls it at start and periodically); how many went. */
  purgeExpired(now: number): Promise<number>;
  /** Live sessions not yet authenticated (phase `initiated`): what initiateAuthentication's bound counts. */
  countInitiated(now: number): Promise<number>;
}

/**
 * A small Buffer is usually a slice of one of Node's shared 8 KB allocation slabs, and keeps that whole slab
 * alive. A session held for minutes would pin two or three slabs (16 KB and more) for a few hundred bytes, so
 * the memory store gives every Buffer of a session memory of its own.
 */
function ownMemory(session: RspSession): RspSession {
  const fields = session as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (Buffer.isBuffer(value) && value.byteLength !== value.buffer.byteLength) {
      const copy = new Uint8Array(value); // a new ArrayBuffer of exactly this size (Buffer.from would pool)
      fields[key] = Buffer.from(copy.buffer, 0, copy.byteLength);
    }
  }
  return session;
}

/** Sessions held in this process; expired ones are swept as they are met. */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, RspSession>();
  /** The sessions in phase `initiated`, so that counting them does not walk every session. */
  readonly #initiated = new Set<string>();

  async create(session: RspSession): Promise<void> {
    this.#set(session);
  }
  async get(transactionId: string, now: number): Promise<RspSession | undefined> {
    const session = this.#sessions.get(transactionId);
    if (session && session.expiresAt <= now) {
      this.#remove(transactionId);
      return undefined;
    }
    return session;
  }
  async update(session: RspSession): Promise<void> {
    this.#set(session);
  }
  async delete(transactionId: string): Promise<void> {
    this.#remove(transactionId);
  }
  async list(now: number): Promise<RspSession[]> {
    await this.purgeExpired(now);
    return [...this.#sessions.values()];
  }
  async purgeExpired(now: number): Promise<number> {
    let purged = 0;
    for (const [id, s] of this.#sessions) {
      if (s.expiresAt > now) continue;
      this.#remove(id);
      purged++;
    }
    return purged;
  }
  async countInitiated(now: number): Promise<number> {
    let count = 0;
    for (const id of this.#initiated) if (this.#sessions.get(id)!.expiresAt > now) count++;
    return count;
  }
  #set(session: RspSession): void {
    this.#sessions.set(session.transactionId, ownMemory(session));
    if (session.phase === 'initiated') this.#initiated.add(session.transactionId);
    else this.#initiated.delete(session.transactionId);
  }
  #remove(transactionId: string): void {
    this.#sessions.delete(transactionId);
    this.#initiated.delete(transactionId);
  }
}
