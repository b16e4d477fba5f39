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
export const listenerUrl = ({ host, port }: ListenerConfig): string =>
  `https://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;

/** Starts purging expired sessions, then listens; a listen that fails (port in use) stops both. */
export async function listenPurging(
  app: FastifyInstance,
  config: ListenerConfig,
  purge: Parameters<typeof startSessionPurge>[0],
): Promise<SessionPurge> {
  const sessionPurge = await startSessionPurge(purge);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    sessionPurge.stop();
    await app.close();
    throw error;
  }
  return sessionPurge;
}
