import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StoreMetadataRequest } from '../../src/asn1/rsp/index.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { iccidFromDigits } from '../../src/profile/iccid.ts';
import { makeProfile } from '../../src/saip/make.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Issue 5, end to end: a profile made from a description is served by our SM-DP+, downloaded by the built-in
 * LPA over loopback HTTPS into the software eUICC, and what the eUICC decoded equals what went in.
 */
const description = JSON.parse(
  readFileSync(new URL('../../fixtures/profiles/made/op-operational.json', import.meta.url), 'utf8'),
);
const made = makeProfile(description);
const profiles = new MemoryProfileRepository();
let smdp: RunningSmdp;

beforeAll(async () => {
  smdp = await startTestSmdp({}, { profiles });
  const record = profileRecordFrom({ id: 'MADE', matchingId: 'MADE', upp: '' }, made.upp, smdp.address, {
    ccMaxAttempts: 3,
  });
  await profiles.add({ ...record, metadata: made.metadata }, made.upp);
});
afterAll(async () => {
  await smdp?.close();
});

it('downloads a made profile; the eUICC reads back its ICCID, IMSI, K and OPc', async () => {
  const euicc = await EuiccEmulator.create({ file: join(tempDir('saip'), 'euicc.json') });
  const result = await downloadProfile({
    activationCode: `LPA:1$${smdp.address}$MADE`,
    euicc,
    es9: { ca: smdp.caPem },
  });
  expect(result.success).toBe(true);
  const iccid = result.iccid.toString('hex');
  expect(iccid).toBe(iccidFromDigits(description.iccid).toString('hex'));
  expect(euicc.installedProfileElements(iccid)).toEqual(made.upp);
  expect(euicc.profileMetadata(iccid)).toMatchObject({
    profileName: description.profileName,
    serviceProviderName: description.serviceProviderName,
    profileClass: 2,
  });
  const content = euicc.installedProfileContent(iccid)!;
  expect(content.iccid).toBe(description.iccid);
  expect(content.efIccid).toBe(description.iccid);
  expect(content.imsis).toEqual([description.imsi]);
  expect(content.aka).toEqual([
    {
      algorithm: 'milenage',
      key: description.ki,
      // 3GPP TS 35.208 test set 1: OPc of this K and OP
      opc: 'CD63CB71954A9F4E48A5994E37A02BAF',
      algorithmOptions: '00',
    },
  ]);
});

it('serves the made demo profile of the catalogue (DEMO-MADE) with the StoreMetadata made beside it', async () => {
  const demo = await startTestSmdp();
  try {
    const made = new URL('../../fixtures/profiles/made/', import.meta.url);
    const milenage = JSON.parse(readFileSync(new URL('milenage-test.json', made), 'utf8'));
    const euicc = await EuiccEmulator.create();
    const result = await downloadProfile({
      activationCode: `LPA:1$${demo.address}$DEMO-MADE`,
      euicc,
      es9: { ca: demo.caPem },
    });
    expect(result.success).toBe(true);
    const iccid = result.iccid.toString('hex');
    expect(euicc.profileMetadata(iccid)).toEqual(
      StoreMetadataRequest.decode(readFileSync(new URL('milenage-test.metadata.der', made))),
    );
    expect(euicc.installedProfileContent(iccid)).toMatchObject({ imsis: [milenage.imsi] });
    expect(euicc.installedProfileContent(iccid)!.aka[0]).toMatchObject({
      key: milenage.ki,
      opc: milenage.opc,
    });
  } finally {
    await demo.close();
  }
});
