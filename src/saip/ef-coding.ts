import { itemAt } from '../errors/missing-entry.ts';
/**
 * Contents of the elementary files a profile personalises, coded as the handset reads them (ETSI TS 102 221
 * for the MF, 3GPP TS 31.102 for the USIM), and the content a `File` of a profile element writes.
 */
import type { File } from './common.ts';

/**
 * The bytes a File's fillFileContent items write, from offset 0 (PEDefinitions 8.3.3: fillFileOffset moves
 * the write position forward from where the previous content ended). Bytes the profile does not write are
 * left 'FF', the erased state, as the template would leave them unless it fills them.
 */
export function fileContent(file: File): Buffer {
  const writes: { offset: number; content: Buffer }[] = [];
  let position = 0;
  for (const item of file) {
    if ('fillFileOffset' in item) position += item.fillFileOffset;
    if ('fillFileContent' in item) {
      writes.push({ offset: position, content: item.fillFileContent });
      position += item.fillFileContent.length;
    }
  }
  const content = Buffer.alloc(Math.max(0, ...writes.map((w) => w.offset + w.content.length)), 0xff);
  for (const write of writes) write.content.copy(content, write.offset);
  return content;
}

/** Whether a File writes any content. */
export function writesContent(file: File): boolean {
  return file.some((item) => 'fillFileContent' in item);
}

/** EF.IMSI (TS 31.102 4.2.2): length, then the digits in BCD after a parity/type nibble. */
export function encodeImsi(imsi: string): Buffer {
  if (!/^\d{6,15}$/.test(imsi)) throw new RangeError(`IMSI must be 6 to 15 digits: ${imsi}`);
  // first nibble: identity type 001 (IMSI) with the parity bit b4 set for an odd number of digits
  const nibbles = [imsi.length % 2 === 1 ? 0x9 : 0x1, ...[...imsi].map(Number)];
  if (nibbles.length % 2 === 1) nibbles.push(0xf);
  const bytes = [];
  for (let i = 0; i < nibbles.length; i += 2)
    bytes.push(itemAt(nibbles, i, 'IMSI nibbles') | (itemAt(nibbles, i + 1, 'IMSI nibbles') << 4));
  return Buffer.from([bytes.length, ...bytes, ...Array(8 - bytes.length).fill(0xff)]);
}

export function decodeImsi(ef: Buffer): string | undefined {
  const length = ef[0];
  if (!length || length > 8 || ef.length < 1 + length) return undefined;
  let digits = '';
  for (const byte of ef.subarray(1, 1 + length))
    digits += (byte & 0x0f).toString(16) + (byte >> 4).toString(16);
  const body = digits.slice(1).replace(/f$/, '');
  return /^\d+$/.test(body) ? body : undefined;
}

/** EF.AD (TS 31.102 4.2.18): normal operation, no ciphering indicator, and the length of the MNC. */
export function encodeAdministrativeData(mncLength: 2 | 3): Buffer {
  return Buffer.from([0x00, 0x00, 0x00, mncLength]);
}

/**
 * EF.ACC (TS 31.102 4.2.15): the access control class, one of 0..9 taken from the last IMSI digit
 * (3GPP TS 22.011 4.2), as a bit of a 16-bit field whose bit n is class n.
 */
export function encodeAccessControlClass(imsi: string): Buffer {
  const value = 1 << Number(imsi.at(-1));
  return Buffer.from([value >> 8, value & 0xff]);
}

/**
 * EF.SPN (TS 31.102 4.2.12): display condition, then the name in 16 bytes, padded with 'FF': the SMS
 * default alphabet when every character is one of its ASCII-identical characters, else UCS2 ('80' form,
 * TS 102 221 Annex A).
 */
export function encodeServiceProviderName(name: string, displayCondition = 0x01): Buffer {
  const gsm = /^[A-Za-z0-9 .,:;!?'"()+\-/%&*<=>#]*$/.test(name);
  const coded = gsm
    ? Buffer.from(name, 'latin1')
    : Buffer.concat([Buffer.from([0x80]), Buffer.from(name, 'utf16le').swap16()]);
  if (coded.length > 16) throw new RangeError(`service provider name too long for EF.SPN: ${name}`);
  return Buffer.concat([Buffer.from([displayCondition]), coded, Buffer.alloc(16 - coded.length, 0xff)]);
}

/** EF.UST (TS 31.102 4.2.8): service n is bit (n-1) mod 8 of byte (n-1) div 8. */
export function encodeServiceTable(services: readonly number[], length: number): Buffer {
  const table = Buffer.alloc(length);
  for (const n of services) {
    const at = (n - 1) >> 3;
    table[at] = table.readUInt8(at) | (1 << ((n - 1) & 7));
  }
  return table;
}

/**
 * EF.DIR record (TS 102 221 13.1): an application template '61' with the AID '4F' and the label '50',
 * padded with 'FF' to the record length.
 */
export function encodeApplicationTemplate(aid: Buffer, label: string, recordLength: number): Buffer {
  const labelBytes = Buffer.from(label, 'latin1');
  const body = Buffer.concat([
    Buffer.from([0x4f, aid.length]),
    aid,
    Buffer.from([0x50, labelBytes.length]),
    labelBytes,
  ]);
  return Buffer.concat([
    Buffer.from([0x61, body.length]),
    body,
    Buffer.alloc(recordLength - 2 - body.length, 0xff),
  ]);
}
