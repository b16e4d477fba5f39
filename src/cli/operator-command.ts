/**
 * The operator's commands: import profiles into a running SM-DP+'s inventory, place and manage
 * orders through ES2+, print activation codes and their QR codes.
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { StoreMetadataRequest } from '../asn1/rsp/index.ts';
import { isObject } from '../client/function-call.ts';
import { readInputFileSync } from '../config/input-file.ts';
import { HttpStatusError } from '../errors/client-errors.ts';
import { type ActivationCode, formatActivationCode, parseActivationCode } from '../lpa/activation-code.ts';
import { activationCodeQr, qrFormatOf } from '../operator/activation-code-qr.ts';
import { Es2Client } from '../operator/es2-client.ts';
import { makeProfile, type ProfileDescription } from '../saip/make.ts';
import type { profileView } from '../smdp/http/admin-profile-routes.ts';
import type { OrderLimitSettings } from '../smdp/order-limits.ts';
import { type AdminOptions, adminCall, withAdmin } from './admin-client.ts';
import { printResult, table } from './output.ts';
import { metadataFileFor } from './profile-package-command.ts';
import { addSecretOption } from './secret-option.ts';

const es2For = (options: AdminOptions) =>
  new Es2Client((path, body, headers) => adminCall(options, path, 'POST', body, headers));

/** The order limits `order create` was given (rspsim's ES2+ extension), or undefined. */
function orderLimitOptions(
  options: Pick<OrderCreateOptions, 'ttl' | 'maxAttempts' | 'tacAllow' | 'tacDeny'>,
): OrderLimitSettings | undefined {
  const whole = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new Error(`${flag} must be a whole number, not ${value}`);
    return Number(value);
  };
  const list = (value: string | undefined) => value?.split(',').map((tac) => tac.trim());
  const settings = {
    timeToLiveSeconds: whole('--ttl', options.ttl),
    maxDownloadAttempts: whole('--max-attempts', options.maxAttempts),
    tacAllow: list(options.tacAllow),
    tacDeny: list(options.tacDeny),
  };
  const given = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  return Object.keys(given).length > 0 ? given : undefined;
}

/** Writes the activation code's QR code when asked; returns the line that says so. */
async function writeQr(code: string, file: string | undefined): Promise<string> {
  if (!file) return '';
  writeFileSync(file, await activationCodeQr(code, qrFormatOf(file)));
  return `\nQR code: ${file}`;
}

/** The validation problems the admin API listed with its refusal of a profile package, if any. */
function problemsOf(error: Error): { element: string; field: string; message: string }[] | undefined {
  if (!(error instanceof HttpStatusError) || !isObject(error.body)) return undefined;
  const { problems } = error.body;
  return Array.isArray(problems) ? problems : undefined;
}

/** A profile as the admin API lists it. */
type ProfileView = ReturnType<typeof profileView>;

const profileRow = (p: ProfileView): string[] => [
  p.iccid,
  p.state,
  p.profileType ?? '-',
  p.matchingId ?? '-',
  p.eid ?? '-',
];

/** A package and its StoreMetadata (`<name>.metadata.der` when present), or both made from a description. */
function readProfileToImport(file: string): { upp: Buffer; metadata?: Buffer } {
  let content: Buffer;
  try {
    content = readInputFileSync(file, 'profilePackage');
  } catch {
    throw new Error(`cannot read ${file}`);
  }
  if (/\.json$/i.test(file)) {
    const made = makeProfile(JSON.parse(content.toString('utf8')) as ProfileDescription);
    return { upp: made.upp, metadata: StoreMetadataRequest.encode(made.metadata) };
  }
  const metadataFile = metadataFileFor(file);
  return {
    upp: content,
    ...(existsSync(metadataFile) ? { metadata: readInputFileSync(metadataFile, 'small') } : {}),
  };
}

