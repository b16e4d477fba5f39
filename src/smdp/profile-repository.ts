/**
 * Profiles the SM-DP+ can bind, and their download states (SGP.22 3.1.1 / ES2+ 5.3). The server only talks
 * to this interface; the operator side replaces the catalogue-backed implementation with a database.
 */
import type { StoreMetadataRequest } from '../asn1/rsp/index.ts';

export type ProfileState =
  | 'available'
  | 'allocated'
  | 'linked'
  | 'confirmed'
  | 'released'
  | 'downloaded'
  | 'installed'
  | 'error'
  | 'unavailable';

/** Profile protection keys for ReplaceSessionKeys (SGP.22 2.5.5): a pre-protected profile package. */
export interface ProfileProtectionKeys {
  readonly ppkEnc: Buffer;
  readonly ppkCmac: Buffer;
  readonly initialMacChainingValue: Buffer;
}

export interface ProfileRecord {
  readonly id: string;
  /** ICCID digits (as printed, without the F filler). */
  readonly iccid: string;
  /** The operator's name for a kind of profile, by which ES2+.DownloadOrder may ask for one (SGP.22 5.3.1). */
  readonly profileType?: string;
  readonly matchingId?: string;
  /** EID the order binds the profile to, if any. */
  readonly eid?: string;
  /** SHA-256 of the confirmation code; the code itself is never stored. */
  readonly confirmationCodeHash?: Buffer;
  readonly ccMaxAttempts: number;
  readonly ccFailedAttempts: number;
  readonly state: ProfileState;
  /** StoreMetadataRequest sent as profileMetadata and inside the BPP. */
  readonly metadata: StoreMetadataRequest;
  readonly ppk?: ProfileProtectionKeys;
  /** Test-platform convenience: never taken by a download, so every eUICC can download it (demo profiles). */
  readonly reusable: boolean;
  /** SM-DP+ address notifications about this profile go to. */
  readonly notificationAddress?: string;
  /** What the order allows (time to live, download attempts, devices); forgotten with the order. */
  readonly orderLimits?: OrderLimits;
  /** authenticateClient calls that reached this order (SGP.22 8.8.5/6.4 once over orderLimits). */
  readonly downloadAttempts: number;
  /**
   * The Event Record ConfirmOrder registered for this order at an SM-DS (ES12.RegisterEvent, SGP.22 5.3.2),
   * kept until the SM-DS confirmed its deletion (ES12.DeleteEvent), so that a restart finishes the job.
   */
  readonly smdsEvent?: SmdsEventRef;
}

/** An Event Record at an SM-DS: where, for which EID, under which EventID (the order's matchingId). */
export interface SmdsEventRef {
  readonly smdsAddress: string;
  readonly eid: string;
  readonly eventId: string;
}

/**
 * Limits an order sets on its downloads. SGP.22 names the conditions (5.6.3: 8.8.5/4.10 Time to Live
 * Expired, 8.8.5/6.4 maximum number of attempts, 8.2.5/4.3 no eligible profile) but ES2+ has no field for
 * them: they come from the catalogue or rspsim's ES2+ extension field `rspsimOrder`.
 */
export interface OrderLimits {
  /** Time (ms since 1970, the SM-DP+ clock) after which the order is expired. */
  readonly expiresAt?: number;
  readonly maxDownloadAttempts?: number;
  /** Type Allocation Codes (or their leading digits) of the devices allowed to download, if restricted. */
  readonly tacAllow?: readonly string[];
  /** Type Allocation Codes (or their leading digits) of the devices refused. */
  readonly tacDeny?: readonly string[];
}

/**
 * What a state change may set with the state. A key present with the value `undefined` clears the field
 * (ES2+.CancelOrder unbinds EID, matchingId and confirmation code).
 */
export type ProfilePatch = {
  -readonly [K in
    | 'eid'
    | 'matchingId'
    | 'confirmationCodeHash'
    | 'ccMaxAttempts'
    | 'ccFailedAttempts'
    | 'smdsEvent'
    | 'orderLimits'
    | 'downloadAttempts']?: ProfileRecord[K] | undefined;
};

export interface ProfileRepository {
  /** Adds a profile with its package; its id, ICCID and matchingId must be new. */
  add(record: ProfileRecord, upp: Buffer): Promise<void>;
  /**
   * Adds the profile unless one with its id exists, in one step: instances that load one catalogue into a
   * shared store at the same moment add each profile once, and none fails. Whether this call added it.
   */
  addIfAbsent(record: ProfileRecord, upp: Buffer): Promise<boolean>;
  has(id: string): Promise<boolean>;
  findByMatchingId(matchingId: string): Promise<ProfileRecord | undefined>;
  /** By ICCID digits (a notification names the profile only so). */
  findByIccid(iccid: string): Promise<ProfileRecord | undefined>;
  /** A released profile bound to this EID with no matchingId (default SM-DP+ / SM-DS use, SGP.22 3.1.2). */
  findForEid(eid: string): Promise<ProfileRecord | undefined>;
  get(id: string): Promise<ProfileRecord | undefined>;
  /**
   * Up to `limit` available profiles of this profileType, oldest first (ES2+.DownloadOrder by profileType,
   * SGP.22 5.3.1), by an index: never the whole inventory.
   */
  findAvailableByType(profileType: string, limit: number): Promise<ProfileRecord[]>;
  /** Whether any profile, in any state, has this profileType (unknown type vs. none left, SGP.22 5.3.1). */
  hasProfileType(profileType: string): Promise<boolean>;
  /**
   * Up to `limit` profiles in one of `states` that still hold an SM-DS event (`smdsEvent`), by id, those after
   * `afterId` when given (the next page): the deletions a restarted SM-DP+ finishes (ES12.DeleteEvent,
   * SGP.22 3.6.1), by an index, never the whole inventory.
   */
  findWithSmdsEvent(
    states: readonly ProfileState[],
    limit: number,
    afterId?: string,
  ): Promise<ProfileRecord[]>;
  /**
   * Atomically moves a profile from one of `from` to `to` (and applies `patch`); returns undefined if the
   * profile is not in one of `from` any more — that is how two racing sessions are kept apart. With
   * `heldBy`, only while the profile is bound to that EID (an eUICC acts on its own claim, never another's).
   */
  transition(
    id: string,
    from: readonly ProfileState[],
    to: ProfileState,
    patch?: ProfilePatch,
    heldBy?: string,
  ): Promise<ProfileRecord | undefined>;
  /**
   * Counts one download attempt on a profile in one of `states`, atomically (two sessions of one order get
   * two counts); the profile as counted, or undefined when it is in none of them.
   */
  countDownloadAttempt(id: string, states: readonly ProfileState[]): Promise<ProfileRecord | undefined>;
  /** The Unprotected Profile Package (DER). */
  loadPackage(id: string): Promise<Buffer>;
  /** Its size in bytes, without reading it (the eligibility check against the eUICC's free memory). */
  packageSize(id: string): Promise<number>;
  list(): Promise<ProfileRecord[]>;
}
