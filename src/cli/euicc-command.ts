/** `rspsim euicc ...`: create and inspect software eUICCs, and serve one to lpac over its stdio driver. */
import { type Command, Option } from 'commander';
import { StoreMetadataRequest } from '../asn1/rsp/index.ts';
import { CURVES, type Curve } from '../crypto/curve.ts';
import { EuiccEmulator } from '../euicc/emulator.ts';
import { startLpac } from '../euicc/lpac-harness.ts';
import { runStdioBridge } from '../euicc/stdio-bridge.ts';
import { serveVpcd, VPCD_PORT } from '../euicc/vpcd-card.ts';
import { type EuiccInfo, profileClassName, readEuiccInfo } from '../lpa/euicc-info.ts';
import { iccidToDigits } from '../profile/iccid.ts';
import { isServerAddress } from '../rsp-server/server-address.ts';
import { openEmulator, READER_OPTION, SCENARIOS_OPTION, withEs10 } from './euicc-target.ts';
import { printResult } from './output.ts';

export function registerEuiccCommands(program: Command): Command {
  const euicc = program.command('euicc').description('software eUICCs (state kept in a JSON file)');

  euicc
    .command('create')
    .description('create a new eUICC with a fresh EID under the SGP.26 test EUM (or the EUM of --pki)')
    .requiredOption('-f, --file <state.json>', 'state file to write')
    .addOption(
      new Option('--curve <curve>', 'curve of its keys and certificate').choices(CURVES).default('P-256'),
    )
    .option('--default-smdp <address>', 'default SM-DP+ address')
    .option('--smds <address>', 'root SM-DS address (default testrootsmds.gsma.com)')
    .option('--pki <dir>', 'PKI folder (SGP.26 layout) whose EUM issues the certificate')
    .option('--iot', 'an IoT eUICC (SGP.32 v1.2): eIM configuration, eUICC Packages, IoT ES10b functions')
    .option('--json', 'machine-readable output')
    .action(
      async (options: {
        file: string;
        curve: Curve;
        defaultSmdp?: string;
        smds?: string;
        pki?: string;
        iot?: boolean;
        json?: boolean;
      }) => {
        if (options.smds !== undefined && !isServerAddress(options.smds))
          throw new Error(`--smds ${options.smds} is not an address (FQDN[:port])`);
        const emulator = await EuiccEmulator.create({
          file: options.file,
          curve: options.curve,
          ...(options.defaultSmdp ? { defaultSmdpAddress: options.defaultSmdp } : {}),
          ...(options.smds ? { rootSmdsAddress: options.smds } : {}),
          ...(options.pki ? { pkiDir: options.pki } : {}),
          ...(options.iot ? { iot: true } : {}),
        });
        printResult(
          options,
          { eid: emulator.eid, curve: emulator.curve, file: options.file, iot: options.iot === true },
          () =>
            `EID ${emulator.eid} (${emulator.curve}${options.iot ? ', IoT eUICC' : ''}) in ${options.file}`,
        );
      },
    );

  euicc
    .command('info')
    .description(
      'show an eUICC: EID, profiles, pending notifications (and EUICCInfo1/2 of a card in a reader)',
    )
    .option('-f, --file <state.json>', 'state file')
    .option(...READER_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (options: { file?: string; reader?: string; json?: boolean }) => {
      if (options.reader !== undefined || options.file === undefined) {
        // Through PC/SC, what ES10 tells (withEs10 refuses -f and --reader together, or neither).
        const info = await withEs10(options, readEuiccInfo, '-f');
        return printResult(options, info, () => infoLines(info));
      }
      const emulator = await EuiccEmulator.open(options.file);
      const profiles = emulator.profiles.map((p) => {
        const metadata = StoreMetadataRequest.decode(Buffer.from(p.metadata, 'base64'));
        return {
          iccid: iccidToDigits(Buffer.from(p.iccid, 'hex')),
          isdpAid: p.isdpAid,
          state: p.state,
          nickname: p.nickname,
          serviceProviderName: metadata.serviceProviderName,
          profileName: metadata.profileName,
          profileClass: profileClassName(metadata.profileClass),
        };
      });
      // The same fields as `notification list` (and `euicc info --reader`) shows.
      const notifications = emulator.notifications.map(
        ({ seqNumber, event, notificationAddress, iccid }) => ({
          seqNumber,
          event,
          notificationAddress,
          iccid: iccid ? iccidToDigits(Buffer.from(iccid, 'hex')) : undefined,
        }),
      );
      printResult(options, { eid: emulator.eid, curve: emulator.curve, profiles, notifications }, () =>
        [
          `EID ${emulator.eid} (${emulator.curve})`,
          `profiles: ${profiles.length === 0 ? 'none' : ''}`,
          ...profiles.map(
            (p) =>
              `  ${p.iccid}  ${p.state.padEnd(8)} ${p.serviceProviderName} / ${p.profileName}${p.nickname ? ` (${p.nickname})` : ''}`,
          ),
          `pending notifications: ${notifications.length === 0 ? 'none' : ''}`,
          ...notifications.map((n) => `  #${n.seqNumber} ${n.event} -> ${n.notificationAddress}`),
        ].join('\n'),
      );
    });

  euicc
    .command('serve-stdio')
    .description(
      "serve the eUICC on stdin/stdout with lpac's stdio APDU driver protocol; lpac's own lines go to stderr",
    )
    .requiredOption('-f, --file <state.json>', 'state file')
    .option(...SCENARIOS_OPTION)
    .action(async (options: { file: string; scenarios?: string }) => {
      const emulator = await openEmulator(options.file, options.scenarios);
      // lpac's progress and result lines share its stdout with the driver: shown, as written, on stderr.
      await runStdioBridge(process.stdin, process.stdout, emulator, (line) => process.stderr.write(line));
    });
  euicc
    .command('serve-vpcd')
    .description(
      "put the eUICC in vsmartcard's virtual PC/SC reader (vpcd, with pcscd), for PC/SC applications",
    )
    .requiredOption('-f, --file <state.json>', 'state file')
    .option('--vpcd <host:port>', "vpcd's address", `127.0.0.1:${VPCD_PORT}`)
    .option(...SCENARIOS_OPTION)
    .action(async (options: { file: string; vpcd: string; scenarios?: string }) => {
      const [, host, port] = /^(.+):(\d{1,5})$/.exec(options.vpcd) ?? [];
      if (host === undefined || port === undefined)
        throw new Error(`--vpcd is host:port, not ${options.vpcd}`);
      const emulator = await openEmulator(options.file, options.scenarios);
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      process.once('SIGTERM', () => stop.abort());
      await serveVpcd(emulator, {
        host,
        port: Number(port),
        signal: stop.signal,
        onState: (state) => process.stderr.write(`${state}\n`),
      });
    });
  euicc
    .command('run-lpac')
    .description(
      'run lpac (LPAC_APDU=stdio) against this eUICC, its output and exit code passed through: rspsim euicc run-lpac -f e.json -- chip info',
    )
    .requiredOption('-f, --file <state.json>', 'state file')
    .option('--lpac <path>', 'lpac binary (default: $LPAC, else lpac on the PATH)')
    .option('--timeout <seconds>', 'stop lpac (SIGTERM, 5 s later SIGKILL) if it has not finished by then')
    .option(...SCENARIOS_OPTION)
    .argument('[args...]', 'lpac arguments (after --)')
    .action(
      async (
        args: string[],
        options: { file: string; lpac?: string; timeout?: string; scenarios?: string },
      ) => {
        const timeout = options.timeout === undefined ? undefined : Number(options.timeout);
        if (timeout !== undefined && !(timeout > 0 && timeout <= 86_400)) {
          throw new Error(`--timeout is a number of seconds (up to 86400), not ${options.timeout}`);
        }
        const emulator = await openEmulator(options.file, options.scenarios);
        const lpac = startLpac(options.lpac ?? process.env.LPAC ?? 'lpac', args, emulator, {
          stdout: process.stdout,
          stderr: process.stderr,
          ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
        });
        // Ctrl-C or a kill reaches lpac, which may still talk to the eUICC (a download's cancelSession): the
        // bridge answers until lpac has finished.
        const forward = (signal: NodeJS.Signals) => lpac.kill(signal);
        process.on('SIGINT', forward);
        process.on('SIGTERM', forward);
        try {
          const exit = await lpac.finished;
          if (exit.timedOut) {
            process.stderr.write(
              `rspsim: lpac had not finished after ${timeout} s (--timeout): stopped it (${exit.signal ?? `exit ${exit.exitCode}`})\n`,
            );
          }
          // 124 as timeout(1) says it.
          process.exitCode = exit.timedOut ? 124 : exit.exitCode;
        } finally {
          process.off('SIGINT', forward);
          process.off('SIGTERM', forward);
        }
      },
    );
  return euicc;
}

