/**
 * Issue 13, item 3: a client cannot hold the server's connections — a request whose body trickles in is cut
 * after the request timeout, and connections beyond the per-address and overall limits are closed as they
 * arrive. Real TLS sockets on loopback; the limits are small through the settings, and the tests assert what
 * happens, not when.
 */
import { connect, type TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { postEs9 } from '../helpers/es9-request.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

let smdp: RunningSmdp | undefined;
const sockets: TLSSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await smdp?.close();
  smdp = undefined;
});

const portOf = (server: RunningSmdp) => Number(new URL(server.url).port);

/** A TLS connection: 'open' once the handshake is done, 'closed' if the server drops it before. */
function tlsConnection(server: RunningSmdp): Promise<{ socket: TLSSocket; outcome: 'open' | 'closed' }> {
  return new Promise((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port: portOf(server),
      ca: server.caPem,
      servername: 'localhost',
    });
    sockets.push(socket);
    socket.once('secureConnect', () => resolve({ socket, outcome: 'open' }));
    socket.once('error', () => undefined);
    socket.once('close', () => resolve({ socket, outcome: 'closed' }));
  });
}

/** Resolves with what the server sent once it closes the connection. */
const closedWith = (socket: TLSSocket) =>
  new Promise<string>((resolve) => {
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    socket.once('close', () => resolve(received));
  });

describe('connection limits', () => {
  it('cuts a request whose body arrives too slowly, and keeps serving others', async () => {
    smdp = await startTestSmdp({ requestTimeoutMs: 400, headersTimeoutMs: 400 });
    const { socket, outcome } = await tlsConnection(smdp);
    expect(outcome).toBe('open');
    const closed = closedWith(socket);
    socket.write(
      'POST /gsma/rsp2/es9plus/initiateAuthentication HTTP/1.1\r\nHost: localhost\r\n' +
        'Content-Type: application/json\r\nX-Admin-Protocol: gsma/rsp/v2.2.2\r\nContent-Length: 1000\r\n\r\n{',
    );
    // One byte at a time, never idle: only a limit on the whole request ends this.
    const trickle = setInterval(() => socket.writable && socket.write(' '), 50);
    try {
      expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(trickle);
    }
    const answer = await postEs9(smdp.url, 'initiateAuthentication', {}, { ca: smdp.caPem });
    expect(answer.body.header.functionExecutionStatus.status).toBe('Failed');
  });

  it('closes the connection beyond the per-address limit at once, and takes one again when a slot frees', async () => {
    smdp = await startTestSmdp({ maxConnectionsPerAddress: 3 });
    const first = await Promise.all([tlsConnection(smdp), tlsConnection(smdp), tlsConnection(smdp)]);
    expect(first.map((c) => c.outcome)).toEqual(['open', 'open', 'open']);
    expect((await tlsConnection(smdp)).outcome).toBe('closed');
    const gone = new Promise((resolve) => first[0]!.socket.once('close', resolve));
    first[0]!.socket.end();
    await gone;
    await expect.poll(async () => (await tlsConnection(smdp!)).outcome).toBe('open');
  });

  it('closes connections beyond the overall limit', async () => {
    smdp = await startTestSmdp({ maxConnections: 2, maxConnectionsPerAddress: 0 });
    const first = await Promise.all([tlsConnection(smdp), tlsConnection(smdp)]);
    expect(first.map((c) => c.outcome)).toEqual(['open', 'open']);
    expect((await tlsConnection(smdp)).outcome).toBe('closed');
  });
});
