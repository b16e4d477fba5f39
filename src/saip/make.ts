/**
 * Makes a profile from a short description: the Unprotected Profile Package (a USIM profile on the MF and
 * USIM templates with Milenage) and the StoreMetadata the SM-DP+ sends with it (SGP.22 5.5.3). The same
 * description always makes the same bytes.
 */
import { createCipheriv } from 'node:crypto';
import { type NotificationEventName, ProfileClasses, type StoreMetadataRequest } from '../asn1/rsp/index.ts';
import { iccidFromDigits, luhnCheckDigit } from '../profile/iccid.ts';
import type { PINConfiguration, PUKConfiguration } from './access.ts';
import type { File, PEHeader } from './common.ts';
import {
  encodeAccessControlClass,
  encodeAdministrativeData,
  encodeApplicationTemplate,
  encodeImsi,
  encodeServiceProviderName,
  encodeServiceTable,
} from './ef-coding.ts';
import { encodeProfilePackage } from './package.ts';
import type { ProfileElement } from './profile-element.ts';
import * as template from './template.ts';

const EVENTS = ['install', 'enable', 'disable', 'delete'] as const;
const PPRS = ['pprUpdateControl', 'ppr1', 'ppr2'] as const;

/** A profile, described. Hex values are case-insensitive; codes are digits. */
export interface ProfileDescription {
  /** The ICCID with its Luhn check digit (19 or 20 digits). */
  readonly iccid: string;
  readonly imsi: string;
  /** K, 16 bytes hex. */
  readonly ki: string;
  /** OPc, 16 bytes hex; or OP, from which OPc is computed. Exactly one of the two. */
  readonly opc?: string;
  readonly op?: string;
  /** Length of the MNC within the IMSI (EF.AD); 2 unless given. */
  readonly mncLength?: 2 | 3;
  /** Service provider name shown by the handset (EF.SPN). */
  readonly spn?: string;
  readonly profileName: string;
  readonly serviceProviderName: string;
  readonly profileClass?: keyof typeof ProfileClasses;
  /** ProfileHeader profileType; the profile name unless given. */
  readonly profileType?: string;
  readonly icon?: { readonly type: 'png' | 'jpg'; readonly base64: string };
  readonly pprs?: readonly (typeof PPRS)[number][];
  readonly notifications?: readonly {
    readonly events: readonly (typeof EVENTS)[number][];
    readonly address: string;
  }[];
  readonly pin1?: string;
  readonly puk1?: string;
  readonly pin2?: string;
  readonly puk2?: string;
  readonly adm1?: string;
}

export class DescriptionError extends Error {
  override readonly name = 'DescriptionError';
}

export interface MadeProfile {
  readonly upp: Buffer;
  readonly metadata: StoreMetadataRequest;
  readonly elements: ProfileElement[];
}

const hex16 = (name: string, value: string | undefined): Buffer => {
  if (!value || !/^[0-9a-fA-F]{32}$/.test(value))
    throw new DescriptionError(`${name} must be 16 bytes in hex`);
  return Buffer.from(value, 'hex');
};

/** A PIN (TS 102 221 9.5.1): 4 to 8 digits in ASCII, padded with 'FF' to 8 bytes. */
function pinValue(name: string, value: string, min: number): Buffer {
  if (!new RegExp(`^\\d{${min},8}$`).test(value))
    throw new DescriptionError(`${name} must be ${min} to 8 digits`);
  return Buffer.concat([Buffer.from(value, 'latin1'), Buffer.alloc(8 - value.length, 0xff)]);
}

/** OPc = E_K(OP) XOR OP (3GPP TS 35.206 4.1). */
export function opcFromOp(k: Buffer, op: Buffer): Buffer {
  const cipher = createCipheriv('aes-128-ecb', k, null).setAutoPadding(false);
  const encrypted = Buffer.concat([cipher.update(op), cipher.final()]);
  return Buffer.from(encrypted.map((byte, i) => byte ^ op.readUInt8(i)));
}

