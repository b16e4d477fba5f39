/**
 * Behind a TCP load balancer every connection comes from the balancer's address, so `maxConnectionsPerAddress`
 * counted the balancer: 300 idle connections through it made every download fail. With the balancer listed in
 * `proxyProtocolFrom`, its PROXY protocol header names the client and the limit applies per real client.
 */
import { connect, type TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { Es9Client } from '../../src/lpa/es9-client.ts';
import { readProxyHeader } from '../../src/rsp-server/http/proxy-protocol-header.ts';
import { resolveConfig } from '../../src/smdp/config.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { startTcpBalancer, type TcpBalancer } from '../helpers/tcp-balancer.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
/** The v2 signature (HAProxy's PROXY protocol, section 2.2). */
const V2 = '0d0a0d0a000d0a515549540a';

describe('the PROXY protocol header', () => {
  it('reads v1 lines: TCP4, TCP6, UNKNOWN, and what follows is not part of it', () => {
    const line = Buffer.from('PROXY TCP4 192.0.2.1 198.51.100.7 54321 443\r\n\x16\x03\x01', 'latin1');
    expect(readProxyHeader(line)).toEqual({ kind: 'header', length: line.length - 3, source: '192.0.2.1' });
    expect(readProxyHeader(Buffer.from('PROXY TCP6 2001:db8::1 2001:db8::2 1 443\r\n'))).toMatchObject({
      source: '2001:db8::1',
    });
    expect(readProxyHeader(Buffer.from('PROXY UNKNOWN\r\n'))).toEqual({ kind: 'header', length: 15 });
  });

  it('waits for the rest of a header and refuses a bad or overlong one', () => {
    expect(readProxyHeader(Buffer.from('PROX'))).toEqual({ kind: 'incomplete' });
    expect(readProxyHeader(Buffer.from('PROXY TCP4 192.0.2.1 '))).toEqual({ kind: 'incomplete' });
    expect(readProxyHeader(hex(V2).subarray(0, 7))).toEqual({ kind: 'incomplete' });
    expect(readProxyHeader(Buffer.from(`PROXY TCP4 ${'1'.repeat(120)}`)).kind).toBe('invalid');
    expect(readProxyHeader(Buffer.from('PROXY TCP4 192.0.2.1 198.51.100.7 1 2 3\r\n')).kind).toBe('invalid');
    expect(readProxyHeader(Buffer.from('PROXY TCP4 2001:db8::1 198.51.100.7 1 2\r\n')).kind).toBe('invalid');
    expect(readProxyHeader(Buffer.from('PROXY TCP4 192.0.2.1 198.51.100.7 1 70000\r\n')).kind).toBe(
      'invalid',
    );
    // A TLS ClientHello where a header must be: the balancer is misconfigured, or it is not the balancer.
    expect(readProxyHeader(hex('160301020001'))).toEqual({
      kind: 'invalid',
      reason: 'no PROXY protocol header',
    });
    expect(readProxyHeader(hex(`${V2} 31 11 000c`)).kind).toBe('invalid'); // version 3
    expect(readProxyHeader(hex(`${V2} 21 11 ffff`)).kind).toBe('invalid'); // 65535 bytes of TLVs
  });

  it('reads v2 headers: IPv4, IPv6, LOCAL (a health check), TLVs skipped', () => {
    const ipv4 = hex(`${V2} 21 11 000c c0000201 c6336407 d431 01bb`);
    expect(readProxyHeader(ipv4)).toEqual({ kind: 'header', length: 28, source: '192.0.2.1' });
    expect(readProxyHeader(ipv4.subarray(0, 20))).toEqual({ kind: 'incomplete' });
    const ipv6 = hex(
      `${V2} 21 21 0024 20010db8000000000000000000000001 20010db8000000000000000000000002 d431 01bb`,
    );
    expect(readProxyHeader(ipv6)).toEqual({ kind: 'header', length: 52, source: '2001:db8::1' });
    expect(readProxyHeader(hex(`${V2} 20 00 0000`))).toEqual({ kind: 'header', length: 16 });
    // PP2_TYPE_ALPN "h2" after the addresses: part of the header, not of the client's bytes.
    const withTlv = hex(`${V2} 21 11 0011 c0000201 c6336407 d431 01bb 01 0002 6832`);
    expect(readProxyHeader(withTlv)).toEqual({ kind: 'header', length: 33, source: '192.0.2.1' });
  });
});

let smdp: RunningSmdp | undefined;
let balancer: TcpBalancer | undefined;
const sockets: TLSSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await balancer?.close();
  await smdp?.close();
  balancer = undefined;
  smdp = undefined;
});

