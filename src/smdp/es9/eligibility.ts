/**
 * SGP.22 5.6.3 / 3.1.2: before it binds a profile, the SM-DP+ checks that the eUICC and the device can take
 * it, from what they declared in authenticateClient (EUICCInfo2 and DeviceInfo, signed by the eUICC):
 * - a profile whose PPRs the eUICC forbids (EUICCInfo2 forbiddenProfilePolicyRules), a test profile for an
 *   eUICC without testProfileSupport, or a device the order does not allow (its TAC against the order's
 *   allow/deny lists) → 8.2.5/4.3 No eligible profile for this eUICC/device;
 * - a profile larger than the free non-volatile memory the eUICC declared (extCardResource) → 8.1/4.8.
 * Ineligibility says nothing about the order: it stays as it is for an eligible device.
 */
import { Asn1DecodeError } from '../../asn1/decode-error.ts';
import { type DeviceInfo, type EUICCInfo2, ProfileClasses } from '../../asn1/rsp/index.ts';
import { readChildren } from '../../asn1/tlv.ts';
import { RspError } from '../../errors/rsp-error.ts';
import { tacAllowed } from '../order-limits.ts';
import type { ProfileRecord } from '../profile-repository.ts';

/** ETSI TS 102 226 8.2.1.3.2.x extended card resource: '82' is the free non-volatile memory in bytes. */
const FREE_NON_VOLATILE_MEMORY = 0x82;

/** The free non-volatile memory an eUICC declared, or undefined when it did not say (or said it badly). */
export function freeNonVolatileMemory(extCardResource: Buffer): number | undefined {
  try {
    const field = readChildren(extCardResource).find((tlv) => tlv.tag === FREE_NON_VOLATILE_MEMORY);
    if (!field || field.value.length === 0 || field.value.length > 6) return undefined;
    return field.value.readUIntBE(0, field.value.length);
  } catch (error) {
    if (error instanceof Asn1DecodeError) return undefined;
    throw error;
  }
}

/** The rules themselves; pprUpdateControl is how PPRs are updated, not a rule an eUICC forbids. */
const RULES = new Set(['ppr1', 'ppr2', 'ppr3']);

export interface EligibilityInput {
  readonly profile: ProfileRecord;
  readonly euiccInfo2: EUICCInfo2;
  readonly deviceInfo: DeviceInfo;
  /** Size of the profile package in bytes (asked only when the eUICC declared its free memory). */
  readonly packageSize: () => Promise<number>;
}

export async function checkEligibility({
  profile,
  euiccInfo2,
  deviceInfo,
  packageSize,
}: EligibilityInput): Promise<void> {
  const forbidden = (profile.metadata.profilePolicyRules ?? []).filter(
    (rule) => RULES.has(rule) && euiccInfo2.forbiddenProfilePolicyRules?.includes(rule),
  );
  if (forbidden.length > 0)
    throw new RspError('noEligibleProfile', `the eUICC forbids the profile's ${forbidden.join(', ')}`);
  if (
    profile.metadata.profileClass === ProfileClasses.test &&
    !euiccInfo2.rspCapability.includes('testProfileSupport')
  )
    throw new RspError('noEligibleProfile', 'a test profile for an eUICC without testProfileSupport');
  const tac = deviceInfo.tac.toString('hex').toUpperCase();
  if (!tacAllowed(profile.orderLimits, tac))
    throw new RspError('noEligibleProfile', `the order does not allow devices of TAC ${tac}`);
  const free = freeNonVolatileMemory(euiccInfo2.extCardResource);
  if (free === undefined) return;
  const size = await packageSize();
  if (size > free)
    throw new RspError(
      'euiccInsufficientMemory',
      `the profile takes ${size} bytes, the eUICC has ${free} free`,
    );
}
