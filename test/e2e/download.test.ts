import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { swOf } from '../../src/apdu/status-words.ts';
import { ISD_R_AID } from '../../src/apdu/transport.ts';
import { ProfileInfoListResponse } from '../../src/asn1/rsp/index.ts';
import { FunctionFailedError } from '../../src/errors/client-errors.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { type DownloadStep, downloadProfile } from '../../src/lpa/download.ts';
import { Es10Client, Es10ResultError } from '../../src/lpa/es10-client.ts';
import { processNotifications } from '../../src/lpa/notifications.ts';
import { iccidToDigits } from '../../src/profile/iccid.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/**
 * The proof of issues 3 and 4: the built-in LPA drives the software eUICC (over APDUs) and our SM-DP+ (over
 * HTTPS on loopback) through complete downloads, then manages the profiles and returns the notifications.
 */
const upp = (name: string) => readFileSync(new URL(`../../fixtures/upp/${name}.der`, import.meta.url));
const profiles = new MemoryProfileRepository();
let smdp: RunningSmdp;

beforeAll(async () => {
  smdp = await startTestSmdp({}, { profiles });
  const add = (id: string, file: string, extra: Record<string, unknown> = {}) =>
    profiles.add(
      profileRecordFrom({ id, matchingId: id, upp: '', ...extra }, upp(file), smdp.address, {
        ccMaxAttempts: 3,
      }),
      upp(file),
    );
  add('E2E-NIST', 'TS48V2-SAIP2-1-BERTLV-UNIQUE');
  add('E2E-BRP', 'TS48V4-SAIP2-3-NOBERTLV-UNIQUE');
  add('E2E-CC', 'TS48V5-SAIP2-1A-NOBERTLV-UNIQUE', { confirmationCode: '4711' });
  add('E2E-MANAGE', 'TS48V5-SAIP2-3-BERTLV-SUCI-UNIQUE');
  const byAid = uppWithIccid(upp('TS48V5-SAIP2-3-BERTLV-SUCI-UNIQUE'), 78);
  await profiles.add(
    profileRecordFrom({ id: 'E2E-AID', matchingId: 'E2E-AID', upp: '' }, byAid, smdp.address, {
      ccMaxAttempts: 3,
    }),
    byAid,
  );
  const byClass = uppWithIccid(upp('TS48V5-SAIP2-3-BERTLV-SUCI-UNIQUE'), 79);
  await profiles.add(
    profileRecordFrom({ id: 'E2E-CLASS', matchingId: 'E2E-CLASS', upp: '' }, byClass, smdp.address, {
      ccMaxAttempts: 3,
    }),
    byClass,
  );
  const reject = uppWithIccid(upp('TS48V2-SAIP2-1-BERTLV-UNIQUE'), 77);
  await profiles.add(
    profileRecordFrom({ id: 'E2E-REJECT', matchingId: 'E2E-REJECT', upp: '' }, reject, smdp.address, {
      ccMaxAttempts: 3,
    }),
    reject,
  );
});
afterAll(async () => {
  await smdp?.close();
});

const ac = (matchingId: string) => `LPA:1$${smdp.address}$${matchingId}`;
const es9 = () => ({ ca: smdp.caPem });

describe.each([
  ['P-256', 'E2E-NIST', 'TS48V2-SAIP2-1-BERTLV-UNIQUE'],
  ['brainpoolP256r1', 'E2E-BRP', 'TS48V4-SAIP2-3-NOBERTLV-UNIQUE'],
] as const)('download on %s', (curve, matchingId, file) => {
  it('installs the profile the SM-DP+ bound, byte for byte, and reports each step', async () => {
    const dir = tempDir('e2e');
    const euicc = await EuiccEmulator.create({ file: join(dir, 'euicc.json'), curve });
    const steps: DownloadStep[] = [];
    const result = await downloadProfile({
      activationCode: ac(matchingId),
      euicc,
      es9: es9(),
      onProgress: (s) => steps.push(s),
    });
    expect(result.success).toBe(true);
    expect(steps).toEqual([
      'getEuiccInfo',
      'initiateAuthentication',
      'authenticateServer',
      'authenticateClient',
      'confirm',
      'prepareDownload',
      'getBoundProfilePackage',
      'loadBoundProfilePackage',
      'handleNotification',
    ]);
    const iccid = result.iccid.toString('hex');
    expect(euicc.installedProfileElements(iccid)).toEqual(upp(file));
    expect(euicc.profiles).toMatchObject([
      { iccid, state: 'disabled', isdpAid: result.isdpAid!.toString('hex').toUpperCase() },
    ]);
    // The install notification went to the SM-DP+ and was removed from the eUICC.
    expect(euicc.notifications).toHaveLength(0);
    expect((await profiles.get(matchingId))!.state).toBe('installed');
    // The state survives a restart of the emulator.
    const reopened = await EuiccEmulator.open(join(dir, 'euicc.json'));
    expect(reopened.eid).toBe(euicc.eid);
    expect(reopened.installedProfileElements(iccid)).toEqual(upp(file));
  });
});