/** `profile import`, added to the `profile` command. */
export function registerProfileImport(profile: Command): void {
  withAdmin(profile.command('import <file>'))
    .description(
      "add a profile to a running SM-DP+'s inventory, Available for ES2+ orders: a package (DER, with " +
        '<name>.metadata.der beside it if present) or a description (.json, made as `profile make` does)',
    )
    .option('--id <id>', 'inventory id (default: the ICCID)')
    .option('--profile-type <type>', 'profile type ES2+ DownloadOrder can ask for')
    .option('--profile-name <name>', 'profileName of its metadata')
    .option('--service-provider <name>', 'serviceProviderName of its metadata')
    .option('--profile-class <class>', 'test | provisioning | operational')
    .action(async (file: string, options: AdminOptions & Record<string, string | undefined>) => {
      const { upp, metadata } = readProfileToImport(file);
      const body = JSON.stringify({
        upp: upp.toString('base64'),
        ...(metadata ? { metadata: metadata.toString('base64') } : {}),
        id: options.id,
        profileType: options.profileType,
        profileName: options.profileName,
        serviceProviderName: options.serviceProvider,
        profileClass: options.profileClass,
      });
      const { profile } = await adminCall<{ profile: { iccid: string; id: string; state: string } }>(
        options,
        '/admin/profiles',
        'POST',
        body,
      ).catch((error: Error) => {
        const problems = problemsOf(error);
        if (!problems) throw error;
        throw new Error(
          `${error.message}:\n${problems.map((p) => `  ${p.element} ${p.field}: ${p.message}`).join('\n')}`,
        );
      });
      // The id is the ICCID unless --id gave another: name it only then.
      printResult(
        options,
        profile,
        () =>
          `imported ${profile.iccid}${profile.id === profile.iccid ? '' : ` as ${profile.id}`}, ${profile.state}`,
      );
    });
}

/** The flags of `order create` (commander names them in camelCase; `--no-matching-id` gives false). */
interface OrderCreateOptions {
  iccid?: string;
  profileType?: string;
  eid?: string;
  matchingId?: string | false;
  cc?: string;
  smds?: string;
  ttl?: string;
  maxAttempts?: string;
  tacAllow?: string;
  tacDeny?: string;
  hold?: true;
  qr?: string;
}

/** The flags of `activation-code`. */
interface ActivationCodeOptions {
  address: string;
  oid?: string;
  ccRequired?: true;
  qr?: string;
  json?: true;
}

/** The code the end user must enter (SGP.22 3.1.1.2); a secret like a password. */
const CONFIRMATION_CODE = {
  flag: '--cc <code>',
  help: 'confirmation code the end user must enter',
  env: 'RSPSIM_CONFIRMATION_CODE',
};

