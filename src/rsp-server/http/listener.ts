/**
 * The HTTPS listener of a server (the SM-DP+ and the SM-DS alike): its port when 0 asks for any, the host
 * its address names, listening with the session purge running, and the URL a local client uses.
 */
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type SessionPurge, startSessionPurge } from '../session-purge.ts';

export interface ListenerConfig {
  readonly host: string;
  readonly port: number;
  /** FQDN[:port], as clients are given it. */
  readonly address: string;
}

/** Port 0 asks for any free port; the server must know it before start, as its address carries it. */
export async function freePort(host: string): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The config with port 0 replaced by a free port, in the address too. */
export async function withFreePort<C extends ListenerConfig>(config: C): Promise<C> {
  if (config.port !== 0) return config;
  const port = await freePort(config.host);
  return { ...config, port, address: config.address.replace(/:0$/, `:${port}`) };
}

/** The host an address names: what the TLS certificate is issued for. */
export const addressHost = (address: string): string => address.replace(/:\d+$/, '');

/** https://host:port of the listener, as a client on this machine reaches it. */
export const listenerUrl = ({ host, port }: Pick<ListenerConfig, 'host' | 'port'>): string =>
  `https://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;

/** A further listener of the same server (the SM-DP+'s dedicated ES2+ port), on the same host. */
export interface FurtherListener {
  readonly app: FastifyInstance;
  readonly port: number;
}

/**
 * Starts purging expired sessions, then listens (on the further listeners' ports too); a listen that fails
 * (port in use) stops all of them.
 */
export async function listenPurging(
  app: FastifyInstance,
  config: ListenerConfig,
  purge: Parameters<typeof startSessionPurge>[0],
  further: readonly FurtherListener[] = [],
): Promise<SessionPurge> {
  const sessionPurge = await startSessionPurge(purge);
  const listeners = [{ app, port: config.port }, ...further];
  try {
    for (const listener of listeners) await listener.app.listen({ host: config.host, port: listener.port });
  } catch (error) {
    sessionPurge.stop();
    await Promise.all(listeners.map((listener) => listener.app.close()));
    throw error;
  }
  return sessionPurge;
}
