import { execFile, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ProfileInfoListResponse } from '../../src/asn1/rsp/index.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { readEuiccInfo } from '../../src/lpa/euicc-info.ts';
import { iccidToDigits } from '../../src/profile/iccid.ts';
import { makeProfile } from '../../src/saip/make.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Issue 17.3: `rspsim euicc serve-vpcd` puts the software eUICC in vsmartcard's virtual reader, and a PC/SC
 * client from Debian (python3-pyscard, through pcscd) reads its EID and profiles with plain APDUs. Needs
 * pcscd running with the vpcd driver: .ci/run installs and starts them (.ci/pcscd.sh) and sets
 * RSPSIM_PCSCD, and then this test must run; elsewhere without them it is skipped, saying so. With LPAC
 * set, lpac's pcsc driver reads the card too. And the other way round, the built-in LPA drives the card in
 * the reader through PC/SC (`--reader`, the npm binding pcsclite, which .ci/run builds against
 * libpcsclite-dev). Both tests are in this one file: one card per vpcd port, so they must not run at once.
 */
const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
const client = new URL('../helpers/pcsc-read-euicc.py', import.meta.url).pathname;
const pcscd: [string, boolean][] = [
  ['pcscd running', existsSync('/run/pcscd/pcscd.comm')],
  ['the vpcd driver (vsmartcard-vpcd)', existsSync('/usr/lib/pcsc/drivers/serial/libifdvpcd.so')],
];
/** What a test needs and this machine lacks; under .ci/run (RSPSIM_PCSCD) a lack is a failure, not a skip. */
function lacking(test: string, needs: [string, boolean][], install: string): string[] {
  const missing = needs.filter(([, present]) => !present).map(([what]) => what);
  if (missing.length > 0) {
    if (process.env.RSPSIM_PCSCD) throw new Error(`RSPSIM_PCSCD is set but ${missing.join(', ')} missing`);
    console.warn(`${test} skipped: no ${missing.join(', ')} (${install})`);
  }
  return missing;
}
const missing = lacking(
  'vpcd test',
  [...pcscd, ['python3-pyscard', existsSync('/usr/lib/python3/dist-packages/smartcard')]],
  'bash .ci/pcscd.sh installs and starts them',
);
const binding = await import('pcsclite' as string).then(
  () => true,
  () => false,
);
const missingForReader = lacking(
  '--reader test',
  [...pcscd, ['the npm binding pcsclite', binding]],
  'bash .ci/pcscd.sh, apt-get install libpcsclite-dev, npm install',
);

const SMALL_PROFILE = {
  iccid: '8949449999999990031',
  imsi: '001010123456789',
  ki: '000102030405060708090A0B0C0D0E0F',
  opc: '0F0E0D0C0B0A09080706050403020100',
  profileName: 'rspsim small test profile',
  serviceProviderName: 'rspsim',
};

/** `rspsim euicc serve-vpcd` on the state file, once its card is in the reader; stop() gives its exit code. */
async function serveVpcd(file: string): Promise<{ stop(): Promise<number | null> }> {
  const server = spawn(process.execPath, [bin, 'euicc', 'serve-vpcd', '-f', file]);
  let log = '';
  const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
  const stop = () => {
    server.kill('SIGTERM');
    return exited;
  };
  await new Promise<void>((resolve, reject) => {
    server.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('card inserted')) resolve();
    });
    void exited.then((code) => reject(new Error(`serve-vpcd exited ${code}: ${log}`)));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { stop };
}

/** A software eUICC in a state file with the DEMO profile downloaded (its notification delivered). */
async function euiccWithDemo(name: string) {
  const file = join(tempDir(name), 'euicc.json');
  const euicc = await EuiccEmulator.create({ file });
  const smdp = await startTestSmdp();
  const installed = await downloadProfile({
    activationCode: `LPA:1$${smdp.address}$DEMO`,
    euicc,
    es9: { ca: smdp.caPem },
  }).finally(() => smdp.close());
  expect(installed.success).toBe(true);
  return { file, euicc, installed };
}

