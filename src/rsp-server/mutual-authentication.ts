/**
 * The mutual authentication an RSP server and an eUICC go through (SGP.22 3.1.2 "Common Mutual
 * Authentication"): the same for the SM-DP+ (ES9+ 5.6.1 / 5.6.3) and the SM-DS (ES11 5.8.1 / 5.8.2), only
 * the certificate (DPauth / DSauth), the address and the status codes differ. Each part is a function that
 * the ES9+ and ES11 steps call.
 */

import type { KeyObject } from 'node:crypto';
import {
  type AuthenticateServerResponse,
  type EUICCInfo1,
  type EuiccSigned1,
  ServerSigned1,
} from '../asn1/rsp/index.ts';
import { derOf } from '../asn1/schema.ts';
import type { Curve } from '../crypto/curve.ts';
import { ecdsaSign, ecdsaVerify } from '../crypto/ecdsa.ts';
import { randomBytes } from '../crypto/random.ts';
import { clipText } from '../errors/clip-text.ts';
import { ensure, RspError } from '../errors/rsp-error.ts';
import type { StatusCodeName } from '../errors/status-codes.ts';
import type { CiCertificate } from '../pki/trusted-ci.ts';
import { type Es9Answer, Es9Functions, type Es9StepName } from '../protocol/es9-functions.ts';
import type { Es11Answer, Es11StepName } from '../protocol/es11-functions.ts';
import { signatureTlv } from '../protocol/signed-data.ts';
import { declaredDerField } from './binding/declared-fields.ts';
import { base64Field, type JsonBody, stringField, transactionIdField } from './binding/json-fields.ts';
import { verifyEuiccChain } from './euicc-chain.ts';
import type { RspSession, SessionStore } from './session.ts';
import { admitPendingSession, type PendingSessionLimits } from './session-admission.ts';
import { checkSignedTransactionId, closeSession } from './session-lookup.ts';
import type { SigningIdentity } from './signing-identity.ts';
import { need, type SessionState } from './step-state.ts';
import { type Step, stepOf } from './steps.ts';

/** The codes a server answers with when initiateAuthentication cannot go on (ES9+ 8.8.x, ES11 8.9.x). */
export interface InitiationCodes {
  readonly addressInvalid: StatusCodeName;
  readonly versionNotSupported: StatusCodeName;
  readonly ciPKIdNotSupported: StatusCodeName;
  readonly noAuthCertificate: StatusCodeName;
}

/** SGP.22 versions served: v2.x. */
const SUPPORTED_MAJOR_VERSION = 2;

export interface InitiateAuthenticationRequest {
  readonly euiccChallenge: Buffer;
  readonly serverAddress: string;
  readonly euiccInfo1: EUICCInfo1;
}

/**
 * The requests' DER fields as ES9+ declares them; ES11 declares the same fields with the same types
 * (src/protocol/es11-functions.ts), so both servers read them through these.
 */
const INITIATION = Es9Functions.initiateAuthentication;
const AUTHENTICATION = Es9Functions.authenticateClient;

/** The request's fields; the server address is the first of `addressFields` present. */
function readInitiateAuthentication(
  body: JsonBody,
  addressFields: readonly [string, ...string[]],
): InitiateAuthenticationRequest {
  const euiccChallenge = base64Field(body, 'euiccChallenge');
  ensure(euiccChallenge.length === 16, 'badInput', 'euiccChallenge is not 16 bytes');
  const field = addressFields.find((name) => body[name] !== undefined && body[name] !== null);
  const serverAddress = stringField(body, field ?? addressFields[0]);
  return {
    euiccChallenge,
    serverAddress,
    euiccInfo1: declaredDerField(INITIATION, body, 'euiccInfo1').value,
  };
}

/** Host names compare without case; a default port may be left out on either side. */
function sameAddress(a: string, b: string): boolean {
  const normal = (x: string) => x.trim().toLowerCase().replace(/:443$/, '');
  return normal(a) === normal(b);
}

