import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { type EuiccState, loadState } from '../../src/euicc/state.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { iccidFromDigits } from '../../src/profile/iccid.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Issue 13, item 12: a damaged or hand-edited eUICC state file is refused when it is read, in one line
 * naming the field, by the loader and by every command that takes `-e` / `-f`.
 */
const made = (name: string) => readFileSync(new URL(`../../fixtures/profiles/made/${name}`, import.meta.url));
const dir = tempDir('euicc-state');
const base = join(dir, 'base.json');
let good: EuiccState;
let cases = 0;

/** A copy of the good state with one change, in a file of its own. */
function corrupted(change: (state: Record<string, any>) => void): string {
  const state = structuredClone(good) as unknown as Record<string, any>;
  change(state);
  const file = join(dir, `corrupted-${++cases}.json`);
  writeFileSync(file, JSON.stringify(state));
  return file;
}

beforeAll(async () => {
  // An eUICC with a profile and a pending notification: the profile's metadata asks for one on enable.
  await EuiccEmulator.create({ file: base });
  const state = JSON.parse(readFileSync(base, 'utf8'));
  const iccid = iccidFromDigits('8949000000000000034');
  state.profiles.push({
    iccid: iccid.toString('hex'),
    isdpAid: 'A0000005591010FFFFFFFF8900001000',
    state: 'disabled',
    metadata: made('pprs-notifications.metadata.der').toString('base64'),
    profileElements: made('pprs-notifications.der').toString('base64'),
  });
  writeFileSync(base, JSON.stringify(state));
  await new Es10Client(await EuiccEmulator.open(base)).enableProfile(iccid);
  good = await loadState(base);
  expect(good.notifications).toHaveLength(1);
});

describe('the eUICC state file', () => {
  it.each<[string, (state: Record<string, any>) => void, string]>([
    ['profiles not a list', (s) => (s.profiles = {}), 'profiles must be a list, not {}'],
    ['an unknown curve', (s) => (s.curve = 'P-999'), 'curve must be P-256 or brainpoolP256r1, not "P-999"'],
    [
      'the key of another curve',
      (s) => (s.curve = 'brainpoolP256r1'),
      'privateKeyPem is not a brainpoolP256r1 EC key',
    ],
    [
      'a damaged key',
      (s) => (s.privateKeyPem = s.privateKeyPem.replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA')),
      'privateKeyPem is not a readable PEM private key',
    ],
    [
      'a certificate cut short',
      (s) => (s.euiccCertificate = s.euiccCertificate.slice(0, 40)),
      'euiccCertificate is not an X.509 certificate (base64 DER)',
    ],
    [
      "another eUICC's EID",
      (s) => (s.eid = `${s.eid.slice(0, 31)}${(Number(s.eid[31]) + 1) % 10}`),
      'euiccCertificate is the certificate of EID',
    ],
    [
      'an ICCID that is not hex',
      (s) => (s.profiles[0].iccid = '8949000000000000034'),
      'profiles[0].iccid must be 20 hex digits, not "8949000000000000034"',
    ],
    [
      'metadata that is not DER',
      (s) => (s.profiles[0].metadata = 'bm90IGRlcg=='),
      'profiles[0].metadata is not a StoreMetadataRequest (base64 DER)',
    ],
    [
      'metadata that is not base64',
      (s) => (s.profiles[0].metadata = 'not base64!'),
      'profiles[0].metadata must be base64 (DER of a StoreMetadataRequest), not "not base64!"',
    ],
    [
      'an odd profile state',
      (s) => (s.profiles[0].state = 'on'),
      'profiles[0].state must be "enabled" or "disabled", not "on"',
    ],
    [
      'two enabled profiles',
      (s) => s.profiles.push({ ...s.profiles[0], iccid: '98001000000000000000' }),
      'profiles[1].state is enabled, and so is profiles[0]',
    ],
    [
      'an unknown notification event',
      (s) => (s.notifications[0].event = 'notificationExplode'),
      'notifications[0].event must be one of notificationInstall',
    ],
    [
      'a damaged notification',
      (s) => (s.notifications[0].pendingNotification = 'AAAA'),
      'notifications[0].pendingNotification is not a PendingNotification (base64 DER)',
    ],
    [
      'a sequence number as text',
      (s) => (s.nextSeqNumber = '2'),
      'nextSeqNumber must be a whole number from 0 to 2147483647, not "2"',
    ],
    ['a missing address', (s) => delete s.rootDsAddress, 'rootDsAddress must be text, not undefined'],
    ['an empty CI list', (s) => (s.trustedCis = []), 'trustedCis must list 1 to 16 CI certificates, not 0'],
    [
      'a CI that is not DER',
      (s) => (s.trustedCis = ['AAAA']),
      'trustedCis[0] is not an X.509 certificate (base64 DER)',
    ],
    [
      'the EUM certificate as a CI',
      (s) => (s.trustedCis = [s.eumCertificate]),
      'trustedCis[0] is no trust anchor: "C=ES, O=RSP Test EUM, CN=EUM Test" is not a usable CI certificate: it has no CI role policy (2.23.146.1.2.1.0)',
    ],
  ])('with %s is refused naming the field', async (_, change, message) => {
    const file = corrupted(change);
    await expect(loadState(file)).rejects.toThrow(`eUICC state ${file}: ${message}`);
  });

  it('is refused by the commands in one line, before any APDU', async () => {
    const run = promisify(execFile);
    const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
    const commands: [string[], (state: Record<string, any>) => void, string][] = [
      [['profile', 'list', '-e'], (s) => (s.profiles = {}), 'profiles must be a list, not {}'],
      [
        ['euicc', 'info', '-f'],
        (s) => (s.curve = 'P-999'),
        'curve must be P-256 or brainpoolP256r1, not "P-999"',
      ],
      [
        ['notification', 'list', '-e'],
        (s) => (s.privateKeyPem = 'x'),
        'privateKeyPem must be a PEM key, not "x"',
      ],
      [
        ['profile', 'enable', '8949000000000000034', '-e'],
        (s) => (s.profiles[0].metadata = 'AAAA'),
        'profiles[0].metadata is not a StoreMetadataRequest (base64 DER)',
      ],
    ];
    await Promise.all(
      commands.map(async ([args, change, message]) => {
        const file = corrupted(change);
        const failure = await run(process.execPath, [bin, ...args, file]).then(
          () => undefined,
          (error: { code: number; stdout: string; stderr: string }) => error,
        );
        expect(failure?.code, args.join(' ')).toBe(1);
        expect(failure?.stderr).toBe(`rspsim: eUICC state ${file}: ${message}\n`);
      }),
    );
  });
});
