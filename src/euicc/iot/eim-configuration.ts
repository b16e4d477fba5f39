/**
 * The eIM configuration of an IoT eUICC (SGP.32 2.11.1): AddInitialEim (5.9.4), GetEimConfigurationData
 * (5.9.18) and the eCOs addEim / updateEim / deleteEim / listEim that a signed eUICC Package carries. Our
 * readings where SGP.32's text was not available are in docs/sgp32-readings.md.
 */
import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import {
  AddEimResultCodes,
  AddInitialEimRequest,
  AddInitialEimResponse,
  type EimConfigurationData,
  GetEimConfigurationDataRequest,
  GetEimConfigurationDataResponse,
} from '../../asn1/sgp32/index.ts';
import { curveOfKey } from '../../crypto/curve.ts';
import type { CardContext } from '../card-context.ts';
import {
  configurationOf,
  type EimRecord,
  emptyIotState,
  encodeConfiguration,
  findEim,
  type IotState,
} from './iot-state.ts';

/** How many eIMs the eUICC keeps (a bound on what a signed eCO can make it store). */
export const MAX_EIMS = 8;

/**
 * The largest counterValue an eUICC accepts: 2^23 - 1, the bound the euicc.tech knowledge base gives for
 * counterValueOutOfRange (a hint only: our reading).
 */
export const MAX_COUNTER_VALUE = 8_388_607;

type AddEimCode = keyof typeof AddEimResultCodes;

/** The IoT part of the card's state; an SGP.22-only eUICC has none. */
export function iotOf(card: CardContext): IotState | undefined {
  return card.state.iot;
}

