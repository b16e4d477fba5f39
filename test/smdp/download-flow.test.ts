import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BoundProfilePackage,
  type BoundProfilePackage as BoundProfilePackageValue,
  CancelSessionReasons,
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

/** The eUICC's side of a BPP without a profile policy key: session keys from its one-time key, segments in order. */
function openBpp(euicc: ScriptedEuicc, bpp: BoundProfilePackageValue) {
  const iscr = bpp.initialiseSecureChannelRequest;
  const keys = deriveSessionKeys({
    sharedSecret: euicc.otpk!.agree(iscr.smdpOtpk),
    keyType: iscr.controlRefTemplate.keyType,
    keyLength: iscr.controlRefTemplate.keyLen,
    hostId: iscr.controlRefTemplate.hostId,
    eid: Buffer.from(euicc.eid, 'hex'),
  });
  const bsp = new Scp03t(keys);
  // Each element of the BPP's sequences is one protected segment; its header is its tag and length.
  const open = (tag: number, segments: Buffer[]) =>
    Buffer.concat(
      segments.map((value) =>
        bsp.unwrap(tag, Buffer.concat([Buffer.from([tag]), lengthBytes(value.length)]), value),
      ),
    );
  const configureIsdp = open(0x87, bpp.firstSequenceOf87);
  const storeMetadata = open(0x88, bpp.sequenceOf88);
  return { configureIsdp, storeMetadata, profile: open(0x86, bpp.sequenceOf86) };
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
    const { configureIsdp, storeMetadata, profile } = openBpp(euicc, bpp);
    expect(ConfigureISDPRequest.decode(configureIsdp).dpProprietaryData?.dpOid).toBe('2.999.10');
    expect(storeMetadata).toEqual(Buffer.from(response.body.profileMetadata, 'base64'));
    expect(bpp.secondSequenceOf87).toBeUndefined();
    expect(profile).toEqual(upp);
    // SGP.22 2.5.5: each segment, tag and length included, is at most 1020 bytes.
    for (const segments of [bpp.sequenceOf86, bpp.sequenceOf88]) {
      expect(segments.every((segment) => segment.length + 4 <= 1020)).toBe(true);
    }
  });
});

