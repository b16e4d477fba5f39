/**
 * The profiles the campaign installs: a GSMA TS.48 generic test profile (fixtures/upp; or the package the user
 * gives) under an ICCID of its own, with metadata that asks for every notification (SGP.22 4.4 NotificationConfigurationInformation) at
 * the campaign's address, so that each profile operation leaves a signed notification to check. Every profile
 * the campaign installs is deleted again by the case that installed it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StoreMetadataRequest } from '../../asn1/rsp/index.ts';
import { randomBytes } from '../../crypto/random.ts';
import { TEST_NETWORK_MCC_MNC } from '../../euicc/rules-authorisation-table.ts';
import { iccidFromDigits, iccidFromProfileHeader, iccidToDigits } from '../../profile/iccid.ts';
import { readProfileHeader } from '../../saip/read-profile-header.ts';
import { uppWithIccid } from '../../saip/upp-with-iccid.ts';

const UPP_FILE = fileURLToPath(
  new URL('../../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url),
);

export interface TestProfile {
  /** ICCID as StoreMetadata and ProfileInfo carry it (10 octets, SGP.22 2.2 swapped BCD). */
  readonly iccid: Buffer;
  readonly digits: string;
  readonly metadata: StoreMetadataRequest;
  /** The Unprotected Profile Package (DER profile elements). */
  readonly upp: Buffer;
}

export interface TestProfileOptions {
  readonly notificationAddress: string;
  /** Profile Policy Rules in the metadata (SGP.22 2.9.1: PPR1 no disable, PPR2 no delete). */
  readonly ppr?: readonly ('ppr1' | 'ppr2')[];
  /**
   * profileOwner's MCC/MNC (3GPP TS 24.008 coding), which the eUICC matches against its RAT for the PPRs
   * (SGP.22 2.9.2); with `ppr` and no owner, the test network 001/01 of the TS.48 test profiles ('00F110').
   */
  readonly owner?: Buffer;
  /** An icon of this many bytes, which makes StoreMetadata longer than one '88' segment (SGP.22 5.5.3). */
  readonly iconBytes?: number;
  /** ICCIDs (hex, as ProfileInfo gives them) the card already holds: the new one differs from each. */
  readonly taken?: readonly string[];
  /** Use this ICCID instead of a new one (an install of an ICCID already present). */
  readonly sameAs?: TestProfile;
  /** The profile package to copy (default: the TS.48 generic test profile, fixtures/upp). */
  readonly template?: Buffer;
}

let fixture: Buffer | undefined;
/** The TS.48 fixture, read once. */
const ts48 = (): Buffer => {
  fixture ??= readFileSync(UPP_FILE);
  return fixture;
};

/** A 1x1 PNG's signature and a filler to the size asked: the eUICC stores the icon, it does not draw it. */
const iconOf = (bytes: number) =>
  Buffer.concat([Buffer.from('89504E470D0A1A0A', 'hex'), Buffer.alloc(Math.max(0, bytes - 8), 0x20)]);

export function testProfile(options: TestProfileOptions): TestProfile {
  const template = options.template ?? ts48();
  let upp: Buffer;
  let iccid: Buffer;
  do {
    upp = options.sameAs?.upp ?? uppWithIccid(template, 100 + (randomBytes(2).readUInt16BE(0) % 9900));
    iccid = iccidFromDigits(iccidFromProfileHeader(readProfileHeader(upp).iccid));
  } while (!options.sameAs && (options.taken ?? []).includes(iccid.toString('hex')));
  const digits = iccidToDigits(iccid);
  return {
    iccid,
    digits,
    upp,
    metadata: {
      iccid,
      serviceProviderName: 'rspsim conformance',
      profileName: `rspsim test ${digits.slice(-6)}`,
      ...(options.iconBytes ? { iconType: 1, icon: iconOf(options.iconBytes) } : {}),
      notificationConfigurationInfo: [
        {
          profileManagementOperation: [
            'notificationInstall',
            'notificationEnable',
            'notificationDisable',
            'notificationDelete',
          ],
          notificationAddress: options.notificationAddress,
        },
      ],
      ...(options.ppr || options.owner
        ? { profileOwner: { mccMnc: options.owner ?? TEST_NETWORK_MCC_MNC } }
        : {}),
      ...(options.ppr ? { profilePolicyRules: [...options.ppr] } : {}),
    },
  };
}