describe('confirmation code', () => {
  it('refuses a wrong code, then a new attempt with the right code installs the profile', async () => {
    const euicc = await EuiccEmulator.create();
    const wrong = downloadProfile({
      activationCode: ac('E2E-CC'),
      euicc,
      es9: es9(),
      confirmationCode: '0000',
    });
    await expect(wrong).rejects.toMatchObject({ subjectCode: '8.2.7', reasonCode: '3.8' });
    await expect(wrong).rejects.toBeInstanceOf(FunctionFailedError);
    expect((await profiles.get('E2E-CC'))!.ccFailedAttempts).toBe(1);
    const missing = downloadProfile({ activationCode: ac('E2E-CC'), euicc, es9: es9() });
    await expect(missing).rejects.toThrow(/needs a confirmation code/);
    const right = await downloadProfile({
      activationCode: ac('E2E-CC'),
      euicc,
      es9: es9(),
      confirmationCode: '4711',
    });
    expect(right.success).toBe(true);
  });
});

describe('cancel', () => {
  it('a user who refuses the profile cancels on both sides, and the SM-DP+ marks the order', async () => {
    const euicc = await EuiccEmulator.create();
    const refused = downloadProfile({
      activationCode: ac('E2E-REJECT'),
      euicc,
      es9: es9(),
      confirm: () => false,
    });
    await expect(refused).rejects.toThrow(/refused the profile/);
    expect(euicc.profiles).toHaveLength(0);
    // Nothing was bound yet, so the profile stays released for another attempt.
    expect((await profiles.get('E2E-REJECT'))!.state).toBe('released');
    const sessions = await smdp.context.sessions.list(Date.now());
    expect(sessions.filter((s) => s.matchingId === 'E2E-REJECT')).toHaveLength(0);
  });
});

describe('profile management and notifications', () => {
  it('enables, disables, renames and deletes, and each operation notifies the SM-DP+', async () => {
    const euicc = await EuiccEmulator.create({ curve: 'brainpoolP256r1' });
    const { iccid } = await downloadProfile({ activationCode: ac('E2E-MANAGE'), euicc, es9: es9() });
    const es10 = new Es10Client(euicc);
    await es10.enableProfile(iccid);
    expect(euicc.profiles[0]!.state).toBe('enabled');
    await expect(es10.deleteProfile(iccid)).rejects.toThrow(
      new Es10ResultError('DeleteProfile', 'profileNotInDisabledState'),
    );
    await es10.setNickname(iccid, 'work');
    const [info] = await es10.listProfiles();
    expect(info).toMatchObject({ profileNickname: 'work', profileState: 1 });
    expect(iccidToDigits(info!.iccid!)).toBe((await profiles.get('E2E-MANAGE'))!.iccid);
    await es10.disableProfile(iccid);
    await es10.deleteProfile(iccid);
    expect(euicc.profiles).toHaveLength(0);
    const pending = await es10.listNotifications();
    expect(pending.map((n) => n.profileManagementOperation[0])).toEqual([
      'notificationEnable',
      'notificationDisable',
      'notificationDelete',
    ]);
    await es10.close();
    const before = smdp.context.notifications.received;
    const processed = await processNotifications(euicc, { es9: es9() });
    expect(processed.every((p) => p.delivered)).toBe(true);
    expect(smdp.context.notifications.since(before).map((n) => n.event)).toEqual([
      'notificationEnable',
      'notificationDisable',
      'notificationDelete',
    ]);
    expect(euicc.notifications).toHaveLength(0);
  });
});

