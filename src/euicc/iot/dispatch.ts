/**
 * The ES10b functions an IoT eUICC (SGP.32 5.9) answers, keyed by the tag of their request type: the new
 * ones, and its own forms of GetEUICCInfo2, GetProfilesInfo, RetrieveNotificationsList and
 * RemoveNotificationFromList. An eUICC created without --iot has no IoT state and never reaches them.
 */
import { es10TagOf } from '../../protocol/es10-functions.ts';
import { type Es10IotFunctionName, es10IotTagOf } from '../../protocol/es10-iot-functions.ts';
import type { CardContext } from '../card-context.ts';
import { addInitialEim, getEimConfigurationData } from './eim-configuration.ts';
import {
  getCerts,
  getEuiccInfo2Iot,
  removeNotificationFromListIot,
  retrieveNotificationsListIot,
} from './iot-information.ts';
import type { IotState } from './iot-state.ts';
import { loadEuiccPackage, profileRollback } from './load-euicc-package.ts';
import {
  configureImmediateProfileEnabling,
  executeFallbackMechanism,
  getProfilesInfoIot,
  immediateEnable,
  returnFromFallback,
  setDefaultDpAddressIot,
} from './profile-operations.ts';

type IotFunction = (card: CardContext, iot: IotState, request: Buffer) => Buffer;

const IMPLEMENTATIONS: Readonly<Record<Es10IotFunctionName, IotFunction>> = {
  loadEuiccPackage: (card, _iot, request) => loadEuiccPackage(card, request),
  getEuiccInfo2: (card) => getEuiccInfo2Iot(card),
  addInitialEim: (card, _iot, request) => addInitialEim(card, request),
  getCerts: (card, _iot, request) => getCerts(card, request),
  retrieveNotificationsList: retrieveNotificationsListIot,
  getProfilesInfo: getProfilesInfoIot,
  immediateEnable: (card, _iot, request) => immediateEnable(card, request),
  profileRollback: (card, _iot, request) => profileRollback(card, request),
  configureImmediateProfileEnabling: (card, _iot, request) =>
    configureImmediateProfileEnabling(card, request),
  getEimConfigurationData: (card, _iot, request) => getEimConfigurationData(card, request),
  executeFallbackMechanism: (card, _iot, request) => executeFallbackMechanism(card, request),
  returnFromFallback: (card, _iot, request) => returnFromFallback(card, request),
  setDefaultDpAddress: (card, _iot, request) => setDefaultDpAddressIot(card, request),
};

const IOT_FUNCTIONS: ReadonlyMap<number, IotFunction> = new Map([
  ...Object.entries(IMPLEMENTATIONS).map(
    ([name, run]) => [es10IotTagOf(name as Es10IotFunctionName), run] as const,
  ),
  // RemoveNotificationFromList keeps SGP.22's types; on an IoT eUICC it removes package results too
  [es10TagOf('removeNotificationFromList'), removeNotificationFromListIot] as const,
]);

/** The IoT eUICC's function for this request tag, if the card is an IoT eUICC and the tag one of them. */
export function iotFunctionOf(
  card: CardContext,
  tag: number,
): ((card: CardContext, request: Buffer) => Buffer) | undefined {
  const iot = card.state.iot;
  const run = iot ? IOT_FUNCTIONS.get(tag) : undefined;
  return iot && run ? (on, request) => run(on, iot, request) : undefined;
}
