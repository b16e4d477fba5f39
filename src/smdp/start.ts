/** Starting a stand-alone SM-DP+: PKI folder, profile catalogue, TLS certificate, HTTPS listener. */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Es12Client } from '../client/es12-client.ts';
import { batchedLogger } from '../log/log-destination.ts';
import { LOG_REDACT } from '../log/redaction.ts';
import { loadPki, type PkiStore } from '../pki/pki-store.ts';
import { ensureTlsCertificate, type TlsMaterial } from '../pki/tls-certificate.ts';
import { trustedCisPem } from '../pki/trusted-ci.ts';
import { adminTokenFor } from '../rsp-server/http/admin-auth.ts';
import { addressHost, listenerUrl, listenPurging, withFreePort } from '../rsp-server/http/listener.ts';
import { loadScenarios } from '../rsp-server/scenarios/load-scenarios.ts';
import { ScenarioEngine, type ScenarioList } from '../rsp-server/scenarios/scenario-engine.ts';
import type { SessionStore } from '../rsp-server/session.ts';
import { pendingSessionLimits } from '../rsp-server/session-admission.ts';
import { composeHooks, type StepHooks } from '../rsp-server/steps.ts';
import { openStore, type Store } from '../store/open-store.ts';
import type { SmdpServerConfig } from './config.ts';
import type { SmdpContext, SmdpPki } from './context.ts';
import { downloadProgressHooks } from './es2/download-progress.ts';
import { OperatorCallback } from './es2/operator-callback.ts';
import type { Es9FunctionState } from './es9/es9-list.ts';
import { SmdsEvents } from './es12/smds-events.ts';
import { createSmdpServer } from './http/create-server.ts';
import { readOperatorCa } from './http/operator-authentication.ts';
import { NotificationLog } from './notification-log.ts';
import { loadCatalogue } from './profile-catalogue.ts';
import type { ProfileRepository } from './profile-repository.ts';
import { createScenarioOrders, SCENARIO_ORDER_TEMPLATE } from './scenarios/scenario-orders.ts';
import { SmdpScenarios } from './scenarios/smdp-scenarios.ts';
import { smdpPkiFrom } from './smdp-pki.ts';
import { noteScenario } from './trace/exchange-notes.ts';
import { SessionTraceStore } from './trace/session-trace.ts';

export interface RunningSmdp {
  /** The SM-DP+ address, as activation codes carry it. */
  readonly address: string;
  /** https://host:port of the listener. */
  readonly url: string;
  /** The CI certificate a client trusts to reach this server (PEM). */
  readonly caPem: string;
  readonly context: SmdpContext;
  /** The ES9+ listener's Fastify (also ES2+ and admin, without `es2Port`). */
  readonly app: FastifyInstance;
  /** What serves ES2+ and the admin API and page: `app`, or the dedicated `es2Port` listener. */
  readonly operatorApp: FastifyInstance;
  /** https://host:es2Port of the dedicated ES2+ and admin listener (mutual TLS); undefined without one. */
  readonly es2Url: string | undefined;
  /** Bearer token of the admin API (/admin/sessions ...). */
  readonly adminToken: string;
  readonly scenarios: ScenarioList;
  /** What sees every ES9+ step (the step log, scenarios, SM-DS events, ES2+ progress). */
  readonly hooks: StepHooks<Es9FunctionState>;
  /** Calls to the operator (HandleDownloadProgressInfo), when configured. */
  readonly operatorCallback: OperatorCallback | undefined;
  /** ES12 towards SM-DSes (orders confirmed with an smdsAddress). */
  readonly smdsEvents: SmdsEvents;
  /** Deletes the expired sessions now (the server also does it at start and every minute); how many went. */
  purgeExpiredSessions(): Promise<number>;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly logger?: Logger;
  /** Replaces the catalogue (the operator side brings its own store). */
  readonly profiles?: ProfileRepository;
  readonly sessions?: SessionStore;
  readonly now?: () => number;
  /** Pauses between retries of operator callbacks (tests shorten them). */
  readonly callbackRetryDelaysMs?: readonly number[];
  /** Pauses between retries of ES12 RegisterEvent / DeleteEvent (tests shorten them). */
  readonly es12RetryDelaysMs?: { readonly register: readonly number[]; readonly delete: readonly number[] };
  /**
   * Further step hooks, after the scenarios' (tests make an SM-DP+ that behaves otherwise but still as SGP.22
   * allows, e.g. one that never offers an earlier binding again, to check the conformance runner's fairness).
   */
  readonly hooks?: StepHooks<Es9FunctionState>;
}

