import type { Command } from 'commander';
import { readInputFileSync } from '../config/input-file.ts';
import { runCampaign } from '../conformance/campaign.ts';
import type { ConformanceCase } from '../conformance/conformance-case.ts';
import { probeCurves, withProbedCurves } from '../conformance/curve-probe.ts';
import { JsonPoster } from '../conformance/exchange.ts';
import { Es2Orders, PreparedOrders } from '../conformance/orders.ts';
import { checkEs2, checkTarget, PreflightFailed } from '../conformance/preflight.ts';
import { SELF_PROFILE_TYPE, startSelfSmdp } from '../conformance/self-target.ts';
import { SMDP_CASES } from '../conformance/smdp-catalogue.ts';
import { loadCiCertificates, type SmdpTarget } from '../conformance/target.ts';
import { CURVES, type Curve, isCurve } from '../crypto/curve.ts';
import { trustedCisPem } from '../pki/trusted-ci.ts';
import { MemoryProfileRepository } from '../store/memory/memory-profile-repository.ts';
import {
  type CampaignReportOptions,
  finishCampaign,
  selected,
  terminalReport,
  withCampaignOptions,
} from './conformance-reports.ts';
import { addSecretOption } from './secret-option.ts';

const SGP26_CIS = ['NIST', 'BRP'].map(
  (c) => new URL(`../../certs/sgp26/CertificateIssuer/CERT_CI_ECDSA_${c}.pem`, import.meta.url).pathname,
);

export interface SmdpConformanceOptions extends CampaignReportOptions {
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

/** `conformance smdp`: the SM-DP+ at --target, or with --self our own started for the campaign. */
export function registerSmdpCampaign(conformance: Command): void {
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
    // Nothing is written to disk: the inventory lives for the campaign only.
    const self = await startSelfSmdp(cases.length, new MemoryProfileRepository());
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
}