it.skipIf(missing.length > 0)(
  'a PC/SC client reads the EID and the installed profile of the eUICC in the virtual reader',
  async () => {
    const { file, euicc, installed } = await euiccWithDemo('vpcd');

    const server = await serveVpcd(file);
    try {
      const { stdout } = await promisify(execFile)('/usr/bin/python3', [client, 'Virtual PCD 00 00']);
      const read = JSON.parse(stdout);
      // T=0 and the T=15 global bytes of a UICC (TS 102 221 6.3), no T=1: pcscd then gives a client that
      // connects for any protocol T=0, which pySim-shell talks because the ATR lists it (with T=1 offered
      // too, pcscd picked T=1 and pySim-shell's T=0 commands failed with "card protocol mismatch").
      expect(read.atr).toBe('3B80801FC7D8');
      expect(read.protocol).toBe('T=0');
      // The MF answers SELECT with its FCP (master-file.ts), as pySim-shell needs before anything else.
      expect(read.selectMf).toBe('62108202782183023F008A0105C6039001009000');
      expect(read.eid).toBe(euicc.eid);
      const profiles = ProfileInfoListResponse.decode(Buffer.from(read.profileInfoList, 'hex'));
      // ProfileState disabled (0), SGP.22 5.7.15.
      expect(profiles).toMatchObject({ profileInfoListOk: [{ profileState: 0 }] });
      const [profile] = (profiles as { profileInfoListOk: { iccid: Buffer }[] }).profileInfoListOk;
      expect(iccidToDigits(profile!.iccid)).toBe(iccidToDigits(installed.iccid));
      // lpac's own PC/SC driver, when lpac is at hand (LPAC): the same card, the same EID.
      if (process.env.LPAC) {
        const lpac = await promisify(execFile)(process.env.LPAC, ['chip', 'info'], {
          env: { ...process.env, LPAC_APDU: 'pcsc' },
        });
        expect(JSON.parse(lpac.stdout).payload).toMatchObject({ code: 0, data: { eidValue: euicc.eid } });
      }
    } finally {
      expect(await server.stop()).toBe(0);
    }
  },
);

it.skipIf(missingForReader.length > 0)(
  'the built-in LPA downloads a profile into the card in the virtual reader through PC/SC (--reader)',
  async () => {
    const dir = tempDir('vpcd-reader');
    const file = join(dir, 'euicc.json');
    const euicc = await EuiccEmulator.create({ file });
    const smdp = await startTestSmdp();
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, smdp.caPem);
    const server = await serveVpcd(file);
    let iccid: string | undefined;
    const rspsim = (...args: string[]) =>
      promisify(execFile)(process.execPath, [bin, ...args, '--reader', 'Virtual PCD 00 00', '--json']);
    try {
      const download = await rspsim('profile', 'download', '-a', `LPA:1$${smdp.address}$DEMO`, '--ca', ca);
      const installed = JSON.parse(download.stdout);
      expect(installed).toMatchObject({ success: true });
      iccid = installed.iccid;
      const list = await rspsim('profile', 'list');
      expect(JSON.parse(list.stdout)).toEqual([
        expect.objectContaining({ iccid: installed.iccid, state: 'disabled', isdpAid: installed.isdpAid }),
      ]);
    } finally {
      await smdp.close();
      expect(await server.stop()).toBe(0);
    }
    // What went through the reader is in the emulator's state file: the profile the SM-DP+ bound to its EID.
    const stored = await EuiccEmulator.open(file);
    expect(stored.eid).toBe(euicc.eid);
    expect(stored.profiles.map((p) => iccidToDigits(Buffer.from(p.iccid, 'hex')))).toEqual([iccid]);
  },
);

