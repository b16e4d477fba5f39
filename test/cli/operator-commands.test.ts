import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
const upp = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));
const dir = tempDir('cli');
let smdp: RunningSmdp;

/** The CLI as a user runs it, against the SM-DP+ of the test. */
const rspsim = (...args: string[]) =>
  run(process.execPath, [bin, ...args], { env: { ...process.env, RSPSIM_ADMIN_TOKEN: smdp.adminToken } });
const json = async (...args: string[]) =>
  JSON.parse((await rspsim(...args, '--url', smdp.url, '--json')).stdout);

beforeAll(async () => {
  smdp = await startTestSmdp();
});
afterAll(async () => {
  await smdp?.close();
});

describe('operator commands (issue 6)', () => {
  it('imports a profile, orders it through ES2+ with a QR code, lists it, and the order downloads', async () => {
    const file = join(dir, 'profile.der');
    writeFileSync(file, uppWithIccid(upp, 40));
    const imported = await json('profile', 'import', file, '--profile-type', 'CLI-TYPE');
    expect(imported).toMatchObject({ state: 'available', profileType: 'CLI-TYPE' });

    const qr = join(dir, 'order.png');
    const order = await json('order', 'create', '--profile-type', 'CLI-TYPE', '--cc', '4321', '--qr', qr);
    expect(order.iccid).toBe(imported.iccid);
    expect(order.activationCode).toBe(`LPA:1$${smdp.address}$${order.matchingId}$$1`);
    const png = readFileSync(qr);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // A QR code of this length is version 3 or 4 (29 or 33 modules) plus the quiet zone, 8 pixels a module.
    expect([37 * 8, 41 * 8]).toContain(png.readUInt32BE(16));

    const listed = await json('order', 'list');
    expect(listed).toContainEqual(
      expect.objectContaining({ iccid: imported.iccid, state: 'released', matchingId: order.matchingId }),
    );
    expect(JSON.stringify(listed)).not.toMatch(/4321|confirmationCodeHash/);

    const result = await downloadProfile({
      activationCode: order.activationCode,
      euicc: await EuiccEmulator.create(),
      es9: { ca: smdp.caPem },
      confirmationCode: '4321',
    });
    expect(result.success).toBe(true);
  });

  it('imports a profile from a description, with its own metadata, and refuses a broken package', async () => {
    const description = new URL('../../fixtures/profiles/made/op-operational.json', import.meta.url).pathname;
    const imported = await json('profile', 'import', description);
    const made = JSON.parse(readFileSync(description, 'utf8'));
    expect(imported).toMatchObject({ iccid: made.iccid, state: 'available', profileName: made.profileName });

    const broken = Buffer.from(upp);
    broken[broken.length - 3]! ^= 0xff; // inside the End element
    const file = join(dir, 'broken.der');
    writeFileSync(file, uppWithIccid(broken, 41));
    await expect(rspsim('profile', 'import', file, '--url', smdp.url)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/the profile package is not valid:\n {2}element \d+/),
    });
  });

  it('prints an activation code and writes it as SVG', async () => {
    const svg = join(dir, 'code.svg');
    const { stdout } = await rspsim(
      'activation-code',
      'ABC-123',
      '--address',
      'smdp.example:8443',
      '--qr',
      svg,
    );
    expect(stdout).toContain('LPA:1$smdp.example:8443$ABC-123');
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[^>]+viewBox="0 0 (\d+) \1"/);
  });

  it('says clearly what went wrong, with the SGP.22 code', async () => {
    const failure = rspsim('order', 'create', '--iccid', '89000000000000000001', '--url', smdp.url);
    await expect(failure).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^rspsim: downloadOrder failed: 8\.2\.1\/3\.9 /),
    });
    await expect(rspsim('activation-code', 'bad id!', '--address', 'x')).rejects.toMatchObject({
      stderr: expect.stringContaining('invalid matching ID'),
    });
  });
});
