/** The SM-DP+ HTTPS server: Fastify with TLS under CERT.DPtls, HTTP/1.1 keep-alive, pino logs. */
import type { TlsOptions } from 'node:tls';
import Fastify, { type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';
import { AdminAuth } from '../../rsp-server/http/admin-auth.ts';
import type { AdminSessionStore } from '../../rsp-server/http/admin-sessions.ts';
import { DEFAULT_BODY_LIMIT } from '../../rsp-server/http/body-limits.ts';
import {
  type ConnectionLimits,
  limitConnections,
  serverTimeoutOptions,
} from '../../rsp-server/http/connection-limits.ts';
import { FailureLog } from '../../rsp-server/http/failure-log.ts';
import type { ScenarioList } from '../../rsp-server/scenarios/scenario-engine.ts';
import type { StepHooks } from '../../rsp-server/steps.ts';
import { type TlsPolicy, tlsServerOptions } from '../../rsp-server/tls-policy.ts';
import { ConfigError } from '../config.ts';
import type { SmdpContext } from '../context.ts';
import type { Es2Context } from '../es2/es2-context.ts';
import type { Es9FunctionState } from '../es9/es9-list.ts';
import type { SessionTraceStore } from '../trace/session-trace.ts';
import { type InventoryOptions, registerAdminProfileRoutes } from './admin-profile-routes.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { registerAdminUiRoutes } from './admin-ui-routes.ts';
import { registerEs2Routes } from './es2-routes.ts';
import { registerEs9Routes } from './es9-routes.ts';
import { operatorListenerTlsOptions, operatorTlsOptions } from './operator-authentication.ts';
import { answerUnknownRoutesWithoutUrl, unroutableUrl, withClippedRequestUrls } from './unechoed-urls.ts';

export interface TlsMaterial {
  readonly keyPem: string;
  readonly certPem: string;
  /** Intermediate/CI certificates sent after the server certificate. */
  readonly chainPem?: string;
}

export interface ServerOptions {
  readonly tls: TlsMaterial;
  readonly connections: ConnectionLimits;
  readonly tlsPolicy: TlsPolicy;
  readonly logger: Logger;
  readonly smdp: SmdpContext;
  /** What sees every ES9+ step (scenarios, the step log, ES2+ progress, SM-DS events). */
  readonly hooks?: StepHooks<Es9FunctionState>;
  /** Bearer token of the admin API and of ES2+. */
  readonly adminToken: string;
  /** Where the admin page's login sessions are kept (the store: shared by instances on SQLite or PostgreSQL). */
  readonly adminSessions: AdminSessionStore;
  readonly trace?: SessionTraceStore;
  readonly scenarios?: ScenarioList;
  /** ES2+ and the admin inventory routes. */
  readonly operator: Es2Context & InventoryOptions;
  /** CAs/certificates (PEM) an operator's TLS client certificate must chain to for ES2+; none: token only. */
  readonly operatorCaPem?: string;
  /** ES2+ and admin on a listener of their own that requires a client certificate under `operatorCaPem`. */
  readonly dedicatedOperatorListener?: boolean;
}

/**
 * Fastify's "incoming request" / "request completed" lines for ES9+ only at debug level: LPAs make four
 * requests per download and each function logs its own line at info already (the request lines
 * were half the log's cost). Other routes (ES2+, admin, unknown URLs) keep them at info.
 */
function quietEs9(logger: Logger) {
  const verbose = logger.isLevelEnabled('debug');
  return (request: FastifyRequest) => !verbose && request.url.startsWith('/gsma/rsp2/es9plus/');
}

/** The SM-DP+'s Fastify instances: ES9+, and the one serving ES2+ and the admin API and page. */
export interface SmdpServers {
  /** The ES9+ listener (and, without a dedicated operator listener, ES2+ and admin too). */
  readonly app: FastifyInstance;
  /** Serves ES2+ and admin: `app` itself, or the dedicated mutual-TLS listener (`es2Port`). */
  readonly operatorApp: FastifyInstance;
}

/**
 * ES9+ on one listener; ES2+ and the admin API and page on the same one (the lab convenience), or, with
 * `dedicatedOperatorListener`, on a second one whose TLS requires an operator certificate — SGP.22 5.3
 * and 2.6.6: the operator and the SM-DP+ authenticate each other with TLS certificates on ES2+. The
 * second listener is made by the same code: TLS policy, timeouts, connection limits and the refusal of
 * renegotiation are the ES9+ port's (operator-authentication.ts says how the certificate is checked).
 */
export function createSmdpServer(options: ServerOptions): SmdpServers {
  const operatorCaPem = options.operatorCaPem;
  const dedicated = options.dedicatedOperatorListener === true;
  if (dedicated && operatorCaPem === undefined)
    throw new ConfigError('es2Port needs operatorCa: its TLS requires an operator client certificate');
  const app = tlsServer(options, dedicated ? {} : operatorTlsOptions(operatorCaPem));
  const operatorApp =
    dedicated && operatorCaPem ? tlsServer(options, operatorListenerTlsOptions(operatorCaPem)) : app;
  // Store failures and defects: one log line per class and minute for ES9+ and ES2+ together.
  const failures = new FailureLog(options.smdp.now);
  registerEs9Routes(app, options.smdp, options.hooks, failures, options.trace);
  // One admin login state (page sessions, wrong tokens per address) for the admin routes and ES2+.
  const adminAuth = new AdminAuth(options.adminToken, options.smdp.now, options.adminSessions);
  registerEs2Routes(operatorApp, options.operator, adminAuth, failures, operatorCaPem !== undefined);
  registerAdminProfileRoutes(operatorApp, adminAuth, options.operator);
  if (options.trace)
    registerAdminRoutes(operatorApp, options.trace, adminAuth, options.scenarios, options.operator.profiles);
  registerAdminUiRoutes(operatorApp, adminAuth);
  return { app, operatorApp };
}

/** Fastify over HTTPS under CERT.DPtls with the SM-DP+'s TLS policy and connection limits. */
function tlsServer(options: ServerOptions, clientCertificates: TlsOptions): FastifyInstance {
  const app = Fastify({
    https: {
      key: options.tls.keyPem,
      cert: options.tls.chainPem ? options.tls.certPem + options.tls.chainPem : options.tls.certPem,
      ...tlsServerOptions(options.tlsPolicy),
      ...serverTimeoutOptions(options.connections),
      ...clientCertificates,
    },
    loggerInstance: withClippedRequestUrls(options.logger),
    logController: new LogController({ disableRequestLogging: quietEs9(options.logger) }),
    frameworkErrors: unroutableUrl,
    bodyLimit: DEFAULT_BODY_LIMIT,
    keepAliveTimeout: options.connections.keepAliveTimeoutMs,
    requestTimeout: serverTimeoutOptions(options.connections).requestTimeout,
  });
  limitConnections(app.server, options.connections);
  answerUnknownRoutesWithoutUrl(app);
  return app;
}
