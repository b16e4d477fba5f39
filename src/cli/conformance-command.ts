/**
 * `rspsim conformance smdp`: a campaign of SGP.23-organised test cases against an SM-DP+ (ours or anyone's),
 * with verdicts on the terminal and reports for the record (JUnit, JSON, HTML); `conformance lpa` against an
 * LPA, `conformance euicc` against an eUICC.
 */
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readInputFileSync } from '../config/input-file.ts';
import {
  allPassed,
  type CampaignOptions,
  type CaseResult,
  caseSelector,
  runCampaign,
  summarise,
} from '../conformance/campaign.ts';
import type { ConformanceCase } from '../conformance/conformance-case.ts';
import { probeCurves, withProbedCurves } from '../conformance/curve-probe.ts';
import { openCard } from '../conformance/euicc/card-access.ts';
import { EUICC_CASES } from '../conformance/euicc/catalogue.ts';
import { CardRefused, runEuiccCampaign } from '../conformance/euicc/euicc-campaign.ts';
import { LabSmdp } from '../conformance/euicc/lab-smdp.ts';
import { JsonPoster } from '../conformance/exchange.ts';
import { builtinDut, commandDut } from '../conformance/lpa/dut.ts';
import { type LpaLab, type LpaLabOptions, startLpaLab } from '../conformance/lpa/lab.ts';
import { runLpaCampaign } from '../conformance/lpa/lpa-campaign.ts';
import { lpaCases } from '../conformance/lpa/lpa-cases.ts';
import { manualDut } from '../conformance/lpa/manual-dut.ts';
import { Es2Orders, PreparedOrders } from '../conformance/orders.ts';
import { checkEs2, checkTarget, PreflightFailed } from '../conformance/preflight.ts';
import { htmlReport } from '../conformance/report/html.ts';
import { type CampaignInfo, jsonReport } from '../conformance/report/json.ts';
import { junitReport } from '../conformance/report/junit.ts';
import { caseLine, progressBar, summaryTable } from '../conformance/report/terminal.ts';
import { SELF_PROFILE_TYPE, startSelfSmdp } from '../conformance/self-target.ts';
import { SMDP_CASES } from '../conformance/smdp-catalogue.ts';
import { loadCiCertificates, type SmdpTarget } from '../conformance/target.ts';
import { CURVES, type Curve, isCurve } from '../crypto/curve.ts';
import { loadEuiccScenarios } from '../euicc/es10/scenarios.ts';
import { parseActivationCode } from '../lpa/activation-code.ts';
import { DEFAULT_PKI_DIR, loadPki } from '../pki/pki-store.ts';
import { trustedCisPem } from '../pki/trusted-ci.ts';
import { readProfileHeader } from '../saip/read-profile-header.ts';
import { printList } from './output.ts';
import { addSecretOption } from './secret-option.ts';

const SGP26_CIS = ['NIST', 'BRP'].map(
  (c) => new URL(`../../certs/sgp26/CertificateIssuer/CERT_CI_ECDSA_${c}.pem`, import.meta.url).pathname,
);

export interface SmdpConformanceOptions {
  self?: boolean;
  target?: string;
  ci?: string[];
  tlsCa?: string;
  insecure?: boolean;
  euicc: string;
  euiccPki?: string;
  curves: string;
  es2?: string;
  es2Token?: string;
  es2Cert?: string;
  es2Key?: string;
  profileType: string;
  orders?: string;
  cases?: string;
  list?: boolean;
  junit?: string;
  json?: string | boolean;
  html?: string;
}

const read = (file: string, what: string) => {
  try {
    return readInputFileSync(file, 'small').toString('utf8');
  } catch {
    throw new Error(`cannot read ${what} ${file}`);
  }
};