function checkSpecificationVersion(euiccInfo1: EUICCInfo1, code: StatusCodeName): void {
  ensure(euiccInfo1.svn[0] === SUPPORTED_MAJOR_VERSION, code, `SVN ${[...euiccInfo1.svn].join('.')}`);
}

/**
 * A CI the eUICC can sign under (its eUICC chain) and verify with (our authentication certificate), SGP.22
 * 5.6.1 / 5.8.1; `credentials` in the server's order of preference.
 */
function selectCredentials<C extends { readonly ciPkid: Buffer }>(
  euiccInfo1: EUICCInfo1,
  credentials: readonly C[],
  codes: InitiationCodes,
): C {
  const forSigning = euiccInfo1.euiccCiPKIdListForSigning;
  const forVerification = euiccInfo1.euiccCiPKIdListForVerification;
  const known = credentials.filter((c) => forSigning.some((id) => id.equals(c.ciPkid)));
  if (known.length === 0) throw new RspError(codes.ciPKIdNotSupported);
  const chosen = known.find((c) => forVerification.some((id) => id.equals(c.ciPkid)));
  if (!chosen) throw new RspError(codes.noAuthCertificate);
  return chosen;
}

export interface SessionServer {
  readonly address: string;
  readonly sessionTtlMs: number;
  /** The bounds on sessions not yet authenticated (session-admission.ts). */
  readonly pending: PendingSessionLimits;
  readonly sessions: SessionStore;
  readonly now: () => number;
}

/** A new RSP session with a fresh transactionId and serverChallenge (SGP.22 3.1.2). */
async function openSession(
  server: SessionServer,
  source: string,
  euiccChallenge: Buffer,
  credentials: { readonly ciPkid: Buffer; readonly curve: Curve },
): Promise<RspSession> {
  const now = server.now();
  // Each session costs the server memory or a row until it expires, and any client can open one without
  // proving anything: bounded per source and in all, without one source locking others out.
  await admitPendingSession(server.sessions, server.pending, source, now);
  const session: RspSession = {
    transactionId: randomBytes(16).toString('hex').toUpperCase(),
    phase: 'initiated',
    createdAt: now,
    // Until authenticateClient: the short pending lifetime (authenticateClient extends it, SGP.22 3.1.2).
    expiresAt: now + Math.min(server.pending.pendingSessionTtlMs, server.sessionTtlMs),
    source,
    euiccChallenge: Buffer.from(euiccChallenge),
    serverChallenge: randomBytes(16),
    serverAddress: server.address,
    ciPkid: credentials.ciPkid,
    curve: credentials.curve,
    ccAttempts: 0,
  };
  await server.sessions.create(session);
  return session;
}

function encodeServerSigned1(session: RspSession): Buffer {
  return ServerSigned1.encode({
    transactionId: Buffer.from(session.transactionId, 'hex'),
    euiccChallenge: session.euiccChallenge,
    serverAddress: session.serverAddress,
    serverChallenge: session.serverChallenge,
  });
}

/** initiateAuthentication's answer as declared for ES9+ and for ES11 (SGP.22 6.5.2.1): both servers build it. */
export type InitiateAuthenticationAnswer = Es9Answer<'initiateAuthentication'> &
  Es11Answer<'initiateAuthentication'>;

/** initiateAuthentication's answer: serverSigned1 signed with the auth key. */
function initiateAuthenticationAnswer(
  session: RspSession,
  serverSigned1: Buffer,
  ciPkid: Buffer,
  auth: SigningIdentity,
): InitiateAuthenticationAnswer {
  return {
    transactionId: session.transactionId,
    serverSigned1: serverSigned1.toString('base64'),
    serverSignature1: signatureTlv(ecdsaSign(auth.privateKey, serverSigned1)).toString('base64'),
    euiccCiPKIdToBeUsed: Buffer.concat([Buffer.from([0x04, ciPkid.length]), ciPkid]).toString('base64'),
    serverCertificate: auth.certificate.toString('base64'),
  };
}

