/** Starting a stand-alone SM-DS: PKI folder (DSauth), store, TLS certificate (DStls), HTTPS listener. */
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { Es12Client } from '../client/es12-client.ts';
import { LOG_REDACT } from '../log/redaction.ts';
import { loadPki } from '../pki/pki-store.ts';
import { ensureTlsCertificate } from '../pki/tls-certificate.ts';
import { trustedCisPem } from '../pki/trusted-ci.ts';
import { adminTokenFor } from '../rsp-server/http/admin-auth.ts';
import { addressHost, listenerUrl, listenPurging, withFreePort } from '../rsp-server/http/listener.ts';
import { loadScenarios } from '../rsp-server/scenarios/load-scenarios.ts';
import { ScenarioEngine, type ScenarioList } from '../rsp-server/scenarios/scenario-engine.ts';
import { pendingSessionLimits } from '../rsp-server/session-admission.ts';
import { openStore } from '../store/open-store.ts';
import type { SmdsServerConfig } from './config.ts';
import type { SmdsContext } from './context.ts';
import { createSmdsServer } from './http/create-server.ts';
import { rootSmds } from './root-smds.ts';
import { smdsPkiFrom } from './smds-pki.ts';
import { smdsScenarios } from './smds-scenarios.ts';

export interface RunningSmds {
  readonly address: string;
  readonly url: string;
  /** The CI certificate a client trusts to reach this server (PEM). */
  readonly caPem: string;
  readonly context: SmdsContext;
  readonly app: FastifyInstance;
  readonly adminToken: string;
  readonly scenarios: ScenarioList;
  close(): Promise<void>;
}

export interface SmdsStartOptions {
  readonly logger?: Logger;
  readonly now?: () => number;
}

export async function startSmds(
  requested: SmdsServerConfig,
  options: SmdsStartOptions = {},
): Promise<RunningSmds> {
  const config = await withFreePort(requested);
  const logger = options.logger ?? pino({ level: config.logLevel, redact: LOG_REDACT });
  const now = options.now ?? Date.now;
  const store = loadPki(config.pkiDir);
  const pki = smdsPkiFrom(store, new Date(now()));
  const tls = ensureTlsCertificate(addressHost(config.address), {
    pki: store,
    smdpOid: pki.smdsOid,
    role: 'ds-tls',
    now: new Date(now()),
  });
  const clientCaPem = trustedCisPem(store.trustedCis);
  const scenarios = new ScenarioEngine(
    config.scenarios ? await loadScenarios(config.scenarios) : [],
    smdsScenarios,
  );
  const dataStore = await openStore(config.store, logger);
  const root = config.rootSmds
    ? rootSmds(
        new Es12Client({
          requesterIdentifier: pki.smdsOid,
          clientCertPem: tls.chainPem,
          clientKeyPem: tls.keyPem,
          ca: clientCaPem,
        }),
        config.rootSmds,
      )
    : undefined;
  const context: SmdsContext = {
    config: {
      address: config.address,
      sessionTtlMs: config.sessionTtlSeconds * 1000,
      pending: pendingSessionLimits(config),
      ...(config.rootSmds ? { rootSmdsAddress: config.rootSmds } : {}),
    },
    pki,
    sessions: dataStore.sessions,
    events: dataStore.events,
    ...(root ? { root } : {}),
    now,
    log: logger,
  };
  const adminToken = adminTokenFor(config.adminToken);
  const app = createSmdsServer({
    tls: { keyPem: tls.keyPem, certPem: tls.chainPem },
    clientCaPem,
    logger,
    smds: context,
    hooks: scenarios.hooks,
    adminToken,
    adminSessions: dataStore.adminSessions,
    scenarios,
    connections: config,
  });
  const sessionPurge = await listenPurging(app, config, {
    sessions: context.sessions,
    now,
    log: logger,
  }).catch(async (error: unknown) => {
    // A start that fails (port in use) leaves no store file behind.
    await dataStore.discard();
    throw error;
  });
  logger.info({ address: config.address, listen: `${config.host}:${config.port}` }, 'SM-DS listening');
  return {
    address: config.address,
    url: listenerUrl(config),
    caPem: tls.caPem,
    context,
    app,
    adminToken,
    scenarios,
    close: async () => {
      sessionPurge.stop();
      await app.close();
      await dataStore.close();
    },
  };
}
