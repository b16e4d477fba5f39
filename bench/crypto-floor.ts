/**
 * The crypto floor of one download on the SM-DP+'s side: exactly the EC and AES work node:crypto must do
 * (SGP.22 3.1.3): sign serverSigned1, verify the EUM and eUICC certificates and euiccSignature1, sign
 * smdpSigned2, verify euiccSignature2, make a one-time key and agree on the shared secret, derive the
 * session keys, sign the ISCR, protect the profile with SCP03t, verify the installation result.
 */
import { readFileSync } from 'node:fs';
import { type Curve, generateEcKeyPair } from '../src/crypto/curve.ts';
import { ecdsaSign, ecdsaVerify } from '../src/crypto/ecdsa.ts';
import { generateEphemeralKeyPair } from '../src/crypto/ecka.ts';
import { Scp03t } from '../src/crypto/scp03t.ts';
import { deriveSessionKeys } from '../src/crypto/session-keys.ts';

/** One download's server-side crypto, as a function to run again and again. */
export function floorWork(curve: Curve, profile: Buffer): () => void {
  const server = generateEcKeyPair(curve);
  const euicc = generateEcKeyPair(curve);
  const data = Buffer.alloc(200, 1);
  const signature = ecdsaSign(euicc.privateKey, data);
  const derSignature = ecdsaSign(euicc.privateKey, data, 'der');
  const euiccOtpk = generateEphemeralKeyPair(curve);
  const metadata = readFileSync(new URL('../fixtures/profiles/catalogue.json', import.meta.url)).subarray(
    0,
    120,
  );
  return () => {
    ecdsaSign(server.privateKey, data); // serverSignature1
    ecdsaVerify(euicc.publicKey, data, derSignature, 'der'); // EUM certificate under the CI
    ecdsaVerify(euicc.publicKey, data, derSignature, 'der'); // eUICC certificate under the EUM
    ecdsaVerify(euicc.publicKey, data, signature); // euiccSignature1
    ecdsaSign(server.privateKey, data); // smdpSignature2
    ecdsaVerify(euicc.publicKey, data, signature); // euiccSignature2
    const oneTime = generateEphemeralKeyPair(curve); // otPK.DP.ECKA
    const sharedSecret = oneTime.agree(euiccOtpk.publicPoint);
    const keys = deriveSessionKeys({
      sharedSecret,
      keyType: Buffer.from([0x88]),
      keyLength: Buffer.from([0x10]),
      hostId: Buffer.alloc(16),
      eid: Buffer.alloc(16),
    });
    ecdsaSign(server.privateKey, data); // smdpSign
    const bsp = new Scp03t(keys);
    bsp.protect(0x87, Buffer.from('bf2400', 'hex'));
    bsp.protect(0x88, metadata);
    bsp.protect(0x86, profile);
    ecdsaVerify(euicc.publicKey, data, signature); // euiccSignPIR
  };
}

/** CPU seconds per download of `work`, over `iterations` runs in a row. */
export function cpuSecondsPerRun(work: () => void, iterations: number): number {
  const started = process.cpuUsage();
  for (let i = 0; i < iterations; i++) work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6 / iterations;
}

export function cryptoFloorSeconds(curve: Curve, profile: Buffer, iterations = 1000): number {
  return cpuSecondsPerRun(floorWork(curve, profile), iterations);
}