it.skipIf(missingForReader.length > 0)(
  '`euicc info --reader` reads the EID, EUICCInfo1/2, profiles and notifications of the card through PC/SC',
  async () => {
    const { file, euicc, installed } = await euiccWithDemo('vpcd-info');
    // The download delivered its notification; enabling the profile leaves one pending.
    await new Es10Client(euicc).enableProfile(installed.iccid);
    // What the same eUICC answers without a reader in between: the card must tell exactly that.
    const direct = await readEuiccInfo(new Es10Client(await EuiccEmulator.open(file)));
    expect(direct.profiles).toMatchObject([{ iccid: iccidToDigits(installed.iccid), state: 'enabled' }]);
    expect(direct.notifications).toMatchObject([{ event: 'notificationEnable' }]);
    const server = await serveVpcd(file);
    try {
      const info = (...more: string[]) =>
        promisify(execFile)(
          process.execPath,
          [bin, 'euicc', 'info', '--reader', 'Virtual PCD 00 00', ...more],
          { timeout: 20_000 },
        );
      // Each run must end by itself: a PC/SC thread or handle left behind keeps the process alive (the
      // binding's per-reader watch did, about once in 30 runs), and the timeout above then fails the test.
      for (let run = 0; run < 5; run++) expect(JSON.parse((await info('--json')).stdout)).toEqual(direct);
      const read = JSON.parse((await info('--json')).stdout);
      expect(read).toEqual(direct);
      expect(read).toMatchObject({ eid: euicc.eid, euiccInfo2: { svn: '2.2.2' } });
      const text = (await info()).stdout;
      expect(text).toMatch(new RegExp(`^EID ${euicc.eid}\\nEUICCInfo1: SVN 2\\.2\\.2; `));
      expect(text).toContain(`  ${iccidToDigits(installed.iccid)}  enabled  `);
      expect(text).toMatch(/\npending notifications: \n {2}#\d+ notificationEnable /);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  },
);

it.skipIf(missingForReader.length > 0)(
  '`conformance euicc --reader` passes the whole eUICC campaign against the card in the virtual reader',
  async () => {
    // Issue 24: the same campaign as with --builtin, every APDU through pcscd and vpcd to serve-vpcd.
    const dir = tempDir('vpcd-conformance');
    const file = join(dir, 'euicc.json');
    await EuiccEmulator.create({ file });
    // A 1.5 KB profile (two '86' segments) instead of TS.48's 12 KB: vpcd answers an APDU in about 50 ms.
    const upp = join(dir, 'small-profile.der');
    writeFileSync(upp, makeProfile(SMALL_PROFILE).upp);
    const server = await serveVpcd(file);
    let report: { summary: Record<string, number>; target: string };
    try {
      const run = await promisify(execFile)(
        process.execPath,
        [
          bin,
          'conformance',
          'euicc',
          '--reader',
          'Virtual PCD 00 00',
          '--allow-destructive',
          '--upp',
          upp,
          '--json',
        ],
        { timeout: 280_000, maxBuffer: 64 * 1024 * 1024 },
      );
      report = JSON.parse(run.stdout);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(report.target).toBe('PC/SC reader "Virtual PCD 00 00"');
    expect(report.summary).toMatchObject({ fail: 0, error: 0, inconclusive: 0 });
    expect((report.summary.pass ?? 0) + (report.summary['pass-with-remark'] ?? 0)).toBe(report.summary.total);
    // The card is left as it was found: no profile, no pending notification.
    const stored = await EuiccEmulator.open(file);
    expect([stored.profiles, stored.notifications]).toEqual([[], []]);
  },
  300_000,
);

it.skipIf(missingForReader.length > 0)(
  '`--reader` without a card, or without such a reader, gives up after its wait with one line and exit code 1',
  async () => {
    // Slot 01 of vpcd's reader has no card: serve-vpcd serves slot 00 only, and is not running here.
    const cases: [string, RegExp][] = [
      ['Virtual PCD 00 01', /^rspsim: no card in PC\/SC reader "Virtual PCD 00 01" after 5000 ms\n$/],
      ['No Such Reader 00 00', /^rspsim: no PC\/SC reader "No Such Reader 00 00" in pcscd after 5000 ms /],
    ];
    await Promise.all(
      cases.map(async ([reader, message]) => {
        const failed = await promisify(execFile)(
          process.execPath,
          [bin, 'euicc', 'info', '--reader', reader],
          { timeout: 20_000 },
        ).then(
          () => undefined,
          (error: { code?: number; killed?: boolean; stderr?: string }) => error,
        );
        expect(failed).toMatchObject({ code: 1, killed: false });
        expect(failed?.stderr).toMatch(message);
        expect(failed?.stderr?.trim().split('\n')).toHaveLength(1);
      }),
    );
  },
);
