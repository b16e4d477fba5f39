/**
 * The SM-DS's HTTPS server (SGP.22 3.6): ES11 for LPAs, ES12 for SM-DP+s, a read-only admin view of the
 * Event Records. ES11 is served where LPAs post it — /gsma/rsp2/es9plus/<function>, as lpac does, since
 * ES9+ and ES11 share the JSON binding's function names — and under /gsma/rsp2/es11/ as well. ES12 callers
 * present their TLS certificate (CERT.DP.TLS, or CERT.DS.TLS of an alternative SM-DS) issued under a CI
 * this SM-DS trusts. The admin API (bearer token) shows the Event Records and manages ES11 scenarios.
 */
import type { TLSSocket } from 'node:tls';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { type ParsedCertificate, parseCertificate } from '../../pki/certificate.ts';
import { HttpAnswer } from '../../rsp-server/binding/http-answer.ts';
import { AdminAuth, registerAdminScope } from '../../rsp-server/http/admin-auth.ts';
import { registerScenarioRoutes } from '../../rsp-server/http/admin-scenario-routes.ts';
import type { AdminSessionStore } from '../../rsp-server/http/admin-sessions.ts';
import { DEFAULT_BODY_LIMIT, ES9_BODY_LIMIT } from '../../rsp-server/http/body-limits.ts';
import { requestOrigin } from '../../rsp-server/http/client-address.ts';
import {
  type ConnectionLimits,
  limitConnections,
  serverTimeoutOptions,
} from '../../rsp-server/http/connection-limits.ts';
import { jsonBinding } from '../../rsp-server/http/json-binding.ts';
import type { ScenarioList } from '../../rsp-server/scenarios/scenario-engine.ts';
import { routeTable } from '../../rsp-server/server-function.ts';
import type { StepHooks } from '../../rsp-server/steps.ts';
import { type TlsPolicy, tlsServerOptions } from '../../rsp-server/tls-policy.ts';
import type { SmdsContext } from '../context.ts';
import { type Es12Caller, es12CallerOf } from '../es12/es12-caller.ts';
import { ES11_FUNCTIONS, ES12_FUNCTIONS, type SmdsFunctionState } from '../smds-list.ts';

export interface SmdsServerOptions {
  readonly tls: { readonly keyPem: string; readonly certPem: string };
  /** The CI certificates (PEM) ES12 callers' TLS certificates must chain to. */
  readonly clientCaPem: string;
  readonly logger: Logger;
  readonly smds: SmdsContext;
  /** What sees every ES11 / ES12 step (the scenarios). */
  readonly hooks?: StepHooks<SmdsFunctionState>;
  readonly adminToken: string;
  /** Where the admin page's login sessions are kept (the store). */
  readonly adminSessions: AdminSessionStore;
  /** ES11 test-lab scenarios, managed through /admin/scenarios as on the SM-DP+. */
  readonly scenarios?: ScenarioList;
  /** Its TLS and connection bounds (the SM-DS's own settings, config.ts). */
  readonly connections: ConnectionLimits & TlsPolicy;
}

const ES12_CALLER_ROLES: readonly string[] = ['dp-tls', 'ds-tls'];

/** The caller of each connection, read once from its certificate (it does not change on a connection). */
const callers = new WeakMap<TLSSocket, Es12Caller>();

/**
 * ES12 is for SM-DP+s and SM-DSs: a TLS client certificate of theirs under a trusted CI (SGP.22 3.6.1), which
 * says who the caller is; anyone else gets HTTP 403.
 */
function es12Caller(request: FastifyRequest): Es12Caller {
  const socket = request.raw.socket as TLSSocket;
  const known = callers.get(socket);
  if (known) return known;
  const raw = socket.authorized ? socket.getPeerCertificate(false)?.raw : undefined;
  let certificate: ParsedCertificate | undefined;
  try {
    certificate = raw ? parseCertificate(raw) : undefined;
  } catch {
    certificate = undefined;
  }
  if (!certificate?.role || !ES12_CALLER_ROLES.includes(certificate.role)) {
    throw new HttpAnswer(
      403,
      JSON.stringify({
        error: 'ES12 needs a TLS client certificate of an SM-DP+ or SM-DS (DPtls / DStls) under a trusted CI',
      }),
      'application/json',
    );
  }
  const caller = es12CallerOf(certificate);
  callers.set(socket, caller);
  return caller;
}

export function createSmdsServer(options: SmdsServerOptions): FastifyInstance {
  // SGP.22 2.6.6 suites; slow clients cannot hold on (the SM-DS's settings in config.ts).
  const { connections } = options;
  // Fastify's own logger type: the app is then the FastifyInstance every route module takes.
  const logger: FastifyBaseLogger = options.logger;
  const app = Fastify({
    https: {
      key: options.tls.keyPem,
      cert: options.tls.certPem,
      ...tlsServerOptions(connections),
      ...serverTimeoutOptions(connections),
      // Asked of every client, required of none: LPAs have no certificate, ES12 callers must send theirs.
      requestCert: true,
      rejectUnauthorized: false,
      ca: options.clientCaPem,
    },
    loggerInstance: logger,
    bodyLimit: DEFAULT_BODY_LIMIT,
    keepAliveTimeout: connections.keepAliveTimeoutMs,
    requestTimeout: serverTimeoutOptions(connections).requestTimeout,
  });
  limitConnections(app.server, connections);
  const { smds, hooks } = options;
  const es11 = routeTable(ES11_FUNCTIONS, smds, hooks, requestOrigin);
  const es12 = routeTable(ES12_FUNCTIONS, smds, hooks, es12Caller);
  for (const prefix of ['/gsma/rsp2/es9plus', '/gsma/rsp2/es11'])
    app.register(jsonBinding, { prefix, area: 'ES11', functions: es11, bodyLimit: ES9_BODY_LIMIT });
  app.register(jsonBinding, {
    prefix: '/gsma/rsp2/es12',
    area: 'ES12',
    functions: es12,
    authorise: es12Caller,
    bodyLimit: DEFAULT_BODY_LIMIT,
  });
  registerAdminScope(app, new AdminAuth(options.adminToken, smds.now, options.adminSessions), (admin) => {
    admin.get('/admin/events', async () => ({ events: await smds.events.list() }));
    registerScenarioRoutes(admin, options.scenarios);
  });
  return app;
}
