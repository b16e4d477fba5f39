/**
 * Who may open an RSP session (SGP.22 3.1.2: initiateAuthentication needs no signature, so anyone can). Each
 * session waiting for authenticateClient costs the server memory or a row, so their number is bounded — and
 * that bound must not become a switch one client turns off for everyone (10,100
 * requests from one address in 43 s refused every other LPA for ten minutes). So:
 *
 * - a pending session lives `pendingSessionTtlSeconds` (60 s) unless authenticateClient comes; an
 *   authenticated one lives on to `sessionTtlSeconds` after its start;
 * - one source (an IPv4 address, an IPv6 /64: one host's share of the address space) keeps at most
 *   `maxPendingSessionsPerSource`; past it, its own oldest pending session makes room;
 * - when all sources together reach `maxPendingSessions`, the oldest pending session of the source holding
 *   the most makes room. Only a source that itself holds the most is refused (1.2 / 4.2 Execution Error:
 *   SGP.22 5.6.1 has no code of its own for a server that cannot take a session now).
 *
 * A flood from one source thus never refuses a client from another, and a flood from many sources never
 * refuses a client that holds fewer pending sessions than each of them.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { wholeNumber } from '../config/settings.ts';
import { RspError } from '../errors/rsp-error.ts';
import type { SessionStore } from './session.ts';

/** What a protocol function knows of where its request came from (http/client-address.ts makes it). */
export interface RequestOrigin {
  readonly clientAddress: string;
}

/** The bounds a server puts on sessions not yet authenticated (0: no bound). */
export interface PendingSessionLimits {
  readonly maxPendingSessions: number;
  readonly maxPendingSessionsPerSource: number;
  readonly pendingSessionTtlMs: number;
}

/** The settings of PendingSessionLimits beside maxPendingSessions, the same for the SM-DP+ and the SM-DS. */
export const PENDING_SESSION_SETTINGS = {
  maxPendingSessionsPerSource: {
    doc: 'Sessions not yet authenticated one source keeps at most (an IPv4 address, an IPv6 /64; 0: no bound); past it, its own oldest pending session ends to make room.',
    default: 1_000,
    env: 'RSPSIM_MAX_PENDING_SESSIONS_PER_SOURCE',
    parse: wholeNumber,
  },
  pendingSessionTtlSeconds: {
    doc: 'Seconds a session lives before authenticateClient (then up to sessionTtlSeconds from its start).',
    default: 60,
    env: 'RSPSIM_PENDING_SESSION_TTL',
    parse: wholeNumber,
  },
} as const;

/** The limits from a server's resolved settings. */
export function pendingSessionLimits(config: {
  readonly maxPendingSessions: number;
  readonly maxPendingSessionsPerSource: number;
  readonly pendingSessionTtlSeconds: number;
}): PendingSessionLimits {
  return {
    maxPendingSessions: config.maxPendingSessions,
    maxPendingSessionsPerSource: config.maxPendingSessionsPerSource,
    pendingSessionTtlMs: config.pendingSessionTtlSeconds * 1000,
  };
}

/** The hextets of an IPv6 address, `::` expanded (an embedded IPv4 tail counts as two). */
function hextets(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const part = (text: string) => (text === '' ? [] : text.split(':'));
  const expand = (groups: string[]) =>
    groups.flatMap((group) => {
      if (!isIPv4(group)) return [group];
      const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
      return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    });
  const left = expand(part(head));
  const right = tail === undefined ? [] : expand(part(tail));
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}

/**
 * The source a client address counts under: an IPv4 address (also when IPv4-mapped, ::ffff:a.b.c.d) as it
 * is, an IPv6 address by its /64 — a host is given a whole /64, and any address in it is as cheap as another.
 */
export function pendingSourceOf(clientAddress: string): string {
  const address = clientAddress.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address;
  return `${hextets(address).slice(0, 4).join(':')}::/64`;
}

/**
 * Makes room for one more pending session of `source`, or refuses with 1.2 / 4.2. Counts and evictions are
 * separate store calls, so requests racing each other can pass a bound by as many as race: bounded by the
 * connection limits.
 */
export async function admitPendingSession(
  sessions: SessionStore,
  limits: PendingSessionLimits,
  source: string,
  now: number,
): Promise<void> {
  const perSource = limits.maxPendingSessionsPerSource;
  if (perSource > 0 && (await sessions.countInitiated(now, source)) >= perSource) {
    // The source at its share: its own oldest goes, the total does not grow.
    await sessions.deleteOldestInitiated(now, source);
    return;
  }
  const max = limits.maxPendingSessions;
  if (max <= 0 || (await sessions.countInitiated(now)) < max) return;
  const busiest = await sessions.busiestInitiatedSource(now);
  if (!busiest || busiest.source === source || busiest.count <= (await sessions.countInitiated(now, source)))
    throw new RspError('executionError', `${max} sessions are waiting for authenticateClient`);
  await sessions.deleteOldestInitiated(now, busiest.source);
}
