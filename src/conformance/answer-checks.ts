/**
 * What the runner verifies in the SM-DP+'s successful answers, on its own and before the emulated eUICC
 * sees them (so a fault is named precisely): the certificates chain to a CI given with --ci and carry the
 * right role, the signatures verify, the signed data echoes the session (SGP.22 5.6.1, 5.6.3, 5.5.1).
 */
import { Asn1DecodeError } from '../asn1/decode-error.ts';
import { ServerSigned1, SmdpSigned2, StoreMetadataRequest, subjectKeyIdentifier } from '../asn1/rsp/index.ts';
import { readTlv } from '../asn1/tlv.ts';
import { ecdsaVerify } from '../crypto/ecdsa.ts';
import type { ParsedCertificate } from '../pki/certificate.ts';
import { CertificateCheckError } from '../pki/errors.ts';
import type { CiCertificate } from '../pki/trusted-ci.ts';
import { type ServerCertificateRole, verifyServerCertificate } from '../pki/verify-server-certificate.ts';
import { initialiseSecureChannelInputFromDer, smdpSignature2Input } from '../protocol/signed-data.ts';
import type { JsonAnswer } from './exchange.ts';
import { answerField, base64Field } from './sgp22-answer.ts';
import { CheckFailed, check, checkThat, type Reading, shall } from './verdict.ts';

/** The readings the nominal answers are held to (every check below cites one of them). */
export const ANSWER_READINGS = {
  initiateAuthentication: shall(
    'SGP.22 5.6.1, 5.7.13',
    "answers initiateAuthentication with Executed-Success: a transactionId, serverSigned1 echoing euiccChallenge and serverAddress, euiccCiPKIdToBeUsed from the eUICC's list, CERT.DPauth chained to that CI, serverSignature1 verifying",
    "pySim's osmo-smdpp signs serverSigned1 over transactionId, euiccChallenge, serverAddress, serverChallenge; osmo-ttcn3-hacks smdpp checks the same fields",
  ),
  authenticateClient: shall(
    'SGP.22 5.6.3, 5.7.5',
    'answers authenticateClient with Executed-Success: smdpSigned2 naming the session, profileMetadata (StoreMetadataRequest), CERT.DPpb chained to the CI, smdpSignature2 over smdpSigned2 and euiccSignature1',
    "pySim's osmo-smdpp: smdpSignature2 over smdpSigned2 followed by the euiccSignature1 TLV",
  ),
  getBoundProfilePackage: shall(
    'SGP.22 5.6.2, 2.5.5, 5.5.1',
    'answers getBoundProfilePackage with a BPP whose InitialiseSecureChannelRequest names the session, smdpSign covering it and otPK.EUICC.ECKA, that the eUICC decrypts and installs',
    'osmo-ttcn3-hacks smdpp checks initialiseSecureChannelRequest and the first sequence of 87 in the BPP',
  ),
  handleNotification: shall(
    'SGP.22 5.6.4, 6.5.2.4',
    'accepts a notification the eUICC signed with HTTP 204 No Content (empty body)',
    "pySim's osmo-smdpp answers 204, quoting SGP.22: a normal notification function execution status SHALL be indicated by HTTP status code 204 (No Content) with an empty body",
  ),
  cancelSession: shall(
    'SGP.22 5.6.5',
    'accepts a cancellation the eUICC signed for its own session with Executed-Success',
    'osmo-ttcn3-hacks smdpp: cancelSession after authenticateClient and after getBoundProfilePackage succeeds',
  ),
} as const satisfies Record<string, Reading>;

/** The raw r||s of a '5F37' signature TLV. */
function signatureValue(what: string, tlv: Buffer, reading: Reading): Buffer {
  try {
    const parsed = readTlv(tlv, 0);
    if (parsed.tag === 0x5f37 && parsed.bytes.length === tlv.length) return parsed.value;
  } catch {
    // reported below
  }
  throw new CheckFailed(what, "a '5F37' signature TLV", tlv.subarray(0, 8).toString('hex'), reading);
}

