/**
 * Issue 25, findings 2 and 5: a TCP connection that never sends a ClientHello lived 121 s (Node's handshake
 * timeout, four times the header limit), and client-initiated TLS renegotiation was accepted. Loopback
 * only; every wait is bounded.
 */
import { once } from 'node:events';
import { connect as connectTcp } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

let smdp: RunningSmdp;
const HEADERS_TIMEOUT_MS = 1_500;

beforeAll(async () => {
  smdp = await startTestSmdp({ headersTimeoutMs: HEADERS_TIMEOUT_MS });
});
afterAll(async () => {
  await smdp?.close();
});

const port = () => Number(new URL(smdp.url).port);

/** Resolves with the time until the socket closed, or rejects after `limitMs`. */
function closedWithin(socket: { once(event: 'close', listener: () => void): unknown }, limitMs: number) {
  const started = performance.now();
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${limitMs} ms`)), limitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(performance.now() - started);
    });
  });
}

describe('TLS connection bounds (issue 25)', () => {
  it('closes a TCP connection that never sends a ClientHello at the headers timeout, not after 120 s', async () => {
    const sockets = Array.from({ length: 5 }, () => connectTcp({ host: '127.0.0.1', port: port() }));
    try {
      await Promise.all(sockets.map((socket) => once(socket, 'connect')));
      const lived = await Promise.all(sockets.map((socket) => closedWithin(socket, 10_000)));
      for (const ms of lived) {
        expect(ms).toBeGreaterThan(HEADERS_TIMEOUT_MS * 0.5);
        expect(ms).toBeLessThan(HEADERS_TIMEOUT_MS + 5_000);
      }
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('refuses a client-initiated TLS 1.2 renegotiation: the server ends the connection', async () => {
    const socket: TLSSocket = connectTls({
      host: '127.0.0.1',
      port: port(),
      rejectUnauthorized: false,
      maxVersion: 'TLSv1.2',
    });
    socket.on('error', () => undefined);
    try {
      await once(socket, 'secureConnect');
      const closed = closedWithin(socket, 10_000);
      expect(socket.renegotiate({ rejectUnauthorized: false }, () => undefined)).toBe(true);
      socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
      // Without the refusal the server answers the request (404) and keeps the connection alive.
      expect(await closed).toBeLessThan(10_000);
    } finally {
      socket.destroy();
    }
  });
});
