/**
 * The built-in LPA's commands: `profile download|discover|list|enable|disable|delete|nickname` (added to the
 * `profile` command by profile-command.ts) and `notification list|process`, against a software eUICC or the
 * card in a PC/SC reader.
 */
import type { Command } from 'commander';
import type { ApduTransport } from '../apdu/transport.ts';
import { BppCommandIds, ErrorReasons } from '../asn1/rsp/bound-profile-package.ts';
import { readInputFileSync } from '../config/input-file.ts';
import { EuiccEmulator } from '../euicc/emulator.ts';
import { discoverEvents, downloadEvent } from '../lpa/discovery.ts';
import { type DownloadResult, downloadProfile } from '../lpa/download.ts';
import type { Es9Options } from '../lpa/es9-client.ts';
import { notificationSummary, profileSummary } from '../lpa/euicc-info.ts';
import { processNotifications } from '../lpa/notifications.ts';
import { trustedCisPem } from '../pki/trusted-ci.ts';
import { iccidFromDigits, iccidToDigits } from '../profile/iccid.ts';
import { READER_OPTION, SCENARIOS_OPTION, withEs10, withTransport } from './euicc-target.ts';
import { printResult, progress } from './output.ts';
import { addSecretOption } from './secret-option.ts';

interface Common {
  euicc?: string;
  reader?: string;
  scenarios?: string;
  json?: boolean;
  insecure?: boolean;
  ca?: string;
}

/**
 * The LPA's TLS trust: `--ca`, else the CIs a software eUICC trusts (its TLS certificate is issued under a CI
 * of the same PKI, SGP.22 4.5.2.1.0.5; an eUICC made with `--pki my-pki` so reaches an SM-DP+ started with it),
 * else (a card in a reader) the client's default, the SGP.26 test CI.
 */
export const es9Options = (options: Pick<Common, 'insecure' | 'ca'>, euicc: ApduTransport): Es9Options =>
  options.insecure
    ? { insecure: true }
    : options.ca
      ? { ca: readInputFileSync(options.ca, 'small').toString('utf8') }
      : euicc instanceof EuiccEmulator
        ? { ca: trustedCisPem(euicc.trustedCis) }
        : {};

/** The command's eUICC: `-e` names the state file. */
const targetOf = (options: Common) => ({
  file: options.euicc,
  reader: options.reader,
  scenarios: options.scenarios,
});

const withEuicc = (command: Command) =>
  command
    .option('-e, --euicc <state.json>', 'software eUICC state file (see `rspsim euicc create`)')
    .option(...READER_OPTION)
    .option(...SCENARIOS_OPTION)
    .option('--json', 'machine-readable output');

const withTls = (command: Command) =>
  command
    .option(
      '--ca <pem>',
      "CA certificate to trust for the SM-DP+'s TLS (default: the CIs the eUICC trusts; with --reader the SGP.26 test CI)",
    )
    .option('--insecure', 'do not verify the SM-DP+ TLS certificate');

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

/** The code the end user enters (SGP.22 3.1.1.2); a secret like a password. */
const CONFIRMATION_CODE = {
  flag: '-c, --confirmation-code <code>',
  help: 'confirmation code, when the profile needs one',
  env: 'RSPSIM_CONFIRMATION_CODE',
};

/** The LPA's subcommands of `profile`. */
export function registerLpaProfileCommands(profile: Command): void {
  addSecretOption(withTls(withEuicc(profile.command('download'))), CONFIRMATION_CODE)
    .description('download and install a profile from an activation code')
    .requiredOption('-a, --activation-code <code>', 'LPA:1$<SM-DP+ address>$<matching ID>')
    .action(async (options: Common & { activationCode: string; confirmationCode?: string }) => {
      const result = await withTransport(targetOf(options), (euicc) =>
        downloadProfile({
          activationCode: options.activationCode,
          euicc,
          es9: es9Options(options, euicc),
          ...(options.confirmationCode !== undefined ? { confirmationCode: options.confirmationCode } : {}),
          onProgress: progress(options),
        }),
      );
      const summary = downloadSummary(result);
      printResult(options, summary, () => downloadLine(summary));
      if (!result.success) process.exitCode = 1;
    });

  addSecretOption(withTls(withEuicc(profile.command('discover'))), CONFIRMATION_CODE)
    .description("list the eUICC's events at its root SM-DS (ES11), and download one with --download")
    .option('-s, --smds <address>', "SM-DS address (default: the eUICC's root SM-DS)")
    .option('-d, --download <eventId>', 'then download the profile of this event from its SM-DP+')
    .action(async (options: Common & { smds?: string; download?: string; confirmationCode?: string }) => {
      await withTransport(targetOf(options), async (euicc) => {
        const events = await discoverEvents({
          euicc,
          es9: es9Options(options, euicc),
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
          es9: es9Options(options, euicc),
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
      const listed = await withEs10(targetOf(options), (es10) => es10.listProfiles());
      const profiles = listed.map(profileSummary);
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
        await withEs10(targetOf(options), (es10) =>
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
      await withEs10(targetOf(options), (es10) => es10.setNickname(iccidFromDigits(iccid), nickname));
      printResult(options, { iccid, nickname }, () => `${iccid} is now "${nickname}"`);
    });
}

export function registerNotificationCommands(program: Command): void {
  const notification = program
    .command('notification')
    .description('pending notifications of a software eUICC or a card in a PC/SC reader');

  withEuicc(notification.command('list'))
    .description('list pending notifications')
    .action(async (options: Common) => {
      const pending = await withEs10(targetOf(options), (es10) => es10.listNotifications());
      const list = pending.map(notificationSummary);
      printResult(options, list, () =>
        list.length === 0
          ? 'no pending notifications'
          : list
              .map((n) => `#${n.seqNumber} ${n.event} ${n.iccid ?? ''} -> ${n.notificationAddress}`)
              .join('\n'),
      );
    });

  withTls(withEuicc(notification.command('process')))
    .description('send pending notifications to their SM-DP+ and remove the delivered ones')
    .option('--keep', 'keep delivered notifications on the eUICC')
    .action(async (options: Common & { keep?: boolean }) => {
      const results = await withTransport(targetOf(options), (euicc) =>
        processNotifications(euicc, { es9: es9Options(options, euicc), remove: !options.keep }),
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
