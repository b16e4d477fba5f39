import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { swOf } from '../../src/apdu/status-words.ts';
import { ISD_R_AID } from '../../src/apdu/transport.ts';
import {
  AuthenticateErrorCodes,
  type AuthenticateServerResponse,
  CancelSessionResponse,
  CtxParams1,
} from '../../src/asn1/rsp/index.ts';
import { derOf } from '../../src/asn1/schema.ts';
import { encodeTlv } from '../../src/asn1/tlv.ts';
import { generateEcKeyPair } from '../../src/crypto/curve.ts';
import { ecdsaSign, ecdsaVerify } from '../../src/crypto/ecdsa.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { base64Of, Es9Client } from '../../src/lpa/es9-client.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { issueDpAuthCertificate } from '../../src/pki/issue.ts';
import { privateKeyFromPem } from '../../src/pki/keys.ts';
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
  const parts = (
    ['serverSigned1', 'serverSignature1', 'euiccCiPKIdToBeUsed', 'serverCertificate'] as const
  ).map((f) => base64Of('initiateAuthentication', initiated, f));
  change(parts);
  if (options.freshChallenge) await es10.getEuiccChallenge();
  const { value } = await es10.authenticateServer(encodeTlv(0xbf38, ...parts, ctxParams1));
  return { value, euicc };
}

const flipAt = (buffer: Buffer, at: number) => {
  buffer[at]! ^= 0x01;
};

describe('ES10b.AuthenticateServer checks', () => {
  it('signs euiccSigned1 for an authentic SM-DP+', async () => {
    expect((await authenticate(() => undefined)).value).toHaveProperty('authenticateResponseOk');
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
    const { value } = await authenticate(change, options);
    expect(value).toMatchObject({
      authenticateResponseError: { authenticateErrorCode: AuthenticateErrorCodes[code] },
    });
  });
});

describe('ES10b.CancelSession (SGP.22 5.7.14) by raw APDUs', () => {
  /** CancelSessionRequest BF41 { [0] transactionId, [1] reason } (automatic tags: the error is [1], '81') in one STORE DATA; the answer in hex. */
  const cancel = async (euicc: EuiccEmulator, transactionId: Buffer, reason = 0) => {
    const data = encodeTlv(0xbf41, encodeTlv(0x80, transactionId), encodeTlv(0x81, Buffer.from([reason])));
    await euicc.transmit(Buffer.from(`00A4040010${ISD_R_AID.toString('hex')}`, 'hex'));
    const answer = await euicc.transmit(
      Buffer.concat([Buffer.from([0x80, 0xe2, 0x91, 0x00, data.length]), data, Buffer.from([0x00])]),
    );
    expect(swOf(answer)).toBe(0x9000);
    return answer.subarray(0, -2);
  };
  const transactionIdOf = (value: AuthenticateServerResponse) =>
    'authenticateResponseOk' in value ? value.authenticateResponseOk.euiccSigned1.transactionId : undefined;

  it('without a session answers invalidTransactionId(5), signing nothing', async () => {
    const euicc = await EuiccEmulator.create();
    expect((await cancel(euicc, Buffer.alloc(16, 0x11))).toString('hex')).toBe('bf4103810105');
  });

  it('signs the OID of the SM-DP+ it authenticated, once, and only for its own transactionId', async () => {
    const { value, euicc } = await authenticate(() => undefined);
    const transactionId = transactionIdOf(value)!;
    expect((await cancel(euicc, Buffer.alloc(transactionId.length, 0x22))).toString('hex')).toBe(
      'bf4103810105',
    );
    const answer = CancelSessionResponse.decode(await cancel(euicc, transactionId, 1));
    if (!('cancelSessionResponseOk' in answer))
      throw new Error(`expected a signed answer: ${JSON.stringify(answer)}`);
    const { euiccCancelSessionSigned: signed, euiccCancelSessionSignature } = answer.cancelSessionResponseOk;
    expect(signed).toMatchObject({ transactionId, reason: 1 });
    expect(signed.smdpOid).toBe(smdp.context.pki.smdpOid);
    const ok = 'authenticateResponseOk' in value ? value.authenticateResponseOk : undefined;
    const euiccKey = parseCertificate(ok!.euiccCertificate).publicKey;
    expect(ecdsaVerify(euiccKey, derOf(signed), euiccCancelSessionSignature)).toBe(true);
    // The session is gone: a second cancellation has nothing to cancel.
    expect((await cancel(euicc, transactionId)).toString('hex')).toBe('bf4103810105');
  });

  it('with a CERT.DPauth that names no SM-DP+ OID answers undefinedError(127) and ends the session', async () => {
    const ciDir = new URL('../../certs/sgp26/CertificateIssuer/', import.meta.url);
    const dpKeys = generateEcKeyPair('P-256');
    const noOid = issueDpAuthCertificate({
      ci: readFileSync(new URL('CERT_CI_ECDSA_NIST.der', ciDir)),
      ciKey: privateKeyFromPem(readFileSync(new URL('SK_CI_ECDSA_NIST.pem', ciDir))),
      publicKey: dpKeys.publicKey,
      smdpOid: null,
    });
    expect(noOid.certificate.subjectAltName.registeredIds).toEqual([]);
    const { value, euicc } = await authenticate((parts) => {
      parts[1] = encodeTlv(0x5f37, ecdsaSign(dpKeys.privateKey, parts[0]!));
      parts[3] = noOid.der;
    });
    const transactionId = transactionIdOf(value)!;
    expect(transactionId).toBeDefined();
    expect((await cancel(euicc, transactionId)).toString('hex')).toBe('bf410381017f');
    expect((await cancel(euicc, transactionId)).toString('hex')).toBe('bf4103810105');
  });
});
