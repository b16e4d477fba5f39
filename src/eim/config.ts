/**
 * eIM configuration (SGP.32 2.11.1: the eIM is known to an eUICC by its eimId, its FQDN and the public key of
 * its signing key): defaults, then environment variables, then CLI flags. Declared once here; the config type,
 * the `eim start` options and the table of docs/settings.md come from the declaration.
 */
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  type ConfigOf,
  oneOf,
  resolveSettings,
  type SettingSources,
  type SettingsTable,
  text,
  wholeNumber,
  yesNo,
} from '../config/settings.ts';
import { CURVES } from '../crypto/curve.ts';
import { connectionSettings } from '../rsp-server/http/connection-settings.ts';
import { receiverEntriesOf } from './download/notification-receivers.ts';
import { smdpTrustSources } from './download/smdp-trust.ts';
import { armedScenariosOf } from './scenarios/eim-scenarios.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** SGP.32 EimConfigurationData: `eimId [0] UTF8String (SIZE(1..128))`. */
function eimIdText(value: unknown, key: string): string {
  const id = String(value);
  if (id.length < 1 || Buffer.byteLength(id, 'utf8') > 128)
    throw new ConfigError(`${key} must be 1 to 128 bytes of UTF-8 (SGP.32 eimId), not "${id}"`);
  return id;
}

/** The plain-HTTP operator API has no token: it listens on loopback only. */
function loopbackAddress(value: unknown, key: string): string {
  const host = String(value);
  if (host !== 'localhost' && host !== '::1' && !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host))
    throw new ConfigError(
      `${key} must be a loopback address (127.x.x.x, ::1, localhost), not ${host}: the plain-HTTP operator API has no token`,
    );
  return host;
}

/**
 * A text setting checked at once by `check` (which throws an Error naming what is wrong), so that a wrong value
 * stops the start with one line: the `scenarios` and `notificationReceivers` lists.
 */
const checkedText =
  (check: (setting: string) => unknown) =>
  (value: unknown, key: string): string => {
    const setting = String(value);
    try {
      check(setting);
    } catch (error) {
      throw new ConfigError(`${key}: ${(error as Error).message}`);
    }
    return setting;
  };

/** A whole number of at least 1 (a bound of 0 would refuse everything). */
function positive(value: unknown, key: string): number {
  const n = wholeNumber(value, key);
  if (n < 1) throw new ConfigError(`${key} must be at least 1, not ${n}`);
  return n;
}

/** The trace must hold one exchange of two bodies besides its overhead (src/eim/trace/exchange-trace.ts). */
function traceBytes(value: unknown, key: string): number {
  const n = wholeNumber(value, key);
  if (n < 4096) throw new ConfigError(`${key} must be at least 4096, not ${n}`);
  return n;
}

