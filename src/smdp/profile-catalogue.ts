/**
 * A profile catalogue file: the profiles a stand-alone SM-DP+ serves, each an Unprotected Profile Package
 * with its metadata and order (matchingId, EID binding, confirmation code). Paths are relative to the file.
 */
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { type NotificationEventName, ProfileClasses, StoreMetadataRequest } from '../asn1/rsp/index.ts';
import { readInputFile } from '../config/input-file.ts';
import { iccidFromDigits, iccidFromProfileHeader, iccidToDigits } from '../profile/iccid.ts';
import { readProfileHeader } from '../saip/read-profile-header.ts';
import { applyOrderLimits, readOrderLimitSettings } from './order-limits.ts';
import type { ProfileRecord, ProfileRepository } from './profile-repository.ts';

export interface CatalogueEntry {
  readonly id?: string;
  /** The operator's name for this kind of profile (ES2+.DownloadOrder by profileType). */
  readonly profileType?: string;
  readonly matchingId?: string;
  readonly eid?: string;
  /** Path of the UPP (DER), relative to the catalogue. */
  readonly upp: string;
  /**
   * Path of its StoreMetadataRequest (DER, as `rspsim profile make` writes it), used as it is instead of the
   * metadata made from the fields below (PPRs, icon and notification addresses of a made profile).
   */
  readonly storeMetadata?: string;
  readonly serviceProviderName?: string;
  readonly profileName?: string;
  readonly profileClass?: keyof typeof ProfileClasses;
  readonly confirmationCode?: string;
  readonly confirmationCodeMaxAttempts?: number;
  readonly reusable?: boolean;
  /**
   * The order's state (SGP.22 5.3): `released` (the default for an entry with a matchingId or an EID) or a
   * state before it — `allocated`, `linked` (with an EID), `confirmed` — so that a lab can set up a profile
   * that is not released yet without ES2+; `available` (the default without either) is inventory.
   */
  readonly state?: CatalogueState;
  /** Order limits (rspsim's, see order-limits.ts): seconds from the first load until the order expires. */
  readonly timeToLiveSeconds?: number;
  readonly maxDownloadAttempts?: number;
  /** Devices (TACs, or their leading digits) allowed to download this profile; others get 8.2.5/4.3. */
  readonly tacAllow?: readonly string[];
  /** Devices (TACs, or their leading digits) refused this profile (8.2.5/4.3). */
  readonly tacDeny?: readonly string[];
  /** Operations whose notifications go back to this SM-DP+ (SGP.22 4.4: notificationConfigurationInfo). */
  readonly notifications?: readonly ('install' | 'enable' | 'disable' | 'delete')[];
}

const CATALOGUE_STATES = ['available', 'allocated', 'linked', 'confirmed', 'released'] as const;
type CatalogueState = (typeof CATALOGUE_STATES)[number];

/** The entry's state, checked against what else it says (an order has a matchingId or an EID). */
function catalogueState(entry: CatalogueEntry): CatalogueState {
  const ordered = entry.matchingId !== undefined || Boolean(entry.eid);
  const state = entry.state ?? (ordered ? 'released' : 'available');
  if (!CATALOGUE_STATES.includes(state))
    throw new RangeError(`state must be one of ${CATALOGUE_STATES.join(', ')}`);
  if (state === 'available' && ordered) throw new RangeError('an available profile has no matchingId or EID');
  if (state === 'linked' && !entry.eid) throw new RangeError('a linked order names an EID');
  if (state === 'allocated' && entry.eid)
    throw new RangeError('an order with an EID is linked, not allocated');
  return state;
}

export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
}

const EVENT: Record<string, NotificationEventName> = {
  install: 'notificationInstall',
  enable: 'notificationEnable',
  disable: 'notificationDisable',
  delete: 'notificationDelete',
};

export interface CatalogueDefaults {
  readonly ccMaxAttempts: number;
  /** The SM-DP+ clock, from which a time to live counts. */
  readonly now?: () => number;
}

