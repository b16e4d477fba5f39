/** The eIM's relayed download sessions of the `memory` store, held in this process (src/eim/download/relayed-sessions.ts). */
import {
  type NewRelayedSession,
  type RelayedDownload,
  type RelayedSession,
  type RelayedSessionStore,
  type RelayLimits,
  type RelayRoom,
  relayRoom,
} from '../../eim/download/relayed-sessions.ts';

export class MemoryRelayedSessionStore implements RelayedSessionStore {
  readonly #sessions = new Map<string, RelayedSession>();

  async room(download: RelayedDownload | undefined, limits: RelayLimits, now: number): Promise<RelayRoom> {
    await this.purgeExpired(now - limits.sessionLifetimeMs);
    return this.#room(download, limits);
  }

  #room(download: RelayedDownload | undefined, limits: RelayLimits): RelayRoom {
    let total = 0;
    let untriggered = 0;
    let ofEid = 0;
    for (const session of this.#sessions.values()) {
      if (download && session.download?.orderId === download.orderId) continue;
      total++;
      if (!session.download) untriggered++;
      else if (session.download.eid === download?.eid) ofEid++;
    }
    return relayRoom({ total, untriggered, ofEid }, download, limits);
  }

  async open(session: NewRelayedSession, limits: RelayLimits, now: number): Promise<RelayRoom> {
    await this.purgeExpired(now - limits.sessionLifetimeMs);
    this.#sessions.delete(session.transactionId);
    const room = this.#room(session.download, limits);
    if (room !== 'room') return room;
    const { download } = session;
    if (download)
      for (const other of [...this.#sessions.values()])
        if (other.download?.orderId === download.orderId) this.#sessions.delete(other.transactionId);
    this.#sessions.set(session.transactionId, { ...session, finished: false });
    return 'room';
  }

  async get(transactionId: string, openedAfter: number): Promise<RelayedSession | undefined> {
    const session = this.#sessions.get(transactionId);
    return session && session.openedAt > openedAfter ? session : undefined;
  }

  async finish(transactionId: string): Promise<boolean> {
    const session = this.#sessions.get(transactionId);
    if (!session || session.finished) return false;
    this.#sessions.set(transactionId, { ...session, finished: true });
    return true;
  }

  async close(transactionId: string): Promise<void> {
    this.#sessions.delete(transactionId);
  }

  async purgeExpired(openedBefore: number): Promise<number> {
    let purged = 0;
    for (const session of [...this.#sessions.values()])
      if (session.openedAt <= openedBefore) {
        this.#sessions.delete(session.transactionId);
        purged++;
      }
    return purged;
  }

  async count(): Promise<number> {
    return this.#sessions.size;
  }
}
