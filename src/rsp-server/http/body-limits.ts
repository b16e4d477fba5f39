/**
 * The largest request body each route takes, suited to its largest legitimate request rather
 * than one limit for all: a body is held in memory whole before it is parsed.
 */

/**
 * ES9+ (SGP.22 5.6): the largest request is authenticateClient, whose AuthenticateServerResponse carries
 * EUICCInfo2, CERT.EUICC and CERT.EUM (about 2.5 KB of base64 here); handleNotification carries one
 * notification and, for other notifications, the same two certificates. 64 KiB leaves ample room for
 * larger certificates and EUICCInfo2 extensions.
 */
export const ES9_BODY_LIMIT = 64 * 1024;

/** ES2+ (SGP.22 5.3): identifiers and short strings only. */
export const ES2_BODY_LIMIT = 64 * 1024;

/** Admin profile import: a profile package in base64 (TS.48 test profiles are 12–110 KB). */
export const PROFILE_IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

/** Every other route (admin JSON: scenarios, login). */
export const DEFAULT_BODY_LIMIT = 64 * 1024;
