/**
 * The seam between an LPA and an eUICC: ISO/IEC 7816-4 APDUs on a logical channel. The built-in LPA talks
 * to anything that implements it (the software eUICC, a bridge to a reader); the software eUICC exposes it.
 */
export interface ApduTransport {
  /** MANAGE CHANNEL (open) + SELECT of the application; returns the logical channel number. */
  openLogicalChannel(aid: Buffer): Promise<number>;
  closeLogicalChannel(channel: number): Promise<void>;
  /** Sends one command APDU (no Le) and returns response data followed by SW1 SW2. */
  transmit(apdu: Buffer): Promise<Buffer>;
}

/** ISD-R AID (SGP.22 2.2.3). */
export const ISD_R_AID = Buffer.from('A0000005591010FFFFFFFF8900000100', 'hex');