/** What initiateAuthentication's steps leave for each other (the server's state adds its context). */
export interface InitiationState<C>
  extends SessionState<'initiateAuthentication', InitiateAuthenticationAnswer> {
  /** Where the request came from, as the pending-session bounds count it (session-admission.ts). */
  readonly source: string;
  euiccChallenge?: Buffer;
  serverAddress?: string;
  euiccInfo1?: EUICCInfo1;
  credentials?: C;
  serverSigned1?: Buffer;
}

/** What authenticateClient's steps of either server leave for each other (SGP.22 5.6.3 / 5.8.2). */
export interface AuthenticationState<A extends JsonBody> extends SessionState<'authenticateClient', A> {
  /** The eUICC's answer to our authentication, as the request carried it. */
  authenticateServerResponse?: AuthenticateServerResponse;
  ok?: AuthenticateResponseOk;
  euiccSigned1?: EuiccSigned1;
}

/** How one kind of server (SM-DP+, SM-DS) runs initiateAuthentication. */
export interface InitiationRole<C, S, A extends string> {
  /** JSON fields the server address may come in, the first present wins. */
  readonly addressFields: readonly [string, ...string[]];
  /** Name of the address check step (checkSmdpAddress / checkSmdsAddress). */
  readonly addressStep: A;
  readonly codes: InitiationCodes;
  server(state: S): SessionServer & { readonly credentials: readonly C[] };
  /** The certificate and key that sign serverSigned1: DPauth, DSauth. */
  auth(credentials: C): SigningIdentity;
}

/** The steps of initiateAuthentication that ES9+ and ES11 both declare: all but the address check. */
type CommonInitiationStep = Es9StepName<'initiateAuthentication'> & Es11StepName<'initiateAuthentication'>;

/** initiateAuthentication as named steps (SGP.22 5.6.1 / 5.8.1): read, check, choose the CI, sign. */
export function initiateAuthenticationSteps<
  C extends { readonly ciPkid: Buffer; readonly curve: Curve },
  S extends InitiationState<C>,
  A extends string,
>(role: InitiationRole<C, S, A>): Step<S, CommonInitiationStep | A>[] {
  const { codes } = role;
  const step = stepOf<S, CommonInitiationStep | A>();
  return [
    step('readRequest', (s) => {
      const request = readInitiateAuthentication(s.body, role.addressFields);
      s.euiccChallenge = request.euiccChallenge;
      s.serverAddress = request.serverAddress;
      s.euiccInfo1 = request.euiccInfo1;
    }),
    // The eUICC must be talking to us: the address it was given is the one we serve under.
    step(role.addressStep, (s) => {
      const address = need(s, 'serverAddress');
      const own = role.server(s).address;
      // The server's own address in the message: the fix for an activation code naming another one. The
      // address sent is clipped first, so that a long one cannot push the fix out of the clipped message.
      ensure(
        sameAddress(address, own),
        codes.addressInvalid,
        `${clipText(address)} (this server's address is ${own})`,
      );
    }),
    step('checkSpecificationVersion', (s) => {
      checkSpecificationVersion(need(s, 'euiccInfo1'), codes.versionNotSupported);
    }),
    // A CI the eUICC can sign under (its eUICC chain) and verify with (our authentication certificate).
    step('selectCertificateIssuer', (s) => {
      s.credentials = selectCredentials(need(s, 'euiccInfo1'), role.server(s).credentials, codes);
    }),
    step('openSession', async (s) => {
      s.session = await openSession(
        role.server(s),
        s.source,
        need(s, 'euiccChallenge'),
        need(s, 'credentials'),
      );
    }),
    step('signServerSigned1', (s) => {
      s.serverSigned1 = encodeServerSigned1(need(s, 'session'));
    }),
    step('respond', (s) => {
      const credentials = need(s, 'credentials');
      s.answer = initiateAuthenticationAnswer(
        need(s, 'session'),
        need(s, 'serverSigned1'),
        credentials.ciPkid,
        role.auth(credentials),
      );
    }),
  ];
}

