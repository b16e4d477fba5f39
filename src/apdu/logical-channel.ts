/**
 * Logical channels opened and closed with plain APDUs (ISO/IEC 7816-4 MANAGE CHANNEL and SELECT by AID), so
 * that any transport that can send one command APDU (the software eUICC, a PC/SC reader) offers the
 * ApduTransport channel operations the same way. SGP.22 2.2.3: the LPA reaches the ISD-R on a logical channel.
 */
import { encodeCommandApdu } from './command-apdu.ts';
import { INS, SW, swOf } from './status-words.ts';

export type Transmit = (apdu: Buffer) => Promise<Buffer>;

export class LogicalChannelError extends Error {
  override readonly name = 'LogicalChannelError';
}

const hexSw = (response: Buffer) => swOf(response).toString(16).toUpperCase().padStart(4, '0');

/** MANAGE CHANNEL (open, the card assigns the number) then SELECT of the application on that channel. */
export async function openLogicalChannelBy(transmit: Transmit, aid: Buffer): Promise<number> {
  const opened = await transmit(
    encodeCommandApdu({ cla: 0x00, ins: INS.MANAGE_CHANNEL, p1: 0, p2: 0, data: Buffer.alloc(0), le: 1 }),
  );
  if (swOf(opened) !== SW.OK || opened.length !== 3)
    throw new LogicalChannelError(`MANAGE CHANNEL failed: SW ${hexSw(opened)}`);
  const channel = opened.readUInt8(0);
  // ISO/IEC 7816-4 5.4.1: channels 0-3 in the first interindustry CLA, 4-19 in the further one.
  const cla = channel < 4 ? channel : 0x40 | (channel - 4);
  const selected = await transmit(encodeCommandApdu({ cla, ins: INS.SELECT, p1: 0x04, p2: 0x00, data: aid }));
  // A T=0 card may answer the SELECT with 61xx (its FCI waiting for GET RESPONSE): selected all the same.
  if (swOf(selected) !== SW.OK && (swOf(selected) & 0xff00) !== SW.MORE_DATA) {
    await closeLogicalChannelBy(transmit, channel);
    throw new LogicalChannelError(`SELECT ${aid.toString('hex')} failed: SW ${hexSw(selected)}`);
  }
  return channel;
}

/** MANAGE CHANNEL (close) of the given channel, sent on the basic channel. */
export async function closeLogicalChannelBy(transmit: Transmit, channel: number): Promise<void> {
  await transmit(
    encodeCommandApdu({ cla: 0x00, ins: INS.MANAGE_CHANNEL, p1: 0x80, p2: channel, data: Buffer.alloc(0) }),
  );
}
