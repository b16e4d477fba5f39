/**
 * ES10a/b/c over APDUs (SGP.22 5.7.2): each request is sent as STORE DATA blocks on a logical channel to
 * the ISD-R, long answers are fetched with GET RESPONSE. Typed methods use the declared message types.
 */

import { ApduFormatError, encodeCommandApdu } from '../apdu/command-apdu.ts';
import { INS, SW, swOf } from '../apdu/status-words.ts';
import { type ApduTransport, ISD_R_AID } from '../apdu/transport.ts';
import {
  AuthenticateServerResponse,
  CancelSessionRequest,
  CancelSessionResponse,
  DeleteProfileRequest,
  DeleteProfileResponse,
  DeleteResults,
  DisableProfileRequest,
  DisableProfileResponse,
  DisableResults,
  EnableProfileRequest,
  EnableProfileResponse,
  EnableResults,
  EUICCInfo1,
  EUICCInfo2,
  EuiccConfiguredAddressesRequest,
  EuiccConfiguredAddressesResponse,
  GetEuiccChallengeRequest,
  GetEuiccChallengeResponse,
  GetEuiccDataRequest,
  GetEuiccDataResponse,
  GetEuiccInfo1Request,
  GetEuiccInfo2Request,
  InitialiseSecureChannelRequest,
  ListNotificationRequest,
  ListNotificationResponse,
  type NotificationEventName,
  NotificationSentRequest,
  NotificationSentResponse,
  PrepareDownloadResponse,
  ProfileInfoListRequest,
  ProfileInfoListResponse,
  RetrieveNotificationsListRequest,
  RetrieveNotificationsListResponse,
  SetDefaultDpAddressRequest,
  SetNicknameRequest,
  SetNicknameResponse,
} from '../asn1/rsp/index.ts';
import { headerOf, readChildren, readTlv } from '../asn1/tlv.ts';

/**
 * Longest ES10 answer fetched with GET RESPONSE: far above any (a profile list with icons, every pending
 * notification), far below what would trouble the LPA's memory.
 */
const MAX_ANSWER_BYTES = 1 << 20;
/** GET RESPONSEs for one answer: MAX_ANSWER_BYTES in 256-byte pieces (a card answering 61xx with no data). */
const MAX_GET_RESPONSES = MAX_ANSWER_BYTES / 256;
/** STORE DATA blocks of one command: P2 numbers them 0 to 255. */
const MAX_BLOCKS = 256;

/** The tag GetEuiccData's tagList names for the EID (SGP.22 5.7.20: only '5A' is defined). */
const EID_TAG = Buffer.from([0x5a]);

export class ApduError extends Error {
  constructor(
    readonly sw: number,
    message: string,
  ) {
    super(`${message}: SW ${sw.toString(16).toUpperCase().padStart(4, '0')}`);
    this.name = 'ApduError';
  }
}

/** An ES10 function answered with an error result (for example enableResult profileNotInDisabledState). */
export class Es10ResultError extends Error {
  constructor(
    readonly functionName: string,
    readonly result: string,
  ) {
    super(`${functionName} failed: ${result}`);
    this.name = 'Es10ResultError';
  }
}

const nameOf = (table: Readonly<Record<string, number>>, value: number) =>
  Object.entries(table).find(([, v]) => v === value)?.[0] ?? `result ${value}`;

export class Es10Client {
  #channel: number | undefined;

  constructor(
    private readonly transport: ApduTransport,
    private readonly blockSize = 120,
  ) {}

  async open(): Promise<void> {
    this.#channel ??= await this.transport.openLogicalChannel(ISD_R_AID);
  }

  async close(): Promise<void> {
    if (this.#channel !== undefined) await this.transport.closeLogicalChannel(this.#channel);
    this.#channel = undefined;
  }

  #cla(base: number): number {
    const channel = this.#channel ?? 0;
    return channel < 4 ? base | channel : base | 0x40 | (channel - 4);
  }

