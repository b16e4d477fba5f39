/**
 * The eIM's side of the indirect profile download (SGP.32 3.2, ESipa 6.3.2.1-6.3.2.5): each ESipa request of
 * the download becomes the ES9+ call of the same name at the SM-DP+ (SGP.22 5.6, JSON binding 6.5.2), and the
 * SM-DP+'s answer the ESipa response. The eUICC's and the SM-DP+'s signed parts pass through as their exact
 * bytes (the IPA's TLVs go into ES9+ as base64, the SM-DP+'s base64 fields go back as TLVs), never re-encoded.
 *
 * Correlation is by identifiers, not by the HTTP connection: InitiateAuthentication finds the download order by
 * the eimTransactionId of the eIM's trigger (else the order the caller says this IPA was last given), and every
 * later request by the SM-DP+'s TransactionID (relayed-sessions.ts: kept in the eIM's store, so any eIM
 * instance on it, or the same one after a restart, continues the download). What each download ends with is recorded
 * on its order (pending-download.ts): the ProfileInstallationResult that HandleNotification brings (see
 * notification-relay.ts), a cancelled session, or the ESipa error a step was answered. No HTTP here: the eIM
 * server's ESipa binding calls these functions with the request body and sends back the DER they return.
 */
import type { ProfileInstallationResultData } from '../../asn1/rsp/index.ts';
import {
  AuthenticateClientErrorsEsipa,
  AuthenticateClientRequestEsipa,
  AuthenticateClientResponseEsipa,
  CancelSessionErrorsEsipa,
  CancelSessionRequestEsipa,
  CancelSessionResponseEsipa,
  GetBoundProfilePackageErrorsEsipa,
  GetBoundProfilePackageRequestEsipa,
  GetBoundProfilePackageResponseEsipa,
  InitiateAuthenticationErrorsEsipa,
  InitiateAuthenticationRequestEsipa,
  InitiateAuthenticationResponseEsipa,
} from '../../asn1/sgp32/index.ts';
import { encodeTlv, readTlv, type Tlv } from '../../asn1/tlv.ts';
import { FunctionFailedError } from '../../errors/client-errors.ts';
import { base64Of, type Es9Transport } from '../../lpa/es9-client.ts';
import { parseCertificate } from '../../pki/certificate.ts';
import { isServerAddress } from '../../rsp-server/server-address.ts';
import { activationCodeOf } from './download-order.ts';
import { type DownloadOutcome, installationOutcome, type RelayedFunction } from './download-outcome.ts';
import {
  type AuthenticateClientErrorName,
  type CancelSessionErrorName,
  ES9_ERROR_MAPPING,
  esipaErrorFor,
  type GetBoundProfilePackageErrorName,
  type InitiateAuthenticationErrorName,
} from './es9-error-mapping.ts';
import { fieldsOf, readEsipaRequest } from './esipa-request.ts';
import type { DownloadOrders, PendingDownload } from './pending-download.ts';
import type {
  RelayedDownload,
  RelayedSession,
  RelayedSessionStore,
  RelayLimits,
} from './relayed-sessions.ts';

/** Opens an ES9+ client for an SM-DP+ address (TLS trust: the eIM's configured CI certificates). */
export type Es9Connector = (smdpAddress: string) => Es9Transport;

export interface RelayOptions {
  readonly orders: DownloadOrders;
  /** Where the relayed sessions are kept (the eIM's store). */
  readonly sessions: RelayedSessionStore;
  readonly connect: Es9Connector;
  readonly limits: RelayLimits;
  readonly now: () => number;
  /**
   * Told the SM-DP+ of each download order this instance relays a step of (the notification receivers learn
   * it: the order's install notification goes there, whichever instance handed its trigger out or whether
   * this one restarted since).
   */
  readonly onOrderedSmdp?: (smdpAddress: string) => void;
  /** Told each ES9+ failure the IPA was answered an ESipa error for (the eIM's log). */
  readonly onRelayFailure?: (step: RelayedFunction, code: string, detail: string) => void;
}

