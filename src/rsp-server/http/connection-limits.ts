/**
 * Limits on what a client can make the server hold open: time to send a request's headers and its
 * whole body, idle time of a kept-alive connection, and how many connections one remote address (and
 * everyone together) may have. Without them 500 connections sending a byte every 10 s stayed open for
 * minutes, and 20,000 used every file descriptor.
 *
 * The defaults suit LPAs on mobile links: an ES9+ request is a few KB, sent in well under a second even on a
 * slow link, so 30 s for headers and 60 s for the whole request leave room for radio stalls and handovers;
 * between ES9+ calls the LPA waits on the eUICC (a few seconds), so a connection idle for 30 s is closed.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { acceptProxyProtocol, balancerAddresses, clientAddressOf } from './client-address.ts';

export interface ConnectionLimits {
  /** Time to receive a request's headers (Node's headersTimeout); 0: no limit. */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body (Node's requestTimeout); 0: no limit. */
  readonly requestTimeoutMs: number;
  /** Idle time after which a kept-alive connection is closed. */
  readonly keepAliveTimeoutMs: number;
  /** Open connections from one client address (client-address.ts); the next one is closed at once. 0: no limit. */
  readonly maxConnectionsPerAddress: number;
  /** Open connections in all (Node's maxConnections); 0: no limit. */
  readonly maxConnections: number;
  /** Balancers whose connections carry a PROXY protocol header naming the client (comma-separated). */
  readonly proxyProtocolFrom?: string;
}

/**
 * Node options for the HTTPS server. Node looks for expired requests every `connectionsCheckingInterval`
 * (30 s by default, longer than a short limit): check often enough that a limit holds to about a quarter.
 * Node refuses a headers timeout above the request timeout, so the smaller wins.
 *
 * The TLS handshake gets the headers timeout too: Node's default `handshakeTimeout` is
 * 120 s, four times the header limit, so 2,100 TCP connections that never sent a ClientHello, from 21
 * addresses, held the 2,000-connection cap for two minutes. A client that cannot finish a handshake in the
 * time it would have to send its headers is not an LPA on a slow link.
 */
export function serverTimeoutOptions(limits: ConnectionLimits) {
  const request = limits.requestTimeoutMs;
  const headers = request > 0 && limits.headersTimeoutMs > request ? request : limits.headersTimeoutMs;
  const shortest = Math.min(...[request, headers].filter((ms) => ms > 0));
  return {
    headersTimeout: headers,
    requestTimeout: request,
    handshakeTimeout: headers > 0 ? headers : NODE_HANDSHAKE_TIMEOUT_MS,
    connectionsCheckingInterval: Number.isFinite(shortest)
      ? Math.max(50, Math.min(1000, Math.floor(shortest / 4)))
      : 30_000,
  };
}

/**
 * Closes each connection beyond the per-address limit as it arrives, and applies the overall one; with
 * balancers configured, their PROXY protocol header is read first (the limit counts the clients it names).
 */
export function limitConnections(server: Server, limits: ConnectionLimits): void {
  if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections;
  countPerAddress(server, limits);
  refuseRenegotiation(server);
  // The headers timeout in force: the request timeout caps it (serverTimeoutOptions).
  closeSilentConnections(server, serverTimeoutOptions(limits).headersTimeout);
  acceptProxyProtocol(server, {
    from: balancerAddresses(limits.proxyProtocolFrom ?? ''),
    timeoutMs: limits.headersTimeoutMs > 0 ? limits.headersTimeoutMs : PROXY_HEADER_TIMEOUT_MS,
  });
}

/** Node's own TLS handshake timeout, kept when there is no headers timeout. */
const NODE_HANDSHAKE_TIMEOUT_MS = 120_000;

/**
 * Client-initiated TLS 1.2 renegotiation is refused: neither ES9+ nor ES2+ needs it, and
 * each renegotiation costs the server a full handshake. Node allows 3 in 10 minutes by default; here the
 * first one ends the connection.
 */
function refuseRenegotiation(server: Server): void {
  server.on('secureConnection', (socket: TLSSocket) => {
    socket.disableRenegotiation();
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ERR_TLS_RENEGOTIATION_DISABLED') socket.destroy();
    });
  });
}

/**
 * A TLS connection that sends no request after its handshake is closed at the headers timeout. Node's own
 * headersTimeout starts with a request's first byte, so such a connection stayed open for good (`npm run
 * soak`: 50 of them still open after 30 s), holding one of the `maxConnections` places; 2,000 of them from
 * 20 addresses would have shut everyone else out until they left. From the end of the handshake a client
 * has the headers timeout to complete its first request's headers; later requests of a kept-alive
 * connection are bounded by the keep-alive and headers timeouts as before.
 */
function closeSilentConnections(server: Server, headersTimeoutMs: number): void {
  if (headersTimeoutMs <= 0) return;
  const waiting = new WeakMap<Socket, NodeJS.Timeout>();
  server.on('secureConnection', (socket: TLSSocket) => {
    const timer = setTimeout(() => socket.destroy(), headersTimeoutMs);
    waiting.set(socket, timer);
    socket.once('close', () => clearTimeout(timer));
  });
  // 'request' comes once a request's headers are complete: from then on Node's own timeouts apply.
  server.on('request', (request: IncomingMessage) => {
    const timer = waiting.get(request.socket);
    if (timer === undefined) return;
    clearTimeout(timer);
    waiting.delete(request.socket);
  });
}

/** A balancer sends its header at once: without a headers timeout, this long. */
const PROXY_HEADER_TIMEOUT_MS = 30_000;

function countPerAddress(server: Server, limits: ConnectionLimits): void {
  if (limits.maxConnectionsPerAddress <= 0) return;
  const open = new Map<string, number>();
  // 'connection' comes with the TCP socket, before the TLS handshake: a refused client costs no crypto.
  server.on('connection', (socket: Socket) => {
    // The client's address: behind a balancer sending the PROXY protocol, the one its header names.
    const address = clientAddressOf(socket);
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
