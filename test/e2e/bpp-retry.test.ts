import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoundProfilePackage, PrepareDownloadResponse, SmdpSigned2 } from '../../src/asn1/rsp/index.ts';
import { ecdsaVerify } from '../../src/crypto/ecdsa.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import type { Es9FunctionName, Es9Request, Es9Response } from '../../src/protocol/es9-functions.ts';
import { initialiseSecureChannelInput } from '../../src/protocol/signed-data.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { RecordingEs9Client } from '../helpers/recording-es9-client.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testStores } from '../helpers/test-stores.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/**
 * SGP.22 3.1.3.2 / 5.6.3 / 5.6.2 / 5.7.5: the getBoundProfilePackage answer is lost with the connection; the
 * device starts a NEW RSP session for the same order. The SM-DP+ names the one-time key of its binding
 * (bppEuiccOtpk), the eUICC (which kept that otSK across the sessions, in its state file) answers with it,
 * and gets the same protected BPP, which it installs: the same session keys on both sides.
 */
const base = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));
const orders = [
  ['RETRY-KEYS', {}],
  ['RETRY-CC', { confirmationCode: '2468' }],
  ['RETRY-PPK', { ppk: true }],
  ['RETRY-PPK-CC', { ppk: true, confirmationCode: '1357' }],
] as const;
const uppOf = (i: number) => uppWithIccid(base, 81 + i);

async function startWithOrders(store: string): Promise<RunningSmdp> {
  const smdp = await startTestSmdp({ store });
  for (const [i, [id, options]] of orders.entries()) {
    const upp = uppOf(i);
    const record = profileRecordFrom(
      {
        id,
        matchingId: id,
        upp: '',
        ...('confirmationCode' in options ? { confirmationCode: options.confirmationCode } : {}),
      },
      upp,
      smdp.address,
      { ccMaxAttempts: 3 },
    );
    const ppk =
      'ppk' in options
        ? { ppkEnc: randomBytes(16), ppkCmac: randomBytes(16), initialMacChainingValue: randomBytes(16) }
        : undefined;
    await smdp.context.profiles.add(ppk ? { ...record, ppk } : record, upp);
  }
  return smdp;
}

