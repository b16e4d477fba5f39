/**
 * The ProfileHeader, first element of every Profile Package (PEDefinitions 3.3.1): version, ICCID and
 * what the eUICC must support to install the profile (services, file system templates, applications).
 */
import {
  type Infer,
  nullValue,
  objectIdentifier,
  octetString,
  optional,
  sequenceOf,
  utf8String,
} from '../asn1/schema.ts';
import { applicationIdentifier, peSequence, uint } from './common.ts';

/**
 * The services of ServicesList, in order: each is a NULL tagged by its position, contactless '80', usim '81'
 * ... eaka '9D'.
 */
export const SERVICES = [
  'contactless',
  'usim',
  'isim',
  'csim',
  'milenage',
  'tuak128',
  'cave',
  'gba-usim',
  'gba-isim',
  'mbms',
  'eap',
  'javacard',
  'multos',
  'multiple-usim',
  'multiple-isim',
  'multiple-csim',
  'tuak256',
  'usim-test-algorithm',
  'ber-tlv',
  'dfLink',
  'cat-tp',
  'get-identity',
  'profile-a-x25519',
  'profile-b-p256',
  'suciCalculatorApi',
  'dns-resolution',
  'scp11ac',
  'scp11c-authorization-mechanism',
  's16mode',
  'eaka',
] as const;
export type ServiceName = (typeof SERVICES)[number];

/**
 * ```asn
 * ServicesList ::= SEQUENCE {
 * contactless NULL OPTIONAL,
 * usim NULL OPTIONAL,
 * isim NULL OPTIONAL,
 * csim NULL OPTIONAL,
 * milenage NULL OPTIONAL,
 * tuak128 NULL OPTIONAL,
 * cave NULL OPTIONAL,
 * gba-usim NULL OPTIONAL,
 * gba-isim NULL OPTIONAL,
 * mbms NULL OPTIONAL,
 * eap NULL OPTIONAL,
 *     javacard NULL OPTIONAL,
 *     multos NULL OPTIONAL,
 * multiple-usim NULL OPTIONAL,
 * multiple-isim NULL OPTIONAL,
 * multiple-csim NULL OPTIONAL,
 * tuak256 NULL OPTIONAL,
 * usim-test-algorithm NULL OPTIONAL,
 * ber-tlv NULL OPTIONAL,
 * dfLink NULL OPTIONAL,
 * cat-tp NULL OPTIONAL,
 * get-identity NULL OPTIONAL,
 * profile-a-x25519 NULL OPTIONAL,
 * profile-b-p256 NULL OPTIONAL,
 * suciCalculatorApi NULL OPTIONAL,
 * dns-resolution NULL OPTIONAL,
 * scp11ac NULL OPTIONAL,
 * scp11c-authorization-mechanism NULL OPTIONAL,
 * s16mode NULL OPTIONAL,
 * eaka NULL OPTIONAL
 * }
 * ```
 */
export const ServicesList = peSequence(
  0xa5,
  Object.fromEntries(
    SERVICES.map((name, position) => [name, optional(nullValue(0x80 + position))]),
  ) as Record<ServiceName, ReturnType<typeof optional<null>>>,
);

/**
 * ```asn
 * ProfileHeader ::= SEQUENCE {
 * major-version UInt8, -- set to 3 for this version of the specification
 * minor-version UInt8, -- set to 3 for this version of the specification
 * profileType UTF8String (SIZE (1..100)) OPTIONAL, -- Profile type
 * iccid OCTET STRING (SIZE (10)), -- ICCID of the Profile
 * pol OCTET STRING OPTIONAL,
 * eUICC-Mandatory-services ServicesList,
 * eUICC-Mandatory-GFSTEList SEQUENCE OF OBJECT IDENTIFIER,
 * connectivityParameters OCTET STRING OPTIONAL,
 * eUICC-Mandatory-AIDs SEQUENCE OF SEQUENCE {
 *     aid ApplicationIdentifier,
 *     version OCTET STRING (SIZE(2))
 * } OPTIONAL,
 * iotOptions IotOptions OPTIONAL -- details for IoT Minimal Profile, mandatory for IoT Minimal Profiles
 * }
 * IotOptions ::= SEQUENCE {
 * pix OCTET STRING (SIZE (7..11)) -- PIX value to be used for IoT Minimal Profiles
 * }
 * ```
 * As the alternative 'header' [0] of ProfileElement, its tag is 'A0'.
 */
export const ProfileHeader = peSequence(0xa0, {
  majorVersion: uint(0x80),
  minorVersion: uint(0x81),
  profileType: optional(utf8String(0x82, [1, 100])),
  iccid: octetString(0x83, [10, 10]),
  pol: optional(octetString(0x84)),
  eUICCMandatoryServices: ServicesList,
  eUICCMandatoryGFSTEList: sequenceOf(0xa6, objectIdentifier()),
  connectivityParameters: optional(octetString(0x87)),
  eUICCMandatoryAIDs: optional(
    sequenceOf(
      0xa8,
      peSequence(0x30, { aid: applicationIdentifier(0x80), version: octetString(0x81, [2, 2]) }),
    ),
  ),
  iotOptions: optional(peSequence(0xa9, { pix: octetString(0x80, [7, 11]) })),
});
export type ProfileHeader = Infer<typeof ProfileHeader>;
