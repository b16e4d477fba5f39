/**
 * The eIM's HTTPS server: ESipa's ASN.1 binding (esipa-binding.ts) for IPAs and the operator API
 * (operator-api.ts) and the read-only admin page (admin-view.ts) behind the admin token (the page also with
 * the shared login's cookie), on the shared core's TLS policy and connection bounds.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { AdminAuth, privateAnswers, registerAdminScope } from '../../rsp-server/http/admin-auth.ts';
import { adminJsonBodies } from '../../rsp-server/http/admin-json-bodies.ts';
import { registerAdminLoginRoutes } from '../../rsp-server/http/admin-login-routes.ts';
import type { AdminSessionStore } from '../../rsp-server/http/admin-sessions.ts';
import { DEFAULT_BODY_LIMIT } from '../../rsp-server/http/body-limits.ts';
import {
  type ConnectionLimits,
  limitConnections,
  serverTimeoutOptions,
} from '../../rsp-server/http/connection-limits.ts';
import { type TlsPolicy, tlsServerOptions } from '../../rsp-server/tls-policy.ts';
import type { EsipaHandlers } from '../esipa/esipa-function.ts';
import { registerEimExchangesView } from './admin-exchanges.ts';
import { registerEimLoginPage } from './admin-login-page.ts';
import { registerEimAdminView } from './admin-view.ts';
import { type EsipaExchange, esipaBinding } from './esipa-binding.ts';
import { type OperatorApiOptions, registerOperatorRoutes } from './operator-api.ts';
import { registerEimScenarioRoutes } from './scenario-routes.ts';

export interface EimServerOptions {
  readonly tls: { readonly keyPem: string; readonly certPem: string };
  /** Its TLS and connection bounds (the eIM's own settings, config.ts). */
  readonly connections: ConnectionLimits & TlsPolicy;
  readonly logger: FastifyBaseLogger;
  readonly handlers: EsipaHandlers;
  readonly maxRequestBytes: number;
  readonly now: () => number;
  readonly onExchange?: (exchange: EsipaExchange) => void;
  /** The operator API (operator-api.ts), behind the admin token on this port. */
  readonly operator: OperatorApiOptions;
  readonly adminToken: string;
  readonly adminSessions: AdminSessionStore;
}

export async function createEimServer(options: EimServerOptions): Promise<FastifyInstance> {
  const { connections } = options;
  const app = Fastify({
    https: {
      key: options.tls.keyPem,
      cert: options.tls.certPem,
      ...tlsServerOptions(connections),
      ...serverTimeoutOptions(connections),
    },
    loggerInstance: options.logger,
    bodyLimit: DEFAULT_BODY_LIMIT,
    keepAliveTimeout: connections.keepAliveTimeoutMs,
    requestTimeout: serverTimeoutOptions(connections).requestTimeout,
  });
  limitConnections(app.server, connections);
  await app.register(esipaBinding, {
    handlers: options.handlers,
    bodyLimit: options.maxRequestBytes,
    now: options.now,
    ...(options.onExchange ? { onExchange: options.onExchange } : {}),
  });
  const auth = new AdminAuth(options.adminToken, options.now, options.adminSessions);
  const { scenarios } = options.operator.eim;
  registerAdminScope(app, auth, (admin) => {
    registerOperatorRoutes(admin, options.operator);
    registerEimAdminView(admin, options.operator.eim);
    registerEimExchangesView(admin, options.operator.eim);
    if (scenarios) registerEimScenarioRoutes(admin, scenarios);
  });
  registerAdminLoginRoutes(app, auth);
  registerEimLoginPage(app);
  return app;
}

/**
 * The operator API on plain HTTP without token, for scripts written for onomondo-eim (which serves it so on
 * port 8080); the settings keep it on a loopback address.
 */
export async function createOperatorHttpServer(
  logger: FastifyBaseLogger,
  operator: OperatorApiOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: DEFAULT_BODY_LIMIT,
  });
  await app.register(async (scope) => {
    privateAnswers(scope);
    adminJsonBodies(scope);
    registerOperatorRoutes(scope, operator);
  });
  return app;
}