function decoded<T>(what: string, decode: () => T, reading: Reading): T {
  try {
    return decode();
  } catch (error) {
    throw new CheckFailed(what, 'DER of the SGP.22 type', (error as Error).message, reading);
  }
}

function certificateOf(
  what: string,
  der: Buffer,
  role: ServerCertificateRole,
  trustedCis: readonly CiCertificate[],
  reading: Reading,
  ciPkId?: Buffer,
): ParsedCertificate {
  try {
    return verifyServerCertificate(der, role, trustedCis, undefined, ciPkId ? { ciPkId } : {});
  } catch (error) {
    if (error instanceof CertificateCheckError)
      throw new CheckFailed(
        what,
        `a valid ${role} certificate under a trusted CI`,
        `${error.reason}: ${error.message}`,
        reading,
      );
    throw error;
  }
}

export interface InitiatedSession {
  readonly transactionId: string;
  readonly serverSigned1: Buffer;
  readonly serverCertificate: ParsedCertificate;
  readonly ciPkId: Buffer;
}

/** SGP.22 5.6.1 / 5.7.13: the answer to initiateAuthentication, as the eUICC will check it (and more). */
export function checkInitiateAuthenticationAnswer(
  answer: JsonAnswer,
  sent: { euiccChallenge: Buffer; smdpAddress: string; ciPkIds: readonly Buffer[] },
  trustedCis: readonly CiCertificate[],
): InitiatedSession {
  const fn = 'initiateAuthentication';
  const r = ANSWER_READINGS.initiateAuthentication;
  const serverSigned1 = base64Field(fn, answer, 'serverSigned1', r);
  const signed = decoded(`${fn} serverSigned1`, () => ServerSigned1.decode(serverSigned1), r);
  const transactionId = String(answerField(answer, 'transactionId') ?? '');
  check(
    `${fn} transactionId equals serverSigned1.transactionId`,
    signed.transactionId.toString('hex').toUpperCase(),
    transactionId.toUpperCase(),
    r,
  );
  check(
    `${fn} serverSigned1.euiccChallenge`,
    sent.euiccChallenge.toString('hex'),
    signed.euiccChallenge.toString('hex'),
    r,
  );
  check(`${fn} serverSigned1.serverAddress`, sent.smdpAddress, signed.serverAddress, r);
  const ciTlv = base64Field(fn, answer, 'euiccCiPKIdToBeUsed', r);
  const ciPkId = keyIdentifierOf(ciTlv);
  checkThat(
    `${fn} euiccCiPKIdToBeUsed`,
    sent.ciPkIds.some((id) => id.equals(ciPkId)),
    `one of ${sent.ciPkIds.map((id) => id.toString('hex')).join(', ')}`,
    ciPkId.toString('hex'),
    r,
  );
  const certificate = certificateOf(
    `${fn} serverCertificate`,
    base64Field(fn, answer, 'serverCertificate', r),
    'dp-auth',
    trustedCis,
    r,
    ciPkId,
  );
  const signature = signatureValue(
    `${fn} serverSignature1`,
    base64Field(fn, answer, 'serverSignature1', r),
    r,
  );
  checkThat(
    `${fn} serverSignature1`,
    ecdsaVerify(certificate.publicKey, serverSigned1, signature),
    'verifies with CERT.DPauth',
    'does not verify',
    r,
  );
  return { transactionId, serverSigned1, serverCertificate: certificate, ciPkId };
}

export interface AuthenticatedSession {
  readonly smdpSigned2: Buffer;
  readonly smdpSignature2: Buffer;
  readonly smdpCertificate: ParsedCertificate;
  readonly ccRequired: boolean;
  readonly bppEuiccOtpk?: Buffer;
  readonly metadata: StoreMetadataRequest;
}

