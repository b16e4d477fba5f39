/** `rspsim profile ...` and `rspsim notification ...`: the built-in LPA against a software eUICC. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PcscReader } from '../apdu/pcsc-reader.ts';
import type { ApduTransport } from '../apdu/transport.ts';
import { BppCommandIds, ErrorReasons } from '../asn1/rsp/bound-profile-package.ts';
import { discoverEvents, downloadEvent } from '../lpa/discovery.ts';
import { type DownloadResult, downloadProfile } from '../lpa/download.ts';
import type { Es9Options } from '../lpa/es9-client.ts';
import { Es10Client } from '../lpa/es10-client.ts';
import { processNotifications } from '../lpa/notifications.ts';
import { iccidFromDigits, iccidToDigits } from '../profile/iccid.ts';
import { openEmulator, SCENARIOS_OPTION } from './euicc-command.ts';
import { registerProfileImport } from './operator-command.ts';
import { printResult, progress } from './output.ts';
import { registerProfilePackageCommands } from './profile-package-command.ts';

interface Common {
  euicc?: string;
  reader?: string;
  scenarios?: string;
  json?: boolean;
  insecure?: boolean;
  ca?: string;
}

const es9Options = (options: Common): Es9Options =>
  options.insecure ? { insecure: true } : options.ca ? { ca: readFileSync(options.ca, 'utf8') } : {};

const withEuicc = (command: Command) =>
  command
    .option('-e, --euicc <state.json>', 'software eUICC state file (see `rspsim euicc create`)')
    .option(
      '--reader <name>',
      'or the card in this PC/SC reader (a test eUICC; "Virtual PCD 00 00": serve-vpcd)',
    )
    .option(...SCENARIOS_OPTION)
    .option('--json', 'machine-readable output');

const withTls = (command: Command) =>
  command
    .option('--ca <pem>', 'CA certificate to trust for the SM-DP+ (default: the SGP.26 test CI)')
    .option('--insecure', 'do not verify the SM-DP+ TLS certificate');

/**
 * The eUICC the command drives: a software eUICC's state file (-e) or the card in a PC/SC reader (--reader).
 * `use` runs with it and the reader is let go afterwards, whatever happened.
 */
async function withTransport<T>(options: Common, use: (euicc: ApduTransport) => Promise<T>): Promise<T> {
  const { euicc: file, reader: name } = options;
  if (file !== undefined && name === undefined) return use(await openEmulator(file, options.scenarios));
  if (name === undefined || file !== undefined)
    throw new Error('give the eUICC as either -e <state.json> or --reader <PC/SC reader name>');
  if (options.scenarios)
    throw new Error('--scenarios applies to a software eUICC (-e), not a card in a reader');
  const reader = await PcscReader.open(name);
  try {
    return await use(reader);
  } finally {
    await reader.close();
  }
}

/** An Es10Client on the command's eUICC, its ISD-R channel closed afterwards. */
const withEs10 = <T>(options: Common, use: (es10: Es10Client) => Promise<T>): Promise<T> =>
  withTransport(options, async (euicc) => {
    const es10 = new Es10Client(euicc);
    const result = await use(es10);
    await es10.close();
    return result;
  });

/** The SGP.22 name of a numbered value (BppCommandId, ErrorReason), beside its number. */
const named = (names: Readonly<Record<string, number>>, value: number | undefined) =>
  `${value} (${Object.entries(names).find(([, v]) => v === value)?.[0] ?? 'not a value SGP.22 names'})`;

function downloadSummary(result: DownloadResult) {
  const error = result.errorResult;
  return {
    success: result.success,
    iccid: iccidToDigits(result.iccid),
    isdpAid: result.isdpAid,
    serviceProviderName: result.metadata.serviceProviderName,
    profileName: result.metadata.profileName,
    // SGP.22 5.7.6 ErrorResult: which BPP command failed and why, by number and by name.
    errorResult: error && {
      ...error,
      bppCommand: named(BppCommandIds, error.bppCommandId),
      reason: named(ErrorReasons, error.errorReason),
    },
  };
}

function downloadLine(summary: ReturnType<typeof downloadSummary>): string {
  return summary.success
    ? `installed ${summary.iccid} (${summary.serviceProviderName} / ${summary.profileName})`
    : `installation failed: bppCommandId ${summary.errorResult?.bppCommand}, errorReason ${summary.errorResult?.reason}`;
}

