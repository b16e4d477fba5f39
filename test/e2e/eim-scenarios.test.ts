import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asn1DecodeError } from '../../src/asn1/decode-error.ts';
import { derOf } from '../../src/asn1/schema.ts';
import {
  EsipaMessageFromEimToIpa,
  EuiccPackageSigned,
  ProvideEimPackageResult,
} from '../../src/asn1/sgp32/index.ts';
import { readChildren, readTlv } from '../../src/asn1/tlv.ts';
import { ecdsaVerify } from '../../src/crypto/ecdsa.ts';
import type { JsonValue } from '../../src/eim/eim-repository.ts';
import type { RunningEim } from '../../src/eim/start.ts';
import type { EuiccEmulator } from '../../src/euicc/emulator.ts';
import type { EsipaExchange } from '../../src/ipa/esipa-client.ts';
import { eimPackageSignatureInput } from '../../src/protocol/eim-signed-data.ts';
import { eimOperator, iotCardOfEim, runEimOrder, startTestEim } from '../helpers/eim-harness.ts';
import { httpsJson } from '../helpers/https-json.ts';

/**
 * The eIM's test-lab scenarios end to end on loopback HTTPS, both curves: armed through the eIM's admin API,
 * the next package the built-in IPA fetches is spoilt as the scenario says, the IoT software eUICC refuses it
 * (SGP.32 5.9.1) and the eIM records the eUICC's error as the order's outcome; the package after it is normal.
 */
