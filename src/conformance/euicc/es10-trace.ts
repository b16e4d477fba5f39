/**
 * An ES10 exchange as the reports show it: the function SGP.22 5.7 names, its request and its answer decoded
 * by the declared types (the same tree the SM-DP+'s trace page draws for ES9+ bodies: certificates opened,
 * OIDs named, hashCc masked), and the status word the card ended with.
 */
import { Asn1DecodeError } from '../../asn1/decode-error.ts';
import { BoundProfilePackage, ProfileInstallationResult } from '../../asn1/rsp/index.ts';
import { peekTag } from '../../asn1/tlv.ts';
import { type Es10FunctionName, Es10Functions, es10FunctionOfTag } from '../../protocol/es10-functions.ts';
import { renderTree, toTree } from '../../protocol/tree.ts';
import { present } from '../../rsp-server/trace/decode-exchange.ts';

/** SGP.22 5.7's interface of each ES10 function (ES10a 5.7.2-5.7.4, ES10b 5.7.5-5.7.14, ES10c 5.7.15-5.7.21). */
const INTERFACE: Readonly<Record<Es10FunctionName, 'ES10a' | 'ES10b' | 'ES10c'>> = {
  getEuiccConfiguredAddresses: 'ES10a',
  setDefaultDpAddress: 'ES10a',
  prepareDownload: 'ES10b',
  loadBoundProfilePackage: 'ES10b',
  getEuiccChallenge: 'ES10b',
  getEuiccInfo1: 'ES10b',
  getEuiccInfo2: 'ES10b',
  listNotification: 'ES10b',
  retrieveNotificationsList: 'ES10b',
  removeNotificationFromList: 'ES10b',
  authenticateServer: 'ES10b',
  cancelSession: 'ES10b',
  loadCRL: 'ES10b',
  getRAT: 'ES10b',
  getProfilesInfo: 'ES10c',
  enableProfile: 'ES10c',
  disableProfile: 'ES10c',
  deleteProfile: 'ES10c',
  eUICCMemoryReset: 'ES10c',
  getEuiccData: 'ES10c',
  setNickname: 'ES10c',
};

/** The BPP's pieces an LPA sends (SGP.22 2.5.5): its containers and segments, none an ES10 request tag. */
const BPP_PIECE_TAGS = new Set([BoundProfilePackage.tag, 0xa0, 0xa1, 0xa2, 0xa3, 0x86, 0x87, 0x88]);

/** "ES10b.AuthenticateServer" for a STORE DATA payload; a BPP piece is named by the TLV it starts with. */
export function es10Name(request: Buffer): string {
  if (request.length === 0) return 'ES10 (empty)';
  const tag = peekTag(request);
  if (tag === undefined) return 'ES10 (no tag)';
  if (BPP_PIECE_TAGS.has(tag)) return `ES10b.LoadBoundProfilePackage ${tag.toString(16).toUpperCase()}`;
  const fn = es10FunctionOfTag(tag);
  if (!fn) return `ES10 tag ${tag.toString(16).toUpperCase()}`;
  return `${INTERFACE[fn]}.${fn[0]?.toUpperCase()}${fn.slice(1)}`;
}

/** Longest text of one decoded side (a BPP segment or a profile list with icons stays readable). */
const MAX_TEXT = 8000;

/** The DER decoded as the declared request or response type of the function the request names. */
export function decodeEs10(request: Buffer, side: 'request' | 'response', der: Buffer): string {
  if (der.length === 0) return '';
  const tag = peekTag(request);
  const fn = tag === undefined || BPP_PIECE_TAGS.has(tag) ? undefined : es10FunctionOfTag(tag);
  // A BPP piece is no type of its own (the last one's answer is the ProfileInstallationResult).
  const schema = fn
    ? Es10Functions[fn][side]
    : side === 'response' && peekTag(der) === ProfileInstallationResult.tag
      ? ProfileInstallationResult
      : undefined;
  try {
    if (!schema) return `${der.length} bytes, ${der.subarray(0, 8).toString('hex').toUpperCase()}…`;
    const text = renderTree(present(toTree(schema, schema.decode(der), fn ?? 'profileInstallationResult')));
    return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n… (${text.length - MAX_TEXT} more)` : text;
  } catch (error) {
    return `undecodable: ${error instanceof Asn1DecodeError || error instanceof Error ? error.message : String(error)}`;
  }
}