/** An ES9+ client whose getBoundProfilePackage answer never arrives: the connection is gone from then on. */
class LosingEs9Client extends RecordingEs9Client {
  #lost = false;
  override async call<F extends Es9FunctionName>(
    functionName: F,
    body: Es9Request<F>,
  ): Promise<Es9Response<F> | undefined> {
    if (this.#lost) throw new Error('connection lost');
    const answer = await super.call(functionName, body);
    if (functionName === 'getBoundProfilePackage') {
      this.#lost = true;
      throw new Error('connection lost');
    }
    return answer;
  }
}

const b64 = (value: unknown) => Buffer.from(String(value), 'base64');
const euiccOtpkOf = (client: RecordingEs9Client) => {
  const request = client.calls.find((c) => c.fn === 'getBoundProfilePackage')!.request;
  const response = PrepareDownloadResponse.decode(b64(request.prepareDownloadResponse));
  if (!('downloadResponseOk' in response)) throw new Error('PrepareDownload failed');
  return response.downloadResponseOk.euiccSigned2.euiccOtpk;
};
const bppOf = (client: RecordingEs9Client) =>
  BoundProfilePackage.decode(b64(client.answerOf('getBoundProfilePackage')!.boundProfilePackage));
const stateFile = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { oneTimeKey?: unknown };

describe.each(testStores('bppretry'))('a lost BPP retried in a new session, %s store', (_, storeUrl) => {
  let smdp: RunningSmdp;
  beforeAll(async () => {
    smdp = await startWithOrders(storeUrl());
  });
  afterAll(async () => {
    await smdp?.close();
  });
  const profiles = () => smdp.context.profiles;

  it.each(orders.map(([id, options], i) => [id, options, i] as const))(
    '%s: reuses the binding: same one-time keys, same protected segments, installed',
    async (matchingId, options, i) => {
      const file = join(tempDir('bpp-retry'), 'euicc.json');
      const activationCode = `LPA:1$${smdp.address}$${matchingId}`;
      const confirmationCode = 'confirmationCode' in options ? options.confirmationCode : undefined;
      const cc = confirmationCode ? { confirmationCode } : {};
      const es9 = { ca: smdp.caPem };

      const first = new LosingEs9Client(smdp.address, es9);
      const euicc = await EuiccEmulator.create({ file });
      await expect(downloadProfile({ activationCode, euicc, es9Client: first, ...cc })).rejects.toThrow(
        'connection lost',
      );
      first.close();
      const otpk = euiccOtpkOf(first);
      const lost = bppOf(first);
      // The first session bound the order to this eUICC; the eUICC kept its one-time key in its state file.
      expect(await profiles().get(matchingId)).toMatchObject({ state: 'downloaded', eid: euicc.eid });
      expect(await smdp.context.bindings.get(matchingId)).toMatchObject({ eid: euicc.eid, euiccOtpk: otpk });
      expect(stateFile(file).oneTimeKey).toMatchObject({ publicPoint: otpk.toString('hex') });
      expect(euicc.profiles).toHaveLength(0);

      // A new session, after a power cycle of the eUICC.
      const reopened = await EuiccEmulator.open(file);
      const second = new RecordingEs9Client(smdp.address, es9);
      const result = await downloadProfile({ activationCode, euicc: reopened, es9Client: second, ...cc });
      second.close();
      expect(second.transactionId).not.toBe(first.transactionId);
      // authenticateClient names the earlier key in the signed smdpSigned2; the eUICC answers with it.
      const smdpSigned2 = SmdpSigned2.decode(b64(second.answerOf('authenticateClient')!.smdpSigned2));
      expect(smdpSigned2).toMatchObject({
        ccRequiredFlag: confirmationCode !== undefined,
        bppEuiccOtpk: otpk,
      });
      expect(euiccOtpkOf(second)).toEqual(otpk);
      // The same BPP: otPK.DP.ECKA, hostId (so the session keys) and every protected segment unchanged;
      // only the InitialiseSecureChannelRequest names the new transactionId, signed again.
      const served = bppOf(second);
      const iscr = served.initialiseSecureChannelRequest;
      expect(iscr.transactionId.toString('hex').toUpperCase()).toBe(second.transactionId);
      expect(iscr.smdpOtpk).toEqual(lost.initialiseSecureChannelRequest.smdpOtpk);
      expect(iscr.controlRefTemplate).toEqual(lost.initialiseSecureChannelRequest.controlRefTemplate);
      const { initialiseSecureChannelRequest: _a, ...servedSegments } = served;
      const { initialiseSecureChannelRequest: _b, ...lostSegments } = lost;
      expect(servedSegments).toEqual(lostSegments);
      expect(served.secondSequenceOf87 !== undefined).toBe('ppk' in options);
      const dpPb = parseCertificate(b64(second.answerOf('authenticateClient')!.smdpCertificate));
      expect(ecdsaVerify(dpPb.publicKey, initialiseSecureChannelInput(iscr, otpk), iscr.smdpSign)).toBe(true);
      // The eUICC opened it with the session keys of the first session and installed the profile.
      expect(result.success).toBe(true);
      expect(reopened.installedProfileElements(result.iccid.toString('hex'))).toEqual(uppOf(i));
      // The order has ended: no binding left on the SM-DP+, no one-time key left on the eUICC.
      expect(await profiles().get(matchingId)).toMatchObject({ state: 'installed', eid: euicc.eid });
      expect(await smdp.context.bindings.get(matchingId)).toBeUndefined();
      expect(stateFile(file).oneTimeKey).toBeUndefined();
    },
  );
});
