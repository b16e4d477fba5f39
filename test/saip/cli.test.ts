import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { StoreMetadataRequest } from '../../src/asn1/rsp/index.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** Issue 5: `rspsim profile make` and `rspsim profile inspect`, as a user runs them. */
const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
const fixture = (name: string) => new URL(`../../fixtures/profiles/made/${name}`, import.meta.url).pathname;
const rspsim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

it('makes the fixture a description describes, with its StoreMetadata', () => {
  const out = join(tempDir('saip-cli'), 'p.der');
  const run = rspsim('profile', 'make', fixture('pprs-notifications.json'), '-o', out, '--json');
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ iccid: '8949000000000000034', imsi: '001010000000037' });
  expect(readFileSync(out)).toEqual(readFileSync(fixture('pprs-notifications.der')));
  const metadata = StoreMetadataRequest.decode(readFileSync(join(out, '..', 'p.metadata.der')));
  expect(metadata.profilePolicyRules).toEqual(['ppr1', 'ppr2']);
  // With PPRs, the owner an eUICC's RAT authorises them for: IMSI 001 01 → '00F110' (3GPP TS 24.008).
  expect(metadata.profileOwner?.mccMnc.toString('hex')).toBe('00f110');
  expect(metadata.notificationConfigurationInfo).toHaveLength(2);
});

it('inspects a TS.48 profile as a tree, keys masked in the summary', () => {
  const upp = new URL('../../fixtures/upp/TS48V5-SAIP2-3-BERTLV-SUCI-UNIQUE.der', import.meta.url).pathname;
  const text = execFileSync(process.execPath, [bin, 'profile', 'inspect', upp], { encoding: 'utf8' });
  expect(text).toMatch(/^\[0\] header\n {2}header \[A0\]\n {4}majorVersion \[80\]: 2/);
  expect(text).toContain('ef-imsi [A3]');
  expect(text).toContain('ICCID 8949449999999990163, IMSI 001010123456063');
  expect(text).toContain('AKA usim-test-algorithm: K 0001••••');
  // Masked in the tree as well (issue 17.5), the security domains' keys too; --show-keys shows them.
  expect(text).toContain('          key [82]: 0001••••••••••••••••••••••••••••\n');
  expect(text).toContain('          opc [83]: 0000••••••••••••••••••••••••••••\n');
  expect(text).not.toContain('000102030405060708090A0B0C0D0E0F');
  const json = execFileSync(process.execPath, [bin, 'profile', 'inspect', upp, '--json'], {
    encoding: 'utf8',
  });
  expect(json).not.toContain('000102030405060708090A0B0C0D0E0F');
  expect(JSON.parse(json).content.aka[0].key).toBe('0001••••••••••••••••••••••••••••');
  const shown = execFileSync(process.execPath, [bin, 'profile', 'inspect', upp, '--show-keys'], {
    encoding: 'utf8',
  });
  expect(shown).toContain('          key [82]: 000102030405060708090A0B0C0D0E0F\n');
  expect(shown).toContain('AKA usim-test-algorithm: K 000102030405060708090A0B0C0D0E0F');
  expect(text.trimEnd().endsWith('valid')).toBe(true);
});

it('inspect --json reports the problems of an invalid package and exits 1', () => {
  const upp = readFileSync(fixture('milenage-test.der'));
  const file = join(tempDir('saip-cli'), 'bad.der');
  writeFileSync(file, upp.subarray(0, upp.length - 2));
  const run = rspsim('profile', 'inspect', file, '--json');
  expect(run.status).toBe(1);
  const report = JSON.parse(run.stdout);
  expect(report.problems).toEqual([
    { element: 'element 7', field: '', message: expect.stringMatching(/runs past the end/) },
  ]);
});
