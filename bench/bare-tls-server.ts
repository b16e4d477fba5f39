/**
 * A minimal node:tls server for the bench's handshake baseline: the SM-DP+'s TLS settings (tls-policy.ts)
 * and a certificate chain like its own, and nothing else — no HTTP, no Fastify. Started as its own process
 * (`node --import tsx bench/bare-tls-server.ts <key.pem> <chain.pem>`) so /proc gives its CPU alone; prints
 * its port and answers nothing (a client handshakes and closes).
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:tls';
import { tlsServerOptions } from '../src/rsp-server/tls-policy.ts';
import { DEFAULT_CONFIG } from '../src/smdp/config.ts';

const [keyFile, chainFile] = process.argv.slice(2);
const server = createServer(
  { key: readFileSync(keyFile!), cert: readFileSync(chainFile!), ...tlsServerOptions(DEFAULT_CONFIG) },
  (socket) => {
    socket.on('error', () => socket.destroy());
    socket.on('end', () => socket.end());
  },
);
server.on('tlsClientError', () => {});
server.listen(0, '127.0.0.1', () => console.log(`port ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => process.exit(0));
