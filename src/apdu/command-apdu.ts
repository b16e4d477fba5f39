/** Command APDU coding (ISO/IEC 7816-4 5.1), short and extended Lc, as ES10 over STORE DATA uses it. */
export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Buffer;
  readonly le?: number;
}

export class ApduFormatError extends Error {
  override readonly name = 'ApduFormatError';
}

/** The four header octets; a value that is not one octet (a STORE DATA block number past 255) is refused. */
function headerOf({ cla, ins, p1, p2 }: CommandApdu): Buffer {
  const octets = [cla, ins, p1, p2];
  if (!octets.every((octet) => Number.isInteger(octet) && octet >= 0 && octet <= 0xff))
    throw new ApduFormatError(`command header ${octets.join(' ')}: each is one octet (0 to 255)`);
  return Buffer.from(octets);
}

export function encodeCommandApdu(command: CommandApdu): Buffer {
  const { data, le } = command;
  const header = headerOf(command);
  if (data.length === 0) return le === undefined ? header : Buffer.concat([header, Buffer.from([le & 0xff])]);
  if (data.length > 255) throw new ApduFormatError('command data longer than 255 bytes (short APDU)');
  const body = Buffer.concat([header, Buffer.from([data.length]), data]);
  return le === undefined ? body : Buffer.concat([body, Buffer.from([le & 0xff])]);
}

/** Parses a short or extended command APDU (cases 1 to 4). */
export function decodeCommandApdu(apdu: Buffer): CommandApdu {
  if (apdu.length < 4) throw new ApduFormatError('APDU shorter than its header');
  const [cla, ins, p1, p2] = [apdu.readUInt8(0), apdu.readUInt8(1), apdu.readUInt8(2), apdu.readUInt8(3)];
  const body = apdu.subarray(4);
  if (body.length === 0) return { cla, ins, p1, p2, data: Buffer.alloc(0) };
  if (body.length === 1) return { cla, ins, p1, p2, data: Buffer.alloc(0), le: body.readUInt8(0) || 256 };
  if (body[0] !== 0) {
    const lc = body.readUInt8(0);
    if (body.length === 1 + lc) return { cla, ins, p1, p2, data: body.subarray(1, 1 + lc) };
    if (body.length === 2 + lc)
      return { cla, ins, p1, p2, data: body.subarray(1, 1 + lc), le: body.readUInt8(1 + lc) || 256 };
    throw new ApduFormatError('Lc does not match the command length');
  }
  // Extended length: 00 Lc1 Lc2
  if (body.length === 3)
    return { cla, ins, p1, p2, data: Buffer.alloc(0), le: body.readUInt16BE(1) || 65536 };
  const lc = body.readUInt16BE(1);
  if (body.length === 3 + lc) return { cla, ins, p1, p2, data: body.subarray(3, 3 + lc) };
  if (body.length === 5 + lc)
    return { cla, ins, p1, p2, data: body.subarray(3, 3 + lc), le: body.readUInt16BE(3 + lc) || 65536 };
  throw new ApduFormatError('extended Lc does not match the command length');
}