/** The target from the options; every mistake is one clear line. */
export async function targetFrom(options: SmdpConformanceOptions): Promise<SmdpTarget> {
  if (!options.target) throw new Error('--target https://host:port is needed');
  let url: URL;
  try {
    url = new URL(options.target);
  } catch {
    throw new Error(`--target must be a URL such as https://smdp.example.com:8443, not "${options.target}"`);
  }
  if (url.protocol !== 'https:') throw new Error('--target must be an https:// URL (ES9+ runs over TLS)');
  const trustedCis = loadCiCertificates(options.ci && options.ci.length > 0 ? options.ci : SGP26_CIS);
  const tls = options.insecure
    ? { insecure: true }
    : { ca: options.tlsCa ? read(options.tlsCa, 'TLS CA') : trustedCisPem(trustedCis) };
  // auto: both, until preflight's probe (curve-probe.ts) says which the target serves.
  const curves = options.curves === 'auto' ? [...CURVES] : options.curves.split(',').map((c) => c.trim());
  const bad = curves.find((c) => !isCurve(c));
  if (bad) throw new Error(`--curves: unknown curve "${bad}" (P-256, brainpoolP256r1, or auto)`);
  if (options.euicc !== 'generated' && options.euicc !== 'sgp26')
    throw new Error('--euicc must be generated or sgp26');
  if (options.es2 && options.orders) throw new Error('give either --es2 or --orders, not both');
  let es2: Es2Orders | undefined;
  if (options.es2) {
    const token = options.es2Token; // --es2-token-file, --es2-token or RSPSIM_ES2_TOKEN (secret-option.ts)
    if (!token && !options.es2Cert)
      throw new Error('--es2 needs --es2-token-file, RSPSIM_ES2_TOKEN, --es2-token or --es2-cert/--es2-key');
    const poster = new JsonPoster(
      options.es2,
      {
        ...tls,
        ...(options.es2Cert ? { cert: read(options.es2Cert, 'ES2+ client certificate') } : {}),
        ...(options.es2Key ? { key: read(options.es2Key, 'ES2+ client key') } : {}),
      },
      token ? { Authorization: `Bearer ${token}` } : {},
    );
    es2 = new Es2Orders(poster, options.profileType);
  }
  const orders = es2 ?? (options.orders ? await PreparedOrders.load(options.orders) : new PreparedOrders([]));
  return {
    address: url.host,
    tls,
    trustedCis,
    ...(options.euiccPki ? { euiccPkiDir: options.euiccPki } : {}),
    euiccIdentity: options.euicc,
    curves: curves as Curve[],
    orders,
    ...(es2 ? { es2 } : {}),
  };
}

/**
 * What `--self` decides itself: the target, its PKI and trust, its orders (an ES2+ token from the environment
 * is ignored: the SM-DP+ it starts has its own).
 */
