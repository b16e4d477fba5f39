import { describe, expect, it } from 'vitest';
import {
  AddInitialEimRequest,
  EsipaMessageFromEimToIpa,
  EsipaMessageFromIpaToEim,
  GetCertsResponse,
  GetEimConfigurationDataRequest,
  ProvideEimPackageResult,
  ProvideEimPackageResultResponse,
} from '../../src/asn1/sgp32/index.ts';

/**
 * Known DER of SGP.32 v1.2 messages: the encodings the reference (../shared/reference/sgp32/README.md §2, §5,
 * §10, §11) derives by X.680's tagging rules and the public implementations send. The whole real exchange is
 * checked in test/protocol/sgp32-reference-trace.test.ts.
 */
const hex = (text: string) => Buffer.from(text.replace(/ /g, ''), 'hex');
const eid = hex('89044045118427484800000000011628');

describe('SGP.32 known DER', () => {
  it('nothing queued: GetEimPackageResponse noEimPackageAvailable is BF4F 03 02 01 01', () => {
    const body = hex('BF4F 03 02 01 01');
    const message = { getEimPackageResponse: { eimPackageError: 1 } };
    expect(EsipaMessageFromEimToIpa.encode(message)).toEqual(body);
    expect(EsipaMessageFromEimToIpa.decode(body)).toEqual(message);
  });

  it('v1.2 ProvideEimPackageResultResponse: empty is BF50 02 30 00, acknowledgements BF50 06 BF53 03 80 01 14', () => {
    expect(ProvideEimPackageResultResponse.encode({ emptyResponse: {} })).toEqual(hex('BF50 02 30 00'));
    expect(ProvideEimPackageResultResponse.encode({ eimAcknowledgements: [20] })).toEqual(
      hex('BF50 06 BF53 03 80 01 14'),
    );
    expect(ProvideEimPackageResultResponse.decode(hex('BF50 06 BF53 03 80 01 14'))).toEqual({
      eimAcknowledgements: [20],
    });
  });

  it('a data-request error in ProvideEimPackageResult: BF50 L 5A 10 … BF52 05 A1 03 02 01 01', () => {
    const value = {
      eidValue: eid,
      eimPackageResult: {
        ipaEuiccDataResponse: { ipaEuiccDataResponseError: { ipaEuiccDataErrorCode: 1 } },
      },
    };
    const der = hex(`BF50 1A 5A 10 ${eid.toString('hex')} BF52 05 A1 03 02 01 01`);
    expect(ProvideEimPackageResult.encode(value)).toEqual(der);
    expect(ProvideEimPackageResult.decode(der)).toEqual(value);
  });

  it('a result in HandleNotification carries one BF50: BF3D L BF50 …', () => {
    const inner = { eimPackageResult: { eimPackageResultResponseError: { eimPackageResultErrorCode: 2 } } };
    const der = EsipaMessageFromIpaToEim.encode({
      handleNotificationEsipa: { provideEimPackageResult: inner },
    });
    expect(der).toEqual(hex('BF3D 08 BF50 05 A0 03 02 01 02'));
  });

  it('the untagged CHOICE under a tag is wrapped: profileDownloadData A0 { 80 … }', () => {
    const der = EsipaMessageFromEimToIpa.encode({
      getEimPackageResponse: {
        profileDownloadTriggerRequest: { profileDownloadData: { activationCode: '1$a$b' } },
      },
    });
    expect(der).toEqual(hex('BF4F 0C BF54 09 A0 07 80 05 31 24 61 24 62'));
  });

  it('GetEimConfigurationData as IPAs send it: BF55 00; with an eimId: BF55 07 A0 05 80 03 …', () => {
    expect(GetEimConfigurationDataRequest.encode({})).toEqual(hex('BF55 00'));
    expect(GetEimConfigurationDataRequest.encode({ searchCriteria: { eimId: 'eIM' } })).toEqual(
      hex('BF55 07 A0 05 80 03 65494D'),
    );
  });

  it('an eIM asking the eUICC to assign its association token sends 84 01 FF', () => {
    const der = AddInitialEimRequest.encode({
      eimConfigurationDataList: [{ eimId: 'eIM', counterValue: 1000, associationToken: -1 }],
    });
    expect(der).toEqual(hex('BF57 10 A0 0E 30 0C 80 03 65494D 83 02 03E8 84 01 FF'));
  });

  it('certificates in GetCertsResponse are implicitly tagged A5 / A6; the value is the certificate DER', () => {
    const eum = hex('30 03 02 01 01');
    const euicc = hex('30 03 02 01 02');
    const der = GetCertsResponse.encode({ certs: { eumCertificate: eum, euiccCertificate: euicc } });
    expect(der).toEqual(hex('BF56 0C A0 0A A5 03 02 01 01 A6 03 02 01 02'));
    expect(GetCertsResponse.decode(der)).toEqual({ certs: { eumCertificate: eum, euiccCertificate: euicc } });
  });
});
