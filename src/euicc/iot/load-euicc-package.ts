/**
 * ES10b.LoadEuiccPackage (SGP.32 5.9.1) and ProfileRollback (5.9.16): the IoT eUICC verifies an eIM-signed
 * eUICC Package, executes its PSMOs or eCOs in order, signs the result with SK.EUICC.ECDSA and keeps it in
 * the notification list under a seqNumber until the IPA removes it (3.3.1).
 *
 * The order of the checks and which refusals are signed are our reading (docs/sgp32-readings.md): an
 * unknown eimId or a signature that does not verify gets the unsigned error (nothing proves the request came
 * from a configured eIM); a verified package with the wrong EID, a counterValue not above the last one, one
 * out of range, a package too large or an active eCall gets a signed error; execution stops at the first
 * operation that fails, whose result is the last one.
 */

import { ProfileInfoListRequest } from '../../asn1/rsp/index.ts';
import { derOf } from '../../asn1/schema.ts';
import {
  type Eco,
  type EuiccPackageErrorCodeName,
  EuiccPackageErrorCodes,
  EuiccPackageErrorDataSigned,
  EuiccPackageRequest,
  EuiccPackageResult,
  EuiccPackageResultDataSigned,
  EuiccResultData,
  ProfileRollbackRequest,
  ProfileRollbackResponse,
  ProfileRollbackResults,
  type Psmo,
  Sgp32ProfileInfoListResponse,
  Sgp32SetDefaultDpAddressRequest,
  Sgp32SetDefaultDpAddressResponse,
} from '../../asn1/sgp32/index.ts';
import { ecdsaSign, ecdsaVerify } from '../../crypto/ecdsa.ts';
import { eimPackageSignatureInput } from '../../protocol/eim-signed-data.ts';
import type { CardContext } from '../card-context.ts';
import { nextSeqNumber } from '../es10/notifications.ts';
import { ratOf } from '../rules-authorisation-table.ts';
import {
  addEim,
  deleteEim,
  eimPublicKey,
  listEims,
  MAX_COUNTER_VALUE,
  updateEim,
} from './eim-configuration.ts';
import { configurationOf, findEim, type IotState, type PackageResultRecord } from './iot-state.ts';
import type { PackageRefusal } from './package-refusal.ts';
import {
  configureImmediateEnable,
  deleteByIccid,
  disableByIccid,
  enableByIccid,
  enablePsmo,
  getProfilesInfoIot,
  setDefaultDpAddressIot,
  setFallbackAttribute,
  unsetFallbackAttribute,
} from './profile-operations.ts';

/** The largest EuiccPackageRequest the eUICC takes (sizeOverflow beyond): eight eIM certificates fit. */
export const MAX_EUICC_PACKAGE_BYTES = 16 * 1024;
/** The largest EuiccPackageResult the eUICC makes: beyond it the results stop with resultSizeOverflow. */
export const MAX_EUICC_PACKAGE_RESULT_BYTES = 16 * 1024;
/** How many package results the notification list keeps: the oldest goes when a new one would exceed it. */
export const MAX_KEPT_PACKAGE_RESULTS = 32;

interface PackageOrigin {
  readonly eimId: string;
  readonly counterValue: number;
  readonly eimTransactionId?: Buffer;
  /** The association token of the eIM, as the signatures cover it. */
  readonly associationToken: number | undefined;
}

const echo = (origin: PackageOrigin) => ({
  eimId: origin.eimId,
  counterValue: origin.counterValue,
  ...(origin.eimTransactionId ? { eimTransactionId: origin.eimTransactionId } : {}),
});

function signedError(card: CardContext, origin: PackageOrigin, code: EuiccPackageErrorCodeName): Buffer {
  const data = EuiccPackageErrorDataSigned.encode({
    ...echo(origin),
    euiccPackageErrorCode: EuiccPackageErrorCodes[code],
  });
  const euiccSignEPE = ecdsaSign(card.privateKey, eimPackageSignatureInput(data, origin.associationToken));
  return EuiccPackageResult.encode({
    euiccPackageErrorSigned: {
      euiccPackageErrorDataSigned: EuiccPackageErrorDataSigned.decode(data),
      euiccSignEPE,
    },
  });
}

/** A signed EuiccPackageResult with a new seqNumber, kept in the notification list. */
export function signedResult(
  card: CardContext,
  iot: IotState,
  origin: PackageOrigin,
  euiccResult: EuiccResultData[],
): Buffer {
  const seqNumber = nextSeqNumber(card);
  const data = EuiccPackageResultDataSigned.encode({ ...echo(origin), seqNumber, euiccResult });
  const euiccSignEPR = ecdsaSign(card.privateKey, eimPackageSignatureInput(data, origin.associationToken));
  const result = EuiccPackageResult.encode({
    euiccPackageResultSigned: {
      euiccPackageResultDataSigned: EuiccPackageResultDataSigned.decode(data),
      euiccSignEPR,
    },
  });
  iot.packageResults.push({ seqNumber, eimId: origin.eimId, result: result.toString('base64') });
  if (iot.packageResults.length > MAX_KEPT_PACKAGE_RESULTS) iot.packageResults.shift();
  card.dirty = true;
  return result;
}