  /** One ES10 command: STORE DATA blocks (P1 '11' more / '91' last, P2 the block number). */
  async storeData(data: Buffer): Promise<Buffer> {
    await this.open();
    const blocks = Math.max(1, Math.ceil(data.length / this.blockSize));
    // GlobalPlatform 11.11.2.2: the block number P2 is one octet, so one command takes at most 256 blocks.
    if (blocks > MAX_BLOCKS)
      throw new ApduFormatError(
        `an ES10 command of ${data.length} bytes needs ${blocks} STORE DATA blocks of ${this.blockSize} bytes (at most ${MAX_BLOCKS})`,
      );
    let response: Buffer = Buffer.alloc(0);
    for (let i = 0; i < blocks; i++) {
      const last = i === blocks - 1;
      response = await this.transport.transmit(
        encodeCommandApdu({
          cla: this.#cla(0x80),
          ins: INS.STORE_DATA,
          p1: last ? 0x91 : 0x11,
          p2: i,
          data: data.subarray(i * this.blockSize, (i + 1) * this.blockSize),
        }),
      );
      if (!last && swOf(response) !== SW.OK) throw new ApduError(swOf(response), 'STORE DATA block refused');
    }
    const parts: Buffer[] = [response.subarray(0, -2)];
    let received = parts[0]?.length ?? 0;
    let sw = swOf(response);
    for (let round = 1; (sw & 0xff00) === SW.MORE_DATA; round++) {
      // A card that keeps announcing more data is not followed past any answer an ES10 function gives.
      if (received > MAX_ANSWER_BYTES || round > MAX_GET_RESPONSES)
        throw new ApduError(sw, `ES10 answer longer than ${MAX_ANSWER_BYTES} bytes (61xx without end)`);
      const more = await this.transport.transmit(
        encodeCommandApdu({
          cla: this.#cla(0x00),
          ins: INS.GET_RESPONSE,
          p1: 0,
          p2: 0,
          data: Buffer.alloc(0),
          le: sw & 0xff,
        }),
      );
      parts.push(more.subarray(0, -2));
      received += Math.max(0, more.length - 2);
      sw = swOf(more);
    }
    if (sw !== SW.OK) throw new ApduError(sw, 'ES10 command failed');
    return Buffer.concat(parts);
  }

  getEuiccInfo1 = async () => EUICCInfo1.decode(await this.getEuiccInfo1Der());
  getEuiccInfo1Der = () => this.storeData(GetEuiccInfo1Request.encode({}));
  getEuiccInfo2 = async () => EUICCInfo2.decode(await this.storeData(GetEuiccInfo2Request.encode({})));
  getEuiccChallenge = async () =>
    GetEuiccChallengeResponse.decode(await this.storeData(GetEuiccChallengeRequest.encode({})))
      .euiccChallenge;
  /** ES10c.GetEID (SGP.22 5.7.20): GetEuiccData asking for the EID, whose tag '5A' its answer carries (eidValue). */
  getEid = async () =>
    GetEuiccDataResponse.decode(await this.storeData(GetEuiccDataRequest.encode({ tagList: EID_TAG })))
      .eidValue.toString('hex')
      .toUpperCase();
  getConfiguredAddresses = async () =>
    EuiccConfiguredAddressesResponse.decode(await this.storeData(EuiccConfiguredAddressesRequest.encode({})));

  async setDefaultDpAddress(defaultDpAddress: string): Promise<void> {
    await this.storeData(SetDefaultDpAddressRequest.encode({ defaultDpAddress }));
  }

  /** The raw AuthenticateServerResponse ('BF38'), forwarded to the SM-DP+ as it is. */
  async authenticateServer(request: Buffer): Promise<{ der: Buffer; value: AuthenticateServerResponse }> {
    const der = await this.storeData(request);
    return { der, value: AuthenticateServerResponse.decode(der) };
  }

  async prepareDownload(request: Buffer): Promise<{ der: Buffer; value: PrepareDownloadResponse }> {
    const der = await this.storeData(request);
    return { der, value: PrepareDownloadResponse.decode(der) };
  }

  async cancelSession(
    transactionId: Buffer,
    reason: number,
  ): Promise<{ der: Buffer; value: CancelSessionResponse }> {
    const der = await this.storeData(CancelSessionRequest.encode({ transactionId, reason }));
    return { der, value: CancelSessionResponse.decode(der) };
  }

  /**
   * Loads a BPP in the pieces LPAs use (each its own STORE DATA sequence): 'BF36' header + 'BF23', 'A0',
   * 'A1' header then each '88', 'A2', 'A3' header then each '86'. The first non-empty answer is the
   * ProfileInstallationResult ('BF37') and ends the load.
   */
  async loadBoundProfilePackage(bpp: Buffer): Promise<Buffer> {
    for (const piece of bppPieces(bpp)) {
      const answer = await this.storeData(piece);
      if (answer.length > 0) return answer;
    }
    throw new Es10ResultError('LoadBoundProfilePackage', 'no ProfileInstallationResult');
  }