export function profileRecordFrom(
  entry: CatalogueEntry,
  upp: Buffer,
  smdpAddress: string,
  defaults: CatalogueDefaults,
  given?: StoreMetadataRequest,
): ProfileRecord {
  if (entry.profileClass !== undefined && !(entry.profileClass in ProfileClasses))
    throw new RangeError(`profileClass must be one of ${Object.keys(ProfileClasses).join(', ')}`);
  const header = readProfileHeader(upp);
  const iccid = iccidFromProfileHeader(header.iccid);
  const events = entry.notifications ?? ['install', 'enable', 'disable', 'delete'];
  if (given && !given.iccid.equals(iccidFromDigits(iccid)))
    throw new RangeError(`the StoreMetadata names ICCID ${iccidToDigits(given.iccid)}, the package ${iccid}`);
  const metadata: StoreMetadataRequest = given ?? {
    iccid: iccidFromDigits(iccid),
    serviceProviderName: entry.serviceProviderName ?? 'rspsim',
    profileName: entry.profileName ?? header.profileType ?? `Profile ${iccid}`,
    profileClass: ProfileClasses[entry.profileClass ?? 'operational'],
    notificationConfigurationInfo: events.map((event) => {
      const operation = EVENT[event];
      if (!operation)
        throw new RangeError(`notifications: ${event} is none of ${Object.keys(EVENT).join(', ')}`);
      return { profileManagementOperation: [operation], notificationAddress: smdpAddress };
    }),
  };
  const { timeToLiveSeconds, maxDownloadAttempts, tacAllow, tacDeny } = entry;
  const orderLimits = applyOrderLimits(
    readOrderLimitSettings({ timeToLiveSeconds, maxDownloadAttempts, tacAllow, tacDeny }),
    (defaults.now ?? Date.now)(),
  );
  return {
    id: entry.id ?? entry.matchingId ?? iccid,
    iccid,
    ...(entry.profileType ? { profileType: entry.profileType } : {}),
    ...(entry.matchingId !== undefined ? { matchingId: entry.matchingId } : {}),
    ...(entry.eid ? { eid: entry.eid } : {}),
    ...(entry.confirmationCode
      ? { confirmationCodeHash: createHash('sha256').update(entry.confirmationCode, 'utf8').digest() }
      : {}),
    ccMaxAttempts: entry.confirmationCodeMaxAttempts ?? defaults.ccMaxAttempts,
    ccFailedAttempts: 0,
    // With a matchingId or an EID the entry is a ready order; without, it is inventory for ES2+ orders.
    state: catalogueState(entry),
    metadata,
    reusable: entry.reusable ?? false,
    notificationAddress: smdpAddress,
    ...(orderLimits ? { orderLimits } : {}),
    downloadAttempts: 0,
  };
}

/**
 * Loads a catalogue into the repository the caller opened (the store's). Profiles it already holds keep
 * their state: a restart against a persistent store does not reset downloads.
 */
export async function loadCatalogue(
  file: string,
  smdpAddress: string,
  defaults: CatalogueDefaults,
  repository: ProfileRepository,
): Promise<ProfileRepository> {
  let entries: CatalogueEntry[];
  try {
    const parsed = JSON.parse((await readInputFile(file, 'json')).toString('utf8')) as {
      profiles?: CatalogueEntry[];
    };
    if (!Array.isArray(parsed.profiles)) throw new Error('no "profiles" array');
    entries = parsed.profiles;
  } catch (error) {
    throw new CatalogueError(`cannot read profile catalogue ${file}: ${(error as Error).message}`);
  }
  for (const entry of entries) {
    const path = resolve(dirname(file), entry.upp);
    let upp: Buffer;
    try {
      upp = await readInputFile(path, 'profilePackage');
    } catch {
      throw new CatalogueError(`profile ${entry.id ?? entry.matchingId}: cannot read ${path}`);
    }
    try {
      const metadata = entry.storeMetadata
        ? StoreMetadataRequest.decode(
            await readInputFile(resolve(dirname(file), entry.storeMetadata), 'small'),
          )
        : undefined;
      const record = profileRecordFrom(entry, upp, smdpAddress, defaults, metadata);
      // One step, not has() then add(): instances starting together on a fresh shared store race here.
      await repository.addIfAbsent(record, upp);
    } catch (error) {
      throw new CatalogueError(`profile ${entry.id ?? entry.matchingId}: ${(error as Error).message}`);
    }
  }
  return repository;
}