describe('authenticateClient checks (SGP.22 5.6.3)', () => {
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

describe('getBoundProfilePackage checks (SGP.22 5.6.2)', () => {
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

describe('an order bound in an earlier session (SGP.22 5.6.3 bppEuiccOtpk, 5.6.2)', () => {
  const order = async (id: string, n: number, confirmationCode?: string) => {
    const own = uppWithIccid(upp, n);
    const record = profileRecordFrom(
      { id, matchingId: id, upp: '', ...(confirmationCode ? { confirmationCode } : {}) },
      own,
      smdp.address,
      { ccMaxAttempts: 3 },
    );
    await smdp.context.profiles.add(record, own);
  };
  /** One new session up to authenticateClient, then getBoundProfilePackage with the eUICC's current key. */
  const session = async (euicc: ScriptedEuicc, matchingId: string, confirmationCode?: string) => {
    const { transactionId, response } = await authenticated(euicc, matchingId);
    expectRspSuccess(response);
    const smdpSigned2 = SmdpSigned2.decode(Buffer.from(response.body.smdpSigned2, 'base64'));
    const bound = await postEs9(smdp.url, 'getBoundProfilePackage', {
      transactionId,
      prepareDownloadResponse: euicc.prepareDownload(response.body, confirmationCode),
    });
    return { transactionId, smdpSigned2, bound, otpk: euicc.otpk!.publicPoint };
  };
  const bppOf = (bound: { body: any }) =>
    BoundProfilePackage.decode(Buffer.from(bound.body.boundProfilePackage, 'base64'));

  it('binds afresh to a new one-time key, and names that key to the next retry', async () => {
    await order('BIND-FRESH', 62);
    const euicc = new ScriptedEuicc('P-256', { fresh: true });
    const first = await session(euicc, 'BIND-FRESH');
    expectRspSuccess(first.bound);
    expect(first.smdpSigned2.bppEuiccOtpk).toBeUndefined();
    // The eUICC lost its one-time key: it answers the retry with a new one.
    euicc.otpk = undefined;
    const second = await session(euicc, 'BIND-FRESH');
    expect(second.smdpSigned2.bppEuiccOtpk).toEqual(first.otpk);
    expect(second.otpk).not.toEqual(first.otpk);
    expectRspSuccess(second.bound);
    const [lost, fresh] = [bppOf(first.bound), bppOf(second.bound)];
    expect(fresh.initialiseSecureChannelRequest.smdpOtpk).not.toEqual(
      lost.initialiseSecureChannelRequest.smdpOtpk,
    );
    expect(fresh.sequenceOf86).not.toEqual(lost.sequenceOf86);
    // The new binding opens with the new key's session keys, and replaced the earlier one.
    expect(openBpp(euicc, fresh).profile).toEqual(uppWithIccid(upp, 62));
    expect(await smdp.context.bindings.get('BIND-FRESH')).toMatchObject({ euiccOtpk: second.otpk });
    const third = await session(euicc, 'BIND-FRESH');
    expect(third.smdpSigned2.bppEuiccOtpk).toEqual(second.otpk);
    expect(bppOf(third.bound).sequenceOf86).toEqual(fresh.sequenceOf86);
  });

  it('offers no earlier binding once a cancellation has released the order', async () => {
    await order('BIND-CANCELLED', 64);
    const euicc = new ScriptedEuicc('P-256', { fresh: true });
    const first = await session(euicc, 'BIND-CANCELLED');
    expectRspSuccess(first.bound);
    const cancelled = await postEs9(smdp.url, 'cancelSession', {
      transactionId: first.transactionId,
      cancelSessionResponse: euicc.cancelSession(
        first.transactionId,
        smdp.context.pki.smdpOid,
        CancelSessionReasons.postponed,
      ),
    });
    expectRspSuccess(cancelled);
    expect(await smdp.context.profiles.get('BIND-CANCELLED')).toMatchObject({ state: 'released' });
    // Same eUICC, same key: the order is bound again from scratch, with a fresh one-time key of the SM-DP+.
    const again = await session(euicc, 'BIND-CANCELLED');
    expect(again.smdpSigned2.bppEuiccOtpk).toBeUndefined();
    expectRspSuccess(again.bound);
    expect(bppOf(again.bound).initialiseSecureChannelRequest.smdpOtpk).not.toEqual(
      bppOf(first.bound).initialiseSecureChannelRequest.smdpOtpk,
    );
  });

  it('checks the confirmation code of the new session before it serves the earlier binding', async () => {
    await order('BIND-CC', 63, '1122');
    const euicc = new ScriptedEuicc('P-256', { fresh: true });
    const first = await session(euicc, 'BIND-CC', '1122');
    expectRspSuccess(first.bound);
    const wrong = await session(euicc, 'BIND-CC', '0000');
    expect(wrong.smdpSigned2).toMatchObject({ ccRequiredFlag: true, bppEuiccOtpk: first.otpk });
    expectRspFailure(wrong.bound, 'confirmationCodeRefused');
    expect(await smdp.context.profiles.get('BIND-CC')).toMatchObject({
      state: 'downloaded',
      ccFailedAttempts: 1,
    });
    const right = await session(euicc, 'BIND-CC', '1122');
    expectRspSuccess(right.bound);
    const { initialiseSecureChannelRequest: iscr, ...segments } = bppOf(right.bound);
    const { initialiseSecureChannelRequest: lostIscr, ...lostSegments } = bppOf(first.bound);
    expect(iscr.transactionId.toString('hex').toUpperCase()).toBe(right.transactionId);
    expect(iscr.smdpOtpk).toEqual(lostIscr.smdpOtpk);
    expect(segments).toEqual(lostSegments);
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
