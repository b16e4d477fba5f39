/**
 * SGP.32 forms of the SGP.22 download messages (SGP.32 5.9, 6.3.2.1-6.3.2.5): EuiccSigned1 carries the IoT
 * EUICCInfo2, and each eUICC answer may come in a compact form (IPA capability minimizeEsipaBytes) that the
 * eIM expands before ES9+.
 */

import {
  AuthenticateResponseError,
  CancelSessionReasons,
  CancelSessionResponseOk,
  CtxParams1,
} from '../rsp/authentication.ts';
import { Certificate, octet16, octet32, otpk, signature, transactionId } from '../rsp/common.ts';
import { PrepareDownloadResponseError, PrepareDownloadResponseOk } from '../rsp/download.ts';
import {
  choice,
  explicit,
  type Infer,
  integer,
  octetString,
  optional,
  sequence,
  utf8String,
} from '../schema.ts';
import { taggedCertificate } from './common.ts';
import { Sgp32EUICCInfo2 } from './euicc-info.ts';

/**
 * ```asn
 * CompactEuiccSigned2 ::= SEQUENCE {
 *     euiccOtpk [APPLICATION 73] OCTET STRING OPTIONAL, -- otPK.EUICC.ECKA, tag '5F49' euiccOtpk is always present except if bppEuiccOtpk was chosen by the eUICC
 *     hashCc Octet32 OPTIONAL -- Hash of confirmation code, if not received from eIM
 * }
 * ```
 */
export const CompactEuiccSigned2 = sequence(0x30, {
  euiccOtpk: optional(otpk()),
  hashCc: optional(octet32()),
});

/**
 * ```asn
 * CompactPrepareDownloadResponseOk ::= SEQUENCE {
 *     compactEuiccSigned2 CompactEuiccSigned2, -- Compact version of EuiccSigned2
 *     euiccSignature2 [APPLICATION 55] OCTET STRING -- tag '5F37' signature on EuiccSigned2
 * }
 * ```
 */
export const CompactPrepareDownloadResponseOk = sequence(0xa2, {
  compactEuiccSigned2: CompactEuiccSigned2,
  euiccSignature2: signature(),
});

/**
 * ```asn
 * SGP32-PrepareDownloadResponse ::= [33] CHOICE { -- Tag 'BF21'
 *     downloadResponseOk PrepareDownloadResponseOk,
 *     downloadResponseError PrepareDownloadResponseError,
 *     compactDownloadResponseOk CompactPrepareDownloadResponseOk
 * }
 * ```
 */
export const Sgp32PrepareDownloadResponse = explicit(
  0xbf21,
  choice({
    downloadResponseOk: PrepareDownloadResponseOk,
    downloadResponseError: PrepareDownloadResponseError,
    compactDownloadResponseOk: CompactPrepareDownloadResponseOk,
  }),
);

/**
 * ```asn
 * SGP32-EuiccSigned1 ::= SEQUENCE {
 *     transactionId [0] TransactionId,
 *     serverAddress [3] UTF8String,
 *     serverChallenge [4] Octet16, -- The RSP Server Challenge
 *     euiccInfo2 [34] SGP32-EUICCInfo2,
 *     ctxParams1 CtxParams1
 * }
 * ```
 */
export const Sgp32EuiccSigned1 = sequence(0x30, {
  transactionId: transactionId(0x80),
  serverAddress: utf8String(0x83),
  serverChallenge: octet16(0x84),
  euiccInfo2: Sgp32EUICCInfo2,
  ctxParams1: CtxParams1,
});
export type Sgp32EuiccSigned1 = Infer<typeof Sgp32EuiccSigned1>;

/**
 * ```asn
 * SGP32-AuthenticateResponseOk ::= SEQUENCE {
 *     euiccSigned1 SGP32-EuiccSigned1, -- Signed information
 *     euiccSignature1 [APPLICATION 55] OCTET STRING, --EUICC_Sign1, tag 5F37
 *     euiccCertificate Certificate, -- eUICC Certificate (CERT.EUICC.ECDSA) signed by the EUM
 *     eumCertificate Certificate -- EUM Certificate (CERT.EUM.ECDSA) signed by the requested CI
 * }
 * ```
 */
export const Sgp32AuthenticateResponseOk = sequence(0xa0, {
  euiccSigned1: Sgp32EuiccSigned1,
  euiccSignature1: signature(),
  euiccCertificate: Certificate,
  eumCertificate: Certificate,
});

/**
 * ```asn
 * CompactEuiccSigned1 ::= SEQUENCE {
 *     extCardResource [4] OCTET STRING, -- Extended Card Resource Information according to ETSI TS 102 226 extracted from euiccInfo2,
 *     ctxParams1 [2] CtxParams1 OPTIONAL -- ctxParams1 may be left out by IPA if eIM ctxParams1 was received from the eIM
 * }
 * ```
 */