const SELF_EXCLUDES = ['target', 'ci', 'tlsCa', 'insecure', 'es2', 'es2Cert', 'es2Key', 'orders'] as const;
const flagOf = (option: string) => `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** One SM-DP+ campaign from the options, its reports written: the exit code. */
async function smdpCampaign(
  options: SmdpConformanceOptions,
  cases: readonly ConformanceCase[],
): Promise<number> {
  const given = await targetFrom(options);
  try {
    const target = await preflight(options, given);
    const startedAt = new Date().toISOString();
    const results = await runCampaign(target, cases, terminalReport(options));
    return finishCampaign(options, { dut: 'smdp', target: options.target ?? '', startedAt }, results);
  } finally {
    given.es2?.poster.close();
  }
}

/**
 * The checks before a campaign (preflight.ts): one line and no campaign when the target cannot be tested.
 * With `--curves auto`, the target as the curve probe found it (curve-probe.ts), each finding on the terminal.
 */
async function preflight(options: SmdpConformanceOptions, target: SmdpTarget): Promise<SmdpTarget> {
  const url = new URL(options.target ?? '');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const trust = options.tlsCa
    ? `--tls-ca ${options.tlsCa}`
    : options.ci && options.ci.length > 0
      ? `the CI certificate(s) of --ci`
      : 'the SGP.26 test CIs (the default --ci)';
  await checkTarget(host, Number(url.port || 443), target.tls, trust);
  if (target.es2) await checkEs2(target.es2.poster);
  if (options.curves !== 'auto') return target;
  const probes = await probeCurves(target);
  if (probes.every((p) => p.served === 'no'))
    throw new PreflightFailed(
      `the target serves none of ${CURVES.join(', ')}: ${probes.map((p) => p.observed).join('; ')}`,
    );
  if (options.json !== true)
    for (const p of probes)
      process.stdout.write(
        `${p.curve}: ${p.served === 'yes' ? 'served' : p.served === 'no' ? 'not served, its cases are inconclusive' : 'unclear, its cases run'} (${p.observed})\n`,
      );
  return withProbedCurves(target, probes);
}

/** Writes the reports asked for and returns the exit code: 0 only when every selected case passed (remarks allowed). */
export function finishCampaign(
  options: Pick<SmdpConformanceOptions, 'junit' | 'json' | 'html'>,
  info: CampaignInfo,
  results: readonly CaseResult[],
): number {
  if (options.junit) writeFileSync(options.junit, junitReport(results));
  if (typeof options.json === 'string') writeFileSync(options.json, jsonReport(info, results));
  if (options.json === true) process.stdout.write(jsonReport(info, results));
  else process.stdout.write(`\n${summaryTable(results)}\n`);
  if (options.html) writeFileSync(options.html, htmlReport(info, results));
  return allPassed(summarise(results)) ? 0 : 1;
}

/** The cases `--cases` selects; with `--list` they are printed and undefined is returned. */
function selected<C extends { id: string; area: string; title: string; reference: string }>(
  all: readonly C[],
  options: { cases?: string; list?: boolean; json?: string | boolean },
): readonly C[] | undefined {
  const cases = all.filter(caseSelector(options.cases));
  if (options.list) {
    // Columns as wide as the catalogue's longest id and area, so that every selection lines up alike.
    const idWidth = Math.max(...all.map((c) => c.id.length));
    const areaWidth = Math.max(...all.map((c) => c.area.length));
    const listed = cases.map(({ id, area, title, reference }) => ({ id, area, title, reference }));
    // --list --json: the cases as JSON, like every other --json; text otherwise, in aligned columns.
    printList({ json: options.json === true }, listed, 'no case matches --cases', (c) =>
      [c.id.padEnd(idWidth), c.area.padEnd(areaWidth), `${c.title} [${c.reference}]`].join('  '),
    );
    if (options.json !== true) process.stdout.write(`${cases.length} cases\n`);
    return undefined;
  }
  if (cases.length === 0) throw new Error(`no case matches --cases ${options.cases}`);
  return cases;
}

/** One line per case on the terminal, over a progress bar when stdout is a TTY (nothing with --json alone). */
function terminalReport(options: { json?: string | boolean }): CampaignOptions {
  const terminal = options.json !== true;
  const tty = terminal && process.stdout.isTTY === true;
  return {
    onStart: (c, i, total) => {
      if (tty) process.stdout.write(progressBar(i, total, c.id));
    },
    onResult: (r) => {
      if (terminal) process.stdout.write(`${tty ? '\r\x1b[K' : ''}${caseLine(r)}\n`);
    },
  };
}

/** The options both campaigns take: which cases (`--cases`, `--list`) and which reports. */
function withCampaignOptions(command: Command, exampleGlobs: string): Command {
  return command
    .option('--cases <globs>', `only these cases, comma-separated globs on ids (e.g. ${exampleGlobs})`)
    .option('--list', 'list the selected cases and exit')
    .option('--junit <file>', 'write a JUnit XML report')
    .option(
      '--json [file]',
      'write the JSON report to a file, or without one print it instead of the terminal report',
    )
    .option('--html <file>', 'write a self-contained HTML report');
}

export function registerConformanceCommands(program: Command): void {
  const conformance = program
    .command('conformance')
    .description('SGP.23-organised conformance campaigns with verdicts and reports');
  const smdp = conformance
    .command('smdp')
    .description('test an SM-DP+ (ES9+, ES2+) with the built-in LPA and emulated eUICCs')
    .option(
      '--self',
      "rspsim's own SM-DP+, started for the campaign on a free loopback port with the test PKI, an in-memory store and ES2+ inventory, stopped after it",
    )
    .option(
      '--target <url>',
      'the SM-DP+ under test, https://host:port (host:port is its address in activation codes)',
    )
    .option(
      '--ci <file...>',
      'CI certificate(s) its DPauth/DPpb chain to, PEM or DER (default: the SGP.26 test CIs)',
    )
    .option('--tls-ca <pem>', "CA of the SM-DP+'s TLS certificate (default: the CI certificates)")
    .option('--insecure', 'do not verify the TLS certificate')
    .option(
      '--euicc <identity>',
      'generated (a fresh EID per eUICC) or sgp26 (the test eUICC of the PKI)',
      'generated',
    )
    .option('--euicc-pki <dir>', 'PKI folder whose EUM issues the eUICCs (default: certs/sgp26)')
    .option(
      '--curves <list>',
      'curves the SM-DP+ serves, or auto: ask it first (cases of a curve it does not serve are inconclusive)',
      'P-256,brainpoolP256r1',
    )
    .option('--es2 <url>', "the SM-DP+'s ES2+ base URL: test orders are made through it")
    .option('--es2-cert <pem>', 'ES2+ TLS client certificate')
    .option('--es2-key <pem>', 'ES2+ TLS client key')
    .option('--profile-type <type>', 'profile type ES2+ DownloadOrder asks for', 'CONFORMANCE')
    .option(
      '--orders <file>',
      'prepared orders instead of ES2+: JSON [{"matchingId", "eid"?, "confirmationCode"?}]',
    );
  addSecretOption(smdp, { flag: '--es2-token <token>', help: 'ES2+ bearer token', env: 'RSPSIM_ES2_TOKEN' });
  withCampaignOptions(smdp, '"AC-*,GBPP-NOM-*"').action(async (options: SmdpConformanceOptions) => {
    const cases = selected(SMDP_CASES, options);
    if (!cases) return;
    if (!options.self) {
      process.exitCode = await smdpCampaign(options, cases);
      return;
    }
    const given = SELF_EXCLUDES.filter((o) => options[o] !== undefined);
    if (given.length > 0)
      throw new Error(
        `--self starts its own SM-DP+ with the test PKI and ES2+: leave out ${given.map(flagOf).join(', ')}`,
      );
    const self = await startSelfSmdp(cases.length);
    try {
      process.exitCode = await smdpCampaign(
        {
          ...options,
          target: `https://${self.smdp.address}`,
          es2: self.smdp.url,
          es2Token: self.smdp.adminToken,
          profileType: SELF_PROFILE_TYPE,
        },
        cases,
      );
    } finally {
      await self.close();
    }
  });

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
  registerEuiccCampaign(conformance);
}

/** `conformance euicc`: the card from exactly one of --builtin, --reader, --driver-command. */
function registerEuiccCampaign(conformance: Command): void {
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

interface EuiccConformanceOptions {
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
  cases?: string;
  list?: boolean;
  junit?: string;
  json?: string | boolean;
  html?: string;
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

interface LpaConformanceOptions {
  dutCommand?: string;
  builtin?: boolean;
  dutManual?: boolean;
  host?: string;
  port?: string;
  address?: string;
  timeLimit: string;
  cases?: string;
  list?: boolean;
  junit?: string;
  json?: string | boolean;
  html?: string;
}
