/**
 * The ISD-R as an ISO/IEC 7816-4 application (SGP.22 5.7.2, GlobalPlatform): logical channels, SELECT by
 * AID (and of the MF, master-file.ts), ES10 commands in STORE DATA blocks, long answers through 61xx + GET
 * RESPONSE.
 */

import { ApduFormatError, decodeCommandApdu } from '../apdu/command-apdu.ts';
import { INS, SW, withSw } from '../apdu/status-words.ts';
import { ISD_R_AID } from '../apdu/transport.ts';
import { Asn1DecodeError } from '../asn1/decode-error.ts';
import type { CardContext } from './card-context.ts';
import { dispatchEs10, UnknownFunctionError } from './es10/dispatch.ts';
import { Es10StatusWord } from './es10/scenarios.ts';
import { isdRFci } from './isd-r-fci.ts';
import { MF_FCP, MF_FILE_ID, returnsFcp } from './master-file.ts';

const MAX_CHANNELS = 20;
/**
 * Most bytes the STORE DATA blocks of one command may add up to: far above any ES10 request, a whole Bound
 * Profile Package sent at once included, so that what a client makes the card keep stays bounded.
 */
const MAX_COMMAND_BYTES = 4 << 20;
/** SELECT P1 (ISO/IEC 7816-4 7.1.1, TS 102 221 11.1.1.2): by file identifier, by DF name (AID). */
const SELECT_BY_FILE_ID = 0x00;
const SELECT_BY_DF_NAME = 0x04;
/** STORE DATA P1: b8 = last block, b5..b4 = '01' (BER-TLV data, GlobalPlatform 11.11.2.1). */
const P1_LAST_BLOCK = 0x80;

interface Channel {
  selected: boolean;
  /** STORE DATA blocks of the command being assembled, and their bytes together. */
  blocks: Buffer[];
  assembled: number;
  nextBlock: number;
  /** Response bytes not yet fetched with GET RESPONSE. */
  pendingResponse: Buffer;
}

const status = (sw: number) => withSw(Buffer.alloc(0), sw);

export class IsdR {
  readonly #channels = new Map<number, Channel>([[0, newChannel()]]);

  constructor(private readonly card: CardContext) {}

  /** A card reset (ISO/IEC 7816-3): logical channels closed, nothing selected, commands half sent dropped. */
  reset(): void {
    this.#channels.clear();
    this.#channels.set(0, newChannel());
  }

  /** Handles one command APDU; returns response data and SW1 SW2. Never throws. */
  handle(apdu: Buffer): Buffer {
    try {
      return this.#handle(apdu);
    } catch (error) {
      if (error instanceof ApduFormatError) return status(SW.WRONG_LENGTH);
      return status(SW.UNKNOWN);
    }
  }