/** What the caller knows of the request besides its body: the order this IPA was last given, if any. */
export interface InitiateAuthenticationContext {
  readonly download?: PendingDownload;
  /** The HTTP connection the request came on (a later PIR without this session's TransactionID). */
  readonly connection?: object;
}

/** An ES9+ TransactionID as the JSON binding writes it: 1 to 16 octets in hex (SGP.22 6.5.2). */
const TRANSACTION_ID_HEX = /^(?:[0-9A-Fa-f]{2}){1,16}$/;

/** A refusal the IPA is answered with: the ESipa error and why (for the log and the order's outcome). */
class Refusal<N extends string> extends Error {
  constructor(
    readonly code: N,
    readonly detail: string,
    /** Whether the download order ends with it (false: the IPA may try again, e.g. the eIM was full). */
    readonly endsOrder = true,
  ) {
    super(detail);
  }
}

const hex = (bytes: Buffer): string => bytes.toString('hex').toUpperCase();

function transactionIdOf(fn: string, answer: { transactionId?: unknown } | undefined): Buffer {
  const value = answer?.transactionId;
  if (typeof value !== 'string' || !TRANSACTION_ID_HEX.test(value))
    throw new Refusal('undefinedError', `${fn}: the SM-DP+ answered no valid transactionId`);
  return Buffer.from(value, 'hex');
}

/**
 * A JSON field that SGP.22 6.5.2 carries as a data object (serverSignature1, smdpSignature2 '5F37',
 * euiccCiPKIdToBeUsed '04'), as its TLV: our SM-DP+, pySim's osmo-smdpp and lpac write the tag; the
 * osmo-ttcn3 eIM suite's SM-DP+ and onomondo-eim's reading take the bare value. Both are taken (our reading):
 * bytes that are exactly one TLV of that tag stay as they are, anything else is that TLV's value.
 */
function asTlv(tag: number, bytes: Buffer): Buffer {
  try {
    const tlv = readTlv(bytes, 0);
    if (tlv.tag === tag && tlv.bytes.length === bytes.length) return bytes;
  } catch {
    // not a TLV: the value itself
  }
  return encodeTlv(tag, bytes);
}

/** One required TLV field of a decoded request, by tag, as the IPA sent it. */
function field(fields: ReadonlyMap<number, Tlv>, tag: number, what: string): Tlv {
  const tlv = fields.get(tag);
  if (!tlv) throw new Refusal('undefinedError', `${what} is not in a form the eIM can relay`);
  return tlv;
}

export class IndirectDownloadRelay {
  readonly sessions: RelayedSessionStore;
  readonly #options: RelayOptions;
  /** The download trigger last handed out on each HTTP connection (SGP.32 3.1.1.1: one per procedure). */
  readonly #triggersByConnection = new WeakMap<object, PendingDownload>();
  /** The relayed session whose steps last came on each HTTP connection. */
  readonly #sessionsByConnection = new WeakMap<object, string>();

  constructor(options: RelayOptions) {
    this.#options = options;
    this.sessions = options.sessions;
  }

  /** The live session of a TransactionID (hex, any case), by the injected clock. */
  async session(transactionId: string): Promise<RelayedSession | undefined> {
    const { now, limits } = this.#options;
    const session = await this.sessions.get(transactionId.toUpperCase(), now() - limits.sessionLifetimeMs);
    if (session?.download) this.#options.onOrderedSmdp?.(session.smdpAddress);
    return session;
  }

  /** Ends the sessions past their lifetime (the eIM's minute timer; opening one purges them too); how many. */
  purgeExpired(): Promise<number> {
    const { now, limits } = this.#options;
    return this.sessions.purgeExpired(now() - limits.sessionLifetimeMs);
  }