/** A TLS connection through the balancer: 'open' after the handshake, 'closed' if the server drops it. */
function throughBalancer(port: number, ca: string): Promise<'open' | 'closed'> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' });
    sockets.push(socket);
    socket.once('secureConnect', () => resolve('open'));
    socket.once('error', () => undefined);
    socket.once('close', () => resolve('closed'));
  });
}

describe.each(['v1', 'v2'] as const)(
  'a per-address limit behind a balancer sending PROXY protocol %s',
  (version) => {
    /** Connections 0–3 come from one client, every later one from another. */
    const clientAddress = (n: number) => (n < 4 ? '192.0.2.1' : '198.51.100.7');

    async function setUp(trusted: boolean) {
      smdp = await startTestSmdp({
        maxConnectionsPerAddress: 3,
        ...(trusted ? { proxyProtocolFrom: '127.0.0.1' } : {}),
      });
      const port = Number(new URL(smdp.url).port);
      balancer = await startTcpBalancer([{ host: '127.0.0.1', port }], {
        proxyProtocol: version,
        clientAddress,
      });
      return { balancerPort: balancer.port, ca: smdp.caPem, address: smdp.address };
    }

    async function downloadThrough(balancerPort: number, ca: string, address: string) {
      const es9Client = new Es9Client(`localhost:${balancerPort}`, { ca });
      try {
        return await downloadProfile({
          activationCode: `LPA:1$${address}$DEMO`,
          euicc: await EuiccEmulator.create(),
          es9Client,
        });
      } finally {
        es9Client.close();
      }
    }

    it('applies to the client the header names: one client full, another downloads', async () => {
      const { balancerPort, ca, address } = await setUp(true);
      const idle = await Promise.all([0, 1, 2].map(() => throughBalancer(balancerPort, ca)));
      expect(idle).toEqual(['open', 'open', 'open']);
      // The first client's fourth connection is over its limit.
      expect(await throughBalancer(balancerPort, ca)).toBe('closed');
      // Another client, through the same balancer: its own share.
      expect((await downloadThrough(balancerPort, ca, address)).success).toBe(true);
    });

    it('without the setting, a header is not read: the connection is refused, as any bad TLS', async () => {
      const { balancerPort, ca } = await setUp(false);
      expect(await throughBalancer(balancerPort, ca)).toBe('closed');
    });
  },
);

it('closes a connection from a listed balancer that sends no PROXY header, and serves direct clients as before', async () => {
  smdp = await startTestSmdp({ proxyProtocolFrom: '127.0.0.1', headersTimeoutMs: 2000 });
  const port = Number(new URL(smdp.url).port);
  // A TLS client straight from 127.0.0.1 (listed): its ClientHello is no header, it is closed.
  expect(await throughBalancer(port, smdp.caPem)).toBe('closed');
  // Started on a server that lists another balancer, a client from 127.0.0.1 is served directly.
  await smdp.close();
  smdp = await startTestSmdp({ proxyProtocolFrom: '192.0.2.10' });
  expect(await throughBalancer(Number(new URL(smdp.url).port), smdp.caPem)).toBe('open');
});

it('takes balancers as IP addresses only, with one clear line otherwise', () => {
  expect(resolveConfig({ flags: { proxyProtocolFrom: ' 10.0.0.5 ,::1' } }).proxyProtocolFrom).toBe(
    '10.0.0.5,::1',
  );
  expect(() => resolveConfig({ flags: { proxyProtocolFrom: '10.0.0.5,lb.example' } })).toThrow(
    'proxyProtocolFrom lists lb.example, which is not an IP address',
  );
});