  async listProfiles(request: Parameters<typeof ProfileInfoListRequest.encode>[0] = {}) {
    const response = ProfileInfoListResponse.decode(
      await this.storeData(ProfileInfoListRequest.encode(request)),
    );
    if ('profileInfoListError' in response)
      throw new Es10ResultError('GetProfilesInfo', `error ${response.profileInfoListError}`);
    return response.profileInfoListOk;
  }

  async enableProfile(iccid: Buffer, refreshFlag = false): Promise<void> {
    const der = EnableProfileRequest.encode({ profileIdentifier: { iccid }, refreshFlag });
    const { enableResult } = EnableProfileResponse.decode(await this.storeData(der));
    if (enableResult !== 0) throw new Es10ResultError('EnableProfile', nameOf(EnableResults, enableResult));
  }

  async disableProfile(iccid: Buffer, refreshFlag = false): Promise<void> {
    const der = DisableProfileRequest.encode({ profileIdentifier: { iccid }, refreshFlag });
    const { disableResult } = DisableProfileResponse.decode(await this.storeData(der));
    if (disableResult !== 0)
      throw new Es10ResultError('DisableProfile', nameOf(DisableResults, disableResult));
  }

  async deleteProfile(iccid: Buffer): Promise<void> {
    const { deleteResult } = DeleteProfileResponse.decode(
      await this.storeData(DeleteProfileRequest.encode({ iccid })),
    );
    if (deleteResult !== 0) throw new Es10ResultError('DeleteProfile', nameOf(DeleteResults, deleteResult));
  }

  async setNickname(iccid: Buffer, profileNickname: string): Promise<void> {
    const { setNicknameResult } = SetNicknameResponse.decode(
      await this.storeData(SetNicknameRequest.encode({ iccid, profileNickname })),
    );
    if (setNicknameResult !== 0)
      throw new Es10ResultError('SetNickname', setNicknameResult === 1 ? 'iccidNotFound' : 'undefinedError');
  }

  async listNotifications(events?: NotificationEventName[]) {
    const request = ListNotificationRequest.encode(events ? { profileManagementOperation: events } : {});
    const response = ListNotificationResponse.decode(await this.storeData(request));
    if ('listNotificationsResultError' in response)
      throw new Es10ResultError('ListNotification', 'undefinedError');
    return response.notificationMetadataList;
  }

  /** Pending notifications as the DER of each PendingNotification, to forward as they are. */
  async retrieveNotifications(seqNumber?: number): Promise<Buffer[]> {
    const request = RetrieveNotificationsListRequest.encode(
      seqNumber === undefined ? {} : { searchCriteria: { seqNumber } },
    );
    const der = await this.storeData(request);
    const response = RetrieveNotificationsListResponse.decode(der);
    if ('notificationsListResultError' in response) return [];
    // The exact bytes of each element: they carry the eUICC's signature.
    const list = readTlv(readTlv(der, 0).value, 0);
    return readChildren(list.value).map((element) => element.bytes);
  }

  async removeNotification(seqNumber: number): Promise<boolean> {
    const { deleteNotificationStatus } = NotificationSentResponse.decode(
      await this.storeData(NotificationSentRequest.encode({ seqNumber })),
    );
    return deleteNotificationStatus === 0;
  }
}

/** The pieces of a BPP as LPAs send them (see loadBoundProfilePackage). */
export function bppPieces(bpp: Buffer): Buffer[] {
  const outer = readTlv(bpp, 0);
  const pieces: Buffer[] = [];
  for (const part of readChildren(outer.value)) {
    if (part.tag === InitialiseSecureChannelRequest.tag)
      pieces.push(Buffer.concat([headerOf(outer), part.bytes]));
    else if (part.tag === 0xa0 || part.tag === 0xa2) pieces.push(part.bytes);
    else {
      // 'A1' and 'A3': the header alone, then each segment on its own.
      pieces.push(headerOf(part));
      for (const segment of readChildren(part.value)) pieces.push(segment.bytes);
    }
  }
  return pieces;
}