/** An eUICC read through ES10, as text. */
function infoLines(info: EuiccInfo): string {
  const keys = (ids: readonly string[]) => ids.join(', ') || 'none';
  const { euiccInfo1: one, euiccInfo2: two } = info;
  return [
    `EID ${info.eid}`,
    `EUICCInfo1: SVN ${one.svn}; CI keys for verification ${keys(one.euiccCiPKIdListForVerification)}; for signing ${keys(one.euiccCiPKIdListForSigning)}`,
    `EUICCInfo2: profile version ${two.profileVersion}, SVN ${two.svn}, firmware ${two.euiccFirmwareVer}, PP ${two.ppVersion}, SAS ${two.sasAcreditationNumber}`,
    `  RSP capabilities: ${two.rspCapability.join(', ') || 'none'}; extCardResource ${two.extCardResource}`,
    `profiles: ${info.profiles.length === 0 ? 'none' : ''}`,
    ...info.profiles.map(
      (p) =>
        `  ${p.iccid}  ${p.state.padEnd(8)} ${p.serviceProviderName} / ${p.profileName}${p.nickname ? ` (${p.nickname})` : ''}`,
    ),
    `pending notifications: ${info.notifications.length === 0 ? 'none' : ''}`,
    ...info.notifications.map(
      (n) => `  #${n.seqNumber} ${n.event} ${n.iccid ?? ''} -> ${n.notificationAddress}`,
    ),
  ].join('\n');
}
