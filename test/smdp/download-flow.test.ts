import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BoundProfilePackage,
  ConfigureISDPRequest,
  SmdpSigned2,
  StoreMetadataRequest,
} from '../../src/asn1/rsp/index.ts';
import { lengthBytes } from '../../src/asn1/tlv.ts';
import { ecdsaVerify } from '../../src/crypto/ecdsa.ts';
import { Scp03t } from '../../src/crypto/scp03t.ts';
import { deriveSessionKeys } from '../../src/crypto/session-keys.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { initialiseSecureChannelInput, smdpSignature2Input } from '../../src/protocol/signed-data.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { postEs9 } from '../helpers/es9-request.ts';
import { expectRspFailure, expectRspSuccess } from '../helpers/rsp-assertions.ts';
import { ScriptedEuicc } from '../helpers/scripted-euicc.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/** The download flow over real HTTPS, checked byte for byte from the eUICC's side (SGP.22 3.1.3). */
let smdp: RunningSmdp;
beforeAll(async () => {
  smdp = await startTestSmdp();
});
afterAll(async () => {
  await smdp?.close();
});

const upp = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));
const invalidCert = (name: string) =>
  readFileSync(new URL(`../../certs/sgp26/invalid/${name}.der`, import.meta.url));

/** `matchingId` null: the eUICC sends none (default SM-DP+ / SM-DS use). */
async function authenticated(euicc: ScriptedEuicc, matchingId: string | null = 'DEMO', tamper = {}) {
  const initiate = await euicc.initiateAuthentication(smdp.url, smdp.address);
  expectRspSuccess(initiate);
  const transactionId = initiate.body.transactionId as string;
  const response = await postEs9(smdp.url, 'authenticateClient', {
    transactionId,
    authenticateServerResponse: euicc.authenticateServer(initiate.body, matchingId ?? undefined, tamper),
  });
  return { initiate, transactionId, response };
}

describe.each(['P-256', 'brainpoolP256r1'] as const)('download flow on %s', (curve) => {
  it('binds the profile so that the eUICC can verify and open every part', async () => {
    const euicc = new ScriptedEuicc(curve);
    const { transactionId, response } = await authenticated(euicc);
    expectRspSuccess(response);
    const metadata = StoreMetadataRequest.decode(Buffer.from(response.body.profileMetadata, 'base64'));
    expect(metadata.serviceProviderName).toBe('rspsim');
    const smdpCertificate = parseCertificate(Buffer.from(response.body.smdpCertificate, 'base64'));
    expect(smdpCertificate.role).toBe('dp-pb');
    expect(smdpCertificate.curve).toBe(curve);

    const bppResponse = await postEs9(smdp.url, 'getBoundProfilePackage', {
      transactionId,
      prepareDownloadResponse: euicc.prepareDownload(response.body),
    });
    expectRspSuccess(bppResponse);
    const bpp = BoundProfilePackage.decode(Buffer.from(bppResponse.body.boundProfilePackage, 'base64'));
    const iscr = bpp.initialiseSecureChannelRequest;
    // SGP.22 5.5.1: smdpSign covers the ISCR data objects and the eUICC's one-time key.
    expect(iscr.transactionId.toString('hex').toUpperCase()).toBe(transactionId);
    expect(
      ecdsaVerify(
        smdpCertificate.publicKey,
        initialiseSecureChannelInput(iscr, euicc.otpk!.publicPoint),
        iscr.smdpSign,
      ),
    ).toBe(true);
    const keys = deriveSessionKeys({
      sharedSecret: euicc.otpk!.agree(iscr.smdpOtpk),
      keyType: iscr.controlRefTemplate.keyType,
      keyLength: iscr.controlRefTemplate.keyLen,
      hostId: iscr.controlRefTemplate.hostId,
      eid: Buffer.from(euicc.eid, 'hex'),
    });
    const bsp = new Scp03t(keys);
    // Each element of the BPP's sequences is one protected segment; its header is its tag and length.
    const open = (tag: number) => (value: Buffer) =>
      bsp.unwrap(tag, Buffer.concat([Buffer.from([tag]), lengthBytes(value.length)]), value);
    const configureIsdp = ConfigureISDPRequest.decode(Buffer.concat(bpp.firstSequenceOf87.map(open(0x87))));
    expect(configureIsdp.dpProprietaryData?.dpOid).toBe('2.999.10');
    const storeMetadata = Buffer.concat(bpp.sequenceOf88.map(open(0x88)));
    expect(storeMetadata).toEqual(Buffer.from(response.body.profileMetadata, 'base64'));
    expect(bpp.secondSequenceOf87).toBeUndefined();
    const profile = Buffer.concat(bpp.sequenceOf86.map(open(0x86)));
    expect(profile).toEqual(upp);
    // SGP.22 2.5.5: each segment, tag and length included, is at most 1020 bytes.
    for (const segments of [bpp.sequenceOf86, bpp.sequenceOf88]) {
      expect(segments.every((segment) => segment.length + 4 <= 1020)).toBe(true);
    }
  });
});

