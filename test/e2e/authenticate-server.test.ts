import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticateErrorCodes, CtxParams1 } from '../../src/asn1/rsp/index.ts';
import { encodeTlv } from '../../src/asn1/tlv.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { base64Of, Es9Client } from '../../src/lpa/es9-client.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

/** SGP.22 5.7.13: the eUICC checks the SM-DP+ before it signs anything, each failure with its own code. */
let smdp: RunningSmdp;
beforeAll(async () => {
  smdp = await startTestSmdp();
});
afterAll(async () => {
  await smdp?.close();
});

const ctxParams1 = CtxParams1.encode({
  ctxParamsForCommonAuthentication: {
    matchingId: 'DEMO',
    deviceInfo: { tac: Buffer.from('35290611', 'hex'), deviceCapabilities: {} },
  },
});

async function authenticate(change: (parts: Buffer[]) => void, options: { freshChallenge?: boolean } = {}) {
  const euicc = await EuiccEmulator.create();
  const es10 = new Es10Client(euicc);
  const es9 = new Es9Client(smdp.address, { ca: smdp.caPem });
  const euiccChallenge = await es10.getEuiccChallenge();
  const initiated = await es9.call('initiateAuthentication', {
    smdpAddress: smdp.address,
    euiccChallenge: euiccChallenge.toString('base64'),
    euiccInfo1: (await es10.getEuiccInfo1Der()).toString('base64'),
  });
  es9.close();
  const parts = ['serverSigned1', 'serverSignature1', 'euiccCiPKIdToBeUsed', 'serverCertificate'].map((f) =>
    base64Of('initiateAuthentication', initiated, f),
  );
  change(parts);
  if (options.freshChallenge) await es10.getEuiccChallenge();
  const { value } = await es10.authenticateServer(encodeTlv(0xbf38, ...parts, ctxParams1));
  return value;
}

const flipAt = (buffer: Buffer, at: number) => {
  buffer[at]! ^= 0x01;
};

describe('ES10b.AuthenticateServer checks', () => {
  it('signs euiccSigned1 for an authentic SM-DP+', async () => {
    expect(await authenticate(() => undefined)).toHaveProperty('authenticateResponseOk');
  });

  it.each([
    ['a wrong serverSignature1', (p: Buffer[]) => flipAt(p[1]!, 10), {}, 'invalidSignature'],
    [
      'a certificate that is not DPauth (DPpb)',
      (p: Buffer[]) => {
        p[3] = readFileSync(new URL('../../certs/sgp26/DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der', import.meta.url));
      },
      {},
      'invalidCertificate',
    ],
    [
      'a CI the eUICC does not know',
      (p: Buffer[]) => {
        p[2] = Buffer.concat([Buffer.from('0414', 'hex'), Buffer.alloc(20, 0xab)]);
      },
      {},
      'ciPKUnknown',
    ],
    [
      'a challenge the eUICC did not give',
      () => undefined,
      { freshChallenge: true },
      'euiccChallengeMismatch',
    ],
  ] as const)('refuses %s', async (_, change, options, code) => {
    const value = await authenticate(change, options);
    expect(value).toMatchObject({
      authenticateResponseError: { authenticateErrorCode: AuthenticateErrorCodes[code] },
    });
  });
});
