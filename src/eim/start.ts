/** Starting the eIM: its signing identity, trusted CIs, TLS certificate, ESipa handlers, HTTPS listener. */
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { readInputFileSync } from '../config/input-file.ts';
import { ConfigError } from '../config/settings.ts';
import { LOG_REDACT } from '../log/redaction.ts';
import { loadPki } from '../pki/pki-store.ts';
import { ensureTlsCertificate } from '../pki/tls-certificate.ts';
import { trustedCisPem } from '../pki/trusted-ci.ts';
import { adminTokenFor } from '../rsp-server/http/admin-auth.ts';
import { addressHost, listenerUrl, withFreePort } from '../rsp-server/http/listener.ts';
import { openStore } from '../store/open-store.ts';
import type { EimServerConfig } from './config.ts';
import { es9Connector } from './download/es9-connector.ts';
import { IndirectDownloadRelay } from './download/indirect-download-relay.ts';
import { NotificationReceivers } from './download/notification-receivers.ts';
import { DEFAULT_RELAY_LIMITS } from './download/relayed-sessions.ts';
import { smdpTrustPem } from './download/smdp-trust.ts';
import type { EsipaHandlers } from './esipa/esipa-function.ts';
import { esipaHandlers } from './esipa/esipa-handlers.ts';
import { createEimServer, createOperatorHttpServer } from './http/create-server.ts';
import type { EsipaExchange } from './http/esipa-binding.ts';
import { checkEuiccCertificates } from './orders/euicc-certificates.ts';
import { startOrderExpiry } from './orders/order-expiry.ts';
import { armedScenariosOf, EimScenarios } from './scenarios/eim-scenarios.ts';
import type { EimContext } from './server/context.ts';
import { downloadOrders } from './server/download-orders.ts';
import { loadEimIdentity } from './server/eim-identity.ts';
import { ExchangeTrace, type ExchangeTraceLimits, exchangeTraceLimits } from './trace/exchange-trace.ts';
import { recordEs9, recordEsipa } from './trace/recording.ts';

export interface RunningEim {
  /** eimFqdn, as eUICCs are given it. */
  readonly address: string;
  readonly url: string;
  /** What a client trusts to reach this eIM (PEM): the CI the TLS certificate was issued from, or the chain given. */
  readonly caPem: string;
  readonly context: EimContext;
  readonly app: FastifyInstance;
  /** Bearer token of the operator API on ESipa's port. */
  readonly adminToken: string;
  /** The plain-HTTP operator API, when `operatorPort` is set. */
  readonly operatorUrl?: string;
  close(): Promise<void>;
}

export interface EimStartOptions {
  readonly logger?: Logger;
  readonly now?: () => number;
  /** Replaces the registry's handlers (tests of the binding). */
  readonly handlers?: EsipaHandlers;
  readonly onExchange?: (exchange: EsipaExchange) => void;
  /** Bounds of the exchange trace the admin page shows, over the settings' (tests: a per-body bound too). */
  readonly traceLimits?: Partial<ExchangeTraceLimits>;
}

function readPem(path: string, what: string): string {
  try {
    return readInputFileSync(path, 'small').toString('utf8');
  } catch (error) {
    throw new ConfigError(`${what} ${path}: ${(error as Error).message}`);
  }
}

