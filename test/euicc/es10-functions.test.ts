import { describe, expect, it } from 'vitest';
import { ES10_FUNCTIONS } from '../../src/euicc/es10/dispatch.ts';
import { ES10_ERROR_ANSWERS, validateEuiccScenario } from '../../src/euicc/es10/scenarios.ts';
import { ES10_FUNCTION_NAMES, es10FunctionOfTag, es10TagOf } from '../../src/protocol/es10-functions.ts';

/**
 * The ES10 functions are declared once (src/protocol/es10-functions.ts); the eUICC's dispatch and its
 * scenarios are keyed by the tags of the declared request types (SGP.22 5.7, the RSPDefinitions module's
 * "-- Tag 'BFxx'" of each request).
 */
const MODULE_TAGS: Readonly<Record<string, number>> = {
  getEuiccConfiguredAddresses: 0xbf3c,
  setDefaultDpAddress: 0xbf3f,
  prepareDownload: 0xbf21,
  loadBoundProfilePackage: 0xbf36,
  getEuiccChallenge: 0xbf2e,
  getEuiccInfo1: 0xbf20,
  getEuiccInfo2: 0xbf22,
  listNotification: 0xbf28,
  retrieveNotificationsList: 0xbf2b,
  removeNotificationFromList: 0xbf30,
  authenticateServer: 0xbf38,
  cancelSession: 0xbf41,
  loadCRL: 0xbf35,
  getRAT: 0xbf43,
  getProfilesInfo: 0xbf2d,
  enableProfile: 0xbf31,
  disableProfile: 0xbf32,
  deleteProfile: 0xbf33,
  eUICCMemoryReset: 0xbf34,
  getEuiccData: 0xbf3e,
  setNickname: 0xbf29,
};

describe('the ES10 function declarations', () => {
  it('name each function by the tag SGP.22 gives its request, one function per tag', () => {
    expect(Object.fromEntries(ES10_FUNCTION_NAMES.map((name) => [name, es10TagOf(name)]))).toEqual(
      MODULE_TAGS,
    );
    for (const name of ES10_FUNCTION_NAMES) expect(es10FunctionOfTag(es10TagOf(name))).toBe(name);
    expect(es10FunctionOfTag(0xbf99)).toBeUndefined();
  });

  it('give the software eUICC an implementation for every function but the BPP (which has its loader)', () => {
    const implemented = [...ES10_FUNCTIONS.keys()].map((tag) => es10FunctionOfTag(tag));
    expect(implemented.sort()).toEqual(
      ES10_FUNCTION_NAMES.filter((n) => n !== 'loadBoundProfilePackage').sort(),
    );
  });

  it('let a scenario name any declared function, and an error code only of a function that has them', () => {
    for (const name of ES10_FUNCTION_NAMES) {
      const statusWord = { name: 'sw', function: name, answer: { type: 'statusWord', sw: 0x6a80 } };
      expect(validateEuiccScenario(statusWord).function).toBe(name);
      const codes = ES10_ERROR_ANSWERS[name]?.codes;
      const error = {
        name: 'err',
        function: name,
        answer: { type: 'error', code: Object.keys(codes ?? {})[0] },
      };
      if (codes) expect(validateEuiccScenario(error).function).toBe(name);
      else expect(() => validateEuiccScenario(error)).toThrow(/no error code of its own/);
    }
    expect(() =>
      validateEuiccScenario({
        name: 'x',
        function: 'getEuicInfo1',
        answer: { type: 'statusWord', sw: 0x6a80 },
      }),
    ).toThrow(/function must be one of getEuiccConfiguredAddresses/);
  });

  it('keep scenarios from answering a result of success where they only make a function fail', () => {
    expect(ES10_ERROR_ANSWERS.setNickname?.codes).toEqual({ iccidNotFound: 1, undefinedError: 127 });
    expect(ES10_ERROR_ANSWERS.removeNotificationFromList?.codes).toEqual({
      nothingToDelete: 1,
      undefinedError: 127,
    });
    expect(ES10_ERROR_ANSWERS.cancelSession?.codes).toEqual({ invalidTransactionId: 5, undefinedError: 127 });
  });
});