  #handle(apdu: Buffer): Buffer {
    const command = decodeCommandApdu(apdu);
    const channelNumber = channelOf(command.cla);
    if (channelNumber === undefined) return status(SW.CLA_NOT_SUPPORTED);
    if (command.ins === INS.MANAGE_CHANNEL) return this.#manageChannel(command.p1, command.p2, channelNumber);
    const channel = this.#channels.get(channelNumber);
    if (!channel) return status(SW.LOGICAL_CHANNEL_NOT_SUPPORTED);
    switch (command.ins) {
      case INS.SELECT:
        return this.#select(channel, command.p1, command.p2, command.data, command.le);
      case INS.GET_RESPONSE:
        return this.#respond(channel, channel.pendingResponse, command.le);
      case INS.TERMINAL_CAPABILITY:
        // A UICC command, not the ISD-R's: taken on any channel (an IPA or LPA sends it on the basic one
        // before it selects the ISD-R, SGP.22 3.4.2); the software eUICC has no behaviour to adapt.
        return status((command.cla & 0x80) === 0 ? SW.CLA_NOT_SUPPORTED : SW.OK);
      case INS.STORE_DATA:
        if ((command.cla & 0x80) === 0) return status(SW.CLA_NOT_SUPPORTED);
        if (!channel.selected) return status(SW.CONDITIONS_NOT_SATISFIED);
        return this.#storeData(channel, command.p1, command.p2, command.data, command.le);
      default:
        return status(SW.INS_NOT_SUPPORTED);
    }
  }

  /**
   * SELECT by DF name (P1 04): the ISD-R, whose FCI goes back; by file identifier (P1 00, TS 102 221 11.1.1): the MF, whose FCP
   * goes back when P2 asks for it. Selecting anything else leaves no application selected on the channel.
   */
  #select(channel: Channel, p1: number, p2: number, data: Buffer, le: number | undefined): Buffer {
    if (p1 === SELECT_BY_DF_NAME) {
      channel.selected = data.equals(ISD_R_AID);
      if (!channel.selected) return status(SW.FILE_NOT_FOUND);
      // P2 b4..b3 = '11': no response data asked for; otherwise the FCI (GP 11.9.2.3, isd-r-fci.ts).
      return (p2 & 0x0c) === 0x0c ? status(SW.OK) : this.#respond(channel, isdRFci(this.card), le);
    }
    if (p1 !== SELECT_BY_FILE_ID) return status(SW.INCORRECT_P1P2);
    channel.selected = false;
    // ISO/IEC 7816-4 7.1.1: P1 00 with no data selects the MF too.
    if (data.length !== 0 && !data.equals(MF_FILE_ID)) return status(SW.FILE_NOT_FOUND);
    return returnsFcp(p2) ? this.#respond(channel, MF_FCP, le) : status(SW.OK);
  }

  #manageChannel(p1: number, p2: number, from: number): Buffer {
    if (p1 === 0x00) {
      for (let n = 1; n < MAX_CHANNELS; n++) {
        if (!this.#channels.has(n)) {
          this.#channels.set(n, newChannel());
          return withSw(Buffer.from([n]), SW.OK);
        }
      }
      return status(SW.NO_MORE_CHANNELS);
    }
    if (p1 === 0x80) {
      const n = p2 || from;
      if (n === 0 || !this.#channels.delete(n)) return status(SW.INCORRECT_P1P2);
      return status(SW.OK);
    }
    return status(SW.INCORRECT_P1P2);
  }

  #storeData(channel: Channel, p1: number, p2: number, data: Buffer, le: number | undefined): Buffer {
    if (p2 !== channel.nextBlock) {
      dropBlocks(channel);
      return status(SW.INCORRECT_P1P2);
    }
    if (channel.assembled + data.length > MAX_COMMAND_BYTES) {
      dropBlocks(channel);
      return status(SW.NOT_ENOUGH_MEMORY);
    }
    channel.blocks.push(data);
    channel.assembled += data.length;
    channel.nextBlock++;
    if (!(p1 & P1_LAST_BLOCK)) return status(SW.OK);
    const request = Buffer.concat(channel.blocks);
    dropBlocks(channel);
    let response: Buffer;
    try {
      response = dispatchEs10(this.card, request);
    } catch (error) {
      if (error instanceof Asn1DecodeError) return status(SW.WRONG_DATA);
      if (error instanceof UnknownFunctionError) return status(SW.REFERENCED_DATA_NOT_FOUND);
      if (error instanceof Es10StatusWord) return status(error.sw);
      throw error;
    }
    return this.#respond(channel, response, le);
  }

  /** Up to 256 bytes (or Le) now, the rest announced with 61xx. */
  #respond(channel: Channel, data: Buffer, le: number | undefined): Buffer {
    const size = Math.min(le ?? 256, 256);
    const now = data.subarray(0, size);
    channel.pendingResponse = data.subarray(size);
    const left = channel.pendingResponse.length;
    return withSw(now, left === 0 ? SW.OK : SW.MORE_DATA | (Math.min(left, 0xff) % 0x100));
  }
}

function newChannel(): Channel {
  return { selected: false, blocks: [], assembled: 0, nextBlock: 0, pendingResponse: Buffer.alloc(0) };
}

/** Forgets the command being assembled: the next STORE DATA starts a new one at block 0. */
function dropBlocks(channel: Channel): void {
  channel.blocks = [];
  channel.assembled = 0;
  channel.nextBlock = 0;
}

/** ISO/IEC 7816-4 5.4.1: channels 0-3 in b2-b1 of a first-interindustry CLA, 4-19 in b4-b1 of a further one. */
function channelOf(cla: number): number | undefined {
  if ((cla & 0x40) === 0x40) return 4 + (cla & 0x0f);
  if ((cla & 0x60) === 0x20) return undefined;
  return cla & 0x03;
}