/** Runs one PSMO; its result, and whether it succeeded. */
function runPsmo(
  card: CardContext,
  iot: IotState,
  psmo: Psmo,
  origin: PackageOrigin,
): [EuiccResultData, boolean] {
  if ('enable' in psmo) {
    const result = enablePsmo(card, iot, psmo.enable, origin);
    return [{ enableResult: result }, result === 0];
  }
  if ('disable' in psmo) {
    const result = disableByIccid(card, psmo.disable.iccid);
    return [{ disableResult: result }, result === 0];
  }
  if ('delete' in psmo) {
    const result = deleteByIccid(card, iot, psmo.delete.iccid);
    return [{ deleteResult: result }, result === 0];
  }
  if ('listProfileInfo' in psmo) {
    const answer = Sgp32ProfileInfoListResponse.decode(
      getProfilesInfoIot(card, iot, ProfileInfoListRequest.encode(psmo.listProfileInfo)),
    );
    return [{ listProfileInfoResult: answer }, 'profileInfoListOk' in answer];
  }
  // the eUICC's one Rules Authorisation Table, as ES10b.GetRAT answers it (rules-authorisation-table.ts)
  if ('getRAT' in psmo) return [{ getRATResult: ratOf(card) }, true];
  if ('configureImmediateEnable' in psmo) {
    return [
      { configureImmediateEnableResult: configureImmediateEnable(card, iot, psmo.configureImmediateEnable) },
      true,
    ];
  }
  if ('setFallbackAttribute' in psmo) {
    const result = setFallbackAttribute(card, iot, psmo.setFallbackAttribute.iccid);
    return [{ setFallbackAttributeResult: result }, result === 0];
  }
  if ('unsetFallbackAttribute' in psmo) {
    const result = unsetFallbackAttribute(card, iot);
    return [{ unsetFallbackAttributeResult: result }, result === 0];
  }
  const answer = Sgp32SetDefaultDpAddressResponse.decode(
    setDefaultDpAddressIot(card, Sgp32SetDefaultDpAddressRequest.encode(psmo.setDefaultDpAddress)),
  );
  return [{ setDefaultDpAddressResult: answer }, answer.setDefaultDpAddressResult === 0];
}

/** Runs one eCO; its result, and whether it succeeded. */
function runEco(card: CardContext, iot: IotState, eco: Eco): [EuiccResultData, boolean] {
  if ('addEim' in eco) {
    const outcome = addEim(card, iot, eco.addEim);
    if ('code' in outcome) return [{ addEimResult: { addEimResultCode: codeOfAdd(outcome.code) } }, false];
    if ('associationToken' in outcome)
      return [{ addEimResult: { associationToken: outcome.associationToken } }, true];
    return [{ addEimResult: { addEimResultCode: 0 } }, true];
  }
  if ('deleteEim' in eco) {
    const result = deleteEim(card, iot, eco.deleteEim.eimId);
    const codes = { ok: 0, eimNotFound: 1, lastEimDeleted: 2 } as const;
    return [{ deleteEimResult: codes[result] }, result !== 'eimNotFound'];
  }
  if ('updateEim' in eco) {
    const result = updateEim(card, iot, eco.updateEim);
    const codes = {
      ok: 0,
      eimNotFound: 1,
      ciPKUnknown: 3,
      counterValueOutOfRange: 6,
      commandError: 7,
    } as const;
    return [{ updateEimResult: codes[result] }, result === 'ok'];
  }
  return [{ listEimResult: { eimIdList: listEims(iot) } }, true];
}

const ADD_CODES = {
  ok: 0,
  insufficientMemory: 1,
  associatedEimAlreadyExists: 2,
  ciPKUnknown: 3,
  invalidAssociationToken: 5,
  counterValueOutOfRange: 6,
  commandError: 7,
  undefinedError: 127,
} as const;
const codeOfAdd = (code: keyof typeof ADD_CODES) => ADD_CODES[code];

/** Executes the operations in order; the first that fails ends the package (our reading). */
function execute(
  card: CardContext,
  iot: IotState,
  request: EuiccPackageRequest,
  origin: PackageOrigin,
): EuiccResultData[] {
  const results: EuiccResultData[] = [];
  const { euiccPackage } = request.euiccPackageSigned;
  const operations: (() => [EuiccResultData, boolean])[] =
    'psmoList' in euiccPackage
      ? euiccPackage.psmoList.map((psmo) => () => runPsmo(card, iot, psmo, origin))
      : euiccPackage.ecoList.map((eco) => () => runEco(card, iot, eco));
  let size = 0;
  for (const operation of operations) {
    const [result, succeeded] = operation();
    size += EuiccResultData.encode(result).length;
    if (size > MAX_EUICC_PACKAGE_RESULT_BYTES) {
      results.push({ processingTerminated: 1 }); // resultSizeOverflow
      break;
    }
    results.push(result);
    if (!succeeded) break;
  }
  return results;
}

