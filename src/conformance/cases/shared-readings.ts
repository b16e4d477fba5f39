/**
 * Readings of SGP.22 that several ES9+ functions share (each function's status code table in 5.6.x lists them
 * alike): the RSP session named by transactionId, and the eUICC's signature.
 */
import { type Reading, shall } from '../verdict.ts';

/** 8.10.1/3.9 for a transactionId the SM-DP+ has no ongoing RSP session for, in the function `section`. */
export const sessionUnknown = (section: string, fn: string): Reading =>
  shall(
    `SGP.22 ${section}`,
    `${fn} refuses a transactionId that relates to no ongoing RSP session with 8.10.1/3.9 (TransactionId – Unknown)`,
    "pySim's osmo-smdpp raises 8.10.1/3.9 in authenticateClient, getBoundProfilePackage and cancelSession; osmo-ttcn3-hacks smdpp expects 8.10.1/3.9",
  );

/** 8.1/6.1 for an eUICC signature that does not verify, in the function `section`. */
export const euiccSignatureInvalid = (section: string, fn: string, signature: string): Reading =>
  shall(
    `SGP.22 ${section}`,
    `${fn} verifies ${signature} with PK.EUICC.SIG and refuses it when it does not verify with 8.1/6.1 (eUICC – Verification Failed)`,
    "pySim's osmo-smdpp raises 8.1/6.1 ('eUICC signature is invalid'); osmo-ttcn3-hacks smdpp expects 8.1/6.1",
  );
