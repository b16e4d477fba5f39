import { describe, expect, it } from 'vitest';
import {
  BoundProfilePackage,
  ProfileInfoListResponse,
  ProfileInstallationResult,
} from '../../src/asn1/rsp/index.ts';
import { iccidFromDigits } from '../../src/profile/iccid.ts';
import { renderTree, toTree } from '../../src/protocol/tree.ts';
import { bspVectors } from '../crypto/vectors.ts';

describe('decoded trees', () => {
  it('names the fields of a BPP as the module does, with tags and hex', () => {
    const der = Buffer.from(bspVectors.bpp_decode.bpp_base64, 'base64');
    const text = renderTree(
      toTree(BoundProfilePackage, BoundProfilePackage.decode(der), 'BoundProfilePackage'),
    );
    expect(text.split('\n').slice(0, 4)).toEqual([
      'BoundProfilePackage [BF36]',
      '  initialiseSecureChannelRequest [BF23]',
      '    remoteOpId [82]: 1 (installBoundProfilePackage)',
      '    transactionId [80]: DF9C0EF4041A47EE9BFDCF0AB10770ED',
    ]);
    expect(text).toContain('      hostId [84]: 6D61686C7A656974');
    expect(text).toContain('  sequenceOf86 [A3]');
  });

  it('shows CHOICE alternatives, named bits and named integers', () => {
    const pir = ProfileInstallationResult.encode({
      profileInstallationResultData: {
        transactionId: Buffer.from('01', 'hex'),
        notificationMetadata: {
          seqNumber: 3,
          profileManagementOperation: ['notificationInstall'],
          notificationAddress: 'smdp.example',
        },
        smdpOid: '2.999.10',
        finalResult: { errorResult: { bppCommandId: 5, errorReason: 8 } },
      },
      euiccSignPIR: Buffer.alloc(64),
    });
    const text = renderTree(
      toTree(ProfileInstallationResult, ProfileInstallationResult.decode(pir), 'ProfileInstallationResult'),
    );
    expect(text).toContain('profileManagementOperation [81]: notificationInstall');
    expect(text).toContain('smdpOid [06]: 2.999.10 (SM-DP+ OID of the SGP.26 test certificates)');
    expect(text).toContain('errorResult [A1]');
    expect(text).toContain('bppCommandId [80]: 5 (loadProfileElements)');
    expect(text).toContain('errorReason [81]: 8 (scp03tSecurityError)');
    const empty = toTree(ProfileInfoListResponse, { profileInfoListOk: [] }, 'ProfileInfoListResponse');
    expect(empty).toEqual({
      name: 'ProfileInfoListResponse',
      tag: 'BF2D',
      children: [{ name: 'value', children: [{ name: 'profileInfoListOk', tag: 'A0', children: [] }] }],
    });
  });

  it('shows an ICCID as printed on the card beside its swapped-digit bytes', () => {
    const iccid = iccidFromDigits('8949449999999990049');
    const der = ProfileInfoListResponse.encode({ profileInfoListOk: [{ iccid }] });
    const text = renderTree(
      toTree(ProfileInfoListResponse, ProfileInfoListResponse.decode(der), 'ProfileInfoListResponse'),
    );
    expect(iccid.toString('hex').toUpperCase()).toBe('989444999999990940F9');
    expect(text).toContain('iccid [5A]: 989444999999990940F9 (ICCID 8949449999999990049)');
  });
});
