import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eimConfigurationData, GetEimPackageRequest } from '../../src/asn1/sgp32/index.ts';
import { generateEcKeyPair } from '../../src/crypto/curve.ts';
import type { JsonValue } from '../../src/eim/eim-repository.ts';
import type { RunningEim } from '../../src/eim/start.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { type IpaRunOptions, runIpa } from '../../src/ipa/ipa-run.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { eimOperator, runEimOrder, smdpWithOrders, startTestEim } from '../helpers/eim-harness.ts';

/**
 * End to end on loopback, as a user runs the IoT roles (SGP.32): `rspsim eim start`'s eIM, our SM-DP+, the
 * built-in IPA and the IoT software eUICC over real HTTPS, both curves (eUICC and eIM key). Work is queued through
 * the eIM's operator API (onomondo-eim's REST API, as a user's script), the IPA polls once per step
 * (`--once`), and each order's outcome is read back from the eIM: an indirect download, enable / disable /
 * delete / listProfileInfo PSMOs, addEim / listEim / deleteEim eCOs, a rollback after a failed enable (the
 * connectivity check says no), a fallback, and a replayed package refused with the eUICC's replayError.
 */
describe.each(['P-256', 'brainpoolP256r1'] as const)('eIM + SM-DP+ + IPA + IoT eUICC on %s', (curve) => {
  const lab = smdpWithOrders(`IOT-E2E-${curve}`, curve === 'P-256' ? 800 : 900);
  let eim: RunningEim;
  let euicc: EuiccEmulator;
  const iccids: string[] = [];

  beforeAll(async () => {
    eim = await startTestEim({ eimCurve: curve });
    euicc = await EuiccEmulator.create({ curve, iot: true });
    // the device maker installs the eIM as its info page (GET /) gives it (the eUICC assigns token 1)
    const { body: facts } = await operator('/');
    const es10 = new Es10Client(euicc);
    await es10.storeData(Buffer.from(String(facts.addInitialEimRequest), 'hex'));
    await es10.close();
  });
  afterAll(async () => {
    await eim?.close();
  });

  /** The eIM's operator API, as a user's script calls it. */
  const operator = (path: string, body?: unknown) => eimOperator(eim)(path, body);

  /** One order created at the eIM, one poll cycle of the IPA, the order's lookup afterwards. */
  const run = (facility: string, order: JsonValue, options: IpaRunOptions = {}) =>
    runEimOrder(eim, euicc, facility, order, { es9: { ca: lab.smdp.caPem }, ...options });

  const enabledIccid = () => euicc.profiles.find((p) => p.state === 'enabled')?.iccid;

  it('the eIM learns CERT.EUICC from a data request', async () => {
    const { status, outcome } = await run('edr', { edr: { tagList: 'A5A6' } });
    expect(status).toBe('done');
    expect(JSON.stringify(outcome)).toContain('euiccCertificate');
  });

  // Indirect: the eIM's configuration carries indirectProfileDownload, so the IPA downloads through it and the
  // eIM relays ES9+ to our SM-DP+ (SGP.32 3.2.3.2).
  it("downloads three profiles indirectly on the eIM's download triggers", async () => {
    for (let i = 0; i < 3; i++) {
      const { activationCode } = await lab.order();
      const { report, status, outcome } = await run('download', { download: { activationCode } });
      expect(report.downloadMode).toBe('indirect');
      expect(report.cycles[0]?.items[0]).toMatchObject({
        kind: 'profileDownloadTrigger',
        mode: 'indirect',
        installed: true,
      });
      // the PIR relayed by the eIM to the SM-DP+ records the installation as the order's outcome
      expect(status).toBe('done');
      expect(JSON.stringify(outcome)).toContain('successResult');
      const installed = euicc.profiles.at(-1)?.iccid;
      if (!installed) throw new Error('nothing installed');
      iccids.push(installed);
    }
    expect(euicc.profiles).toHaveLength(3);
  });

  it('runs enable, listProfileInfo, disable and delete PSMOs', async () => {
    const [first, second, third] = iccids;
    if (!first || !second || !third) throw new Error('no profiles');
    const enabled = await run('psmo', { psmo: [{ enable: { iccid: first, rollback: false } }] });
    expect(enabled.outcome).toEqual([{ enableResult: 'ok' }]);
    expect(enabledIccid()).toBe(first);
    const listed = await run('psmo', { psmo: [{ listProfileInfo: {} }] });
    expect(JSON.stringify(listed.outcome)).toContain('"finalResult":"successResult"');
    expect(JSON.stringify(listed.outcome).match(/"profileState"/g)).toHaveLength(3);
    const disabled = await run('psmo', { psmo: [{ disable: { iccid: first } }] });
    expect(disabled.outcome).toEqual([{ disableResult: 'ok' }]);
    const deleted = await run('psmo', { psmo: [{ delete: { iccid: first } }] });
    expect(deleted.outcome).toEqual([{ deleteResult: 'ok' }]);
    expect(euicc.profiles.map((p) => p.iccid)).toEqual([second, third]);
    // the one left enabled for the steps below
    expect((await run('psmo', { psmo: [{ enable: { iccid: second, rollback: false } }] })).outcome).toEqual([
      { enableResult: 'ok' },
    ]);
  });

  it('runs addEim, listEim and deleteEim eCOs', async () => {
    const other = eimConfigurationData().encode({
      eimId: 'second-eim.example',
      eimFqdn: 'second-eim.example:8445',
      counterValue: 0,
      associationToken: -1,
      eimPublicKeyData: {
        eimPublicKey: generateEcKeyPair(curve).publicKey.export({ type: 'spki', format: 'der' }),
      },
    });
    const added = await run('eco', { eco: [{ addEim: { eimConfigurationData: other.toString('hex') } }] });
    expect(added.outcome).toEqual([{ addEimResult: { addEimResultCode: 'ok', associationToken: 2 } }]);
    const listed = await run('eco', { eco: [{ listEim: {} }] });
    expect(JSON.stringify(listed.outcome)).toContain('second-eim.example');
    const deleted = await run('eco', { eco: [{ deleteEim: { eimId: 'second-eim.example' } }] });
    expect(deleted.outcome).toEqual([{ deleteEimResult: 'ok' }]);
    expect(euicc.iot?.eims).toHaveLength(1);
  });

  /** The profiles left after the PSMOs: the enabled one and the one the next steps switch to. */
  const remaining = () => {
    const [, second, third] = iccids;
    if (!second || !third) throw new Error('no profiles');
    return { second, third };
  };

  it('rolls back an enable whose profile gives no connectivity, and the eIM records the rollback', async () => {
    const { second, third } = remaining();
    const { status, outcome, report } = await run(
      'psmo',
      { psmo: [{ enable: { iccid: third, rollback: true } }] },
      { connectivityCheck: async (iccid) => iccid.toString('hex') !== third },
    );
    expect(report.cycles[0]?.items[0]).toMatchObject({ kind: 'euiccPackage', rolledBack: true });
    expect(status).toBe('done');
    expect(outcome).toEqual([{ enableResult: 'ok' }, { rollbackResult: 'ok' }]);
    expect(enabledIccid()).toBe(second);
  });

  it('falls back to the Fallback Profile when the enabled one gives no connectivity, and says so at the next poll', async () => {
    const { second, third } = remaining();
    const marked = await run('psmo', { psmo: [{ setFallbackAttribute: { iccid: third } }] });
    expect(marked.outcome).toEqual([{ setFallbackAttributeResult: 'ok' }]);
    const polls: Buffer[] = [];
    await runIpa(euicc, {
      caPem: eim.caPem,
      once: true,
      connectivityCheck: async (iccid) => iccid.toString('hex') !== second,
      onExchange: (exchange) => {
        if (exchange.functionName === 'getEimPackage') polls.push(exchange.request);
      },
    });
    expect(enabledIccid()).toBe(third);
    expect(GetEimPackageRequest.decode(polls[0] ?? Buffer.alloc(0))).toMatchObject({
      notifyStateChange: null,
      stateChangeCause: 1,
    });
  });

  it("refuses a replayed package: the eUICC's replayError is recorded at the eIM", async () => {
    // the eIM's counter set back (onomondo-eim's euicc facility): its next package repeats a counterValue
    const reset = await run('euicc', { euicc: [{ counterValue: 1 }] });
    expect(reset.status).toBe('done');
    const replayed = await run('psmo', { psmo: [{ listProfileInfo: {} }] });
    expect(replayed.status).toBe('done');
    expect(replayed.outcome).toEqual([{ euiccPackageErrorCode: 'replayError' }]);
  });
});