export const CompactEuiccSigned1 = sequence(0xa0, {
  extCardResource: octetString(0x84),
  ctxParams1: optional(explicit(0xa2, CtxParams1)),
});

/**
 * ```asn
 * CompactAuthenticateResponseOk ::= SEQUENCE {
 *     signedData CHOICE {
 *         euiccSigned1 SGP32-EuiccSigned1,
 *         compactEuiccSigned1 [0] CompactEuiccSigned1 -- Compact version of EuiccSigned1
 *     },
 *     euiccSignature1 [APPLICATION 55] OCTET STRING, -- tag 5F37 signature on EuiccSigned1
 *     euiccCertificate [1] Certificate OPTIONAL, -- eUICC Certificate (CERT.EUICC.ECDSA)
 *     eumCertificate [2] Certificate OPTIONAL -- EUM Certificate (CERT.EUM.ECDSA)
 * }
 * ```
 */
export const CompactAuthenticateResponseOk = sequence(0xa2, {
  signedData: choice({ euiccSigned1: Sgp32EuiccSigned1, compactEuiccSigned1: CompactEuiccSigned1 }),
  euiccSignature1: signature(),
  euiccCertificate: optional(taggedCertificate(0xa1)),
  eumCertificate: optional(taggedCertificate(0xa2)),
});

/**
 * ```asn
 * SGP32-AuthenticateServerResponse ::= [56] CHOICE { -- Tag 'BF38'
 *     authenticateResponseOk SGP32-AuthenticateResponseOk,
 *     authenticateResponseError AuthenticateResponseError,
 *     compactAuthenticateResponseOk CompactAuthenticateResponseOk
 * }
 * ```
 */
export const Sgp32AuthenticateServerResponse = explicit(
  0xbf38,
  choice({
    authenticateResponseOk: Sgp32AuthenticateResponseOk,
    authenticateResponseError: AuthenticateResponseError,
    compactAuthenticateResponseOk: CompactAuthenticateResponseOk,
  }),
);
export type Sgp32AuthenticateServerResponse = Infer<typeof Sgp32AuthenticateServerResponse>;

/**
 * ```asn
 * SGP32-AuthenticateClientRequest ::= [59] SEQUENCE { -- Tag 'BF3B'
 *     transactionId [0] TransactionId,
 *     authenticateServerResponse [56] SGP32-AuthenticateServerResponse -- This is the response from ES10b.AuthenticateServer
 * }
 * ```
 */
export const Sgp32AuthenticateClientRequest = sequence(0xbf3b, {
  transactionId: transactionId(0x80),
  authenticateServerResponse: Sgp32AuthenticateServerResponse,
});

/**
 * ```asn
 * CompactEuiccCancelSessionSigned ::= SEQUENCE {
 *     reason CancelSessionReason OPTIONAL
 * }
 * ```
 */
export const CompactEuiccCancelSessionSigned = sequence(0x30, {
  reason: optional(integer(0x80, CancelSessionReasons)),
});

/**
 * ```asn
 * CompactCancelSessionResponseOk ::= SEQUENCE {
 *     compactEuiccCancelSessionSigned CompactEuiccCancelSessionSigned,  -- Compact version of euiccCancelSessionSigned
 *     euiccCancelSessionSignature [APPLICATION 55] OCTET STRING -- tag 5F37 signature on euiccCancelSessionSigned
 * }
 * ```
 */
export const CompactCancelSessionResponseOk = sequence(0xa2, {
  compactEuiccCancelSessionSigned: CompactEuiccCancelSessionSigned,
  euiccCancelSessionSignature: signature(),
});

/**
 * ```asn
 * SGP32-CancelSessionResponse ::= [65] CHOICE { -- Tag 'BF41'
 *     cancelSessionResponseOk CancelSessionResponseOk,
 *     cancelSessionResponseError INTEGER {invalidTransactionId(5), undefinedError(127)},
 *     compactCancelSessionResponseOk CompactCancelSessionResponseOk
 * }
 * ```
 * A factory: CancelSessionRequestEsipa carries it under the automatic [1] that replaces 'BF41' by 'A1'.
 */
export const sgp32CancelSessionResponse = (tag = 0xbf41) =>
  explicit(
    tag,
    choice({
      cancelSessionResponseOk: CancelSessionResponseOk,
      cancelSessionResponseError: integer(0x81, { invalidTransactionId: 5, undefinedError: 127 }),
      compactCancelSessionResponseOk: CompactCancelSessionResponseOk,
    }),
  );