export function registerLpaCommands(program: Command): void {
  const profile = program
    .command('profile')
    .description(
      'profile packages (make, inspect), the SM-DP+ inventory (import), a software eUICC (the rest)',
    );
  registerProfilePackageCommands(profile);
  registerProfileImport(profile);

  withTls(withEuicc(profile.command('download')))
    .description('download and install a profile from an activation code')
    .requiredOption('-a, --activation-code <code>', 'LPA:1$<SM-DP+ address>$<matching ID>')
    .option('-c, --confirmation-code <code>', 'confirmation code, when the profile needs one')
    .action(async (options: Common & { activationCode: string; confirmationCode?: string }) => {
      const result = await withTransport(options, (euicc) =>
        downloadProfile({
          activationCode: options.activationCode,
          euicc,
          es9: es9Options(options),
          ...(options.confirmationCode !== undefined ? { confirmationCode: options.confirmationCode } : {}),
          onProgress: progress(options),
        }),
      );
      const summary = downloadSummary(result);
      printResult(options, summary, () => downloadLine(summary));
      if (!result.success) process.exitCode = 1;
    });

  withTls(withEuicc(profile.command('discover')))
    .description("list the eUICC's events at its root SM-DS (ES11), and download one with --download")
    .option('-s, --smds <address>', "SM-DS address (default: the eUICC's root SM-DS)")
    .option('-d, --download <eventId>', 'then download the profile of this event from its SM-DP+')
    .option('-c, --confirmation-code <code>', 'confirmation code, when the profile needs one')
    .action(async (options: Common & { smds?: string; download?: string; confirmationCode?: string }) => {
      await withTransport(options, async (euicc) => {
        const events = await discoverEvents({
          euicc,
          es9: es9Options(options),
          ...(options.smds ? { smdsAddress: options.smds } : {}),
          onProgress: (step, address) => progress(options)(`${step} ${address}`),
        });
        const lines = () =>
          events.length === 0
            ? 'no events'
            : events.map((e) => `${e.eventId}  at ${e.rspServerAddress}  (from ${e.smdsAddress})`).join('\n');
        if (options.download === undefined) return printResult(options, { events }, lines);
        const event = events.find((e) => e.eventId === options.download);
        if (!event) throw new Error(`no event ${options.download} at the SM-DS (${events.length} found)`);
        const result = await downloadEvent(event, {
          euicc,
          es9: es9Options(options),
          ...(options.confirmationCode !== undefined ? { confirmationCode: options.confirmationCode } : {}),
          onProgress: progress(options),
        });
        const download = downloadSummary(result);
        printResult(options, { events, download }, () => `${lines()}\n${downloadLine(download)}`);
        if (!result.success) process.exitCode = 1;
      });
    });

  withEuicc(profile.command('list'))
    .description('list the installed profiles')
    .action(async (options: Common) => {
      const listed = await withEs10(options, (es10) => es10.listProfiles());
      const profiles = listed.map((p) => ({
        iccid: p.iccid ? iccidToDigits(p.iccid) : undefined,
        isdpAid: p.isdpAid,
        state: p.profileState === 1 ? 'enabled' : 'disabled',
        nickname: p.profileNickname,
        serviceProviderName: p.serviceProviderName,
        profileName: p.profileName,
        profileClass: p.profileClass,
      }));
      printResult(options, profiles, () =>
        profiles.length === 0
          ? 'no profiles'
          : profiles
              .map(
                (p) =>
                  `${p.iccid}  ${p.state.padEnd(8)} ${p.serviceProviderName} / ${p.profileName}${p.nickname ? ` (${p.nickname})` : ''}`,
              )
              .join('\n'),
      );
    });

  const operation = (name: 'enable' | 'disable' | 'delete') =>
    withEuicc(profile.command(`${name} <iccid>`))
      .description(`${name} a profile`)
      .action(async (iccid: string, options: Common) => {
        const coded = iccidFromDigits(iccid);
        await withEs10(options, (es10) =>
          name === 'enable'
            ? es10.enableProfile(coded)
            : name === 'disable'
              ? es10.disableProfile(coded)
              : es10.deleteProfile(coded),
        );
        printResult(options, { iccid, operation: name, result: 'ok' }, () => `${name}d ${iccid}`);
      });
  operation('enable');
  operation('disable');
  operation('delete');

  withEuicc(profile.command('nickname <iccid> <nickname>'))
    .description('set the nickname of a profile')
    .action(async (iccid: string, nickname: string, options: Common) => {
      await withEs10(options, (es10) => es10.setNickname(iccidFromDigits(iccid), nickname));
      printResult(options, { iccid, nickname }, () => `${iccid} is now "${nickname}"`);
    });

  const notification = program
    .command('notification')
    .description('pending notifications of a software eUICC or a card in a PC/SC reader');

  withEuicc(notification.command('list'))
    .description('list pending notifications')
    .action(async (options: Common) => {
      const pending = await withEs10(options, (es10) => es10.listNotifications());
      const list = pending.map((n) => ({
        seqNumber: n.seqNumber,
        event: n.profileManagementOperation[0],
        address: n.notificationAddress,
        iccid: n.iccid ? iccidToDigits(n.iccid) : undefined,
      }));
      printResult(options, list, () =>
        list.length === 0
          ? 'no pending notifications'
          : list.map((n) => `#${n.seqNumber} ${n.event} ${n.iccid ?? ''} -> ${n.address}`).join('\n'),
      );
    });

  withTls(withEuicc(notification.command('process')))
    .description('send pending notifications to their SM-DP+ and remove the delivered ones')
    .option('--keep', 'keep delivered notifications on the eUICC')
    .action(async (options: Common & { keep?: boolean }) => {
      const results = await withTransport(options, (euicc) =>
        processNotifications(euicc, { es9: es9Options(options), remove: !options.keep }),
      );
      printResult(options, results, () =>
        results.length === 0
          ? 'no pending notifications'
          : results
              .map(
                (r) =>
                  `#${r.seqNumber} -> ${r.address}: ${r.delivered ? 'delivered' : `failed (${r.error})`}`,
              )
              .join('\n'),
      );
      if (results.some((r) => !r.delivered)) process.exitCode = 1;
    });
}
