/**
 * A small TCP load balancer on loopback, as a lab puts in front of several SM-DP+ instances: each new
 * connection goes to the next backend in turn (no session affinity), bytes are copied both ways. Optionally
 * it begins each backend connection with a PROXY protocol header (v1 text or v2 binary, as HAProxy's
 * `send-proxy` / `send-proxy-v2`) naming the client, or a client the test makes up.
 */
import { connect, createServer, isIPv4, type Server, type Socket } from 'node:net';

export interface Backend {
  readonly host: string;
  readonly port: number;
}

export interface BalancerOptions {
  readonly proxyProtocol?: 'v1' | 'v2';
  /** The client address the header names for the n-th connection (default: the real peer). */
  readonly clientAddress?: (n: number) => string;
}

export interface TcpBalancer {
  readonly port: number;
  /** Connections handed to each backend so far. */
  readonly handedTo: number[];
  close(): Promise<void>;
}

const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);

/** The header for a TCP connection from `source` to `destination` (IPv4 addresses). */
export function proxyHeader(
  version: 'v1' | 'v2',
  source: string,
  destination: string,
  ports: [number, number],
) {
  if (!isIPv4(source) || !isIPv4(destination)) throw new Error('this balancer speaks IPv4 only');
  if (version === 'v1')
    return Buffer.from(`PROXY TCP4 ${source} ${destination} ${ports[0]} ${ports[1]}\r\n`, 'latin1');
  const addresses = Buffer.alloc(12);
  Buffer.from(source.split('.').map(Number)).copy(addresses, 0);
  Buffer.from(destination.split('.').map(Number)).copy(addresses, 4);
  addresses.writeUInt16BE(ports[0], 8);
  addresses.writeUInt16BE(ports[1], 10);
  // Version 2, command PROXY; AF_INET, STREAM; the length of the addresses.
  return Buffer.concat([V2_SIGNATURE, Buffer.from([0x21, 0x11, 0x00, 12]), addresses]);
}

export async function startTcpBalancer(
  backends: readonly Backend[],
  options: BalancerOptions = {},
): Promise<TcpBalancer> {
  const handedTo = backends.map(() => 0);
  const open = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((client) => {
    const n = connections++;
    const index = n % backends.length;
    handedTo[index] = (handedTo[index] ?? 0) + 1;
    const target = backends[index];
    if (!target) return client.destroy();
    const backend = connect({ host: target.host, port: target.port });
    for (const socket of [client, backend]) {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
      socket.on('error', () => undefined);
    }
    if (options.proxyProtocol) {
      const source = options.clientAddress?.(n) ?? (client.remoteAddress ?? '').replace(/^::ffff:/, '');
      backend.write(
        proxyHeader(options.proxyProtocol, source, '127.0.0.1', [client.remotePort ?? 0, target.port]),
      );
    }
    client.pipe(backend);
    backend.pipe(client);
    client.once('close', () => backend.destroy());
    backend.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the balancer has no port');
  return {
    port: address.port,
    handedTo,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
