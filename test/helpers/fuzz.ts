/** FUZZ_SEED and FUZZ_ROUNDS let a run of the fuzz tests explore further than their fixed defaults. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 0);
export const fuzzRounds = (byDefault: number): number => Number(process.env.FUZZ_ROUNDS ?? byDefault);

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
