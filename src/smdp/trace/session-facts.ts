/**
 * What the admin page lists about a traced session, read back from its recorded exchanges: the matchingId
 * and EID the eUICC sent in authenticateClient (euiccSigned1.ctxParams1 and the subject of CERT.EUICC), and
 * where the session got to. Read from the trace rather than the session store, because a finished session
 * is gone from the store but its trace is what a test lab wants to look at.
 */
import { AuthenticateServerResponse, PendingNotification } from '../../asn1/rsp/index.ts';
import { parseCertificate } from '../../pki/certificate.ts';
import type { TraceEntry } from './recorded-exchange.ts';

/**
 * initiated / authenticated / bound: the last ES9+ function that succeeded (the SGP.22 3.1.3 session
 * phases); installed / installFailed: the eUICC's ProfileInstallationResult; cancelled: cancelSession came;
 * failed: an answer was an SGP.22 failure or an HTTP error.
 */
export type TracedSessionState =
  | 'initiated'
  | 'authenticated'
  | 'bound'
  | 'installed'
  | 'installFailed'
  | 'cancelled'
  | 'failed';

export interface SessionFacts {
  readonly eid?: string;
  readonly matchingId?: string;
  readonly state: TracedSessionState;
}

const PHASE_AFTER: Readonly<Record<string, TracedSessionState>> = {
  initiateAuthentication: 'initiated',
  authenticateClient: 'authenticated',
  getBoundProfilePackage: 'bound',
};

/** Parsing the body and decoding CERT.EUICC cost; an exchange is immutable once recorded, so each is read once. */
const identities = new WeakMap<TraceEntry, { eid?: string; matchingId?: string }>();

function identityOf(entry: TraceEntry): { eid?: string; matchingId?: string } {
  const known = identities.get(entry);
  if (known) return known;
  let found: { eid?: string; matchingId?: string } = {};
  const request = entry.request;
  const encoded =
    typeof request === 'object' && request !== null
      ? (request as { authenticateServerResponse?: unknown }).authenticateServerResponse
      : undefined;
  if (typeof encoded !== 'string') {
    identities.set(entry, found);
    return found;
  }
  try {
    const response = AuthenticateServerResponse.decode(Buffer.from(encoded, 'base64'));
    if ('authenticateResponseOk' in response) {
      const ok = response.authenticateResponseOk;
      const eid = parseCertificate(ok.euiccCertificate).eid;
      found = {
        matchingId: ok.euiccSigned1.ctxParams1.ctxParamsForCommonAuthentication.matchingId,
        ...(eid ? { eid } : {}),
      };
    }
  } catch {
    // A malformed request (a negative test) names no eUICC: the session is listed without one.
  }
  identities.set(entry, found);
  return found;
}

const failedAnswer = (entry: TraceEntry) =>
  entry.httpStatus >= 400 || entry.executionStatus?.status === 'Failed';

/** The installation result a handleNotification carried, if it was one. */
function installResult(entry: TraceEntry): TracedSessionState | undefined {
  const encoded = (entry.request as { pendingNotification?: unknown } | undefined)?.pendingNotification;
  if (typeof encoded !== 'string') return undefined;
  try {
    const pending = PendingNotification.decode(Buffer.from(encoded, 'base64'));
    if (!('profileInstallationResult' in pending)) return undefined;
    const result = pending.profileInstallationResult.profileInstallationResultData.finalResult;
    return 'successResult' in result ? 'installed' : 'installFailed';
  } catch {
    return undefined;
  }
}

function stateOf(entries: readonly TraceEntry[]): TracedSessionState {
  if (entries.some(failedAnswer)) return 'failed';
  let state: TracedSessionState = 'initiated';
  for (const entry of entries) {
    if (entry.function === 'cancelSession') state = 'cancelled';
    // The first installation result is the one the server recorded; a repeated one changes nothing.
    else if (entry.function === 'handleNotification' && state !== 'installed' && state !== 'installFailed')
      state = installResult(entry) ?? state;
    else state = PHASE_AFTER[entry.function] ?? state;
  }
  return state;
}

export function sessionFacts(entries: readonly TraceEntry[]): SessionFacts {
  const authenticate = entries.find((e) => e.function === 'authenticateClient');
  return { ...(authenticate ? identityOf(authenticate) : {}), state: stateOf(entries) };
}
