/** ES10 requests arrive as one DER value in STORE DATA; the outer tag names the function (SGP.22 5.7). */
import { peekTag, readTlv } from '../../asn1/tlv.ts';
import { type Es10FunctionName, es10TagOf } from '../../protocol/es10-functions.ts';
import type { CardContext } from '../card-context.ts';
import { iotFunctionOf } from '../iot/dispatch.ts';
import { loadEuiccPackage } from '../iot/load-euicc-package.ts';
import { authenticateServer } from './authenticate-server.ts';
import { cancelSession } from './cancel-session.ts';
import {
  getConfiguredAddresses,
  getEuiccChallenge,
  getEuiccData,
  getEuiccInfo1,
  getEuiccInfo2,
  getRat,
  setDefaultDpAddress,
} from './euicc-information.ts';
import { BppLoader } from './load-bound-profile-package.ts';
import { loadCrl } from './load-crl.ts';
import { listNotification, removeNotificationFromList, retrieveNotificationsList } from './notifications.ts';
import { prepareDownload } from './prepare-download.ts';
import {
  deleteProfile,
  disableProfile,
  enableProfile,
  getProfilesInfo,
  memoryReset,
  setNickname,
} from './profile-management.ts';

type Es10Function = (card: CardContext, request: Buffer) => Buffer;

/** The software eUICC's implementation of each ES10 function (the BPP is loaded by BppLoader, below). */
const IMPLEMENTATIONS: Readonly<Record<Exclude<Es10FunctionName, 'loadBoundProfilePackage'>, Es10Function>> =
  {
    getEuiccInfo1,
    getEuiccInfo2,
    getEuiccChallenge,
    getEuiccData,
    getEuiccConfiguredAddresses: getConfiguredAddresses,
    setDefaultDpAddress,
    getRAT: getRat,
    authenticateServer,
    prepareDownload,
    cancelSession,
    loadCRL: loadCrl,
    getProfilesInfo,
    enableProfile,
    disableProfile,
    deleteProfile,
    setNickname,
    eUICCMemoryReset: memoryReset,
    listNotification,
    retrieveNotificationsList,
    removeNotificationFromList,
  };

/** The implementations keyed by the tag of the function's request type (SGP.22 5.7). */
export const ES10_FUNCTIONS: ReadonlyMap<number, Es10Function> = new Map(
  Object.entries(IMPLEMENTATIONS).map(([name, run]) => [es10TagOf(name as Es10FunctionName), run]),
);

const LOAD_BPP_TAG = es10TagOf('loadBoundProfilePackage');
const CANCEL_SESSION_TAG = es10TagOf('cancelSession');

export class UnknownFunctionError extends Error {
  override readonly name = 'UnknownFunctionError';
}

/**
 * Runs one ES10 command. A BPP in progress takes every STORE DATA payload until it ends (its pieces are not
 * ES10 requests of their own), but for ES10b.CancelSession: an LPA cancels the session when loading fails
 * half way (lpac does after any LoadBoundProfilePackage error), and SGP.22 5.7.14 lets it cancel the RSP
 * session until the end of the download. No BPP piece starts with its tag 'BF41'. The BPP loaded so far is
 * dropped with the session (nothing of it was installed: a profile is installed only once its whole BPP has
 * been processed, 2.5.5). Returns the response data; empty for an accepted BPP piece.
 */
export function dispatchEs10(card: CardContext, data: Buffer): Buffer {
  const loader = card.session?.loader;
  if (loader && peekTag(data) !== CANCEL_SESSION_TAG) return loader.accept(data) ?? Buffer.alloc(0);
  const tag = peekTag(data);
  // Bytes that do not start with a well-formed tag (X.690 8.1.2) name no function.
  if (tag === undefined) throw new UnknownFunctionError('no ES10 function: the request starts with no tag');
  // Test-lab scenarios answer here, instead of the function (see scenarios.ts).
  const scripted = card.scenarios?.outcome(tag, data);
  if (scripted?.kind === 'response') return scripted.data;
  if (scripted?.kind === 'packageRefusal') return loadEuiccPackage(card, data, scripted.code);
  if (tag === LOAD_BPP_TAG) {
    const bpp = new BppLoader(card, card.session);
    if (scripted) return bpp.failWith(scripted.command, scripted.reason);
    if (card.session) card.session.loader = bpp;
    return bpp.accept(data) ?? Buffer.alloc(0);
  }
  // An IoT eUICC (SGP.32) answers its own functions, and its own forms of a few SGP.22 ones
  const run = iotFunctionOf(card, tag) ?? ES10_FUNCTIONS.get(tag);
  if (!run) throw new UnknownFunctionError(`no ES10 function with tag ${tag.toString(16)}`);
  // The request must be one complete DER value (its own decode checks the rest).
  readTlv(data, 0);
  return run(card, data);
}