  /** One ES9+ call to the session's SM-DP+, on a client of its own (closed after the call). */
  async #es9<R>(smdpAddress: string, call: (es9: Es9Transport) => Promise<R>): Promise<R> {
    const es9 = this.#options.connect(smdpAddress);
    try {
      return await call(es9);
    } finally {
      es9.close();
    }
  }

  /**
   * GetEimPackage handed this download's trigger out on `connection`: an InitiateAuthentication on the same
   * connection without eimTransactionId is taken for it (onomondo-eim binds its work item to the connection).
   */
  triggerSent(connection: object, download: PendingDownload): void {
    this.#triggersByConnection.set(connection, download);
  }

  /** The download whose trigger went out on this connection, if any. */
  triggerOn(connection: object): PendingDownload | undefined {
    return this.#triggersByConnection.get(connection);
  }

  /**
   * ESipa.InitiateAuthentication (SGP.32 6.3.2.1) → ES9+.InitiateAuthentication at the SM-DP+ the request
   * names (else the one of the order's activation code). Errors 50-52 are the eIM's own checks (our reading):
   * invalidEimTransactionId when the eimTransactionId names no open order of this eIM; smdpAddressMismatch
   * when the request's smdpAddress is not the order's activation code's; smdpOidMismatch when the activation
   * code has an SM-DP+ OID and the SM-DP+'s CERT.DPauth does not carry it (SGP.22 4.1, 4.5.2.1.0.4).
   */
  async initiateAuthentication(body: Buffer, context: InitiateAuthenticationContext = {}): Promise<Buffer> {
    const request = readEsipaRequest(InitiateAuthenticationRequestEsipa, body);
    const answer = (code: InitiateAuthenticationErrorName) =>
      InitiateAuthenticationResponseEsipa.encode({
        initiateAuthenticationErrorEsipa: InitiateAuthenticationErrorsEsipa[code],
      });
    let download: PendingDownload | undefined = context.download;
    if (request.eimTransactionId) {
      download = await this.#options.orders.byEimTransactionId(request.eimTransactionId);
      if (!download) return answer('invalidEimTransactionId');
    }
    try {
      return await this.#initiate(request, fieldsOf(body), download, context.connection);
    } catch (error) {
      const refusal = this.#refusal<InitiateAuthenticationErrorName>(
        'initiateAuthentication',
        error,
        (name) => esipaErrorFor(ES9_ERROR_MAPPING.initiateAuthentication, name),
      );
      await this.#endOrder(download, 'initiateAuthentication', refusal);
      return answer(refusal.code);
    }
  }

  async #initiate(
    request: ReturnType<typeof InitiateAuthenticationRequestEsipa.decode>,
    fields: ReadonlyMap<number, Tlv>,
    download: PendingDownload | undefined,
    connection: object | undefined,
  ): Promise<Buffer> {
    const code = download ? activationCodeOf(download.order) : undefined;
    if (
      code &&
      request.smdpAddress !== undefined &&
      request.smdpAddress.toLowerCase() !== code.smdpAddress.toLowerCase()
    )
      throw new Refusal(
        'smdpAddressMismatch',
        `smdpAddress ${request.smdpAddress.slice(0, 100)} is not the order's SM-DP+ ${code.smdpAddress}`,
      );
    const smdpAddress = request.smdpAddress ?? code?.smdpAddress;
    if (smdpAddress === undefined)
      throw new Refusal('invalidDpAddress', 'no smdpAddress, and no activation code to take one from');
    if (!isServerAddress(smdpAddress))
      throw new Refusal('invalidDpAddress', `smdpAddress ${smdpAddress.slice(0, 100)} is not an FQDN[:port]`);
    // euiccInfo1 is OPTIONAL only for minimizeEsipaBytes, which would make the eIM rebuild it: not supported.
    const euiccInfo1 = field(fields, 0xbf20, 'a request without euiccInfo1 (minimizeEsipaBytes)');
    const { limits, now } = this.#options;
    const relayed: RelayedDownload | undefined = download && { orderId: download.orderId, eid: download.eid };
    const full = (room: string) =>
      new Refusal('undefinedError', `the eIM relays as many download sessions as it takes (${room})`, false);
    const room = await this.sessions.room(relayed, limits, now());
    if (room !== 'room') throw full(room);
    const initiated = await this.#es9(smdpAddress, (es9) =>
      es9.call('initiateAuthentication', {
        euiccChallenge: request.euiccChallenge.toString('base64'),
        euiccInfo1: euiccInfo1.bytes.toString('base64'),
        smdpAddress,
      }),
    );
    const fn = 'initiateAuthentication';
    const transactionId = transactionIdOf(fn, initiated);
    const serverCertificate = base64Of(fn, initiated, 'serverCertificate');
    if (code?.smdpOid !== undefined) {
      const oids = parseCertificate(serverCertificate).subjectAltName.registeredIds;
      if (!oids.includes(code.smdpOid))
        throw new Refusal(
          'smdpOidMismatch',
          `CERT.DPauth of ${smdpAddress} carries ${oids.join(', ') || 'no OID'}, the activation code ${code.smdpOid}`,
        );
    }
    const response = encodeTlv(
      0xbf39,
      encodeTlv(
        0xa0,
        encodeTlv(0x80, transactionId),
        base64Of(fn, initiated, 'serverSigned1'),
        asTlv(0x5f37, base64Of(fn, initiated, 'serverSignature1')),
        asTlv(0x04, base64Of(fn, initiated, 'euiccCiPKIdToBeUsed')),
        serverCertificate,
        // The IPA builds ctxParams1 (onomondo-ipa; the eIM would need its deviceInfo); the matchingId of the
        // activation code is given so that an IPA which takes it from here uses the order's (our reading).
        ...(code ? [encodeTlv(0x0c, Buffer.from(code.matchingId, 'utf8'))] : []),
      ),
    );
    InitiateAuthenticationResponseEsipa.decode(response); // the SM-DP+'s fields are what ESipa carries
    const session = {
      transactionId: hex(transactionId),
      smdpAddress,
      ...(relayed ? { download: relayed } : {}),
      openedAt: now(),
    };
    const opened = await this.sessions.open(session, limits, now());
    if (opened !== 'room') throw full(opened);
    if (relayed) this.#options.onOrderedSmdp?.(smdpAddress);
    this.onConnection(connection, session);
    return response;
  }

  /** ESipa.AuthenticateClient (SGP.32 6.3.2.2) → ES9+.AuthenticateClient of the session's SM-DP+. */
  async authenticateClient(body: Buffer, connection?: object): Promise<Buffer> {
    const request = readEsipaRequest(AuthenticateClientRequestEsipa, body);
    const answer = (code: AuthenticateClientErrorName) =>
      AuthenticateClientResponseEsipa.encode({
        authenticateClientErrorEsipa: AuthenticateClientErrorsEsipa[code],
      });
    const session = await this.session(hex(request.transactionId));
    if (!session) return answer('invalidTransactionId');
    this.onConnection(connection, session);
    try {
      const response = request.authenticateServerResponse;
      if ('compactAuthenticateResponseOk' in response)
        throw new Refusal(
          'undefinedError',
          'compactAuthenticateResponseOk (minimizeEsipaBytes) is not relayed',
        );
      const fn = 'authenticateClient';
      const authenticateServerResponse = field(fieldsOf(body), 0xbf38, 'authenticateServerResponse');
      const authenticated = await this.#es9(session.smdpAddress, (es9) =>
        es9.call(fn, {
          transactionId: session.transactionId,
          authenticateServerResponse: authenticateServerResponse.bytes.toString('base64'),
        }),
      );
      const out = encodeTlv(
        0xbf3b,
        encodeTlv(
          0xa0,
          encodeTlv(0x80, transactionIdOf(fn, authenticated)),
          base64Of(fn, authenticated, 'profileMetadata'),
          base64Of(fn, authenticated, 'smdpSigned2'),
          asTlv(0x5f37, base64Of(fn, authenticated, 'smdpSignature2')),
          base64Of(fn, authenticated, 'smdpCertificate'),
        ),
      );
      AuthenticateClientResponseEsipa.decode(out);
      // The SM-DP+ accepted the eUICC's chain (SGP.22 5.6.2): the eIM learns CERT.EUICC from it.
      if (session.download && 'authenticateResponseOk' in response) {
        const { euiccCertificate, eumCertificate } = response.authenticateResponseOk;
        await this.#options.orders.certificatesSeen?.(session.download, { euiccCertificate, eumCertificate });
      }
      return out;
    } catch (error) {
      const refusal = this.#refusal<AuthenticateClientErrorName>('authenticateClient', error, (name) =>
        esipaErrorFor(ES9_ERROR_MAPPING.authenticateClient, name),
      );
      await this.#endOrder(session.download, 'authenticateClient', refusal, session);
      return answer(refusal.code);
    }
  }

  /** ESipa.GetBoundProfilePackage (SGP.32 6.3.2.3) → ES9+.GetBoundProfilePackage of the session's SM-DP+. */
  async getBoundProfilePackage(body: Buffer, connection?: object): Promise<Buffer> {
    const request = readEsipaRequest(GetBoundProfilePackageRequestEsipa, body);
    const answer = (code: GetBoundProfilePackageErrorName) =>
      GetBoundProfilePackageResponseEsipa.encode({
        getBoundProfilePackageErrorEsipa: GetBoundProfilePackageErrorsEsipa[code],
      });
    const session = await this.session(hex(request.transactionId));
    if (!session) return answer('invalidTransactionId');
    this.onConnection(connection, session);
    try {
      if ('compactDownloadResponseOk' in request.prepareDownloadResponse)
        throw new Refusal('undefinedError', 'compactDownloadResponseOk (minimizeEsipaBytes) is not relayed');
      const fn = 'getBoundProfilePackage';
      const prepareDownloadResponse = field(fieldsOf(body), 0xbf21, 'prepareDownloadResponse');
      const bound = await this.#es9(session.smdpAddress, (es9) =>
        es9.call(fn, {
          transactionId: session.transactionId,
          prepareDownloadResponse: prepareDownloadResponse.bytes.toString('base64'),
        }),
      );
      const out = encodeTlv(
        0xbf3a,
        encodeTlv(
          0xa0,
          encodeTlv(0x80, transactionIdOf(fn, bound)),
          base64Of(fn, bound, 'boundProfilePackage'),
        ),
      );
      GetBoundProfilePackageResponseEsipa.decode(out);
      return out;
    } catch (error) {
      const refusal = this.#refusal<GetBoundProfilePackageErrorName>(
        'getBoundProfilePackage',
        error,
        (name) => esipaErrorFor(ES9_ERROR_MAPPING.getBoundProfilePackage, name),
      );
      await this.#endOrder(session.download, 'getBoundProfilePackage', refusal, session);
      return answer(refusal.code);
    }
  }

  /**
   * ESipa.CancelSession (SGP.32 6.3.2.5) → ES9+.CancelSession. In CancelSessionRequestEsipa the eUICC's
   * CancelSessionResponse sits under the automatic tag [1] ('A1' instead of 'BF41', X.680 31.2.7); ES9+ takes
   * it as ES10b gave it, so 'BF41' is restored around the same content (the signature covers
   * euiccCancelSessionSigned inside, not the outer tag).
   */
  async cancelSession(body: Buffer, connection?: object): Promise<Buffer> {
    const request = readEsipaRequest(CancelSessionRequestEsipa, body);
    const answer = (code: CancelSessionErrorName) =>
      CancelSessionResponseEsipa.encode({ cancelSessionError: CancelSessionErrorsEsipa[code] });
    const session = await this.session(hex(request.transactionId));
    if (!session) return answer('invalidTransactionId');
    this.onConnection(connection, session);
    try {
      const response = request.cancelSessionResponse;
      if ('compactCancelSessionResponseOk' in response)
        throw new Refusal(
          'undefinedError',
          'compactCancelSessionResponseOk (minimizeEsipaBytes) is not relayed',
        );
      const eUiccAnswer = encodeTlv(0xbf41, field(fieldsOf(body), 0xa1, 'cancelSessionResponse').value);
      await this.#es9(session.smdpAddress, (es9) =>
        es9.call('cancelSession', {
          transactionId: session.transactionId,
          cancelSessionResponse: eUiccAnswer.toString('base64'),
        }),
      );
      const reason =
        'cancelSessionResponseOk' in response
          ? response.cancelSessionResponseOk.euiccCancelSessionSigned.reason
          : undefined;
      await this.#record(session, {
        kind: 'cancelled',
        transactionId: session.transactionId,
        ...(reason !== undefined ? { reason } : {}),
      });
      await this.sessions.close(session.transactionId);
      return CancelSessionResponseEsipa.encode({ cancelSessionOk: {} });
    } catch (error) {
      const refusal = this.#refusal<CancelSessionErrorName>('cancelSession', error, (name) =>
        esipaErrorFor(ES9_ERROR_MAPPING.cancelSession, name),
      );
      await this.#endOrder(session.download, 'cancelSession', refusal, session);
      await this.sessions.close(session.transactionId);
      return answer(refusal.code);
    }
  }

  /**
   * A ProfileInstallationResult its receiver took (HandleNotification, notification-relay.ts): when it ends a
   * session this eIM relays, its outcome is the order's and the session is over. The session is the one of
   * the PIR's TransactionID, else the one whose steps came on the same HTTP connection (onomondo-eim binds the
   * PIR to its connection's work item; the osmo-ttcn3 eIM suite sends a PIR of another TransactionID). The
   * eIM does not check euiccSignPIR itself: the SM-DP+ that took the notification did (SGP.22 5.6.4). False
   * when no relayed session matches (a late PIR): it was forwarded, nothing is recorded.
   */
  async installationReported(data: ProfileInstallationResultData, connection?: object): Promise<boolean> {
    const byConnection = connection ? this.#sessionsByConnection.get(connection) : undefined;
    const session =
      (await this.session(hex(data.transactionId))) ??
      (byConnection !== undefined ? await this.session(byConnection) : undefined);
    if (!session) return false;
    await this.#record(session, installationOutcome(data));
    await this.sessions.close(session.transactionId);
    return true;
  }

  /** Notes the connection a session's step came on (see installationReported). */
  onConnection(connection: object | undefined, session: Pick<RelayedSession, 'transactionId'>): void {
    if (connection) this.#sessionsByConnection.set(connection, session.transactionId);
  }

  /** Records an outcome on the session's order, once (whichever eIM instance gets there first). */
  async #record(session: RelayedSession, outcome: DownloadOutcome): Promise<void> {
    if (!session.download || !(await this.sessions.finish(session.transactionId))) return;
    await this.#options.orders.finish(session.download, outcome);
  }

  /** The refusal an error becomes: an ES9+ failure by its status code's pairing, anything else undefinedError. */
  #refusal<N extends string>(
    step: RelayedFunction,
    error: unknown,
    mapped: (codeName: FunctionFailedError['codeName']) => N | 'undefinedError',
  ): Refusal<N | 'undefinedError'> {
    const refusal =
      error instanceof Refusal
        ? (error as Refusal<N>)
        : error instanceof FunctionFailedError
          ? new Refusal(mapped(error.codeName), error.message)
          : error instanceof Error
            ? new Refusal('undefinedError' as const, error.message)
            : new Refusal('undefinedError' as const, String(error));
    this.#options.onRelayFailure?.(step, refusal.code, refusal.detail);
    return refusal;
  }

  /**
   * A refused step ends the order. The relayed session stays until it expires: the IPA may still end it with
   * CancelSession (SGP.22 3.1.3), which is relayed like any other step.
   */
  async #endOrder(
    download: RelayedDownload | undefined,
    step: RelayedFunction,
    refusal: Refusal<string>,
    session?: RelayedSession,
  ): Promise<void> {
    if (!download || !refusal.endsOrder) return;
    if (session && !(await this.sessions.finish(session.transactionId))) return;
    await this.#options.orders.finish(download, {
      kind: 'procedureError',
      step,
      code: refusal.code,
      detail: refusal.detail,
    });
  }
}