describe('authenticateClient checks (SGP.22 5.6.2)', () => {
  it('signs smdpSigned2 together with euiccSignature1', async () => {
    const euicc = new ScriptedEuicc();
    const { response } = await authenticated(euicc);
    expectRspSuccess(response);
    const smdpSigned2 = Buffer.from(response.body.smdpSigned2, 'base64');
    const signatureTlv = Buffer.from(response.body.smdpSignature2, 'base64');
    expect(signatureTlv.subarray(0, 3)).toEqual(Buffer.from('5f3740', 'hex'));
    const key = parseCertificate(Buffer.from(response.body.smdpCertificate, 'base64')).publicKey;
    const signed = smdpSignature2Input(smdpSigned2, euicc.lastEuiccSignature1!);
    expect(ecdsaVerify(key, signed, signatureTlv.subarray(3))).toBe(true);
    expect(
      ecdsaVerify(key, smdpSignature2Input(smdpSigned2, Buffer.alloc(64)), signatureTlv.subarray(3)),
    ).toBe(false);
  });

  it('refuses a wrong euiccSignature1', async () => {
    expectRspFailure(
      (await authenticated(new ScriptedEuicc(), 'DEMO', { signature: true })).response,
      'euiccSignatureInvalid',
    );
  });

  it('refuses a serverChallenge that is not the session one', async () => {
    const { response } = await authenticated(new ScriptedEuicc(), 'DEMO', {
      serverChallenge: Buffer.alloc(16),
    });
    expectRspFailure(response, 'euiccSignatureInvalid');
  });

  it('refuses an unknown matchingId with MatchingID - Refused (8.2.6/3.8)', async () => {
    expectRspFailure(
      (await authenticated(new ScriptedEuicc(), 'NO-SUCH-ORDER')).response,
      'matchingIdRefused',
    );
  });

  it('default SM-DP+ (no matchingId): EID - Refused (8.1.1/3.8) without an order for the EID, else its order', async () => {
    const euicc = new ScriptedEuicc('P-256', { fresh: true });
    const other = new ScriptedEuicc('P-256', { fresh: true });
    const defaultUpp = uppWithIccid(upp, 61);
    const order = profileRecordFrom(
      { id: 'DEFAULT-DP-ORDER', eid: other.eid, upp: '' },
      defaultUpp,
      smdp.address,
      {
        ccMaxAttempts: 3,
      },
    );
    await smdp.context.profiles.add(order, defaultUpp);
    const refused = await authenticated(euicc, null);
    expect(refused.response.body.header.functionExecutionStatus.statusCodeData).toMatchObject({
      subjectCode: '8.1.1',
      reasonCode: '3.8',
    });
    expectRspFailure(refused.response, 'eidMismatch');
    // Nothing was bound: the session is still waiting for authenticateClient, the other EID's order untouched.
    const session = await smdp.context.sessions.get(refused.transactionId, smdp.context.now());
    expect(session).toMatchObject({ phase: 'initiated' });
    expect(session?.profileId).toBeUndefined();
    expect(await smdp.context.profiles.get('DEFAULT-DP-ORDER')).toMatchObject({
      state: 'released',
      eid: other.eid,
    });
    // The eUICC the order names gets it, with smdpSigned2 for its own transaction.
    const { transactionId, response } = await authenticated(other, null);
    expectRspSuccess(response);
    const metadata = StoreMetadataRequest.decode(Buffer.from(response.body.profileMetadata, 'base64'));
    expect(metadata.iccid).toEqual(order.metadata.iccid);
    const smdpSigned2 = SmdpSigned2.decode(Buffer.from(response.body.smdpSigned2, 'base64'));
    expect(smdpSigned2.transactionId.toString('hex').toUpperCase()).toBe(transactionId);
  });

  it.each([
    ['CERT_EUICC_ECDSA_NIST_EXPIRED', 'euiccCertificateExpired'],
    ['CERT_EUICC_ECDSA_NIST_INVALID', 'euiccCertificateInvalid'],
    ['CERT_EUICC_ECDSA_NIST_INVALID_EID', 'euiccCertificateInvalid'],
  ] as const)('refuses %s with %s', async (name, code) => {
    const { response } = await authenticated(new ScriptedEuicc(), 'DEMO', { certificate: invalidCert(name) });
    expectRspFailure(response, code);
  });

  it('refuses a replayed authenticateClient as an unknown transaction', async () => {
    const euicc = new ScriptedEuicc();
    const { initiate, transactionId, response } = await authenticated(euicc);
    expectRspSuccess(response);
    const again = await postEs9(smdp.url, 'authenticateClient', {
      transactionId,
      authenticateServerResponse: euicc.authenticateServer(initiate.body, 'DEMO'),
    });
    expectRspFailure(again, 'transactionIdUnknown');
  });
});

