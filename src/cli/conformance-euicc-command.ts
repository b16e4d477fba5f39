import type { Command } from 'commander';
import { readInputFileSync } from '../config/input-file.ts';
import { EUICC_CASES } from '../conformance/euicc/catalogue.ts';
import { CardRefused, runEuiccCampaign } from '../conformance/euicc/euicc-campaign.ts';
import { LabSmdp } from '../conformance/euicc/lab-smdp.ts';
import { isCurve } from '../crypto/curve.ts';
import { openCard } from '../euicc/card-access.ts';
import { loadEuiccScenarios } from '../euicc/es10/scenarios.ts';
import { DEFAULT_PKI_DIR, loadPki } from '../pki/pki-store.ts';
import { readProfileHeader } from '../saip/read-profile-header.ts';
import {
  type CampaignReportOptions,
  finishCampaign,
  selected,
  terminalReport,
  withCampaignOptions,
} from './conformance-reports.ts';

/** `conformance euicc`: the card from exactly one of --builtin, --reader, --driver-command. */
export function registerEuiccCampaign(conformance: Command): void {
  const euicc = conformance
    .command('euicc')
    .description(
      'test an eUICC: this process plays LPA and SM-DP+ (the PKI the card trusts) and drives the card through ES10a/b/c and ES8+',
    )
    .option('--builtin', 'our software eUICC, in this process')
    .option('--builtin-curve <curve>', 'curve of the built-in eUICC (P-256, brainpoolP256r1)', 'P-256')
    .option('--scenarios <file>', 'eUICC scenarios the built-in eUICC plays (it misbehaves on purpose)')
    .option('--reader <name>', 'the card in this PC/SC reader ("Virtual PCD 00 00": euicc serve-vpcd)')
    .option(
      '--driver-command <command>',
      'a command speaking lpac\'s stdio APDU driver protocol (LPAC_APDU=stdio), e.g. "rspsim euicc serve-stdio -f e.json"',
    )
    .option(
      '--pki <dir>',
      'PKI folder whose CI the card trusts, with DPauth/DPpb and keys (default: certs/sgp26)',
    )
    .option(
      '--address <host>',
      'the SM-DP+ address the campaign signs as serverAddress',
      'smdp.conformance.rspsim.example',
    )
    .option(
      '--upp <file>',
      'the profile package (DER) the installed test profiles are copies of, each with its own ICCID (default: the TS.48 generic test profile)',
    )
    .option(
      '--allow-destructive',
      'also run the cases that cannot be undone (eUICCMemoryReset, the PPR1 / PPR2 cases, LoadCRL)',
    )
    .option('--not-a-test-card-i-know', 'run against a card that signs under a CI other than a test CI');
  withCampaignOptions(euicc, '"EB-AS-*,EB-LBPP-*"').action(async (options: EuiccConformanceOptions) => {
    const listed = selected(EUICC_CASES, options);
    if (!listed) return;
    const ways = [options.builtin, options.reader, options.driverCommand].filter(Boolean).length;
    if (ways !== 1) throw new Error('give one of --builtin, --reader <name>, --driver-command <command>');
    // The built-in eUICC is made for this run and thrown away after: nothing on it to lose.
    const allowDestructive = options.allowDestructive === true || options.builtin === true;
    const cases = allowDestructive ? listed : listed.filter((c) => !c.destructive);
    if (cases.length === 0) throw new Error('every selected case is destructive: add --allow-destructive');
    const curve = options.builtinCurve;
    if (!isCurve(curve))
      throw new Error(`--builtin-curve: unknown curve "${curve}" (P-256, brainpoolP256r1)`);
    if (options.scenarios && !options.builtin) throw new Error('--scenarios applies to the --builtin eUICC');
    const pki = loadPki(options.pki ?? DEFAULT_PKI_DIR);
    const testCis = [...loadPki(DEFAULT_PKI_DIR).trustedCis, ...pki.trustedCis];
    const lab = new LabSmdp(pki, options.address, () => new Date());
    const upp = options.upp ? readUpp(options.upp) : undefined;
    if (lab.identities.length === 0)
      throw new Error(`--pki ${pki.dir}: no CI with DPauth and DPpb certificates and keys`);
    const card = await openCard(
      options.builtin
        ? {
            kind: 'builtin',
            curve,
            ...(options.pki ? { pkiDir: options.pki } : {}),
            ...(options.scenarios ? { scenarios: await loadEuiccScenarios(options.scenarios) } : {}),
          }
        : options.reader
          ? { kind: 'reader', reader: options.reader }
          : { kind: 'driver', command: options.driverCommand ?? '' },
    );
    try {
      if (cases.length < listed.length && options.json !== true)
        process.stdout.write(
          `left out (they change the card for good; --allow-destructive runs them): ${listed
            .filter((c) => c.destructive)
            .map((c) => c.id)
            .join(', ')}\n`,
        );
      const startedAt = new Date().toISOString();
      const results = await runEuiccCampaign(card.transport, cases, {
        lab,
        testCis,
        notATestCardIKnow: options.notATestCardIKnow === true,
        allowDestructive,
        ...(upp ? { upp } : {}),
        ...terminalReport(options),
      }).catch((error: unknown) => {
        if (error instanceof CardRefused) throw new Error(error.message);
        throw error;
      });
      process.exitCode = finishCampaign(options, { dut: 'euicc', target: card.name, startedAt }, results);
    } finally {
      await card.close();
    }
  });
}

/** A profile package for --upp: a DER file whose ProfileHeader gives an ICCID; otherwise one line. */
function readUpp(file: string): Buffer {
  let der: Buffer;
  try {
    der = readInputFileSync(file, 'profilePackage');
  } catch (error) {
    throw new Error(`cannot read profile package ${file}: ${(error as Error).message}`);
  }
  try {
    readProfileHeader(der);
  } catch (error) {
    throw new Error(
      `--upp ${file}: not a profile package with a ProfileHeader (${(error as Error).message})`,
    );
  }
  return der;
}

interface EuiccConformanceOptions extends CampaignReportOptions {
  upp?: string;
  builtin?: boolean;
  builtinCurve: string;
  scenarios?: string;
  reader?: string;
  driverCommand?: string;
  pki?: string;
  address: string;
  allowDestructive?: boolean;
  notATestCardIKnow?: boolean;
}