export async function startEim(
  requested: EimServerConfig,
  options: EimStartOptions = {},
): Promise<RunningEim> {
  const config = await withFreePort(requested);
  const logger = options.logger ?? pino({ level: config.logLevel, redact: LOG_REDACT });
  const now = options.now ?? Date.now;
  const pki = loadPki(config.pkiDir);
  const identity = loadEimIdentity(config);
  const tls = config.tlsCert
    ? {
        keyPem: readPem(config.tlsKey, 'tlsKey'),
        certPem: readPem(config.tlsCert, 'tlsCert'),
        caPem: readPem(config.tlsCert, 'tlsCert'),
      }
    : (() => {
        // SGP.32 names no GSMA role for the eIM's TLS certificate (the IPA trusts it through
        // trustedPublicKeyDataTls): the SGP.22 TLS profile, from the PKI folder's CI.
        const issued = ensureTlsCertificate(addressHost(config.address), { pki, now: new Date(now()) });
        return { keyPem: issued.keyPem, certPem: issued.chainPem, caPem: issued.caPem };
      })();
  // The indirect download: ES9+ to SM-DP+s whose TLS certificate chains to what smdpTrust names (by default a
  // CI of the PKI folder); read before the store is opened, so that a bad CA file leaves nothing behind.
  const smdpCa = smdpTrustPem(config.smdpTrust, trustedCisPem(pki.trustedCis));
  const dataStore = await openStore(config.store, logger);
  // The admin page's exchange trace (src/eim/trace/); traceMaxExchanges 0: none.
  const trace =
    config.traceMaxExchanges > 0
      ? new ExchangeTrace({
          ...exchangeTraceLimits(config.traceMaxExchanges, config.traceMaxBytes),
          ...options.traceLimits,
        })
      : undefined;
  const connect = es9Connector({ ca: smdpCa, ...(trace ? { onExchange: recordEs9(trace, now) } : {}) });
  const onExchange = trace ? recordEsipa(trace, options.onExchange) : options.onExchange;
  const receivers = new NotificationReceivers(config.notificationReceivers);
  const relay = new IndirectDownloadRelay({
    orders: downloadOrders(dataStore.eim, now, config.maxResultBytes, (eid, certificates) =>
      checkEuiccCertificates(context, eid, certificates),
    ),
    sessions: dataStore.relayedSessions,
    connect,
    limits: DEFAULT_RELAY_LIMITS,
    now,
    onRelayFailure: (step, code, detail) => logger.warn({ step, code, detail }, 'ES9+ relay step refused'),
    onOrderedSmdp: (smdpAddress) => receivers.learn(smdpAddress),
  });
  const context: EimContext = {
    config: {
      address: config.address,
      limits: { maxOrdersPerEid: config.maxOrdersPerEid, maxOrders: config.maxOrders },
      maxEuiccs: config.maxEuiccs,
      maxResultBytes: config.maxResultBytes,
      timeouts: {
        stuckMs: config.stuckOrderSeconds * 1000,
        noshowMs: config.noshowOrderSeconds * 1000,
        expiryMs: config.orderExpirySeconds * 1000,
      },
      defaultAssociationToken: config.defaultAssociationToken,
      consumerEuicc: config.consumerEuicc,
    },
    identity,
    trustedCis: pki.trustedCis,
    repository: dataStore.eim,
    download: { relay, connect, receivers },
    scenarios: new EimScenarios(armedScenariosOf(config.scenarios)),
    ...(trace ? { trace } : {}),
    now,
    log: logger,
  };
  const adminToken = adminTokenFor(config.adminToken);
  const url = listenerUrl(config);
  const operator = { eim: context, esipaUrl: `${url}/gsma/rsp2/asn1`, esipaTlsCertPem: tls.certPem };
  const app = await createEimServer({
    tls,
    operator,
    adminToken,
    adminSessions: dataStore.adminSessions,
    connections: config,
    logger,
    handlers: options.handlers ?? esipaHandlers(context),
    maxRequestBytes: config.maxRequestBytes,
    now,
    ...(onExchange ? { onExchange } : {}),
  });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    // A start that fails (port in use) leaves no store file behind.
    await dataStore.discard();
    throw error;
  }
  const operatorHttp = config.operatorPort > 0 ? await createOperatorHttpServer(logger, operator) : undefined;
  try {
    await operatorHttp?.listen({ host: config.operatorHost, port: config.operatorPort });
  } catch (error) {
    await operatorHttp?.close();
    await app.close();
    await dataStore.discard();
    throw error;
  }
  const expiry = startOrderExpiry(context);
  logger.info(
    { address: config.address, eimId: identity.eimId, listen: `${config.host}:${config.port}` },
    'eIM listening',
  );
  return {
    address: config.address,
    url,
    adminToken,
    ...(operatorHttp ? { operatorUrl: `http://${config.operatorHost}:${config.operatorPort}` } : {}),
    caPem: tls.caPem,
    context,
    app,
    close: async () => {
      expiry.stop();
      await operatorHttp?.close();
      await app.close();
      await dataStore.close();
    },
  };
}
