import { describe, expect, it } from 'vitest';
import { declaredSgp32Types, declaredTypes } from '../helpers/declared-types.ts';
import { rng, sampleValue } from '../helpers/sample-value.ts';

describe('every declared RSP type round-trips through DER', () => {
  it('declares the types the ES9+, ES10 and ES8+ flows use', () => {
    const names = declaredTypes.map(([name]) => name);
    for (const expected of [
      'EUICCInfo1',
      'EUICCInfo2',
      'ServerSigned1',
      'AuthenticateServerRequest',
      'AuthenticateServerResponse',
      'EuiccSigned1',
      'CtxParams1',
      'PrepareDownloadRequest',
      'PrepareDownloadResponse',
      'SmdpSigned2',
      'EUICCSigned2',
      'StoreMetadataRequest',
      'BoundProfilePackage',
      'InitialiseSecureChannelRequest',
      'ControlRefTemplate',
      'ConfigureISDPRequest',
      'ReplaceSessionKeysRequest',
      'ProfileInstallationResult',
      'PendingNotification',
      'OtherSignedNotification',
      'CancelSessionRequest',
      'CancelSessionResponse',
      'ProfileInfoListRequest',
      'ProfileInfoListResponse',
      'EnableProfileRequest',
      'DisableProfileRequest',
      'DeleteProfileRequest',
      'ListNotificationRequest',
      'ListNotificationResponse',
      'RetrieveNotificationsListRequest',
      'RetrieveNotificationsListResponse',
      'NotificationSentRequest',
      'GetEuiccDataRequest',
      'GetEuiccDataResponse',
      'EuiccConfiguredAddressesResponse',
      'InitiateAuthenticationRequest',
      'AuthenticateClientRequest',
      'GetBoundProfilePackageRequest',
      'HandleNotification',
      'CancelSessionRequestEs9',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it('declares the types ESipa and the IoT eUICC functions use (SGP.32 v1.2)', () => {
    const names = declaredSgp32Types.map(([name]) => name);
    for (const expected of [
      'EuiccPackageRequest',
      'EuiccPackageSigned',
      'EuiccPackageResult',
      'EuiccPackageResultDataSigned',
      'EuiccPackageErrorDataSigned',
      'AddInitialEimRequest',
      'AddInitialEimResponse',
      'GetEimConfigurationDataRequest',
      'GetEimConfigurationDataResponse',
      'GetCertsRequest',
      'GetCertsResponse',
      'ImmediateEnableRequest',
      'ProfileRollbackRequest',
      'ProfileRollbackResponse',
      'Sgp32EUICCInfo2',
      'Sgp32RetrieveNotificationsListRequest',
      'Sgp32RetrieveNotificationsListResponse',
      'EsipaMessageFromIpaToEim',
      'EsipaMessageFromEimToIpa',
      'GetEimPackageRequest',
      'GetEimPackageResponse',
      'ProvideEimPackageResult',
      'ProvideEimPackageResultResponse',
      'IpaEuiccDataRequest',
      'IpaEuiccDataResponse',
      'ProfileDownloadTriggerRequest',
      'HandleNotificationEsipa',
    ]) {
      expect(names).toContain(expected);
    }
  });

  for (const [name, schema] of declaredTypes) {
    it(name, () => {
      const random = rng(name.length * 7919 + name.charCodeAt(0));
      for (let i = 0; i < 40; i++) {
        const value = sampleValue(schema, random);
        const der = schema.encode(value);
        const decoded = schema.decode(der);
        expect(decoded).toEqual(value);
        expect(schema.encode(decoded)).toEqual(der);
      }
    });
  }
});
