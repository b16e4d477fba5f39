/**
 * What an LPA shows of an eUICC, read through ES10 only (so the same for a card in a reader and the
 * emulator): its EID, EUICCInfo1 and EUICCInfo2 (SGP.22 5.7.8, 5.7.9), its profiles (5.7.15) and its
 * pending notifications (5.7.9).
 */
import { ProfileClasses } from '../asn1/rsp/common.ts';
import type { EUICCInfo1, EUICCInfo2 } from '../asn1/rsp/index.ts';
import { iccidToDigits } from '../profile/iccid.ts';
import type { Es10Client } from './es10-client.ts';

type ProfileInfo = Awaited<ReturnType<Es10Client['listProfiles']>>[number];
type NotificationMetadata = Awaited<ReturnType<Es10Client['listNotifications']>>[number];

/** ProfileClass by its SGP.22 name (test, provisioning, operational); a value SGP.22 does not name as is. */
export const profileClassName = (value: number | undefined) =>
  Object.entries(ProfileClasses).find(([, v]) => v === value)?.[0] ?? value;

/** A profile as the `profile list` command shows it (ProfileState 1 is enabled, SGP.22 5.7.15). */
export const profileSummary = (p: ProfileInfo) => ({
  iccid: p.iccid ? iccidToDigits(p.iccid) : undefined,
  isdpAid: p.isdpAid,
  state: p.profileState === 1 ? 'enabled' : 'disabled',
  nickname: p.profileNickname,
  serviceProviderName: p.serviceProviderName,
  profileName: p.profileName,
  profileClass: profileClassName(p.profileClass),
});

/** A pending notification as `notification list` shows it, its fields named as SGP.22 and the state file do. */
export const notificationSummary = (n: NotificationMetadata) => ({
  seqNumber: n.seqNumber,
  event: n.profileManagementOperation[0],
  notificationAddress: n.notificationAddress,
  iccid: n.iccid ? iccidToDigits(n.iccid) : undefined,
});

/** A decoded value for JSON and text: VersionType as "2.2.2", other octet strings in upper-case hexadecimal. */
type Plain<T> = T extends Buffer
  ? string
  : T extends readonly (infer E)[]
    ? Plain<E>[]
    : T extends object
      ? { [K in keyof T]: Plain<T[K]> }
      : T;

/** The VersionType fields of EUICCInfo1/2 (SGP.22 2.6.1: major, minor, revision octets). */
const VERSION_FIELDS = new Set([
  'svn',
  'profileVersion',
  'euiccFirmwareVer',
  'javacardVersion',
  'globalplatformVersion',
  'ppVersion',
]);

function plain<T>(value: T, key = ''): Plain<T> {
  if (Buffer.isBuffer(value))
    return (VERSION_FIELDS.has(key) ? [...value].join('.') : value.toString('hex').toUpperCase()) as Plain<T>;
  if (Array.isArray(value)) return value.map((v) => plain(v)) as Plain<T>;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, k)])) as Plain<T>;
  return value as Plain<T>;
}

export interface EuiccInfo {
  readonly eid: string;
  readonly euiccInfo1: Plain<EUICCInfo1>;
  readonly euiccInfo2: Plain<EUICCInfo2>;
  readonly profiles: Plain<ReturnType<typeof profileSummary>>[];
  readonly notifications: Plain<ReturnType<typeof notificationSummary>>[];
}

export async function readEuiccInfo(es10: Es10Client): Promise<EuiccInfo> {
  return {
    eid: await es10.getEid(),
    euiccInfo1: plain(await es10.getEuiccInfo1()),
    euiccInfo2: plain(await es10.getEuiccInfo2()),
    profiles: plain((await es10.listProfiles()).map(profileSummary)),
    notifications: plain((await es10.listNotifications()).map(notificationSummary)),
  };
}
