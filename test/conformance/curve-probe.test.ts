import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targetFrom } from '../../src/cli/conformance-smdp-command.ts';
import { runCampaign } from '../../src/conformance/campaign.ts';
import { probeCurves, withProbedCurves } from '../../src/conformance/curve-probe.ts';
import { SMDP_CASES } from '../../src/conformance/smdp-catalogue.ts';
import { DEFAULT_PKI_DIR } from '../../src/pki/pki-store.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { runCli } from '../helpers/cli.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Issue 22: `--curves auto` asks the SM-DP+ which curves it serves (an initiateAuthentication from an eUICC
 * listing one curve's CI only) and makes the cases of a curve it does not serve inconclusive, saying why.
 * Checked against our SM-DP+ started with the SGP.26 PKI of P-256 only, and with both curves.
 */
let nistOnly: RunningSmdp;
let both: RunningSmdp;

/** certs/sgp26 without any brainpoolP256r1 file: an SM-DP+ that serves P-256 only. */
function nistOnlyPki(): string {
  const dir = tempDir('nist-pki');
  cpSync(DEFAULT_PKI_DIR, dir, { recursive: true });
  for (const sub of readdirSync(dir))
    for (const file of readdirSync(join(dir, sub))) if (file.includes('_BRP')) rmSync(join(dir, sub, file));
  return dir;
}

beforeAll(async () => {
  nistOnly = await startTestSmdp({ pkiDir: nistOnlyPki() });
  both = await startTestSmdp();
});
afterAll(async () => {
  await nistOnly?.close();
  await both?.close();
});

const targetOf = (smdp: RunningSmdp) =>
  targetFrom({ target: `https://${smdp.address}`, euicc: 'generated', curves: 'auto', profileType: 'X' });

describe('--curves auto', () => {
  it('an SM-DP+ with both curves serves both', async () => {
    const probes = await probeCurves(await targetOf(both));
    expect(probes.map((p) => [p.curve, p.served])).toEqual([
      ['P-256', 'yes'],
      ['brainpoolP256r1', 'yes'],
    ]);
    expect(withProbedCurves(await targetOf(both), probes).curves).toEqual(['P-256', 'brainpoolP256r1']);
  });

  it('a P-256-only SM-DP+: the brainpool cases are inconclusive with the refusal named, P-256 ones pass', async () => {
    const target = await targetOf(nistOnly);
    const probes = await probeCurves(target);
    expect(probes).toEqual([
      {
        curve: 'P-256',
        served: 'yes',
        observed: 'initiateAuthentication from an eUICC listing only the P-256 CI answered Executed-Success',
      },
      {
        curve: 'brainpoolP256r1',
        served: 'no',
        observed:
          'initiateAuthentication from an eUICC listing only the brainpoolP256r1 CI answered Failed 8.8.2/3.1 Security configuration – Unsupported',
      },
    ]);
    const probed = withProbedCurves(target, probes);
    expect(probed.curves).toEqual(['P-256']);
    const results = await runCampaign(
      probed,
      SMDP_CASES.filter((c) => ['IA-NOM-P256', 'IA-NOM-BRP', 'IA-CI-SELECT-BRP'].includes(c.id)),
    );
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ['IA-NOM-P256', 'pass'],
      ['IA-NOM-BRP', 'inconclusive'],
      ['IA-CI-SELECT-BRP', 'inconclusive'],
    ]);
    expect(results[1]?.reason).toBe(
      `the target does not serve brainpoolP256r1 (--curves auto: ${probes[1]?.observed})`,
    );
  });

  it('from the command line: one line per curve, then the campaign', async () => {
    const run = await runCli([
      'conformance',
      'smdp',
      '--target',
      `https://${nistOnly.address}`,
      '--curves',
      'auto',
      '--cases',
      'IA-NOM-*',
    ]);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      'P-256: served (initiateAuthentication from an eUICC listing only the P-256 CI answered Executed-Success)',
    );
    expect(lines[1]).toMatch(/^brainpoolP256r1: not served, its cases are inconclusive \(.* 8\.8\.2\/3\.1 /);
    expect(run.stdout).toMatch(/^PASS +IA-NOM-P256 /m);
    expect(run.stdout).toMatch(
      /^INCONCLUSIVE IA-NOM-BRP .*\n +the target does not serve brainpoolP256r1 \(--curves auto: /m,
    );
    // Inconclusive is not a pass: the exit code says the campaign did not pass as a whole.
    expect(run.code).toBe(1);
  });
});
