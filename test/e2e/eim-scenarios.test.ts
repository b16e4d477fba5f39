import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derOf } from '../../src/asn1/schema.ts';
import { EsipaMessageFromEimToIpa, EuiccPackageSigned } from '../../src/asn1/sgp32/index.ts';
import { ecdsaVerify } from '../../src/crypto/ecdsa.ts';
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
});
