/**
 * The eIM's HTTPS server: ESipa's ASN.1 binding (esipa-binding.ts) for IPAs, on the shared core's TLS policy
 * and connection bounds.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { DEFAULT_BODY_LIMIT } from '../../rsp-server/http/body-limits.ts';
import { limitConnections, serverTimeoutOptions } from '../../rsp-server/http/connection-limits.ts';
import { type TlsPolicy, tlsServerOptions } from '../../rsp-server/tls-policy.ts';
import { EIM_CONNECTIONS } from '../config.ts';
import type { EsipaHandlers } from '../esipa/esipa-function.ts';
import { type EsipaExchange, esipaBinding } from './esipa-binding.ts';

export interface EimServerOptions {
  readonly tls: { readonly keyPem: string; readonly certPem: string };
  readonly tlsPolicy: TlsPolicy;
  readonly logger: Logger;
  readonly handlers: EsipaHandlers;
  readonly maxRequestBytes: number;
  readonly now: () => number;
  readonly onExchange?: (exchange: EsipaExchange) => void;
}

export async function createEimServer(options: EimServerOptions): Promise<FastifyInstance> {
  const connections = EIM_CONNECTIONS;
  const app = Fastify({
    https: {
      key: options.tls.keyPem,
      cert: options.tls.certPem,
      ...tlsServerOptions(options.tlsPolicy),
      ...serverTimeoutOptions(connections),
    },
    loggerInstance: options.logger,
    bodyLimit: DEFAULT_BODY_LIMIT,
    keepAliveTimeout: connections.keepAliveTimeoutMs,
    requestTimeout: serverTimeoutOptions(connections).requestTimeout,
  }) as unknown as FastifyInstance;
  limitConnections(app.server, connections);
  await app.register(esipaBinding, {
    handlers: options.handlers,
    bodyLimit: options.maxRequestBytes,
    now: options.now,
    ...(options.onExchange ? { onExchange: options.onExchange } : {}),
  });
  return app;
}
