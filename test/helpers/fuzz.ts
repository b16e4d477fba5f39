/** FUZZ_SEED and FUZZ_ROUNDS let a run of the fuzz tests explore further than their fixed defaults. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 0);
export const fuzzRounds = (byDefault: number): number => Number(process.env.FUZZ_ROUNDS ?? byDefault);

/** XORs the byte at `at` with `mask`, in place (a RangeError outside the buffer, never a silent no-op). */
export function flipBits(buffer: Buffer, at: number, mask: number): void {
  buffer.writeUInt8(buffer.readUInt8(at) ^ mask, at);
}

/** Mutations an attacker or a broken LPA could produce from a valid DER encoding (fuzz tests). */
export function mutate(der: Buffer, random: () => number): Buffer {
  const out = Buffer.from(der);
  const at = () => Math.floor(random() * out.length);
  switch (Math.floor(random() * 6)) {
    case 0: // flip bits
      for (let i = 0; i < 1 + random() * 3; i++) out[at()]! ^= 1 << Math.floor(random() * 8);
      return out;
    case 1: // truncate
      return out.subarray(0, at());
    case 2: // set a byte to a boundary value
      out[at()] = [0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x1f, 0xbf][Math.floor(random() * 9)]!;
      return out;
    case 3: // insert random bytes
      return Buffer.concat([
        out.subarray(0, at()),
        Buffer.from([random() * 256, random() * 256]),
        out.subarray(at()),
      ]);
    case 4: // duplicate a slice
      return Buffer.concat([out, out.subarray(at())]);
    default: // pure noise
      return Buffer.from(Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
  }
}

/**
 * A wrong JSON value for a field of the JSON binding: numbers, null, booleans, arrays, objects, empty and huge
 * strings, non-base64, non-hex, near-valid strings; `iccid` makes some of them almost right.
 */
export function oddValue(random: () => number, iccid: string): unknown {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  return pick<() => unknown>([
    () => null,
    () => pick([0, -1, 1.5, 2 ** 53, Number.NaN]),
    () => pick([true, false]),
    () => [],
    () => ({}),
    () => ({ functionRequesterIdentifier: 'x', functionCallIdentifier: 1 }),
    () => '',
    () => 'A'.repeat(Math.floor(random() * 5000)),
    () => '%%%not base64%%%',
    () =>
      Buffer.from(
        Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256)),
      ).toString('base64'),
    () => 'ZZ'.repeat(16),
    () => '0'.repeat(pick([31, 32, 33, 19, 20])),
    () => iccid,
    () => `${iccid}F`,
    () => pick(['Enabled', 'Disabled', 'Available', 'Unavailable', 'PROFILE', '\u0000', '\ud800']),
  ])();
}
