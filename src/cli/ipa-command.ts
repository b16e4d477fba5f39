/**
 * `rspsim ipa run`: the built-in IPA (SGP.32 IPAd) on a software eUICC (`-e`), a card in a PC/SC reader
 * (`--reader`) or anything behind lpac's stdio APDU driver protocol (`--driver-command`): start-up, pending
 * notifications, then poll cycles at the eIM the eUICC is configured for (src/ipa/ipa-run.ts).
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { AddEimResultCodes, AddInitialEimRequest, AddInitialEimResponse } from '../asn1/sgp32/index.ts';
import { readInputFileSync } from '../config/input-file.ts';
import type { DownloadMode } from '../ipa/download-trigger.ts';
import { esipaTraceWriter } from '../ipa/esipa-trace.ts';
import { runIpa } from '../ipa/ipa-run.ts';
import type { CycleItem, CycleReport } from '../ipa/poll-cycle.ts';
import { Es10Client } from '../lpa/es10-client.ts';
import { iccidToDigits } from '../profile/iccid.ts';
import { bytesOf } from './decode-command.ts';
import { DRIVER_COMMAND_OPTION, READER_OPTION, SCENARIOS_OPTION, withTransport } from './euicc-target.ts';
import { es9Options } from './lpa-command.ts';
import { printResult, progress } from './output.ts';

interface IpaRunCommandOptions {
  euicc?: string;
  reader?: string;
  driverCommand?: string;
  scenarios?: string;
  eimId?: string;
  eimFqdn?: string;
  ca?: string;
  insecure?: boolean;
  smdpCa?: string;
  smdpInsecure?: boolean;
  download?: string;
  connectivityCheck?: string;
  once?: boolean;
  interval: string;
  trace?: string;
  json?: boolean;
}

/** Longest a connectivity check command may take before it counts as "no connectivity". */
const CHECK_TIMEOUT_MS = 30_000;

