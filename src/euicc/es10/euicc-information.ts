/**
 * ES10a/ES10b/ES10c information functions: GetEUICCInfo1/2 (SGP.22 5.7.8), GetEUICCChallenge (5.7.7),
 * GetEID (5.7.20), GetEuiccConfiguredAddresses / SetDefaultDpAddress (5.7.3 / 5.7.4), GetRAT (5.7.22).
 */
import {
  EUICCInfo1,
  EUICCInfo2,
  EuiccConfiguredAddressesResponse,
  GetEuiccChallengeResponse,
  GetEuiccDataRequest,
  GetEuiccDataResponse,
  GetRatResponse,
  SetDefaultDpAddressRequest,
  SetDefaultDpAddressResponse,
} from '../../asn1/rsp/index.ts';
import { encodeTlv } from '../../asn1/tlv.ts';
import { randomBytes } from '../../crypto/random.ts';
import type { CardContext } from '../card-context.ts';
import { ratOf } from '../rules-authorisation-table.ts';

/** SGP.22 version this eUICC implements, v2.2.2. */
export const SVN = Buffer.from([2, 2, 2]);

function euiccInfo1Value(card: CardContext) {
  return {
    svn: SVN,
    euiccCiPKIdListForVerification: card.trustedCis.map((ci) => ci.subjectKeyIdentifier),
    euiccCiPKIdListForSigning: [card.signingCiPkid],
  };
}

export const getEuiccInfo1 = (card: CardContext): Buffer => EUICCInfo1.encode(euiccInfo1Value(card));

/** Free memory (ETSI TS 102 226 extended card resource: '81' apps, '82' non-volatile, '83' volatile). */
function extCardResource(freeNonVolatileMemory = 0x100000): Buffer {
  const value = Math.min(Math.max(0, Math.floor(freeNonVolatileMemory)), 0xffffffff);
  const free = Buffer.alloc(4);
  free.writeUInt32BE(value);
  // As few octets as the number needs (1 MiB: '82 03 100000').
  const octets = Math.max(1, Math.ceil(value.toString(16).length / 2));
  return Buffer.concat([
    Buffer.from('810100', 'hex'),
    encodeTlv(0x82, free.subarray(4 - octets)),
    Buffer.from('830200ff', 'hex'),
  ]);
}

export function euiccInfo2(card: CardContext): EUICCInfo2 {
  return {
    profileVersion: Buffer.from([2, 3, 1]),
    ...euiccInfo1Value(card),
    euiccFirmwareVer: Buffer.from([1, 0, 0]),
    extCardResource: extCardResource(card.declared?.freeNonVolatileMemory),
    uiccCapability: [
      'usimSupport',
      'isimSupport',
      'csimSupport',
      'akaMilenage',
      'akaCave',
      'akaTuak128',
      'akaTuak256',
      'gbaAuthenUsim',
      'gbaAuthenISim',
      'eapClient',
      'javacard',
      'multipleUsimSupport',
      'multipleIsimSupport',
    ],
    javacardVersion: Buffer.from([3, 0, 5]),
    globalplatformVersion: Buffer.from([2, 3, 1]),
    rspCapability:
      card.declared?.testProfileSupport === false
        ? ['additionalProfile', 'crlSupport']
        : ['additionalProfile', 'crlSupport', 'testProfileSupport'],
    ...(card.declared?.forbiddenProfilePolicyRules
      ? { forbiddenProfilePolicyRules: [...card.declared.forbiddenProfilePolicyRules] }
      : {}),
    euiccCategory: 2,
    ppVersion: Buffer.from([0, 0, 1]),
    sasAcreditationNumber: 'RSPSIM-SOFTWARE-EUICC',
  };
}

export const getEuiccInfo2 = (card: CardContext): Buffer => EUICCInfo2.encode(euiccInfo2(card));

export function getEuiccChallenge(card: CardContext): Buffer {
  card.euiccChallenge = randomBytes(16);
  return GetEuiccChallengeResponse.encode({ euiccChallenge: card.euiccChallenge });
}

export function getEuiccData(card: CardContext, request: Buffer): Buffer {
  GetEuiccDataRequest.decode(request);
  return GetEuiccDataResponse.encode({ eidValue: Buffer.from(card.state.eid, 'hex') });
}

export function getConfiguredAddresses(card: CardContext): Buffer {
  const { defaultDpAddress, rootDsAddress } = card.state;
  return EuiccConfiguredAddressesResponse.encode({
    ...(defaultDpAddress ? { defaultDpAddress } : {}),
    rootDsAddress,
  });
}

export function setDefaultDpAddress(card: CardContext, request: Buffer): Buffer {
  const { defaultDpAddress } = SetDefaultDpAddressRequest.decode(request);
  card.state.defaultDpAddress = defaultDpAddress || undefined;
  card.dirty = true;
  return SetDefaultDpAddressResponse.encode({ setDefaultDpAddressResult: 0 });
}

/** The Rules Authorisation Table the eUICC was made with (rules-authorisation-table.ts). */
export const getRat = (card: CardContext): Buffer => GetRatResponse.encode({ rat: ratOf(card) });
