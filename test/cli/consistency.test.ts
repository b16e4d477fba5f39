import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../src/conformance/campaign.ts';
import { summaryTable } from '../../src/conformance/report/terminal.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { validateScenario } from '../../src/rsp-server/scenarios/scenario.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { runCli } from '../helpers/cli.ts';
import { cliDeadline } from '../helpers/cli-deadline.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** Issue 26.8: the command line says one thing one way, as text and as JSON. */
const dir = tempDir('consistency');
const euicc = join(dir, 'euicc.json');
let smdp: RunningSmdp;

beforeAll(async () => {
  smdp = await startTestSmdp({ adminToken: 'consistency' });
  // A profile installed whose installation result the SM-DP+ did not take (HTTP 500 once): it stays pending.
  smdp.scenarios.add(
    validateScenario({
      name: 'hn-http-500',
      match: {},
      function: 'handleNotification',
      action: { type: 'http', status: 500, body: 'scenario' },
      times: 1,
    }),
  );
  const card = await EuiccEmulator.create({ file: euicc });
  await downloadProfile({
    activationCode: `LPA:1$${smdp.address}$DEMO`,
    euicc: card,
    es9: { ca: smdp.caPem },
  }).catch(() => undefined);
});
afterAll(() => smdp?.close());

describe('the same names and forms everywhere', () => {
  it(
    'profile list names profileClass, notification list names notificationAddress, as the state file does',
    async () => {
      const [profiles, notifications, info] = await Promise.all([
        runCli(['profile', 'list', '-e', euicc, '--json']),
        runCli(['notification', 'list', '-e', euicc, '--json']),
        runCli(['euicc', 'info', '-f', euicc, '--json']),
      ]);
      expect(JSON.parse(profiles.stdout)).toEqual([expect.objectContaining({ profileClass: 'operational' })]);
      const pending = JSON.parse(notifications.stdout);
      expect(pending).toEqual([
        expect.objectContaining({ event: 'notificationInstall', notificationAddress: smdp.address }),
      ]);
      expect(pending[0]).not.toHaveProperty('address');
      // euicc info -f reads the state file, not ES10: the same fields all the same.
      expect(JSON.parse(info.stdout).notifications).toEqual(pending);
      expect(JSON.parse(info.stdout).profiles).toEqual([
        expect.objectContaining({ profileClass: 'operational' }),
      ]);
    },
    cliDeadline(3),
  );

  it(
    'profile import names the ICCID once, and the id only when --id gave another',
    async () => {
      const description = join(dir, 'lab.json');
      writeFileSync(
        description,
        JSON.stringify({
          iccid: '8949000000000000042',
          imsi: '001010000000042',
          ki: '000102030405060708090A0B0C0D0E0F',
          opc: '0F0E0D0C0B0A09080706050403020100',
          profileName: 'consistency',
          serviceProviderName: 'rspsim',
        }),
      );
      const env = { RSPSIM_ADMIN_TOKEN: 'consistency', RSPSIM_URL: smdp.url };
      const imported = await runCli(['profile', 'import', description], { env });
      expect(imported.stdout).toBe('imported 8949000000000000042, available\n');
    },
    cliDeadline(1),
  );

  it(
    '--list --json prints JSON, and --list text keeps its columns',
    async () => {
      const [json, text] = await Promise.all([
        runCli(['conformance', 'smdp', '--list', '--json', '--cases', 'IA-NOM-*']),
        runCli(['conformance', 'lpa', '--list']),
      ]);
      expect(JSON.parse(json.stdout)).toEqual([
        expect.objectContaining({ id: 'IA-NOM-P256', area: 'ES9+.InitiateAuthentication' }),
        expect.objectContaining({ id: 'IA-NOM-BRP' }),
        expect.objectContaining({ id: 'IA-NOM-FRESH-SESSION' }),
      ]);
      const lines = text.stdout.trimEnd().split('\n');
      expect(lines.at(-1)).toMatch(/^\d+ cases$/);
      // Each column starts where it starts on the first line (areas are up to 36 characters).
      const titleColumn = (line: string) => line.search(/ {2}\S+$|(?<= {2})(?:a |[a-z]+ fails)/);
      const areaColumn = (line: string) => line.indexOf('LPA ', 3);
      const cases = lines.slice(0, -1);
      expect(new Set(cases.map(areaColumn)).size).toBe(1);
      expect(cases.some((line) => line.includes('LPA / SM-DP+ getBoundProfilePackage'))).toBe(true);
      expect(titleColumn(cases[0] ?? '')).toBeGreaterThan(0);
    },
    cliDeadline(2),
  );

  it("conformance's summary keeps its columns under areas longer than 30 characters", () => {
    const result = (area: string, verdict: CaseResult['verdict']): CaseResult => ({
      id: `${area}-${verdict}`,
      area,
      title: 't',
      reference: 'r',
      readings: [],
      verdict,
      remarks: [],
      notes: [],
      exchanges: [],
      ms: 1,
    });
    const summary = summaryTable([
      result('LPA nominal', 'pass'),
      result('LPA / SM-DP+ getBoundProfilePackage', 'fail'),
      result('LPA / SM-DP+ getBoundProfilePackage', 'pass'),
    ]).split('\n');
    // A failure is first listed by root cause above the table; the columns are the table's, from its head on.
    const table = summary.slice(summary.findIndex((line) => line.startsWith('area ')));
    expect(table.length).toBe(4);
    // The last digit of each count sits under the last letter of its head.
    const ends = (line: string) =>
      [...line.matchAll(/\S+/g)].slice(-6).map((m) => (m.index ?? 0) + m[0].length);
    const head = ends(table[0] ?? '');
    for (const line of table) expect(ends(line), line).toEqual(head);
    expect(table[2]).toMatch(/^LPA \/ SM-DP\+ getBoundProfilePackage +2 +1 +0 +1 +0 +0$/);
  });
});