export function registerOperatorCommands(program: Command): void {
  const order = program.command('order').description('ES2+ orders on a running SM-DP+ (operator side)');

  addSecretOption(withAdmin(order.command('create')), CONFIRMATION_CODE)
    .description('DownloadOrder + ConfirmOrder: reserve a profile and get its activation code')
    .option('--iccid <iccid>', 'the profile to order')
    .option('--profile-type <type>', 'or any Available profile of this type')
    .option('--eid <eid>', 'bind the order to this eUICC')
    .option('--matching-id <id>', 'matchingId to use (default: the SM-DP+ makes one)')
    .option('--no-matching-id', 'no matchingId: the eUICC finds the order by EID at its default SM-DP+')
    .option('--smds <address>', 'announce the order at this SM-DS (needs --eid): `profile discover` finds it')
    .option('--ttl <seconds>', "rspsim's order limit: the order expires after this time (8.8.5/4.10)")
    .option('--max-attempts <n>', "rspsim's order limit: download attempts allowed (8.8.5/6.4 after)")
    .option(
      '--tac-allow <tacs>',
      "rspsim's order limit: only devices of these TACs (comma-separated prefixes)",
    )
    .option('--tac-deny <tacs>', "rspsim's order limit: not devices of these TACs (comma-separated prefixes)")
    .option('--hold', 'ConfirmOrder without release: downloadable after `order release`')
    .option('--qr <file>', 'write the activation code as a QR code (.png or .svg)')
    .action(async (options: AdminOptions & OrderCreateOptions) => {
      if (!options.iccid && !options.profileType)
        throw new Error('order create needs --iccid or --profile-type');
      const placed = await es2For(options).placeOrder({
        iccid: options.iccid,
        profileType: options.profileType,
        eid: options.eid,
        matchingId: options.matchingId === false ? '' : options.matchingId,
        confirmationCode: options.cc,
        smdsAddress: options.smds,
        rspsimOrder: orderLimitOptions(options),
        releaseFlag: !options.hold,
      });
      const activationCode =
        placed.matchingId !== undefined
          ? formatActivationCode({
              smdpAddress: placed.smdpAddress,
              matchingId: placed.matchingId,
              confirmationCodeRequired: Boolean(options.cc),
            })
          : undefined;
      const qr = activationCode ? await writeQr(activationCode, options.qr) : '';
      printResult(options, { ...placed, activationCode }, () =>
        activationCode
          ? `ordered ${placed.iccid}${options.hold ? ' (held)' : ''}\n${activationCode}${qr}`
          : `ordered ${placed.iccid} for EID ${placed.eid} (default SM-DP+ ${placed.smdpAddress}, no matchingId)`,
      );
    });

  withAdmin(order.command('release <iccid>'))
    .description('ReleaseProfile: a held order becomes downloadable')
    .action(async (iccid: string, options: AdminOptions) => {
      await es2For(options).call('releaseProfile', { iccid });
      printResult(options, { released: iccid }, () => `released ${iccid}`);
    });

  withAdmin(order.command('cancel <iccid>'))
    .description('CancelOrder: the profile returns to Available (or Unavailable with --unavailable)')
    .option('--unavailable', 'retire the profile instead of returning it to the inventory')
    .action(async (iccid: string, options: AdminOptions & { unavailable?: boolean }) => {
      const finalProfileStatusIndicator = options.unavailable ? 'Unavailable' : 'Available';
      await es2For(options).call('cancelOrder', { iccid, finalProfileStatusIndicator });
      printResult(options, { cancelled: iccid, finalProfileStatusIndicator }, () => `cancelled ${iccid}`);
    });

  withAdmin(order.command('list'))
    .description('orders and their states (profiles no longer Available)')
    .option('--all', 'the whole inventory, Available profiles included')
    .action(async (options: AdminOptions & { all?: boolean }) => {
      const { profiles } = await adminCall<{ profiles: ProfileView[] }>(options, '/admin/profiles');
      const shown = options.all ? profiles : profiles.filter((p) => p.state !== 'available');
      printResult(options, shown, () =>
        shown.length === 0
          ? 'no orders'
          : table(['ICCID', 'STATE', 'TYPE', 'MATCHING-ID', 'EID'], shown.map(profileRow)),
      );
    });

  program
    .command('activation-code <matchingId>')
    .description('the activation code (SGP.22 4.1) of an order, as text and optionally as a QR code')
    .option('--address <fqdn[:port]>', 'SM-DP+ address', process.env.RSPSIM_ADDRESS ?? 'localhost:8443')
    .option('--oid <oid>', 'SM-DP+ OID to include')
    .option('--cc-required', 'the order needs a confirmation code')
    .option('--qr <file>', 'write a QR code (.png or .svg)')
    .option('--json', 'machine-readable output')
    .action(async (matchingId: string, options: ActivationCodeOptions) => {
      const code: ActivationCode = {
        smdpAddress: options.address,
        matchingId,
        ...(options.oid ? { smdpOid: options.oid } : {}),
        confirmationCodeRequired: Boolean(options.ccRequired),
      };
      const text = formatActivationCode(code);
      parseActivationCode(text); // the same checks an LPA makes: a bad address or matchingId fails here
      const qr = await writeQr(text, options.qr);
      printResult(
        options,
        { activationCode: text, ...(options.qr ? { qr: options.qr } : {}) },
        () => `${text}${qr}`,
      );
    });
}