export interface AuthenticateClientRequest {
  readonly transactionId: string;
  readonly authenticateServerResponse: AuthenticateServerResponse;
}

export function readAuthenticateClient(body: JsonBody): AuthenticateClientRequest {
  return {
    transactionId: transactionIdField(body),
    authenticateServerResponse: declaredDerField(AUTHENTICATION, body, 'authenticateServerResponse').value,
  };
}

export type AuthenticateResponseOk = Extract<
  AuthenticateServerResponse,
  { authenticateResponseOk: unknown }
>['authenticateResponseOk'];

/** The eUICC's answer to our authentication; a refusal ends the session (SGP.22 5.6.3 / 5.8.2). */
export async function euiccAnswerOk(
  sessions: SessionStore,
  session: RspSession,
  response: AuthenticateServerResponse,
): Promise<AuthenticateResponseOk> {
  if ('authenticateResponseError' in response) {
    await closeSession({ sessions }, session);
    const code = response.authenticateResponseError.authenticateErrorCode;
    throw new RspError('euiccSignatureInvalid', `the eUICC refused the server authentication (code ${code})`);
  }
  return response.authenticateResponseOk;
}

/** SGP.22 5.6.3 / 5.8.2: the EUM and eUICC certificates against the CI chosen in initiateAuthentication. */
export function verifyEuiccCertificates(
  ok: AuthenticateResponseOk,
  session: RspSession,
  trustedCis: readonly CiCertificate[],
  now: number,
): { eid: string; euiccPublicKey: KeyObject } {
  return verifyEuiccChain({
    euiccCertificate: ok.euiccCertificate,
    eumCertificate: ok.eumCertificate,
    trustedCis,
    expectedCiPkid: session.ciPkid,
    now: new Date(now),
  });
}

/** euiccSignature1 over euiccSigned1 exactly as received. */
export function verifyEuiccSignature1(euiccPublicKey: KeyObject, ok: AuthenticateResponseOk): void {
  ensure(
    ecdsaVerify(euiccPublicKey, derOf(ok.euiccSigned1), ok.euiccSignature1),
    'euiccSignatureInvalid',
    'euiccSignature1 does not verify',
  );
}

/** What the eUICC signed is this session's: transactionId, serverChallenge, server address. */
export function checkEuiccSigned1(
  signed: EuiccSigned1,
  session: RspSession,
  addressInvalid: StatusCodeName,
): void {
  checkSignedTransactionId(signed.transactionId, session.transactionId);
  ensure(signed.serverChallenge.equals(session.serverChallenge), 'euiccSignatureInvalid', 'serverChallenge');
  ensure(signed.serverAddress === session.serverAddress, addressInvalid, 'serverAddress');
}

export interface AuthenticatedEuicc {
  readonly eid: string;
  readonly euiccSigned1: EuiccSigned1;
  readonly euiccSignature1: Buffer;
  readonly euiccCertificate: Buffer;
}

/** The three checks above in their order (SGP.22 5.8.2 for ES11; ES9+ runs them as steps of their own). */
export function authenticateEuicc(
  ok: AuthenticateResponseOk,
  session: RspSession,
  trustedCis: readonly CiCertificate[],
  now: number,
  addressInvalid: StatusCodeName,
): AuthenticatedEuicc {
  const { eid, euiccPublicKey } = verifyEuiccCertificates(ok, session, trustedCis, now);
  verifyEuiccSignature1(euiccPublicKey, ok);
  checkEuiccSigned1(ok.euiccSigned1, session, addressInvalid);
  return {
    eid,
    euiccSigned1: ok.euiccSigned1,
    euiccSignature1: ok.euiccSignature1,
    euiccCertificate: ok.euiccCertificate,
  };
}