export const EIM_SETTINGS = {
  host: {
    doc: 'Interface to listen on.',
    default: '127.0.0.1',
    flag: { name: '--host <host>', help: 'interface to listen on' },
    env: 'RSPSIM_EIM_HOST',
    parse: text,
  },
  port: {
    doc: 'TCP port of ESipa (HTTPS).',
    default: 8445,
    flag: { name: '--port <port>', help: 'TCP port of ESipa (HTTPS)' },
    env: 'RSPSIM_EIM_PORT',
    parse: wholeNumber,
  },
  address: {
    doc: 'The eIM FQDN[:port] eUICCs are configured with (EimConfigurationData eimFqdn).',
    default: 'localhost:8445',
    flag: { name: '--address <fqdn[:port]>', help: 'eimFqdn given to eUICCs (addInitialEim)' },
    shownDefault: '`localhost:<port>`',
    env: 'RSPSIM_EIM_ADDRESS',
    parse: text,
  },
  eimId: {
    doc: 'The eimId (SGP.32 2.11.1) the eIM signs its packages as and eUICCs know it by.',
    default: 'rspsim-eim',
    flag: { name: '--eim-id <id>', help: 'eimId of this eIM' },
    env: 'RSPSIM_EIM_ID',
    parse: eimIdText,
  },
  eimKey: {
    doc: "PEM file of the eIM's signing key (P-256 or brainpoolP256r1); empty: the bundled test key of `eimCurve` (certs/eim).",
    default: '',
    flag: { name: '--eim-key <file>', help: 'eIM signing key (PEM); default the bundled test key' },
    shownDefault: '`certs/eim/SK_EIM_ECDSA_<curve>.pem`',
    env: 'RSPSIM_EIM_KEY',
    parse: text,
  },
  eimCertificate: {
    doc: "PEM or DER file of the eIM's certificate (shown on the operator API's info page; eUICCs are given its public key); empty with `eimKey` set: none; with `eimKey` empty: the bundled test certificate.",
    default: '',
    flag: { name: '--eim-certificate <file>', help: 'eIM certificate (PEM or DER) of --eim-key' },
    shownDefault: '`certs/eim/CERT_EIM_ECDSA_<curve>.pem`',
    env: 'RSPSIM_EIM_CERTIFICATE',
    parse: text,
  },
  eimCurve: {
    doc: 'The curve of the bundled test eIM key used when `eimKey` is empty.',
    default: 'P-256',
    flag: { name: '--eim-curve <curve>', help: 'P-256 | brainpoolP256r1 (bundled test key)' },
    env: 'RSPSIM_EIM_CURVE',
    parse: oneOf(CURVES),
  },
  pkiDir: {
    doc: 'PKI folder laid out as certs/sgp26: its CIs are the ones eUICC certificates must chain to, and the TLS certificate is issued from its CI unless `tlsCert` is given.',
    default: `${root}certs/sgp26`,
    flag: { name: '--pki <dir>', help: 'PKI folder in the SGP.26 layout (trusted CIs)' },
    shownDefault: '`certs/sgp26`',
    env: 'RSPSIM_PKI_DIR',
    parse: text,
  },
  tlsCert: {
    doc: "PEM file of the TLS server certificate (chain) of ESipa; empty: issued at start from the PKI folder's CI for `localhost`, `127.0.0.1` and the address's host.",
    default: '',
    flag: { name: '--tls-cert <file>', help: 'TLS certificate chain (PEM) of ESipa' },
    env: 'RSPSIM_EIM_TLS_CERT',
    parse: text,
  },
  tlsKey: {
    doc: 'PEM file of the TLS private key, with `tlsCert`.',
    default: '',
    flag: { name: '--tls-key <file>', help: 'TLS private key (PEM), with --tls-cert' },
    env: 'RSPSIM_EIM_TLS_KEY',
    parse: text,
  },
  smdpTrust: {
    doc: "What the indirect-download relay trusts for an SM-DP+'s ES9+ TLS certificate (and a notification receiver's), comma-separated: `pki` (the PKI folder's CIs, under which SGP.22 4.5.2.1.0.5 issues CERT.DP.TLS), `system` (Node's bundled public CAs, `tls.rootCertificates`) and/or PEM files of CA certificates (a lab's or an SM-DP+ operator's TLS CA).",
    default: 'pki',
    flag: {
      name: '--smdp-trust <sources>',
      help: 'ES9+ TLS trust of the relay: pki, system and/or CA PEM files, comma-separated',
    },
    env: 'RSPSIM_EIM_SMDP_TRUST',
    parse: smdpTrustSources,
  },
  store: {
    doc: 'Where the eIM keeps its orders and what it knows of each eUICC (counterValue, association token, certificates): `sqlite:<file>`, `postgres://...` (several instances sharing one state) or `memory`.',
    default: `sqlite:${root}data/rspsim-eim.db`,
    flag: {
      name: '--store <store>',
      help: 'sqlite:<file> | postgres://... | memory (orders and eUICC records)',
    },
    shownDefault: '`sqlite:data/rspsim-eim.db`',
    env: 'RSPSIM_EIM_STORE',
    parse: text,
  },
  maxOrdersPerEid: {
    doc: 'Orders one EID keeps at most, whatever their status, until the operator deletes them or they expire; past it the operator API refuses with 429.',
    default: 64,
    env: 'RSPSIM_EIM_MAX_ORDERS_PER_EID',
    parse: positive,
  },
  maxOrders: {
    doc: 'Orders of all EIDs kept at most.',
    default: 100_000,
    env: 'RSPSIM_EIM_MAX_ORDERS',
    parse: positive,
  },
  maxEuiccs: {
    doc: 'eUICC records kept at most (one per EID ever ordered for, kept for good: forgetting one would reset its counterValue).',
    default: 100_000,
    env: 'RSPSIM_EIM_MAX_EUICCS',
    parse: positive,
  },
  maxResultBytes: {
    doc: 'Largest outcome (JSON) kept for one order; a larger one is kept as procedureError resultTooLarge.',
    default: 64 * 1024,
    env: 'RSPSIM_EIM_MAX_RESULT_BYTES',
    parse: positive,
  },
  stuckOrderSeconds: {
    doc: "Seconds an order may stay in `work` (handed to the IPA, not answered) before it is done with procedureError stuckOrder (onomondo-eim's 300).",
    default: 300,
    env: 'RSPSIM_EIM_STUCK_ORDER_SECONDS',
    parse: positive,
  },
  noshowOrderSeconds: {
    doc: "Seconds an order may stay `new` (the IPA never polled) before it is done with procedureError noshowOrder (onomondo-eim's 1800).",
    default: 1800,
    env: 'RSPSIM_EIM_NOSHOW_ORDER_SECONDS',
    parse: positive,
  },
  orderExpirySeconds: {
    doc: "Seconds a `done` order is kept for the operator to read before it is removed (onomondo-eim's 86400).",
    default: 86_400,
    env: 'RSPSIM_EIM_ORDER_EXPIRY_SECONDS',
    parse: positive,
  },
  defaultAssociationToken: {
    doc: 'The association token a new eUICC record gets: 1, what a fresh eUICC assigns to the eIM of `addInitialEimRequest` (associationToken -1), as onomondo-eim assumes; the operator changes it per eUICC with a `euicc` order.',
    default: 1,
    env: 'RSPSIM_EIM_DEFAULT_ASSOCIATION_TOKEN',
    parse: wholeNumber,
  },
  consumerEuicc: {
    doc: "Take eUICC Package results without checking the eUICC's signature (euiccSignEPR / euiccSignEPE), as onomondo-eim's `consumer_euicc` (on by default there): for an IPA that emulates the IoT eUICC functions over a consumer eUICC, which cannot sign results, and for test suites written against onomondo-eim (the osmo-ttcn3 `eim` suite sends results with made-up signatures). The eimId / counterValue / eimTransactionId echoes are still checked. Off (SGP.32 3.3.1): every signed result is verified with CERT.EUICC.",
    default: false,
    flag: {
      name: '--consumer-euicc',
      help: "take package results without checking the eUICC's signature (onomondo-eim's consumer_euicc)",
    },
    env: 'RSPSIM_EIM_CONSUMER_EUICC',
    parse: yesNo,
  },
  adminToken: {
    doc: "Bearer token of the operator API on ESipa's port (`/<facility>/create`, `lookup`, `delete`, `list`, `GET /`: onomondo-eim's REST API).",
    default: '',
    flag: { name: '--admin-token <token>', help: 'bearer token of the operator API (default: a random one)' },
    shownDefault: 'random, printed at start',
    env: 'RSPSIM_EIM_ADMIN_TOKEN',
    secret: true,
    parse: text,
  },
  operatorPort: {
    doc: 'A plain-HTTP listener of the operator API without token, for scripts written for onomondo-eim (`http://127.0.0.1:8080/psmo/create`); 0: none. It listens on `operatorHost`, a loopback address only.',
    default: 0,
    flag: {
      name: '--operator-port <port>',
      help: 'plain-HTTP operator API without token, on loopback (onomondo-eim scripts)',
    },
    env: 'RSPSIM_EIM_OPERATOR_PORT',
    parse: wholeNumber,
  },
  operatorHost: {
    doc: 'Loopback address of the plain-HTTP operator API (`operatorPort`).',
    default: '127.0.0.1',
    env: 'RSPSIM_EIM_OPERATOR_HOST',
    parse: loopbackAddress,
  },
  maxRequestBytes: {
    doc: 'Largest ESipa request body; a larger one is refused with HTTP 413 before it is decoded.',
    default: 256 * 1024,
    env: 'RSPSIM_EIM_MAX_REQUEST_BYTES',
    parse: positive,
  },
  traceMaxExchanges: {
    doc: "ESipa and ES9+ exchanges the admin page's trace keeps at most (in memory), the oldest dropped first (0: no trace).",
    default: 2000,
    env: 'RSPSIM_EIM_TRACE_MAX_EXCHANGES',
    parse: wholeNumber,
  },
  traceMaxBytes: {
    doc: "Bytes of bodies the admin page's trace keeps at most (in memory), the oldest exchanges dropped first; at least 4096. A body over 256 KiB (or half of this) is kept as its size, SHA-256 and head.",
    default: 16 * 1024 * 1024,
    env: 'RSPSIM_EIM_TRACE_MAX_BYTES',
    parse: traceBytes,
  },
  notificationReceivers: {
    doc: 'Notification Receivers the eIM forwards notifications to besides the SM-DP+s of its own download orders (an IPA names the notificationAddress): comma-separated `host` (any port), `host:port`, `*.domain` or `*` (any); a notification for another receiver is not sent, HandleNotification is answered HTTP 403.',
    default: '',
    flag: {
      name: '--notification-receivers <list>',
      help: 'receivers notifications may be forwarded to besides the ordered SM-DP+s (host, host:port, *.domain, *)',
    },
    env: 'RSPSIM_EIM_NOTIFICATION_RECEIVERS',
    parse: checkedText(receiverEntriesOf),
  },
  scenarios: {
    doc: 'Test-lab scenarios armed at start (docs/eim.md, "Error injection"): comma-separated `name` (the next package of any eUICC) or `name:EID`, each used up by one package, e.g. `eim-stale-counter:89049032123451234512345678901235,eim-malformed-package`.',
    default: '',
    flag: {
      name: '--scenario <name[:eid],…>',
      help: 'arm test-lab scenarios at start (comma-separated name or name:EID)',
    },
    env: 'RSPSIM_EIM_SCENARIOS',
    parse: checkedText(armedScenariosOf),
  },
  logLevel: {
    doc: 'pino log level.',
    default: 'info',
    flag: { name: '--log-level <level>', help: 'pino log level' },
    env: 'RSPSIM_LOG_LEVEL',
    parse: text,
  },
  // Its own TLS and connection values (RSPSIM_EIM_MAX_CONNECTIONS …), the SM-DP+'s defaults: an IPA's
  // requests are as small as an LPA's.
  ...connectionSettings('RSPSIM_EIM_'),
} satisfies SettingsTable;

export type EimServerConfig = ConfigOf<typeof EIM_SETTINGS>;

export function resolveEimConfig(
  options: Omit<SettingSources<typeof EIM_SETTINGS>, 'file'> = {},
): EimServerConfig {
  const { config, given } = resolveSettings(EIM_SETTINGS, options);
  if ((config.tlsCert === '') !== (config.tlsKey === ''))
    throw new ConfigError('tlsCert and tlsKey go together: give both or neither');
  // The address follows the port unless set on its own.
  return given.has('address') ? config : { ...config, address: `localhost:${config.port}` };
}
