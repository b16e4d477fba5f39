import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigureImmediateProfileEnablingRequest,
  ConfigureImmediateProfileEnablingResponse,
} from '../../src/asn1/sgp32/index.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { IotEs10Client } from '../../src/ipa/es10-iot-client.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { RecordingEs9Client } from '../helpers/recording-es9-client.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/**
 * An IoT eUICC downloads a profile from our SM-DP+ over real HTTPS, then ImmediateEnable (SGP.32 5.9.15)
 * enables the profile that download installed — only when immediate enabling is configured, and once.
 */
const upp = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));
const profiles = new MemoryProfileRepository();
let smdp: RunningSmdp;
let orders = 0;

beforeAll(async () => {
  smdp = await startTestSmdp({}, { profiles });
});
afterAll(async () => {
  await smdp?.close();
});

async function download(euicc: EuiccEmulator) {
  const matchingId = `IOT-IMMEDIATE-${++orders}`;
  const own = uppWithIccid(upp, 600 + orders);
  await profiles.add(
    profileRecordFrom({ matchingId, upp: '' }, own, smdp.address, { ccMaxAttempts: 3 }),
    own,
  );
  const es9 = new RecordingEs9Client(smdp.address, { ca: smdp.caPem });
  try {
    await downloadProfile({ activationCode: `LPA:1$${smdp.address}$${matchingId}`, euicc, es9Client: es9 });
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
