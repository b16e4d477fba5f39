/**
 * SCP03t session keys of the BSP (SGP.22 2.6.6.2): X9.63 KDF over the ECKA shared secret with the shared
 * info keyType | keyLength | hostId (LV) | EID (LV); the output is the initial MAC chaining value, S-ENC
 * and S-MAC, in that order.
 */
import { x963Kdf } from './kdf.ts';

export interface SessionKeys {
  readonly sEnc: Buffer;
  readonly sMac: Buffer;
  readonly initialMacChainingValue: Buffer;
}

export interface SessionKeyInput {
  readonly sharedSecret: Buffer;
  /** ControlRefTemplate keyType, '88' for AES. */
  readonly keyType: Buffer;
  /** ControlRefTemplate keyLen, '10' for 16 bytes. */
  readonly keyLength: Buffer;
  readonly hostId: Buffer;
  /** The EID, 16 bytes. */
  readonly eid: Buffer;
}

export function deriveSessionKeys(input: SessionKeyInput): SessionKeys {
  const keyLength = input.keyLength.readUInt8(0);
  const sharedInfo = Buffer.concat([
    input.keyType,
    input.keyLength,
    Buffer.from([input.hostId.length]),
    input.hostId,
    Buffer.from([input.eid.length]),
    input.eid,
  ]);
  const output = x963Kdf(input.sharedSecret, sharedInfo, 3 * keyLength);
  return {
    initialMacChainingValue: output.subarray(0, keyLength),
    sEnc: output.subarray(keyLength, 2 * keyLength),
    sMac: output.subarray(2 * keyLength, 3 * keyLength),
  };
}