/** The transactionId a step's state knows, for the log line of each step. */
function transactionIdOf(state: Es9FunctionState): string | undefined {
  return state.transactionId ?? state.session?.transactionId;
}

export async function startSmdp(
  requested: SmdpServerConfig,
  options: StartOptions = {},
): Promise<RunningSmdp> {
  const config = await withFreePort(requested);
  const logger = options.logger ?? batchedLogger(config.logLevel, { redact: LOG_REDACT });
  const store = loadPki(config.pkiDir);
  const pki = smdpPkiFrom(store);
  const tls = ensureTlsCertificate(addressHost(config.address), { pki: store, smdpOid: pki.smdpOid });
  // Sessions and profiles: in memory, or in a SQLite file several processes can share. The catalogue's
  // profiles are added to the store unless it holds them already (their state survives a restart).
  const dataStore = await openStore(config.store, logger);
  // A start that fails from here on (port in use, bad catalogue) leaves no store file behind.
  try {
    const prepared = { logger, pkiStore: store, pki, tls, dataStore };
    return await listen(config, prepared, await assemble(config, options, prepared));
  } catch (error) {
    await dataStore.discard();
    throw error;
  }
}

/** What startSmdp prepared before the store: the rest of the start needs all of it. */
interface Prepared {
  readonly logger: Logger;
  readonly pkiStore: PkiStore;
  readonly pki: SmdpPki;
  readonly tls: TlsMaterial;
  readonly dataStore: Store;
}

/** An SM-DP+ put together and not yet listening: what `listen` opens and what RunningSmdp exposes. */
interface Assembled {
  readonly now: () => number;
  readonly context: SmdpContext;
  readonly app: FastifyInstance;
  readonly operatorApp: FastifyInstance;
  readonly adminToken: string;
  readonly scenarios: ScenarioList;
  readonly hooks: StepHooks<Es9FunctionState>;
  readonly operatorCallback: OperatorCallback | undefined;
  readonly smdsEvents: SmdsEvents;
}

/**
 * Everything an SM-DP+ is made of, from its settings: the catalogue in the store, scenarios, the operator
 * callback, ES12 towards SM-DSes, the step hooks, the context the ES9+ functions read, and the Fastify apps.
 * Nothing listens yet.
 */