/** `--connectivity-check <command>`: exit 0 means the enabled profile (RSPSIM_ICCID) gives connectivity. */
const commandCheck = (command: string) => (iccid: Buffer) =>
  new Promise<boolean>((resolve) => {
    const child = spawn(command, {
      shell: true,
      stdio: 'ignore',
      env: { ...process.env, RSPSIM_ICCID: iccidToDigits(iccid) },
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHECK_TIMEOUT_MS);
    child.once('error', () => resolve(false));
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });

function describeItem(item: CycleItem): string {
  switch (item.kind) {
    case 'euiccPackage':
      return `eUICC Package: ${item.refusedByEuicc !== undefined ? `refused by the eUICC (${item.refusedByEuicc}), ` : ''}${Array.isArray(item.acknowledged) ? `acknowledged ${item.acknowledged.join(', ') || 'nothing'}` : item.acknowledged}${item.rolledBack ? ' (rolled back)' : ''}`;
    case 'euiccDataRequest':
      return `eUICC data request: ${item.answered ? 'answered' : 'refused by the eIM'}`;
    case 'unusablePackage':
      return `unusable package (${item.detail}): reported ${item.code}${item.answered ? '' : ', refused by the eIM'}`;
    case 'profileDownloadTrigger':
      return `profile download (${item.mode}) from ${item.smdpAddress ?? 'an SM-DS'}: ${item.installed ? `installed ${item.iccid ?? ''}` : `failed: ${item.error ?? ''}`}`;
  }
}

const describeCycle = (report: CycleReport): string =>
  [...report.items.map(describeItem), `cycle ended: ${report.ended}`].join('\n');

/** `ipa add-initial-eim`: ES10b.AddInitialEim (SGP.32 5.9.4) with the request an eIM gives for its eUICCs. */
function registerAddInitialEim(ipa: Command): void {
  ipa
    .command('add-initial-eim <request>')
    .description(
      "install the first eIM on the eUICC (ES10b.AddInitialEim): <request> is the AddInitialEimRequest ('BF57…') in hex, base64 or @file, as the eIM gives it",
    )
    .option('-e, --euicc <state.json>', 'software IoT eUICC state file (`rspsim euicc create --iot`)')
    .option(...READER_OPTION)
    .option(...DRIVER_COMMAND_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (data: string, options: IpaRunCommandOptions) => {
      const der = bytesOf(data);
      try {
        AddInitialEimRequest.decode(der);
      } catch (error) {
        throw new Error(`not an AddInitialEimRequest ('BF57'): ${(error as Error).message}`);
      }
      const answer = await withTransport(
        { file: options.euicc, reader: options.reader, driverCommand: options.driverCommand },
        async (euicc) => {
          const es10 = new Es10Client(euicc);
          try {
            return AddInitialEimResponse.decode(await es10.storeData(der));
          } finally {
            await es10.close();
          }
        },
      );
      if ('addInitialEimError' in answer)
        throw new Error(`the eUICC refused AddInitialEim: ${nameOfCode(answer.addInitialEimError)}`);
      printResult(options, answer.addInitialEimOk, () =>
        answer.addInitialEimOk
          .map((entry, i) =>
            'associationToken' in entry
              ? `eIM ${i + 1}: added, associationToken ${entry.associationToken}`
              : `eIM ${i + 1}: added`,
          )
          .join('\n'),
      );
    });
}

const nameOfCode = (code: number) =>
  `${Object.entries(AddEimResultCodes).find(([, value]) => value === code)?.[0] ?? 'error'} (${code})`;

export function registerIpaCommands(program: Command): void {
  const ipa = program.command('ipa').description('the built-in IPA (SGP.32 IoT Profile Assistant)');
  registerAddInitialEim(ipa);
  ipa
    .command('run')
    .description(
      'start up on the eUICC, deliver its pending notifications to its eIM, then poll the eIM and run what it sends (eUICC Packages with rollback, data requests, profile downloads)',
    )
    .option('-e, --euicc <state.json>', 'software IoT eUICC state file (`rspsim euicc create --iot`)')
    .option(...READER_OPTION)
    .option(...DRIVER_COMMAND_OPTION)
    .option(...SCENARIOS_OPTION)
    .option('--eim-id <eimId>', "the eIM to poll (default: the eUICC's first eIM with an eimFqdn)")
    .option(
      '--eim-fqdn <host[:port]>',
      'reach the eIM at this address instead of the eimFqdn the eUICC keeps',
    )
    .option(
      '--ca <pem>',
      "CA to trust for the eIM's TLS (default: the eUICC's trustedPublicKeyDataTls, else the public roots and the SGP.26 test CI)",
    )
    .option('--insecure', "do not verify the eIM's TLS certificate")
    .option(
      '--smdp-ca <pem>',
      "CA to trust for the SM-DP+'s TLS in a direct download (default: the CIs the eUICC trusts)",
    )
    .option('--smdp-insecure', "do not verify the SM-DP+'s TLS certificate in a direct download")
    .option(
      '--download <mode>',
      "direct or indirect (default: indirect when the eIM's configuration has indirectProfileDownload)",
    )
    .option(
      '--connectivity-check <command>',
      'after a profile change, and before each poll: exit 0 when the enabled profile (RSPSIM_ICCID) gives connectivity; otherwise rollback / fallback',
    )
    .option('--once', 'one poll cycle, then stop (its failure is the exit code)')
    .option('--interval <seconds>', 'between poll cycles (doubled after each failure, up to 15 min)', '60')
    .option('--trace <file>', 'append each ESipa exchange, ASN.1-decoded, as one JSON line')
    .option('--json', 'machine-readable output')
    .action(async (options: IpaRunCommandOptions) => {
      const download = options.download;
      if (download !== undefined && download !== 'direct' && download !== 'indirect')
        throw new Error(`--download: "${download}" is neither direct nor indirect`);
      const interval = Number(options.interval);
      if (!Number.isFinite(interval) || interval < 1)
        throw new Error(`--interval: "${options.interval}" is not a number of seconds ≥ 1`);
      const say = progress(options);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const report = await withTransport(
          {
            file: options.euicc,
            reader: options.reader,
            driverCommand: options.driverCommand,
            scenarios: options.scenarios,
          },
          (euicc) =>
            runIpa(euicc, {
              ...(options.eimId ? { eimId: options.eimId } : {}),
              ...(options.eimFqdn ? { eimFqdn: options.eimFqdn } : {}),
              ...(options.ca ? { caPem: readInputFileSync(options.ca, 'small').toString('utf8') } : {}),
              ...(options.insecure ? { insecure: true } : {}),
              ...(download ? { downloadMode: download as DownloadMode } : {}),
              es9: es9Options(
                {
                  ...(options.smdpInsecure ? { insecure: true } : {}),
                  ...(options.smdpCa ? { ca: options.smdpCa } : {}),
                },
                euicc,
              ),
              ...(options.connectivityCheck
                ? { connectivityCheck: commandCheck(options.connectivityCheck) }
                : {}),
              once: options.once === true,
              intervalMs: interval * 1000,
              signal: stop.signal,
              ...(options.trace ? { onExchange: esipaTraceWriter(options.trace) } : {}),
              onCycle: (cycle) =>
                say(cycle instanceof Error ? `poll cycle failed: ${cycle.message}` : describeCycle(cycle)),
            }),
          '-e',
        );
        printResult(options, report, () =>
          [
            `EID ${report.eid}, eIM "${report.eimId}" at ${report.eimFqdn} (downloads ${report.downloadMode})`,
            `pending notifications delivered: ${report.pending.filter((p) => p.delivered).length} of ${report.pending.length}`,
            ...report.cycles.map(describeCycle),
          ].join('\n'),
        );
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
