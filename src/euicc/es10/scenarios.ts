/**
 * eUICC-side test-lab scenarios, the mirror image of the SM-DP+'s: for one ES10 function, what the software
 * eUICC answers instead of its normal answer — the function's own error code (AuthenticateErrorCode,
 * DownloadErrorCode, a ProfileInstallationResult errorReason, EnableProfile's enableResult ...) or a bare
 * status word — optionally for the first N calls only. They are data (a JSON file given to the emulator)
 * and act in one place, dispatch.ts, before the function runs.
 */
import { readFile } from 'node:fs/promises';
import {
  AuthenticateErrorCodes,
  AuthenticateServerRequest,
  AuthenticateServerResponse,
  BppCommandIds,
  CancelSessionResponse,
  DeleteProfileResponse,
  DeleteResults,
  DisableProfileResponse,
  DisableResults,
  DownloadErrorCodes,
  EnableProfileResponse,
  EnableResults,
  ErrorReasons,
  EuiccMemoryResetResponse,
  ListNotificationResponse,
  NotificationSentResponse,
  PrepareDownloadRequest,
  PrepareDownloadResponse,
  ProfileInfoListResponse,
  RetrieveNotificationsListResponse,
  SetNicknameResponse,
} from '../../asn1/rsp/index.ts';

/** An ES10 function's error answer: its request tag, its error codes and how the answer is built. */
interface ErrorAnswer {
  readonly tag: number;
  readonly codes: Readonly<Record<string, number>>;
  encode(code: number, request: Buffer): Buffer;
}

/** A response whose one field (or choice) carries the result code. */
const result = (
  tag: number,
  codes: Readonly<Record<string, number>>,
  schema: { encode(value: any): Buffer },
  field: string,
): ErrorAnswer => ({ tag, codes, encode: (code) => schema.encode({ [field]: code }) });

/** The functions a scenario can make fail with their own error code (SGP.22 5.7). */
export const ES10_ERROR_ANSWERS: Readonly<Record<string, ErrorAnswer>> = {
  authenticateServer: {
    tag: 0xbf38,
    codes: AuthenticateErrorCodes,
    encode: (code, request) =>
      AuthenticateServerResponse.encode({
        authenticateResponseError: {
          transactionId: AuthenticateServerRequest.decode(request).serverSigned1.transactionId,
          authenticateErrorCode: code,
        },
      }),
  },
  prepareDownload: {
    tag: 0xbf21,
    codes: DownloadErrorCodes,
    encode: (code, request) =>
      PrepareDownloadResponse.encode({
        downloadResponseError: {
          transactionId: PrepareDownloadRequest.decode(request).smdpSigned2.transactionId,
          downloadErrorCode: code,
        },
      }),
  },
  /** A signed ProfileInstallationResult with this errorReason (see loadBoundProfilePackage below). */
  loadBoundProfilePackage: { tag: 0xbf36, codes: ErrorReasons, encode: () => Buffer.alloc(0) },
  cancelSession: result(
    0xbf41,
    { invalidTransactionId: 5, undefinedError: 127 },
    CancelSessionResponse,
    'cancelSessionResponseError',
  ),
  getProfilesInfo: result(
    0xbf2d,
    { incorrectInputValues: 1, undefinedError: 127 },
    ProfileInfoListResponse,
    'profileInfoListError',
  ),
  enableProfile: result(0xbf31, EnableResults, EnableProfileResponse, 'enableResult'),
  disableProfile: result(0xbf32, DisableResults, DisableProfileResponse, 'disableResult'),
  deleteProfile: result(0xbf33, DeleteResults, DeleteProfileResponse, 'deleteResult'),
  setNickname: result(
    0xbf29,
    { iccidNotFound: 1, undefinedError: 127 },
    SetNicknameResponse,
    'setNicknameResult',
  ),
  eUICCMemoryReset: result(
    0xbf34,
    { nothingToDelete: 1, undefinedError: 127 },
    EuiccMemoryResetResponse,
    'resetResult',
  ),
  listNotification: result(
    0xbf28,
    { undefinedError: 127 },
    ListNotificationResponse,
    'listNotificationsResultError',
  ),
  retrieveNotificationsList: result(
    0xbf2b,
    { noResultAvailable: 1, undefinedError: 127 },
    RetrieveNotificationsListResponse,
    'notificationsListResultError',
  ),
  removeNotificationFromList: result(
    0xbf30,
    { nothingToDelete: 1, undefinedError: 127 },
    NotificationSentResponse,
    'deleteNotificationStatus',
  ),
};

/** Functions without an error code of their own: only a status word can make them fail. */
export const ES10_STATUS_WORD_ONLY: Readonly<Record<string, number>> = {
  getEuiccInfo1: 0xbf20,
  getEuiccInfo2: 0xbf22,
  getEuiccChallenge: 0xbf2e,
  getEuiccData: 0xbf3e,
  getEuiccConfiguredAddresses: 0xbf3c,
  setDefaultDpAddress: 0xbf3f,
  getRAT: 0xbf43,
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

const tagOf = (fn: string): number | undefined => ES10_ERROR_ANSWERS[fn]?.tag ?? ES10_STATUS_WORD_ONLY[fn];

export function validateEuiccScenario(input: unknown): EuiccScenario {
  const s = input as Partial<EuiccScenario> & { answer?: Record<string, unknown> };
  const fail = (message: string): never => {
    throw new EuiccScenarioError(`eUICC scenario ${s?.name ?? '(no name)'}: ${message}`);
  };
  if (typeof s !== 'object' || s === null) fail('not an object');
  if (typeof s.name !== 'string' || !/^[\w.-]+$/.test(s.name)) fail('name must be a short word');
  const fn = String(s.function);
  if (tagOf(fn) === undefined) {
    const all = [...Object.keys(ES10_ERROR_ANSWERS), ...Object.keys(ES10_STATUS_WORD_ONLY)];
    fail(`function must be one of ${all.join(', ')}`);
  }
  if (s.times !== undefined && !(Number.isInteger(s.times) && s.times > 0))
    fail('times must be a positive whole number');
  const answer = s.answer ?? fail('answer missing');
  if (answer.type === 'error') {
    const codes =
      ES10_ERROR_ANSWERS[fn]?.codes ?? fail(`${fn} has no error code of its own: use a statusWord`);
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new EuiccScenarioError(`cannot read eUICC scenarios ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed))
    throw new EuiccScenarioError(`${file} must hold a JSON array of eUICC scenarios`);
  return parsed.map(validateEuiccScenario);
}

/** What a due scenario makes of a call: an error response, a status word, or a failed BPP. */
export type ScenarioOutcome =
  | { readonly kind: 'response'; readonly data: Buffer }
  | {
      readonly kind: 'bppFailure';
      readonly command: keyof typeof BppCommandIds;
      readonly reason: keyof typeof ErrorReasons;
    };

export class EuiccScenarios {
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
    const { codes, encode } = ES10_ERROR_ANSWERS[scenario.function]!;
    return { kind: 'response', data: encode(codes[answer.code]!, request) };
  }
}