async function assemble(
  config: SmdpServerConfig,
  options: StartOptions,
  { logger, pkiStore: store, pki, tls, dataStore }: Prepared,
): Promise<Assembled> {
  const now = options.now ?? Date.now;
  const profiles =
    options.profiles ??
    (await loadCatalogue(
      config.catalogue,
      config.address,
      { ccMaxAttempts: config.confirmationCodeMaxAttempts, now },
      dataStore.profiles,
    ));
  const loaded = config.scenarios ? await loadScenarios(config.scenarios) : [];
  // Only when asked for: an order made unasked takes a matchingId an operator orders via ES2+.
  if (config.createScenarioOrders) {
    const created = (await createScenarioOrders(profiles, loaded)).filter((o) => o.created);
    logger.info(
      { orders: created.length },
      `created the orders the scenarios name that the store lacked, from ${SCENARIO_ORDER_TEMPLATE}`,
    );
  }
  const scenarios = new ScenarioEngine(loaded, new SmdpScenarios(store), {
    onApplied: (scenario, state) => noteScenario(state, scenario.name),
  });
  const operatorCallback = config.operatorCallbackUrl
    ? new OperatorCallback({
        url: config.operatorCallbackUrl,
        requesterIdentifier: pki.smdpOid,
        log: logger,
        ...(options.callbackRetryDelaysMs ? { retryDelaysMs: options.callbackRetryDelaysMs } : {}),
      })
    : undefined;
  // ES12 goes out with our TLS certificate as client certificate; the SM-DS's must chain to one of our CIs.
  const smdsEvents = new SmdsEvents({
    client: new Es12Client({
      requesterIdentifier: pki.smdpOid,
      clientCertPem: tls.chainPem,
      clientKeyPem: tls.keyPem,
      ca: trustedCisPem(store.trustedCis),
    }),
    profiles,
    smdpAddress: config.address,
    log: logger,
    ...(options.es12RetryDelaysMs
      ? {
          registerRetryDelaysMs: options.es12RetryDelaysMs.register,
          deleteRetryDelaysMs: options.es12RetryDelaysMs.delete,
        }
      : {}),
  });
  // Every step is logged at debug level; scenarios act through the same hooks.
  const hooks = composeHooks<Es9FunctionState>(
    ...(logger.isLevelEnabled('debug')
      ? [
          {
            before: (fn: string, step: string, state: Es9FunctionState) =>
              logger.debug({ function: fn, step, transactionId: transactionIdOf(state) }, 'step'),
          },
        ]
      : []),
    scenarios.hooks,
    ...(options.hooks ? [options.hooks] : []),
    smdsEvents.hooks(),
    ...(operatorCallback
      ? [
          downloadProgressHooks(
            (info) => operatorCallback.send('handleDownloadProgressInfo', info),
            profiles,
            now,
          ),
        ]
      : []),
  );
  const context: SmdpContext = {
    config: {
      address: config.address,
      sessionTtlMs: config.sessionTtlSeconds * 1000,
      pending: pendingSessionLimits(config),
      confirmationCodeMaxAttempts: config.confirmationCodeMaxAttempts,
    },
    pki,
    sessions: options.sessions ?? dataStore.sessions,
    profiles,
    bindings: dataStore.bindings,
    notifications: new NotificationLog(),
    now,
    log: logger,
  };
  const adminToken = adminTokenFor(config.adminToken);
  const trace =
    config.traceSessions > 0
      ? new SessionTraceStore({
          maxSessions: config.traceSessions,
          maxExchanges: config.traceExchangesPerSession,
          maxBodyBytes: config.traceBodyBytes,
        })
      : undefined;
  const operatorCaPem = readOperatorCa(config.operatorCa);
  const { app, operatorApp } = createSmdpServer({
    tls: { keyPem: tls.keyPem, certPem: tls.chainPem },
    connections: config,
    tlsPolicy: config,
    logger,
    smdp: context,
    hooks,
    adminToken,
    adminSessions: dataStore.adminSessions,
    ...(trace ? { trace } : {}),
    scenarios,
    operator: {
      profiles,
      smdpAddress: config.address,
      ccMaxAttempts: config.confirmationCodeMaxAttempts,
      smdsEvents,
      now,
    },
    ...(operatorCaPem ? { operatorCaPem } : {}),
    dedicatedOperatorListener: config.es2Port !== 0,
  });
  return { now, context, app, operatorApp, adminToken, scenarios, hooks, operatorCallback, smdsEvents };
}

/**
 * Opens the listeners (ES9+, and the dedicated ES2+ one with `es2Port`) with the session purge, resumes the
 * ES12 deletions a stopped SM-DP+ left, and says where it listens.
 */
async function listen(
  config: SmdpServerConfig,
  { logger, tls, dataStore }: Prepared,
  assembled: Assembled,
): Promise<RunningSmdp> {
  const { now, context, app, operatorApp, adminToken, scenarios, hooks, operatorCallback, smdsEvents } =
    assembled;
  const es2Listener = operatorApp === app ? [] : [{ app: operatorApp, port: config.es2Port }];
  const sessionPurge = await listenPurging(
    app,
    config,
    { sessions: context.sessions, now, log: logger },
    es2Listener,
  );
  // Event deletions a stopped SM-DP+ left unfinished (their profiles still name the event).
  smdsEvents.resume().catch((error: unknown) => logger.warn({ err: error }, 'ES12 deletions not resumed'));
  logger.info(
    {
      url: `https://${config.address}`,
      listen: `${config.host}:${config.port}`,
      ...(es2Listener.length > 0 ? { es2Listen: `${config.host}:${config.es2Port}` } : {}),
    },
    'SM-DP+ listening',
  );
  return {
    address: config.address,
    url: listenerUrl(config),
    caPem: tls.caPem,
    context,
    app,
    operatorApp,
    es2Url: es2Listener.length > 0 ? listenerUrl({ host: config.host, port: config.es2Port }) : undefined,
    adminToken,
    scenarios,
    hooks,
    operatorCallback,
    smdsEvents,
    purgeExpiredSessions: sessionPurge.purge,
    close: async () => {
      sessionPurge.stop();
      await app.close();
      if (operatorApp !== app) await operatorApp.close();
      await operatorCallback?.drain();
      await smdsEvents.drain();
      await dataStore.close();
    },
  };
}