describe.each(['P-256', 'brainpoolP256r1'] as const)('eIM scenarios on %s', (curve) => {
  let eim: RunningEim;
  let euicc: EuiccEmulator;
  const operator = (path: string, body?: unknown, method?: string) => eimOperator(eim)(path, body, method);
  const listProfiles = { psmo: [{ listProfileInfo: {} }] };

  beforeAll(async () => {
    eim = await startTestEim({ eimCurve: curve });
    euicc = await iotCardOfEim(eim, curve);
    // the eIM verifies a signed refusal (replayError) with CERT.EUICC, which a data request teaches it
    const learnt = await runEimOrder(eim, euicc, 'edr', { edr: { tagList: 'A5A6' } });
    expect(learnt.status).toBe('done');
  });
  afterAll(async () => {
    await eim?.close();
  });

  /** One listProfileInfo package through the IPA, with the EuiccPackageSigned and eimSignature it was given. */
  async function runPackage() {
    const answers: Buffer[] = [];
    const onExchange = (exchange: EsipaExchange) => {
      if (exchange.functionName === 'getEimPackage') answers.push(exchange.response);
    };
    const run = await runEimOrder(eim, euicc, 'psmo', listProfiles, { onExchange });
    const message = EsipaMessageFromEimToIpa.decode(answers[0] ?? Buffer.alloc(0));
    if (!('getEimPackageResponse' in message) || !('euiccPackageRequest' in message.getEimPackageResponse))
      throw new Error('no package fetched');
    const { euiccPackageSigned, eimSignature } = message.getEimPackageResponse.euiccPackageRequest;
    const signatureVerifies = ecdsaVerify(
      eim.context.identity.publicKey,
      eimPackageSignatureInput(derOf(euiccPackageSigned), 1),
      eimSignature,
    );
    const { counterValue } = EuiccPackageSigned.decode(derOf(euiccPackageSigned));
    return { ...run, counterValue, signatureVerifies };
  }

  it('lists the catalogue and refuses what it does not know, only with the admin token', async () => {
    const { status, body } = await operator('/scenarios');
    expect(status).toBe(200);
    expect(body.scenarios.map((s: { name: string }) => s.name)).toEqual([
      'eim-wrong-signature',
      'eim-stale-counter',
      'eim-malformed-signed-part',
      'eim-malformed-package',
      'eim-unknown-package',
      'eim-malformed-activation-code',
    ]);
    expect(body.armed).toEqual([]);
    expect((await operator('/scenarios/eim-no-such', {})).status).toBe(404);
    expect((await operator('/scenarios/eim-stale-counter', { eid: '89' })).status).toBe(400);
    const anonymous = await httpsJson(`${eim.url}/scenarios/eim-stale-counter`, {
      ca: eim.caPem,
      method: 'POST',
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
    expect((await operator('/scenarios')).body.armed).toEqual([]);
  });

  it("wrong eimSignature: the eUICC's unsigned error is the outcome, the next package runs", async () => {
    const normal = await runPackage();
    expect(normal.signatureVerifies).toBe(true);
    // armed for another eUICC: this one's package stays normal
    const other = '89049032000000000000000000000042';
    expect((await operator('/scenarios/eim-wrong-signature', { eid: other })).status).toBe(200);
    expect((await runPackage()).signatureVerifies).toBe(true);
    expect((await operator('/scenarios/eim-wrong-signature', undefined, 'DELETE')).body).toEqual({
      disarmed: 1,
    });

    const armed = await operator('/scenarios/eim-wrong-signature', { eid: euicc.eid.toLowerCase() });
    expect(armed.body).toEqual({ armed: { name: 'eim-wrong-signature', eid: euicc.eid.toUpperCase() } });
    const refused = await runPackage();
    expect(refused.signatureVerifies).toBe(false);
    expect(refused.status).toBe('done');
    // docs/sgp32-readings.md: a signature that does not verify → EuiccPackageErrorUnsigned with the token
    expect(refused.outcome).toEqual([{ euiccPackageErrorUnsigned: { associationToken: 1 } }]);
    expect((await operator('/scenarios')).body.armed).toEqual([]);

    const after = await runPackage();
    expect(after.signatureVerifies).toBe(true);
    expect(JSON.stringify(after.outcome)).toContain('"finalResult":"successResult"');
  });

  it('stale counterValue, armed for every eUICC: replayError is the outcome, the next package runs', async () => {
    const before = await runPackage();
    expect(JSON.stringify(before.outcome)).toContain('"finalResult":"successResult"');
    expect((await operator('/scenarios/eim-stale-counter', {})).body).toEqual({
      armed: { name: 'eim-stale-counter' },
    });
    const refused = await runPackage();
    // correctly signed, with a counterValue not above the one the eUICC accepted last
    expect(refused.signatureVerifies).toBe(true);
    expect(refused.counterValue).toBe(0);
    expect(before.counterValue).toBeGreaterThan(0);
    expect(refused.outcome).toEqual([{ euiccPackageErrorCode: 'replayError' }]);

    const after = await runPackage();
    expect(after.counterValue).toBeGreaterThan(before.counterValue);
    expect(JSON.stringify(after.outcome)).toContain('"finalResult":"successResult"');

    // right after a refused package (whose counter the eUICC never accepted) the stale one is still refused
    await operator('/scenarios/eim-wrong-signature', { eid: euicc.eid });
    await operator('/scenarios/eim-stale-counter', { eid: euicc.eid });
    expect((await runPackage()).outcome).toEqual([{ euiccPackageErrorUnsigned: { associationToken: 1 } }]);
    expect((await runPackage()).outcome).toEqual([{ euiccPackageErrorCode: 'replayError' }]);
    expect(JSON.stringify((await runPackage()).outcome)).toContain('"finalResult":"successResult"');
  });

  /** One order through the IPA, with the GetEimPackage answer and the ProvideEimPackageResult request as sent. */
  async function runWithBytes(facility: string, order: JsonValue) {
    const packages: Buffer[] = [];
    const results: Buffer[] = [];
    const onExchange = (exchange: EsipaExchange) => {
      if (exchange.functionName === 'getEimPackage') packages.push(exchange.response);
      if (exchange.functionName === 'provideEimPackageResult') results.push(exchange.request);
    };
    const run = await runEimOrder(eim, euicc, facility, order, { onExchange });
    const [answer, report] = [packages[0], results[0]];
    if (!answer || !report) throw new Error('no package fetched or no result reported');
    const reported = ProvideEimPackageResult.decode(report);
    return { ...run, answer, reported };
  }
  const reportedError = (reported: ProvideEimPackageResult) => {
    const result = reported.eimPackageResult;
    if (!('eimPackageResultResponseError' in result)) throw new Error('not an eimPackageResultResponseError');
    return result.eimPackageResultResponseError;
  };

  it('malformed signed part: the IPA passes it on, the eUICC refuses it, invalidPackageFormat is the outcome', async () => {
    const before = await runPackage();
    await operator('/scenarios/eim-malformed-signed-part', { eid: euicc.eid });
    // a data request is not a signed package: the scenario waits for the next psmo or eco order
    const data = await runWithBytes('edr', { edr: { tagList: 'A5' } });
    expect(EsipaMessageFromEimToIpa.decode(data.answer)).toMatchObject({
      getEimPackageResponse: { ipaEuiccDataRequest: { tagList: Buffer.from('A5', 'hex') } },
    });
    expect(data.outcome).not.toContainEqual({ eimPackageResultResponseError: 'invalidPackageFormat' });
    expect((await operator('/scenarios')).body.armed).toEqual([
      { name: 'eim-malformed-signed-part', eid: euicc.eid.toUpperCase() },
    ]);

    const refused = await runWithBytes('psmo', listProfiles);
    // an intact EuiccPackageRequest: BF4F { BF51 { 30 { 80 eimId, 5A EID, 81 counterValue, 82 id }, 5F37 } }
    const request = readTlv(readTlv(refused.answer, 0).value, 0);
    expect(request.tag).toBe(0xbf51);
    const [signedTlv, signatureTlv] = readChildren(request.value);
    if (!signedTlv || !signatureTlv) throw new Error('no EuiccPackageSigned and eimSignature');
    expect(readChildren(signedTlv.value).map((c) => c.tag)).toEqual([0x80, 0x5a, 0x81, 0x82]);
    expect(() => EuiccPackageSigned.decode(signedTlv.bytes)).toThrow(Asn1DecodeError);
    // signed correctly over the malformed bytes ‖ the association token
    expect(
      ecdsaVerify(
        eim.context.identity.publicKey,
        eimPackageSignatureInput(signedTlv.bytes, 1),
        signatureTlv.value,
      ),
    ).toBe(true);
    // the eUICC refused it (SW 6A80); the IPA echoes the eimTransactionId it signed
    expect(refused.report.cycles[0]?.items[0]).toMatchObject({
      kind: 'euiccPackage',
      refusedByEuicc: expect.stringContaining('6A80'),
    });
    const transactionId = readChildren(signedTlv.value).find((c) => c.tag === 0x82)?.value;
    expect(reportedError(refused.reported)).toEqual({
      eimTransactionId: transactionId,
      eimPackageResultErrorCode: 1,
    });
    expect(refused.reported.eidValue?.toString('hex').toUpperCase()).toBe(euicc.eid.toUpperCase());
    expect(refused.status).toBe('done');
    expect(refused.outcome).toEqual([{ eimPackageResultResponseError: 'invalidPackageFormat' }]);

    // the eUICC never accepted its counter; the next package runs
    const after = await runPackage();
    expect(after.counterValue).toBeGreaterThan(before.counterValue);
    expect(JSON.stringify(after.outcome)).toContain('"finalResult":"successResult"');
  });

  it('malformed package (download trigger): the IPA cannot delimit it and reports invalidPackageFormat', async () => {
    await operator('/scenarios/eim-malformed-package', {});
    // never read: the SM-DP+ of this activation code is never contacted
    const refused = await runWithBytes('download', { download: { activationCode: '1$smdp.invalid$NEVER' } });
    const inner = readTlv(refused.answer, 0).value;
    expect(inner.subarray(0, 2).toString('hex')).toBe('bf54');
    expect(() => readTlv(inner, 0)).toThrow(Asn1DecodeError);
    expect(reportedError(refused.reported)).toEqual({ eimPackageResultErrorCode: 1 });
    expect(refused.report.cycles[0]?.items[0]).toMatchObject({
      kind: 'unusablePackage',
      code: 'invalidPackageFormat',
    });
    expect(refused.status).toBe('done');
    expect(refused.outcome).toEqual([{ eimPackageResultResponseError: 'invalidPackageFormat' }]);
    expect(JSON.stringify((await runPackage()).outcome)).toContain('"finalResult":"successResult"');
  });

  it('unknown package (data request): the IPA reports unknownPackage', async () => {
    await operator('/scenarios/eim-unknown-package', { eid: euicc.eid });
    const refused = await runWithBytes('edr', { edr: { tagList: 'A5' } });
    expect(refused.answer.toString('hex')).toBe('bf4f03bf7f00');
    expect(reportedError(refused.reported)).toEqual({ eimPackageResultErrorCode: 2 });
    expect(refused.outcome).toEqual([{ eimPackageResultResponseError: 'unknownPackage' }]);
    const after = await runWithBytes('edr', { edr: { tagList: 'A5' } });
    // the next data request runs: CERT.EUM (A5) in onomondo-eim's euiccDataResult
    expect(after.outcome).toEqual([
      { euiccDataResult: { edrResult: 'ok', euiccData: { eumCertificate: expect.stringMatching(/^30/) } } },
    ]);
  });

  it("malformed activation code: the IPA reports invalidPackageFormat with the trigger's id, no download", async () => {
    await operator('/scenarios/eim-malformed-activation-code', { eid: euicc.eid });
    const refused = await runWithBytes('download', { download: { activationCode: '1$smdp.invalid$NEVER' } });
    const message = EsipaMessageFromEimToIpa.decode(refused.answer);
    if (
      !('getEimPackageResponse' in message) ||
      !('profileDownloadTriggerRequest' in message.getEimPackageResponse)
    )
      throw new Error('no download trigger');
    const trigger = message.getEimPackageResponse.profileDownloadTriggerRequest;
    expect(trigger.profileDownloadData).toEqual({ activationCode: '1$smdp.invalid' });
    expect(reportedError(refused.reported)).toEqual({
      eimTransactionId: trigger.eimTransactionId,
      eimPackageResultErrorCode: 1,
    });
    expect(refused.report.cycles[0]?.items[0]).toMatchObject({
      kind: 'profileDownloadTrigger',
      installed: false,
      error: expect.stringContaining('invalidPackageFormat'),
    });
    expect(refused.outcome).toEqual([{ eimPackageResultResponseError: 'invalidPackageFormat' }]);
  });
});