/** The key an eIM signs eUICC Packages with: from its SubjectPublicKeyInfo or its certificate. */
export function eimPublicKey(configuration: EimConfigurationData): KeyObject | undefined {
  const data = configuration.eimPublicKeyData;
  if (!data) return undefined;
  try {
    const key =
      'eimPublicKey' in data
        ? createPublicKey({ key: data.eimPublicKey, format: 'der', type: 'spki' })
        : new X509Certificate(data.eimCertificate).publicKey;
    // SGP.32 signs with SGP.22's curves (onomondo-eim takes P-256 or brainpoolP256r1 eIM keys)
    return curveOfKey(key) ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Why a configuration cannot be installed or applied, as AddEimResult codes; undefined when it can. */
function configurationProblem(
  card: CardContext,
  configuration: EimConfigurationData,
): AddEimCode | undefined {
  if (configuration.euiccCiPKId && !configuration.euiccCiPKId.equals(card.signingCiPkid))
    return 'ciPKUnknown';
  const token = configuration.associationToken;
  if (token !== undefined && token < -1) return 'invalidAssociationToken';
  const counter = configuration.counterValue;
  if (counter !== undefined && (counter < 0 || counter > MAX_COUNTER_VALUE)) return 'counterValueOutOfRange';
  // without a key of a known curve no package from this eIM could ever be verified
  if (!eimPublicKey(configuration)) return 'commandError';
  return undefined;
}

/** The result of adding one eIM: the token it asked the eUICC to assign, done, or an AddEimResult code. */
export type AddEimOutcome = { associationToken: number } | { added: true } | { code: AddEimCode };

/** Adds one eIM (AddInitialEim entry or addEim eCO). */
export function addEim(card: CardContext, iot: IotState, configuration: EimConfigurationData): AddEimOutcome {
  if (findEim(iot, configuration.eimId)) return { code: 'associatedEimAlreadyExists' };
  if (iot.eims.length >= MAX_EIMS) return { code: 'insufficientMemory' };
  const problem = configurationProblem(card, configuration);
  if (problem) return { code: problem };
  // associationToken -1 asks the eUICC to assign one; it is returned, and signs with every later package
  const assigned = configuration.associationToken === -1 ? iot.nextAssociationToken++ : undefined;
  const stored = { ...configuration, ...(assigned !== undefined ? { associationToken: assigned } : {}) };
  iot.eims.push({
    configuration: encodeConfiguration(stored),
    counterValue: configuration.counterValue ?? 0,
  });
  card.dirty = true;
  return assigned !== undefined ? { associationToken: assigned } : { added: true };
}

/**
 * updateEim: the fields given replace the configured ones. A counterValue lower than the current one is
 * taken only together with a new key (onomondo-ipa's eUICC emulation), else counterValueOutOfRange.
 */
export function updateEim(
  card: CardContext,
  iot: IotState,
  configuration: EimConfigurationData,
): 'ok' | 'eimNotFound' | 'ciPKUnknown' | 'counterValueOutOfRange' | 'commandError' {
  const record = findEim(iot, configuration.eimId);
  if (!record) return 'eimNotFound';
  const current = configurationOf(record);
  const merged: EimConfigurationData = { ...current, ...configuration };
  const problem = configurationProblem(card, merged);
  if (problem === 'ciPKUnknown' || problem === 'counterValueOutOfRange' || problem === 'commandError')
    return problem;
  if (problem) return 'commandError';
  const newKey = configuration.eimPublicKeyData !== undefined;
  const counter = configuration.counterValue;
  if (counter !== undefined && counter < record.counterValue && !newKey) return 'counterValueOutOfRange';
  // a token is assigned only once the update is taken
  if (configuration.associationToken === -1) merged.associationToken = iot.nextAssociationToken++;
  record.configuration = encodeConfiguration(merged);
  if (counter !== undefined) record.counterValue = counter;
  card.dirty = true;
  return 'ok';
}

/** deleteEim: the last eIM may go (reported as lastEimDeleted: the eUICC has no eIM then). */
export function deleteEim(
  card: CardContext,
  iot: IotState,
  eimId: string,
): 'ok' | 'eimNotFound' | 'lastEimDeleted' {
  const record = findEim(iot, eimId);
  if (!record) return 'eimNotFound';
  iot.eims = iot.eims.filter((other) => other !== record);
  if (iot.rollback?.eimId === eimId) iot.rollback = undefined;
  card.dirty = true;
  return iot.eims.length === 0 ? 'lastEimDeleted' : 'ok';
}

/** listEim: the eimId and eimIdType of every eIM. */
export const listEims = (iot: IotState) =>
  iot.eims.map((record) => {
    const { eimId, eimIdType } = configurationOf(record);
    return { eimId, ...(eimIdType !== undefined ? { eimIdType } : {}) };
  });

/** The configuration as GetEimConfigurationData shows it: with the counter where the eUICC has it now. */
const shownConfiguration = (record: EimRecord): EimConfigurationData => ({
  ...configurationOf(record),
  counterValue: record.counterValue,
});

/**
 * ES10b.AddInitialEim (SGP.32 5.9.4): installs the first eIM(s), unsigned, on an eUICC that has none; once
 * an eIM is configured, changes come only through signed eCOs (our reading: associatedEimAlreadyExists).
 */
export function addInitialEim(card: CardContext, requestDer: Buffer): Buffer {
  const { eimConfigurationDataList } = AddInitialEimRequest.decode(requestDer);
  const iot = card.state.iot ?? emptyIotState();
  const fail = (code: Exclude<AddEimCode, 'ok'>) =>
    AddInitialEimResponse.encode({ addInitialEimError: AddEimResultCodes[code] });
  if (iot.eims.length > 0) return fail('associatedEimAlreadyExists');
  if (eimConfigurationDataList.length === 0) return fail('commandError');
  if (eimConfigurationDataList.length > MAX_EIMS) return fail('insufficientMemory');
  // all or nothing: a refused entry leaves the eUICC without eIM, as before
  const trial: IotState = { ...iot, eims: [], nextAssociationToken: iot.nextAssociationToken };
  const answers: ({ associationToken: number } | { addOk: null })[] = [];
  for (const configuration of eimConfigurationDataList) {
    const outcome = addEim(card, trial, configuration);
    if ('code' in outcome) return fail(outcome.code === 'ok' ? 'undefinedError' : outcome.code);
    answers.push('associationToken' in outcome ? outcome : { addOk: null });
  }
  card.state.iot = { ...iot, eims: trial.eims, nextAssociationToken: trial.nextAssociationToken };
  card.dirty = true;
  return AddInitialEimResponse.encode({ addInitialEimOk: answers });
}

/** ES10b.GetEimConfigurationData (SGP.32 5.9.18): every eIM, or the one searched for. */
export function getEimConfigurationData(card: CardContext, requestDer: Buffer): Buffer {
  const { searchCriteria } = GetEimConfigurationDataRequest.decode(requestDer);
  const eims = card.state.iot?.eims ?? [];
  const chosen = searchCriteria
    ? eims.filter((record) => configurationOf(record).eimId === searchCriteria.eimId)
    : eims;
  return GetEimConfigurationDataResponse.encode({ eimConfigurationDataList: chosen.map(shownConfiguration) });
}
