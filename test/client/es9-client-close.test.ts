import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createConnection, createServer as createTcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Es9Client } from '../../src/lpa/es9-client.ts';
import { ensureTlsCertificate } from '../../src/pki/tls-certificate.ts';

/**
 * Es9Client.close() ends its TLS connections with close_notify (RFC 5246 7.2.1): the eIM's ES9+ relay opens a
 * client per step and closes it, and an OpenSSL 3 SM-DP+ (the osmo-ttcn3 eim suite's) took the cut connection
 * as an error ("unexpected eof while reading") and stopped listening. The bytes the client sends pass a TCP
 * relay; over TLS 1.2 a record's type is in clear: the last one must be an alert (21).
 */
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** TLS 1.2 record types of a byte stream (5-byte headers: type, version, length). */
function recordTypes(stream: Buffer): number[] {
  const types: number[] = [];
  for (let offset = 0; offset + 5 <= stream.length; offset += 5 + stream.readUInt16BE(offset + 3))
    types.push(stream[offset] ?? -1);
  return types;
}

describe('Es9Client.close', () => {
  it('sends close_notify before it closes an idle connection', async () => {
    const tls = ensureTlsCertificate('localhost');
    const server = createHttpsServer(
      { key: tls.keyPem, cert: tls.chainPem, maxVersion: 'TLSv1.2' },
      (_, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Admin-Protocol': 'gsma/rsp/v2.1.0' });
        res.end(JSON.stringify({ header: { functionExecutionStatus: { status: 'Executed-Success' } } }));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => server.close());
    const fromClient: Buffer[] = [];
    let clientEnded: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => {
      clientEnded = resolve;
    });
    const relay = createTcpServer((client: Socket) => {
      const upstream = createConnection((server.address() as AddressInfo).port, '127.0.0.1');
      client.on('data', (chunk: Buffer) => {
        fromClient.push(chunk);
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => client.write(chunk));
      client.on('close', () => {
        upstream.destroy();
        clientEnded();
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    closers.push(() => relay.close());

    const es9 = new Es9Client(`localhost:${(relay.address() as AddressInfo).port}`, { ca: tls.caPem });
    await es9.send('handleNotification', { pendingNotification: 'vzcA' });
    es9.close();
    await ended;
    const types = recordTypes(Buffer.concat(fromClient));
    expect(types).toContain(23); // the request went as application data
    expect(types.at(-1)).toBe(21); // and the last record is the close_notify alert
  });
});
