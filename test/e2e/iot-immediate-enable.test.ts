import { describe, expect, it } from 'vitest';
import {
  ConfigureImmediateProfileEnablingRequest,
  ConfigureImmediateProfileEnablingResponse,
} from '../../src/asn1/sgp32/index.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { IotEs10Client } from '../../src/ipa/es10-iot-client.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { smdpWithOrders } from '../helpers/eim-harness.ts';
import { RecordingEs9Client } from '../helpers/recording-es9-client.ts';

/**
 * An IoT eUICC downloads a profile from our SM-DP+ over real HTTPS, then ImmediateEnable (SGP.32 5.9.15)
 * enables the profile that download installed — only when immediate enabling is configured, and once.
 */
const lab = smdpWithOrders('IOT-IMMEDIATE', 600);

async function download(euicc: EuiccEmulator) {
  const { activationCode } = await lab.order();
  const es9 = new RecordingEs9Client(lab.smdp.address, { ca: lab.smdp.caPem });
  try {
    await downloadProfile({ activationCode: `LPA:${activationCode}`, euicc, es9Client: es9 });
  } finally {
    es9.close();
  }
}

describe('ImmediateEnable after a download on an IoT eUICC', () => {
  it('is not available until configured, then enables the downloaded profile once', async () => {
    const euicc = await EuiccEmulator.create({ iot: true });
    const ipa = new IotEs10Client(new Es10Client(euicc));
    await download(euicc);
    expect((await ipa.immediateEnable()).value).toEqual({ immediateEnableResult: 1 }); // immediateEnableNotAvailable
    const configured = ConfigureImmediateProfileEnablingResponse.decode(
      await ipa.es10.storeData(
        ConfigureImmediateProfileEnablingRequest.encode({ immediateEnableFlag: null }),
      ),
    );
    expect(configured).toEqual({ configImmediateEnableResult: 0 });
    await download(euicc);
    const second = euicc.profiles[1]!;
    expect((await ipa.immediateEnable()).value).toEqual({ immediateEnableResult: 0 });
    expect(euicc.profiles.filter((p) => p.state === 'enabled').map((p) => p.iccid)).toEqual([second.iccid]);
    expect((await ipa.immediateEnable()).value).toEqual({ immediateEnableResult: 4 }); // noSessionContext
  });
});