describe('getBoundProfilePackage checks (SGP.22 5.6.3)', () => {
  it('refuses a step out of order', async () => {
    const euicc = new ScriptedEuicc();
    const initiate = await euicc.initiateAuthentication(smdp.url, smdp.address);
    const res = await postEs9(smdp.url, 'getBoundProfilePackage', {
      transactionId: initiate.body.transactionId,
      prepareDownloadResponse: Buffer.from('bf2108a10680010102017f', 'hex').toString('base64'),
    });
    expectRspFailure(res, 'transactionIdUnknown');
  });

  it('refuses a wrong euiccSignature2', async () => {
    const euicc = new ScriptedEuicc();
    const { transactionId, response } = await authenticated(euicc);
    const res = await postEs9(smdp.url, 'getBoundProfilePackage', {
      transactionId,
      prepareDownloadResponse: euicc.prepareDownload(response.body, undefined, { signature: true }),
    });
    expectRspFailure(res, 'euiccSignatureInvalid');
  });

  it('asks for the confirmation code, refuses a wrong one, counts attempts and accepts the right one', async () => {
    const euicc = new ScriptedEuicc();
    const { transactionId, response } = await authenticated(euicc, 'DEMO-CC');
    expectRspSuccess(response);
    const send = (code?: string) =>
      postEs9(smdp.url, 'getBoundProfilePackage', {
        transactionId,
        prepareDownloadResponse: euicc.prepareDownload(response.body, code),
      });
    expectRspFailure(await send(), 'confirmationCodeMissing');
    const refused = await send('0000');
    expectRspFailure(refused, 'confirmationCodeRefused');
    expect(refused.body.header.functionExecutionStatus.statusCodeData.message).toMatch(/2 attempts left/);
    expectRspSuccess(await send('1234'));
  });

  it('gives the same BPP to a retry with the same one-time key, and none to another key', async () => {
    const euicc = new ScriptedEuicc();
    const { transactionId, response } = await authenticated(euicc);
    const first = await postEs9(smdp.url, 'getBoundProfilePackage', {
      transactionId,
      prepareDownloadResponse: euicc.prepareDownload(response.body),
    });
    const again = await postEs9(smdp.url, 'getBoundProfilePackage', {
      transactionId,
      prepareDownloadResponse: euicc.prepareDownload(response.body),
    });
    expect(again.body.boundProfilePackage).toBe(first.body.boundProfilePackage);
    euicc.otpk = undefined;
    const other = await postEs9(smdp.url, 'getBoundProfilePackage', {
      transactionId,
      prepareDownloadResponse: euicc.prepareDownload(response.body),
    });
    expectRspFailure(other, 'bppNotAvailable');
  });
});

describe('cancelSession (SGP.22 5.6.5)', () => {
  it('ends the session after a verified cancellation', async () => {
    const euicc = new ScriptedEuicc();
    const { transactionId, response } = await authenticated(euicc);
    expectRspSuccess(response);
    const cancel = await postEs9(smdp.url, 'cancelSession', {
      transactionId,
      cancelSessionResponse: euicc.cancelSession(transactionId, smdp.context.pki.smdpOid, 1),
    });
    expectRspSuccess(cancel);
    const after = await postEs9(smdp.url, 'getBoundProfilePackage', {
      transactionId,
      prepareDownloadResponse: euicc.prepareDownload(response.body),
    });
    expectRspFailure(after, 'transactionIdUnknown');
  });

  it('refuses a cancellation naming another SM-DP+', async () => {
    const euicc = new ScriptedEuicc();
    const { transactionId } = await authenticated(euicc);
    const cancel = await postEs9(smdp.url, 'cancelSession', {
      transactionId,
      cancelSessionResponse: euicc.cancelSession(transactionId, '2.999.99', 0),
    });
    expectRspFailure(cancel, 'smdpOidInvalid');
  });
});