function checkDescription(d: ProfileDescription): void {
  if (!/^89\d{17,18}$/.test(d.iccid ?? ''))
    throw new DescriptionError('iccid must be 19 or 20 digits starting 89');
  const check = luhnCheckDigit(d.iccid.slice(0, -1));
  if (d.iccid.at(-1) !== check) {
    throw new DescriptionError(`iccid ${d.iccid}: the Luhn check digit is ${check}, not ${d.iccid.at(-1)}`);
  }
  if (!/^\d{6,15}$/.test(d.imsi ?? '')) throw new DescriptionError('imsi must be 6 to 15 digits');
  if ((d.opc === undefined) === (d.op === undefined))
    throw new DescriptionError('give exactly one of opc and op');
  if (d.mncLength !== undefined && d.mncLength !== 2 && d.mncLength !== 3) {
    throw new DescriptionError('mncLength must be 2 or 3');
  }
  if (typeof d.profileName !== 'string' || typeof d.serviceProviderName !== 'string') {
    throw new DescriptionError('profileName and serviceProviderName are required');
  }
  if (d.profileClass !== undefined && !(d.profileClass in ProfileClasses)) {
    throw new DescriptionError(`profileClass must be one of ${Object.keys(ProfileClasses).join(', ')}`);
  }
  for (const ppr of d.pprs ?? []) if (!PPRS.includes(ppr)) throw new DescriptionError(`unknown PPR ${ppr}`);
  for (const n of d.notifications ?? []) {
    if (!n.address || !n.events?.length || n.events.some((e) => !EVENTS.includes(e))) {
      throw new DescriptionError(
        `notifications: each needs an address and events among ${EVENTS.join(', ')}`,
      );
    }
  }
  if (d.icon && (!['png', 'jpg'].includes(d.icon.type) || typeof d.icon.base64 !== 'string')) {
    throw new DescriptionError('icon must be { "type": "png" | "jpg", "base64": ... }');
  }
}

/** The StoreMetadata of the profile (SGP.22 5.5.3; SGP.22 2.4.1a for PPRs, 4.4 for notifications). */
function storeMetadata(d: ProfileDescription): StoreMetadataRequest {
  return {
    iccid: iccidFromDigits(d.iccid),
    serviceProviderName: d.serviceProviderName,
    profileName: d.profileName,
    ...(d.icon
      ? { iconType: d.icon.type === 'jpg' ? 0 : 1, icon: Buffer.from(d.icon.base64, 'base64') }
      : {}),
    profileClass: ProfileClasses[d.profileClass ?? 'operational'],
    ...(d.notifications?.length
      ? {
          notificationConfigurationInfo: d.notifications.map((n) => ({
            profileManagementOperation: n.events.map(
              (e) => `notification${e.charAt(0).toUpperCase()}${e.slice(1)}` as NotificationEventName,
            ),
            notificationAddress: n.address,
          })),
        }
      : {}),
    // An eUICC authorises PPRs for the profile's owner by its RAT (SGP.22 2.9.2): a profile with PPRs names
    // its owner, the operator of its IMSI.
    ...(d.pprs
      ? { profileOwner: { mccMnc: mccMncOf(d.imsi, d.mncLength ?? 2) }, profilePolicyRules: [...d.pprs] }
      : {}),
  };
}

/** The IMSI's MCC and MNC coded as 3GPP TS 24.008 10.5.1.3 codes them (a 2-digit MNC's third digit 'F'). */
function mccMncOf(imsi: string, mncLength: 2 | 3): Buffer {
  const [m1, m2, m3, n1, n2, n3] = [...imsi.slice(0, 3 + mncLength)].map(Number);
  const digit = (d: number | undefined) => d ?? 0xf;
  return Buffer.from([
    (digit(m2) << 4) | digit(m1),
    ((mncLength === 3 ? digit(n3) : 0xf) << 4) | digit(m3),
    (digit(n2) << 4) | digit(n1),
  ]);
}

