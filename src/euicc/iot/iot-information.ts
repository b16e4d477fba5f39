/**
 * What an IoT eUICC tells about itself and keeps for the IPA: GetEUICCInfo2 with the SGP.32 fields (5.9.2),
 * GetCerts (5.9.10), and the v1.2 notification list (5.9.11), which holds the eUICC Package Results beside
 * the SGP.22 notifications under the same seqNumbers; RemoveNotificationFromList removes either.
 */
import { NotificationSentRequest, NotificationSentResponse } from '../../asn1/rsp/index.ts';
import {
  EuiccPackageResult,
  GetCertsRequest,
  GetCertsResponse,
  Sgp32EUICCInfo2,
  Sgp32PendingNotification,
  Sgp32RetrieveNotificationsListRequest,
  Sgp32RetrieveNotificationsListResponse,
} from '../../asn1/sgp32/index.ts';
import type { CardContext } from '../card-context.ts';
import { euiccInfo2 } from '../es10/euicc-information.ts';
import { removeNotificationFromList } from '../es10/notifications.ts';
import type { IotState } from './iot-state.ts';

/** SGP.32 version this eUICC implements: v1.2.0. */
const IOT_VERSION = Buffer.from([1, 2, 0]);

/**
 * EUICCInfo2 of an IoT eUICC: the SGP.22 values (javacardVersion is SGP.32's ts102241Version, the same '86'),
 * ipaMode ipad and iotSpecificInfo (v1.2, the Fallback Mechanism; no Emergency Profile).
 */
export function getEuiccInfo2Iot(card: CardContext): Buffer {
  const { javacardVersion, ...sgp22 } = euiccInfo2(card);
  return Sgp32EUICCInfo2.encode({
    ...sgp22,
    ...(javacardVersion ? { ts102241Version: javacardVersion } : {}),
    ipaMode: 0,
    iotSpecificInfo: { iotVersion: [IOT_VERSION], fallbackSupported: null },
  });
}

/** ES10b.GetCerts (SGP.32 5.9.10): CERT.EUM and CERT.EUICC, for the CI asked for (the one we chain to). */
export function getCerts(card: CardContext, requestDer: Buffer): Buffer {
  const { euiccCiPKId } = GetCertsRequest.decode(requestDer);
  if (euiccCiPKId && !euiccCiPKId.equals(card.signingCiPkid))
    return GetCertsResponse.encode({ getCertsError: 1 });
  return GetCertsResponse.encode({
    certs: { eumCertificate: card.eumCertificate, euiccCertificate: card.euiccCertificate },
  });
}

const kept = (iot: IotState, seqNumber?: number) =>
  iot.packageResults
    .filter((record) => seqNumber === undefined || record.seqNumber === seqNumber)
    .map((record) => EuiccPackageResult.decode(Buffer.from(record.result, 'base64')));

/**
 * ES10b.RetrieveNotificationsList of an IoT eUICC: euiccPackageResults asks for the kept results; a
 * seqNumber finds a notification or a result. v1.2 has no noResultAvailable: nothing found is an empty list.
 */
export function retrieveNotificationsListIot(card: CardContext, iot: IotState, requestDer: Buffer): Buffer {
  const { searchCriteria } = Sgp32RetrieveNotificationsListRequest.decode(requestDer);
  if (searchCriteria && 'euiccPackageResults' in searchCriteria) {
    return Sgp32RetrieveNotificationsListResponse.encode({ euiccPackageResultList: kept(iot) });
  }
  if (searchCriteria && 'seqNumber' in searchCriteria) {
    const results = kept(iot, searchCriteria.seqNumber);
    if (results.length > 0)
      return Sgp32RetrieveNotificationsListResponse.encode({ euiccPackageResultList: results });
  }
  const records = card.state.notifications.filter((n) => {
    if (!searchCriteria) return true;
    if ('seqNumber' in searchCriteria) return n.seqNumber === searchCriteria.seqNumber;
    return (
      'profileManagementOperation' in searchCriteria &&
      searchCriteria.profileManagementOperation.includes(n.event)
    );
  });
  return Sgp32RetrieveNotificationsListResponse.encode({
    notificationList: records.map((n) =>
      Sgp32PendingNotification.decode(Buffer.from(n.pendingNotification, 'base64')),
    ),
  });
}

/** RemoveNotificationFromList of an IoT eUICC: the seqNumber of a notification or of a kept package result. */
export function removeNotificationFromListIot(card: CardContext, iot: IotState, requestDer: Buffer): Buffer {
  const { seqNumber } = NotificationSentRequest.decode(requestDer);
  const before = iot.packageResults.length;
  iot.packageResults = iot.packageResults.filter((record) => record.seqNumber !== seqNumber);
  if (iot.packageResults.length === before) return removeNotificationFromList(card, requestDer);
  card.dirty = true;
  return NotificationSentResponse.encode({ deleteNotificationStatus: 0 });
}
