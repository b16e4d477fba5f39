/**
 * The client's address, established once per connection, for everything that counts or limits per client
 * (connections per address, admin login throttle, pending sessions per source). Directly connected clients
 * are their TCP peer. Behind a TCP load balancer every connection comes from the balancer: connections from
 * the configured balancer addresses must begin with a PROXY protocol header (proxy-protocol-header.ts), and
 * the address it names is the client's. Connections from other addresses are served as before.
 */
import type { Server } from 'node:http';
import { isIP, type Socket } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { RequestOrigin } from '../session-admission.ts';
import { readProxyHeader } from './proxy-protocol-header.ts';

/** The client address of each connection whose header named one (the raw TCP socket). */
const fromHeader = new WeakMap<Socket, string>();

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack listener) as `192.0.2.1`: one client, one key. */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The client's address on a connection: the raw TCP socket or the TLS socket over it (a request's socket).
 * A TLS socket made by the server over a TCP socket keeps it as `_parent` (Node's tls module): the one place
 * that internal is read.
 */
export function clientAddressOf(socket: Socket): string {
  const raw = (socket as Socket & { _parent?: Socket | null })._parent ?? socket;
  return fromHeader.get(raw) ?? fromHeader.get(socket) ?? plainAddress(socket.remoteAddress ?? '');
}

/** Where a request came from, for the protocol functions (which do not see HTTP). */
export function requestOrigin(request: FastifyRequest): RequestOrigin {
  return { clientAddress: clientAddressOf(request.raw.socket) };
}

/** Balancer addresses, as the `proxyProtocolFrom` setting lists them (comma-separated IP addresses). */
export function balancerAddresses(setting: string): string[] {
  return setting
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address !== '');
}

export interface ProxyProtocolOptions {
  /** Addresses of the balancers whose connections begin with a PROXY protocol header. */
  readonly from: readonly string[];
  /** Time a balancer has to send the header; then the connection is closed. */
  readonly timeoutMs: number;
}

/**
 * Reads the PROXY protocol header of connections from the balancers before anything else sees them: the
 * server's other 'connection' listeners (the TLS handshake, the per-address limit) run once the header is
 * read, with the client's address known. Call after those listeners are installed.
 */
export function acceptProxyProtocol(server: Server, options: ProxyProtocolOptions): void {
  const balancers = new Set(options.from.map(plainAddress));
  if (balancers.size === 0) return;
  const handlers = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const handOn = (socket: Socket) => {
    for (const handler of handlers) handler.call(server, socket);
  };
  server.on('connection', (socket: Socket) => {
    if (!balancers.has(plainAddress(socket.remoteAddress ?? ''))) return handOn(socket);
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), options.timeoutMs);
    // Until TLS takes the socket over, its errors (a reset balancer connection) are this code's to end.
    const onError = () => socket.destroy();
    socket.on('error', onError);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const header = readProxyHeader(received);
      if (header.kind === 'incomplete') return;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      if (header.kind === 'invalid') {
        socket.on('error', onError);
        socket.destroy();
        return;
      }
      // What followed the header (the ClientHello, in the same packet) is read again by TLS: Node's TLS
      // socket takes over bytes buffered in the TCP socket it wraps.
      socket.pause();
      if (received.length > header.length) socket.unshift(received.subarray(header.length));
      if (header.source !== undefined) fromHeader.set(socket, header.source);
      handOn(socket);
    };
    socket.on('data', onData);
    socket.once('close', () => clearTimeout(timer));
  });
}