/** SGP.22 5.6.3 / 5.7.5: the answer to authenticateClient. */
export function checkAuthenticateClientAnswer(
  answer: JsonAnswer,
  session: { transactionId: string; euiccSignature1: Buffer; ciPkId: Buffer },
  trustedCis: readonly CiCertificate[],
): AuthenticatedSession {
  const fn = 'authenticateClient';
  const r = ANSWER_READINGS.authenticateClient;
  const smdpSigned2 = base64Field(fn, answer, 'smdpSigned2', r);
  const signed = decoded(`${fn} smdpSigned2`, () => SmdpSigned2.decode(smdpSigned2), r);
  check(
    `${fn} smdpSigned2.transactionId`,
    session.transactionId.toUpperCase(),
    signed.transactionId.toString('hex').toUpperCase(),
    r,
  );
  const metadata = decoded(
    `${fn} profileMetadata`,
    () => StoreMetadataRequest.decode(base64Field(fn, answer, 'profileMetadata', r)),
    r,
  );
  const certificate = certificateOf(
    `${fn} smdpCertificate`,
    base64Field(fn, answer, 'smdpCertificate', r),
    'dp-pb',
    trustedCis,
    r,
    session.ciPkId,
  );
  const smdpSignature2 = base64Field(fn, answer, 'smdpSignature2', r);
  const signature = signatureValue(`${fn} smdpSignature2`, smdpSignature2, r);
  checkThat(
    `${fn} smdpSignature2`,
    ecdsaVerify(certificate.publicKey, smdpSignature2Input(smdpSigned2, session.euiccSignature1), signature),
    'verifies with CERT.DPpb over smdpSigned2 and euiccSignature1',
    'does not verify',
    r,
  );
  return {
    smdpSigned2,
    smdpSignature2,
    smdpCertificate: certificate,
    ccRequired: signed.ccRequiredFlag,
    ...(signed.bppEuiccOtpk ? { bppEuiccOtpk: signed.bppEuiccOtpk } : {}),
    metadata,
  };
}

/** SGP.22 5.5.1 / 2.5.5: the BPP's InitialiseSecureChannelRequest names the session and is signed by DPpb. */
export function checkBoundProfilePackage(
  bpp: Buffer,
  session: { transactionId: string; euiccOtpk: Buffer; smdpCertificate: ParsedCertificate },
): void {
  const what = 'getBoundProfilePackage boundProfilePackage';
  const r = ANSWER_READINGS.getBoundProfilePackage;
  const outer = decoded(what, () => readTlv(bpp, 0), r);
  check(`${what} tag`, 'bf36', outer.tag.toString(16), r);
  const iscr = decoded(`${what} initialiseSecureChannelRequest`, () => readTlv(outer.value, 0), r);
  check(`${what} initialiseSecureChannelRequest tag`, 'bf23', iscr.tag.toString(16), r);
  let transactionId: Buffer | undefined;
  let smdpSign: Buffer | undefined;
  for (let offset = 0; offset < iscr.value.length; ) {
    const child = readTlv(iscr.value, offset);
    if (child.tag === 0x80) transactionId = child.value;
    if (child.tag === 0x5f37) smdpSign = child.value;
    offset += child.bytes.length;
  }
  check(
    `${what} transactionId`,
    session.transactionId.toUpperCase(),
    transactionId?.toString('hex').toUpperCase() ?? 'missing',
    r,
  );
  checkThat(
    `${what} smdpSign`,
    smdpSign !== undefined &&
      ecdsaVerify(
        session.smdpCertificate.publicKey,
        initialiseSecureChannelInputFromDer(iscr.bytes, session.euiccOtpk),
        smdpSign,
      ),
    'verifies with CERT.DPpb over InitialiseSecureChannel and otPK.EUICC',
    'does not verify',
    r,
  );
}

/**
 * The key identifier euiccCiPKIdToBeUsed carries: the value of its '04' TLV when the field is exactly one
 * DER TLV (SubjectKeyIdentifier, SGP.22 5.6.1, 6.5.2.1), else the bytes as sent (which then match no CI).
 */
function keyIdentifierOf(field: Buffer): Buffer {
  try {
    return subjectKeyIdentifier().decode(field);
  } catch (error) {
    if (error instanceof Asn1DecodeError) return field;
    throw error;
  }
}