describe('profiles addressed by their ISD-P AID (SGP.22 5.7.15-5.7.18, as lpac sends them)', () => {
  /** One STORE DATA (last block) on the basic channel, ISD-R selected; the answer's DER and status word. */
  const storeData = async (euicc: EuiccEmulator, der: string) => {
    const data = Buffer.from(der, 'hex');
    const answer = await euicc.transmit(
      Buffer.concat([Buffer.from([0x80, 0xe2, 0x91, 0x00, data.length]), data, Buffer.from([0x00])]),
    );
    return { der: answer.subarray(0, -2).toString('hex').toUpperCase(), sw: swOf(answer) };
  };

  it("answers lpac's GetProfilesInfo (BF2D00, no tag list) with each profile's class written out", async () => {
    const euicc = await EuiccEmulator.create();
    const { iccid } = await downloadProfile({ activationCode: ac('E2E-CLASS'), euicc, es9: es9() });
    await euicc.transmit(Buffer.from(`00A4040010${ISD_R_AID.toString('hex')}`, 'hex'));
    const listed = await storeData(euicc, 'bf2d00');
    expect(listed.sw).toBe(0x9000);
    // lpac reads an absent '95' as no class (null), not as the module's DEFAULT operational.
    expect(listed.der).toMatch(/950102(B6|B7|B8|99|$)/);
    expect(ProfileInfoListResponse.decode(Buffer.from(listed.der, 'hex'))).toMatchObject({
      profileInfoListOk: [{ iccid, profileClass: 2 }],
    });
    // A tag list without '95' leaves it out: BF2D { 5C 01 5A }.
    const onlyIccid = await storeData(euicc, 'bf2d035c015a');
    expect(ProfileInfoListResponse.decode(Buffer.from(onlyIccid.der, 'hex'))).toEqual({
      profileInfoListOk: [{ iccid }],
    });
  });

  it('finds, enables, disables and deletes a profile by AID from raw ES10 APDUs', async () => {
    const euicc = await EuiccEmulator.create();
    const { isdpAid, iccid } = await downloadProfile({ activationCode: ac('E2E-AID'), euicc, es9: es9() });
    // lpac prints and sends the AID in lower case; the emulator stores it in upper case.
    const aid = isdpAid!.toString('hex');
    expect(aid).toMatch(/^a0000005591010ffffffff89/);
    const unknown = `a0000005591010ffffffff8900007f00`;
    // SELECT ISD-R answers its FCI (src/euicc/isd-r-fci.ts) and 9000, which lpac takes (it checks SW1 90 or 61)
    expect(
      (await euicc.transmit(Buffer.from(`00A4040010${ISD_R_AID.toString('hex')}`, 'hex'))).toString('hex'),
    ).toMatch(/^6f[0-9a-f]+9000$/);
    // GetProfilesInfo with searchCriteria isdpAid: BF2D { A0 { 4F aid } }.
    const listed = await storeData(euicc, `bf2d14a0124f10${aid}`);
    expect(listed.sw).toBe(0x9000);
    const infos = ProfileInfoListResponse.decode(Buffer.from(listed.der, 'hex'));
    expect(infos).toMatchObject({ profileInfoListOk: [{ iccid, isdpAid, profileState: 0 }] });
    // EnableProfileRequest BF31 { [0] { 4F aid }, refreshFlag FALSE } -> enableResult ok (0).
    expect(await storeData(euicc, `bf3117a0124f10${aid}810100`)).toEqual({ der: 'BF3103800100', sw: 0x9000 });
    expect(euicc.profiles[0]!.state).toBe('enabled');
    // The same by an AID that is not there: iccidOrAidNotFound (1), nothing changes.
    expect(await storeData(euicc, `bf3217a0124f10${unknown}810100`)).toEqual({
      der: 'BF3203800101',
      sw: 0x9000,
    });
    expect(euicc.profiles[0]!.state).toBe('enabled');
    // DisableProfileRequest BF32 -> ok; DeleteProfileRequest BF33 { 4F aid } -> ok.
    expect(await storeData(euicc, `bf3217a0124f10${aid}810100`)).toEqual({ der: 'BF3203800100', sw: 0x9000 });
    expect(euicc.profiles[0]!.state).toBe('disabled');
    expect(await storeData(euicc, `bf33124f10${unknown}`)).toEqual({ der: 'BF3303800101', sw: 0x9000 });
    expect(await storeData(euicc, `bf33124f10${aid}`)).toEqual({ der: 'BF3303800100', sw: 0x9000 });
    expect(euicc.profiles).toHaveLength(0);
    const pending = await new Es10Client(euicc).listNotifications();
    expect(pending.map((n) => n.profileManagementOperation[0])).toEqual([
      'notificationEnable',
      'notificationDisable',
      'notificationDelete',
    ]);
  });
});
