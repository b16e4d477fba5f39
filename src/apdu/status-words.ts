/** Status words used by the ISD-R (ISO/IEC 7816-4 5.6, GlobalPlatform, SGP.22 5.7.2). */
export const SW = {
  OK: 0x9000,
  /** 61xx: more response data, fetch it with GET RESPONSE. */
  MORE_DATA: 0x6100,
  WRONG_LENGTH: 0x6700,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  WRONG_DATA: 0x6a80,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  FILE_NOT_FOUND: 0x6a82,
  /** 6A84: not enough memory space (ISO/IEC 7816-4 5.6). */
  NOT_ENOUGH_MEMORY: 0x6a84,
  NO_MORE_CHANNELS: 0x6a81,
  INCORRECT_P1P2: 0x6a86,
  REFERENCED_DATA_NOT_FOUND: 0x6a88,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  UNKNOWN: 0x6f00,
  LOGICAL_CHANNEL_NOT_SUPPORTED: 0x6881,
} as const;

export const INS = {
  MANAGE_CHANNEL: 0x70,
  SELECT: 0xa4,
  STORE_DATA: 0xe2,
  GET_RESPONSE: 0xc0,
  /** ETSI TS 102 221 11.1.19 TERMINAL CAPABILITY (SGP.22 3.4.2: the device's eUICC-related capabilities). */
  TERMINAL_CAPABILITY: 0xaa,
} as const;

export const swOf = (response: Buffer): number =>
  response.length < 2 ? SW.UNKNOWN : response.readUInt16BE(response.length - 2);

export const withSw = (data: Buffer, sw: number): Buffer => {
  const out = Buffer.alloc(data.length + 2);
  data.copy(out);
  out.writeUInt16BE(sw, data.length);
  return out;
};