/** ES10b.LoadEuiccPackage. */
export function loadEuiccPackage(card: CardContext, requestDer: Buffer, refusal?: PackageRefusal): Buffer {
  const iot = card.state.iot;
  const request = EuiccPackageRequest.decode(requestDer);
  const signed = request.euiccPackageSigned;
  const record = iot ? findEim(iot, signed.eimId) : undefined;
  const unsigned = (associationToken?: number) =>
    EuiccPackageResult.encode({
      euiccPackageErrorUnsigned: {
        eimId: signed.eimId,
        ...(signed.eimTransactionId ? { eimTransactionId: signed.eimTransactionId } : {}),
        ...(associationToken !== undefined ? { associationToken } : {}),
      },
    });
  if (!iot || !record || refusal === 'eimUnknown') return unsigned();
  const configuration = configurationOf(record);
  const origin: PackageOrigin = {
    eimId: signed.eimId,
    counterValue: signed.counterValue,
    ...(signed.eimTransactionId ? { eimTransactionId: signed.eimTransactionId } : {}),
    associationToken: configuration.associationToken,
  };
  const key = eimPublicKey(configuration);
  const input = eimPackageSignatureInput(derOf(signed), configuration.associationToken);
  if (!key || !ecdsaVerify(key, input, request.eimSignature) || refusal === 'eimSignatureInvalid')
    return unsigned(configuration.associationToken);
  if (requestDer.length > MAX_EUICC_PACKAGE_BYTES) return signedError(card, origin, 'sizeOverflow');
  if (!signed.eidValue.equals(Buffer.from(card.state.eid, 'hex')))
    return signedError(card, origin, 'invalidEid');
  if (signed.counterValue > MAX_COUNTER_VALUE || signed.counterValue < 0)
    return signedError(card, origin, 'counterValueOutOfRange');
  if (signed.counterValue <= record.counterValue) return signedError(card, origin, 'replayError');
  if (refusal) return signedError(card, origin, refusal);
  // accepted: the counter moves before anything runs, so that the same package can never run twice
  record.counterValue = signed.counterValue;
  iot.rollback = undefined;
  card.dirty = true;
  return signedResult(card, iot, origin, execute(card, iot, request, origin));
}

/**
 * ES10b.ProfileRollback (SGP.32 5.9.16): after an enable PSMO with rollbackFlag whose profile gave no
 * connectivity, the IPA asks the eUICC to go back. The profile enabled before is enabled again (or the new
 * one disabled, if none was), and a signed EuiccPackageResult for that package, ending with rollbackResult,
 * replaces the package's kept one (our reading).
 */
export function profileRollback(card: CardContext, requestDer: Buffer): Buffer {
  ProfileRollbackRequest.decode(requestDer);
  const iot = card.state.iot;
  const rollback = iot?.rollback;
  const respond = (cmdResult: keyof typeof ProfileRollbackResults, result?: Buffer) =>
    ProfileRollbackResponse.encode({
      cmdResult: ProfileRollbackResults[cmdResult],
      ...(result ? { eUICCPackageResult: EuiccPackageResult.decode(result) } : {}),
    });
  const record = iot && rollback ? findEim(iot, rollback.eimId) : undefined;
  if (!iot || !rollback || !record) return respond('rollbackNotAllowed');
  const outcome = rollback.previousIccid
    ? enableByIccid(card, Buffer.from(rollback.previousIccid, 'hex'))
    : disableByIccid(card, Buffer.from(rollback.enabledIccid, 'hex'));
  if (outcome !== 0) return respond('commandError');
  iot.rollback = undefined;
  const origin: PackageOrigin = {
    eimId: rollback.eimId,
    counterValue: rollback.counterValue,
    ...(rollback.eimTransactionId ? { eimTransactionId: Buffer.from(rollback.eimTransactionId, 'hex') } : {}),
    associationToken: configurationOf(record).associationToken,
  };
  // the package's own kept result gives way to the one that ends with the rollback
  const isOfPackage = (kept: PackageResultRecord) => {
    const result = EuiccPackageResult.decode(Buffer.from(kept.result, 'base64'));
    if (!('euiccPackageResultSigned' in result)) return undefined;
    const data = result.euiccPackageResultSigned.euiccPackageResultDataSigned;
    return data.eimId === origin.eimId && data.counterValue === origin.counterValue
      ? data.euiccResult
      : undefined;
  };
  const original = iot.packageResults.map(isOfPackage).find((results) => results !== undefined) ?? [];
  iot.packageResults = iot.packageResults.filter((kept) => !isOfPackage(kept));
  const result = signedResult(card, iot, origin, [...original, { rollbackResult: 0 }]);
  return respond('ok', result);
}
