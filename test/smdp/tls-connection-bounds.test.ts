/**
 * Issue 25, findings 2 and 5: a TCP connection that never sends a ClientHello lived 121 s (Node's handshake
 * timeout, four times the header limit), one that finished the handshake and then sent nothing lived for
 * good (Node's header timeout starts with a request's first byte), and client-initiated TLS renegotiation
 * was accepted. Loopback
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

  it('closes a TLS connection that never sends a request at the headers timeout (it lived for good)', async () => {
    const silent = Array.from({ length: 5 }, () =>
      connectTls({ host: '127.0.0.1', port: port(), ca: smdp.caPem, servername: 'localhost' }),
    );
    try {
      for (const socket of silent) socket.on('error', () => undefined);
      await Promise.all(silent.map((socket) => once(socket, 'secureConnect')));
      const lived = await Promise.all(silent.map((socket) => closedWithin(socket, 10_000)));
      for (const ms of lived) {
        expect(ms).toBeGreaterThan(HEADERS_TIMEOUT_MS * 0.5);
        expect(ms).toBeLessThan(HEADERS_TIMEOUT_MS + 5_000);
      }
    } finally {
      for (const socket of silent) socket.destroy();
    }
  });

  it('keeps a connection that sent a request past the headers timeout (keep-alive applies then)', async () => {
    const socket = connectTls({ host: '127.0.0.1', port: port(), ca: smdp.caPem, servername: 'localhost' });
    socket.on('error', () => undefined);
    try {
      await once(socket, 'secureConnect');
      socket.write('GET /no-such-route HTTP/1.1\r\nHost: localhost\r\n\r\n');
      const [answer] = await once(socket, 'data');
      expect(String(answer)).toMatch(/^HTTP\/1\.1 404 /);
      // Twice the headers timeout later it is still open (the keep-alive timeout is 30 s).
      await expect(closedWithin(socket, HEADERS_TIMEOUT_MS * 2)).rejects.toThrow(/still open/);
    } finally {
      socket.destroy();
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
