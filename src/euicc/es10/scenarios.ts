/**
 * eUICC-side test-lab scenarios, the mirror image of the SM-DP+'s: for one ES10 function, what the software
 * eUICC answers instead of its normal answer — the function's own error code (AuthenticateErrorCode,
 * DownloadErrorCode, a ProfileInstallationResult errorReason, EnableProfile's enableResult ...) or a bare
 * status word — optionally for the first N calls only. They are data (a JSON file given to the emulator)
 * and act in one place, dispatch.ts, before the function runs.
 */
import {
  AuthenticateErrorCodes,
  AuthenticateServerRequest,
  BppCommandIds,
  CancelSessionResponse,
  CancelSessionResponseErrors,
  DeleteNotificationStatuses,
  DeleteProfileResponse,
  DeleteResults,
  DisableProfileResponse,
  DisableResults,
  DownloadErrorCodes,
  EnableProfileResponse,
  EnableResults,
  ErrorReasons,
  EuiccMemoryResetResponse,
  EuiccMemoryResetResults,
  ListNotificationErrors,
  ListNotificationResponse,
  NotificationSentResponse,
  PrepareDownloadRequest,
  ProfileInfoListErrors,
  ProfileInfoListResponse,
  RetrieveNotificationsListErrors,
  RetrieveNotificationsListResponse,
  SetNicknameResponse,
  SetNicknameResults,
} from '../../asn1/rsp/index.ts';
import {
  AddEimResultCodes,
  AddInitialEimResponse,
  ImmediateEnableResponse,
  ImmediateEnableResults,
  ProfileRollbackResponse,
  ProfileRollbackResults,
} from '../../asn1/sgp32/index.ts';
import { readJsonFile } from '../../config/json-file.ts';
import {
  ES10_FUNCTION_NAMES,
  type Es10FunctionName,
  Es10Functions,
  es10TagOf,
} from '../../protocol/es10-functions.ts';
import {
  ES10_IOT_FUNCTION_NAMES,
  type Es10IotFunctionName,
  Es10IotFunctions,
  es10IotTagOf,
} from '../../protocol/es10-iot-functions.ts';
import { type PackageRefusal, PackageRefusals } from '../iot/package-refusal.ts';
import { authenticateResponseError } from './authenticate-server.ts';
import { downloadResponseError } from './prepare-download.ts';
import type { CardScenarios, ScenarioOutcome } from './scenario-outcome.ts';

/** An ES10 function's error answer: its error codes and how the answer is built. */
interface ErrorAnswer {
  readonly codes: Readonly<Record<string, number>>;
  encode(code: number, request: Buffer): Buffer;
}

/** A named INTEGER's values but `ok` (for results whose scenarios only make the function fail). */
const errorsOf = (values: Readonly<Record<string, number>>) =>
  Object.fromEntries(Object.entries(values).filter(([name]) => name !== 'ok'));

/** A response whose one field (or choice) carries the result code. */
const result = (
  values: Readonly<Record<string, number>>,
  schema: { encode(value: unknown): Buffer },
  field: string,
): ErrorAnswer => ({ codes: values, encode: (code) => schema.encode({ [field]: code }) });