export function makeProfile(description: ProfileDescription): MadeProfile {
  const d = description;
  checkDescription(d);
  const ki = hex16('ki', d.ki);
  const opc = d.opc !== undefined ? hex16('opc', d.opc) : opcFromOp(ki, hex16('op', d.op));
  let identification = 0;
  // PEDefinitions 8.2: each PE is numbered; 'mandated' makes the eUICC refuse the profile if it cannot
  // process the PE, which holds for every element of a made profile.
  const header = (): PEHeader => ({ mandated: null, identification: ++identification });
  const content = (bytes: Buffer): File => [{ fillFileContent: bytes }];

  const pins: PINConfiguration[] = [
    {
      keyReference: 1, // pinAppl1: PIN1, the universal PIN
      pinValue: pinValue('pin1', d.pin1 ?? '0000', 4),
      unblockingPINReference: 1,
      pinAttributes: 6,
    },
    { keyReference: 10, pinValue: pinValue('adm1', d.adm1 ?? '55555555', 8), pinAttributes: 3 }, // adm1
    { keyReference: 11, pinValue: pinValue('adm1', d.adm1 ?? '55555555', 8), pinAttributes: 3 }, // adm2
  ];
  const puks: PUKConfiguration[] = [
    { keyReference: 1, pukValue: pinValue('puk1', d.puk1 ?? '11111111', 8) },
    { keyReference: 129, pukValue: pinValue('puk2', d.puk2 ?? '22222222', 8) },
  ];
  const efDirRecord = encodeApplicationTemplate(template.USIM_AID, 'USIM', template.EF_DIR_RECORD_LENGTH);

  const elements: ProfileElement[] = [
    {
      header: {
        majorVersion: 2,
        minorVersion: 3,
        profileType: d.profileType ?? d.profileName,
        iccid: Buffer.from(d.iccid.padEnd(20, 'F'), 'hex'),
        eUICCMandatoryServices: { usim: null, milenage: null },
        eUICCMandatoryGFSTEList: [template.MF_TEMPLATE, template.USIM_TEMPLATE],
      },
    },
    {
      mf: {
        'mf-header': header(),
        templateID: template.MF_TEMPLATE,
        mf: [
          {
            fileDescriptor: {
              securityAttributesReferenced: Buffer.from('2F0601', 'hex'),
              pinStatusTemplateDO: template.MF_PIN_STATUS,
            },
          },
        ],
        'ef-iccid': content(iccidFromDigits(d.iccid)),
        'ef-dir': [{ fileDescriptor: template.EF_DIR_FCP }, { fillFileContent: efDirRecord }],
        'ef-arr': template.MF_ARR,
      },
    },
    { pukCodes: { pukHeader: header(), pukCodes: puks } },
    { pinCodes: { pinHeader: header(), pinCodes: { pinconfig: pins } } },
    {
      usim: {
        'usim-header': header(),
        templateID: template.USIM_TEMPLATE,
        'adf-usim': [
          {
            fileDescriptor: {
              fileID: template.ADF_USIM_FILE_ID,
              dfName: template.USIM_AID,
              securityAttributesReferenced: Buffer.from('2F0601', 'hex'),
              pinStatusTemplateDO: template.ADF_PIN_STATUS,
            },
          },
        ],
        'ef-imsi': content(encodeImsi(d.imsi)),
        'ef-arr': template.USIM_ARR,
        'ef-ust': content(encodeServiceTable(template.UST_SERVICES, template.UST_LENGTH)),
        'ef-spn': d.spn !== undefined ? content(encodeServiceProviderName(d.spn)) : [],
        'ef-est': content(Buffer.from([0x00])),
        'ef-acc': content(encodeAccessControlClass(d.imsi)),
        'ef-ad': content(encodeAdministrativeData(d.mncLength ?? 2)),
        'ef-ecc': [],
      },
    },
    {
      pinCodes: {
        pinHeader: header(),
        pinCodes: {
          pinconfig: [
            {
              keyReference: 129, // secondPINAppl1: PIN2, local to the USIM
              pinValue: pinValue('pin2', d.pin2 ?? '0000', 4),
              unblockingPINReference: 129,
              pinAttributes: 3,
            },
          ],
        },
      },
    },
    {
      akaParameter: {
        akaHeader: header(),
        algoConfiguration: {
          algoParameter: { algorithmID: 1, algorithmOptions: Buffer.from([0x00]), key: ki, opc },
        },
      },
    },
    { end: { endHeader: header() } },
  ];
  return { upp: encodeProfilePackage(elements), metadata: storeMetadata(d), elements };
}
