/**
 * `rspsim conformance lpa`: our SM-DP+ plays each scenario of the catalogue and the LPA (or device) under
 * test downloads: a command, the built-in LPA, or a person with a phone.
 */
import { X509Certificate } from 'node:crypto';
import type { Command } from 'commander';
import { builtinDut, commandDut } from '../conformance/lpa/dut.ts';
import { type LpaLab, type LpaLabOptions, startLpaLab } from '../conformance/lpa/lab.ts';
import { runLpaCampaign } from '../conformance/lpa/lpa-campaign.ts';
import { lpaCases } from '../conformance/lpa/lpa-cases.ts';
import { manualDut } from '../conformance/lpa/manual-dut.ts';
import { parseActivationCode } from '../lpa/activation-code.ts';
import { MemoryProfileRepository } from '../store/memory/memory-profile-repository.ts';
import {
  type CampaignReportOptions,
  finishCampaign,
  selected,
  terminalReport,
  withCampaignOptions,
} from './conformance-reports.ts';

/** `conformance lpa`: the DUT from exactly one of --dut-command, --builtin, --dut-manual. */
export function registerLpaCampaign(conformance: Command): void {
  const lpa = conformance
    .command('lpa')
    .description(
      'test an LPA (or a device): our SM-DP+ plays each scenario of the catalogue, the DUT downloads',
    )
    .option(
      '--dut-command <command>',
      'run per case; {activationCode} {euicc} {ca} {confirmationCode} are replaced (also in $ACTIVATION_CODE, $EUICC_FILE, $SMDP_CA, $CONFIRMATION_CODE)',
    )
    .option('--builtin', 'the built-in LPA, in this process (no command)')
    .option(
      '--dut-manual',
      'a person with a phone: each case is shown with its activation code and QR code; Enter when done, s to skip',
    )
    .option('--host <host>', 'where the SM-DP+ listens (default 127.0.0.1, 0.0.0.0 with --address)')
    .option('--port <port>', 'the port the SM-DP+ listens on (default: any free port)')
    .option(
      '--address <host[:port]>',
      'the name or IP address the DUT reaches the SM-DP+ at (activation codes and the TLS certificate carry it)',
    )
    .option('--time-limit <seconds>', 'longest a DUT run may take', '60');
  withCampaignOptions(lpa, '"LPA-NOM-*,LPA-GBPP-*"').action(async (options: LpaConformanceOptions) => {
    const seconds = Number(options.timeLimit);
    if (!(seconds > 0 && seconds <= 3600)) throw new Error('--time-limit must be 1 to 3600 seconds');
    const duts = [options.dutCommand, options.builtin, options.dutManual].filter(Boolean).length;
    if (!options.list && duts !== 1) throw new Error('give one of --dut-command, --builtin, --dut-manual');
    if (options.dutManual && !options.address)
      throw new Error(
        '--dut-manual needs --address: the name or IP address the phone reaches this machine at',
      );
    const lab = await startLpaLab(labOptionsFrom(options));
    try {
      const cases = selected(lpaCases(lab.scenarios), options);
      if (!cases) return;
      const dut = options.dutCommand
        ? commandDut(options.dutCommand, seconds * 1000)
        : options.dutManual
          ? manualDut({
              input: process.stdin,
              output: process.stdout,
              timeLimitMs: seconds * 1000,
              intro: manualIntro(lab),
            })
          : builtinDut(seconds * 1000);
      const startedAt = new Date().toISOString();
      const results = await runLpaCampaign(lab, dut, cases, terminalReport(options));
      process.exitCode = finishCampaign(options, { dut: 'lpa', target: dut.name, startedAt }, results);
    } finally {
      await lab.close();
    }
  });
}

/** --host, --port, --address as the lab's options; every mistake is one clear line. */
function labOptionsFrom(options: LpaConformanceOptions): LpaLabOptions {
  const port = options.port === undefined ? undefined : Number(options.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    throw new Error(`--port must be 0 to 65535, not ${options.port}`);
  if (options.address !== undefined) {
    try {
      parseActivationCode(`LPA:1$${options.address}$`);
    } catch {
      throw new Error(
        `--address must be a host name or IP address with an optional :port, not "${options.address}"`,
      );
    }
  }
  const host = options.host ?? (options.address ? '0.0.0.0' : undefined);
  return {
    // The lab's orders live for the campaign only.
    profiles: new MemoryProfileRepository(),
    ...(host ? { host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(options.address ? { address: options.address } : {}),
  };
}

/** What the tester needs before the first case: where the SM-DP+ is, and which CI the phone must trust. */
export function manualIntro(lab: LpaLab): string {
  const ci = new X509Certificate(lab.smdp.caPem).subject.replace(/\n/g, ', ');
  return [
    `The SM-DP+ is at https://${lab.smdp.address}: the phone must reach it there.`,
    `Its TLS certificate and DPauth/DPpb chain to the CI "${ci}" (PEM: ${lab.caFile}, kept while the campaign runs):`,
    'the phone (its LPA and eUICC) must trust that CI, e.g. a test phone in its GSMA test mode for the SGP.26 test CI.',
  ].join('\n');
}

interface LpaConformanceOptions extends CampaignReportOptions {
  dutCommand?: string;
  builtin?: boolean;
  dutManual?: boolean;
  host?: string;
  port?: string;
  address?: string;
  timeLimit: string;
}