/** The functions a scenario can make fail with their own error code (SGP.22 5.7); the others, by status word. */
export const ES10_ERROR_ANSWERS: Readonly<Partial<Record<Es10FunctionName, ErrorAnswer>>> = {
  authenticateServer: {
    codes: AuthenticateErrorCodes,
    encode: (code, request) =>
      authenticateResponseError(AuthenticateServerRequest.decode(request).serverSigned1.transactionId, code),
  },
  prepareDownload: {
    codes: DownloadErrorCodes,
    encode: (code, request) =>
      downloadResponseError(PrepareDownloadRequest.decode(request).smdpSigned2.transactionId, code),
  },
  /** A signed ProfileInstallationResult with this errorReason (see loadBoundProfilePackage below). */
  loadBoundProfilePackage: { codes: ErrorReasons, encode: () => Buffer.alloc(0) },
  cancelSession: result(CancelSessionResponseErrors, CancelSessionResponse, 'cancelSessionResponseError'),
  getProfilesInfo: result(ProfileInfoListErrors, ProfileInfoListResponse, 'profileInfoListError'),
  enableProfile: result(EnableResults, EnableProfileResponse, 'enableResult'),
  disableProfile: result(DisableResults, DisableProfileResponse, 'disableResult'),
  deleteProfile: result(DeleteResults, DeleteProfileResponse, 'deleteResult'),
  setNickname: result(errorsOf(SetNicknameResults), SetNicknameResponse, 'setNicknameResult'),
  eUICCMemoryReset: result(errorsOf(EuiccMemoryResetResults), EuiccMemoryResetResponse, 'resetResult'),
  listNotification: result(ListNotificationErrors, ListNotificationResponse, 'listNotificationsResultError'),
  retrieveNotificationsList: result(
    RetrieveNotificationsListErrors,
    RetrieveNotificationsListResponse,
    'notificationsListResultError',
  ),
  removeNotificationFromList: result(
    errorsOf(DeleteNotificationStatuses),
    NotificationSentResponse,
    'deleteNotificationStatus',
  ),
};

/**
 * The IoT eUICC's functions (SGP.32 5.9) a scenario can make fail with their own code. LoadEuiccPackage's
 * refusals are made by the function itself (see loadEuiccPackage below): the signed ones are signed, with the
 * package's echoes, as a real refusal is.
 */
export const ES10_IOT_ERROR_ANSWERS: Readonly<Partial<Record<Es10IotFunctionName, ErrorAnswer>>> = {
  loadEuiccPackage: { codes: PackageRefusals, encode: () => Buffer.alloc(0) },
  addInitialEim: result(errorsOf(AddEimResultCodes), AddInitialEimResponse, 'addInitialEimError'),
  profileRollback: result(errorsOf(ProfileRollbackResults), ProfileRollbackResponse, 'cmdResult'),
  immediateEnable: result(errorsOf(ImmediateEnableResults), ImmediateEnableResponse, 'immediateEnableResult'),
};

export type EuiccScenarioAnswer =
  /** The function's own error code, by name; for loadBoundProfilePackage also the failing BPP command. */
  | { readonly type: 'error'; readonly code: string; readonly bppCommandId?: keyof typeof BppCommandIds }
  /** No response data, only this status word (e.g. 0x6A80 wrong data, 0x6F00 unknown). */
  | { readonly type: 'statusWord'; readonly sw: number };

export interface EuiccScenario {
  readonly name: string;
  readonly description?: string;
  readonly function: string;
  readonly answer: EuiccScenarioAnswer;
  /** Only the first N calls (then the normal answer). */
  readonly times?: number;
}

export class EuiccScenarioError extends Error {
  override readonly name = 'EuiccScenarioError';
}

/** A status word in place of an ES10 answer (the ISD-R sends it without data). */
export class Es10StatusWord extends Error {
  constructor(readonly sw: number) {
    super(`status word ${sw.toString(16)}`);
  }
}

const isEs10Function = (fn: string): fn is Es10FunctionName => Object.hasOwn(Es10Functions, fn);
const isIotFunction = (fn: string): fn is Es10IotFunctionName => Object.hasOwn(Es10IotFunctions, fn);
// SGP.22's name first: where SGP.32 keeps a function under the same name and tag, it is the same function
const tagOf = (fn: string): number | undefined =>
  isEs10Function(fn) ? es10TagOf(fn) : isIotFunction(fn) ? es10IotTagOf(fn) : undefined;
const errorAnswerOf = (fn: string): ErrorAnswer | undefined =>
  (isEs10Function(fn) ? ES10_ERROR_ANSWERS[fn] : undefined) ??
  (isIotFunction(fn) ? ES10_IOT_ERROR_ANSWERS[fn] : undefined);

