import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddInitialEimRequest } from '../../src/asn1/sgp32/index.ts';
import type { RunningEim } from '../../src/eim/start.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { runIpa } from '../../src/ipa/ipa-run.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { startTestEim } from '../helpers/eim-harness.ts';

/**
 * End to end on loopback, the eIM and the IPA as a user runs them (SGP.32): `rspsim eim start`'s server, our
 * built-in IPA, the IoT software eUICC, over real HTTPS in the ESipa ASN.1 binding. Both curves of the eUICC
 * and of the eIM's key.
 */
describe.each(['P-256', 'brainpoolP256r1'] as const)('eIM + IPA + IoT eUICC on %s', (curve) => {
  let eim: RunningEim;
  beforeAll(async () => {
    eim = await startTestEim({ eimCurve: curve });
  });
  afterAll(async () => {
    await eim?.close();
  });

  /** An IoT eUICC with this eIM installed as a device maker would (AddInitialEim, the eUICC assigning the token). */
  async function card(): Promise<EuiccEmulator> {
    const euicc = await EuiccEmulator.create({ curve, iot: true });
    const es10 = new Es10Client(euicc);
    await es10.storeData(
      AddInitialEimRequest.encode({
        eimConfigurationDataList: [
          {
            eimId: eim.context.identity.eimId,
            eimFqdn: eim.address,
            associationToken: -1,
            eimPublicKeyData: {
              eimPublicKey: eim.context.identity.publicKey.export({ type: 'spki', format: 'der' }),
            },
          },
        ],
      }),
    );
    await es10.close();
    return euicc;
  }

  it('polls the eIM with nothing queued: one cycle that ends noEimPackageAvailable', async () => {
    const euicc = await card();
    const exchanges: string[] = [];
    const report = await runIpa(euicc, {
      caPem: eim.caPem,
      once: true,
      onExchange: (exchange) => exchanges.push(`${exchange.functionName} ${exchange.status}`),
    });
    expect(report).toMatchObject({ eid: euicc.eid, eimFqdn: eim.address, pending: [] });
    expect(report.cycles[0]?.ended).toBe('noEimPackageAvailable');
    expect(exchanges).toEqual(['getEimPackage 200']);
  });
});