export function validateEuiccScenario(input: unknown): EuiccScenario {
  const s = input as Partial<EuiccScenario> & { answer?: Record<string, unknown> };
  const fail = (message: string): never => {
    throw new EuiccScenarioError(`eUICC scenario ${s?.name ?? '(no name)'}: ${message}`);
  };
  if (typeof s !== 'object' || s === null) fail('not an object');
  if (typeof s.name !== 'string' || !/^[\w.-]+$/.test(s.name)) fail('name must be a short word');
  const fn = String(s.function);
  if (!isEs10Function(fn) && !isIotFunction(fn))
    fail(
      `function must be one of ${[...new Set([...ES10_FUNCTION_NAMES, ...ES10_IOT_FUNCTION_NAMES])].join(', ')}`,
    );
  if (s.times !== undefined && !(Number.isInteger(s.times) && s.times > 0))
    fail('times must be a positive whole number');
  const answer = s.answer ?? fail('answer missing');
  if (answer.type === 'error') {
    const codes = errorAnswerOf(fn)?.codes ?? fail(`${fn} has no error code of its own: use a statusWord`);
    if (!(typeof answer.code === 'string' && answer.code in codes))
      fail(`${fn} error code must be one of ${Object.keys(codes).join(', ')}`);
    if (answer.bppCommandId !== undefined && !(String(answer.bppCommandId) in BppCommandIds))
      fail(`bppCommandId must be one of ${Object.keys(BppCommandIds).join(', ')}`);
  } else if (answer.type === 'statusWord') {
    const sw = answer.sw;
    if (!(Number.isInteger(sw) && (sw as number) > 0x6000 && (sw as number) <= 0x6fff && sw !== 0x9000))
      fail('statusWord needs sw, an error status word 0x6000..0x6FFF');
  } else {
    fail('answer.type must be error or statusWord');
  }
  return s as EuiccScenario;
}

export async function loadEuiccScenarios(file: string): Promise<EuiccScenario[]> {
  const parsed = await readJsonFile(file, 'eUICC scenarios', (message) => new EuiccScenarioError(message));
  if (!Array.isArray(parsed))
    throw new EuiccScenarioError(`${file} must hold a JSON array of eUICC scenarios`);
  return parsed.map(validateEuiccScenario);
}

export class EuiccScenarios implements CardScenarios {
  readonly #used = new Map<string, number>();

  constructor(readonly scenarios: readonly EuiccScenario[]) {
    const names = new Set<string>();
    for (const s of scenarios) {
      if (names.has(s.name)) throw new EuiccScenarioError(`eUICC scenario ${s.name} is given twice`);
      names.add(s.name);
    }
  }

  /** The outcome of the first due scenario for a request with this tag, counting it; undefined if none. */
  outcome(tag: number, request: Buffer): ScenarioOutcome | undefined {
    const scenario = this.scenarios.find((s) => {
      if (tagOf(s.function) !== tag) return false;
      const used = this.#used.get(s.name) ?? 0;
      return s.times === undefined || used < s.times;
    });
    if (!scenario) return undefined;
    this.#used.set(scenario.name, (this.#used.get(scenario.name) ?? 0) + 1);
    const answer = scenario.answer;
    if (answer.type === 'statusWord') throw new Es10StatusWord(answer.sw);
    if (scenario.function === 'loadBoundProfilePackage') {
      return {
        kind: 'bppFailure',
        command: answer.bppCommandId ?? 'loadProfileElements',
        reason: answer.code as keyof typeof ErrorReasons,
      };
    }
    if (scenario.function === 'loadEuiccPackage') {
      return { kind: 'packageRefusal', code: answer.code as PackageRefusal };
    }
    // validateEuiccScenario took only a function with error answers and one of its codes.
    const errorAnswer = errorAnswerOf(scenario.function);
    const code = errorAnswer?.codes[answer.code];
    if (!errorAnswer || code === undefined)
      throw new EuiccScenarioError(
        `eUICC scenario ${scenario.name}: no error ${answer.code} of ${scenario.function}`,
      );
    return { kind: 'response', data: errorAnswer.encode(code, request) };
  }
}
