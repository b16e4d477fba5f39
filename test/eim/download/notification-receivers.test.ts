import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTlv } from '../../../src/asn1/tlv.ts';
import { resolveEimConfig } from '../../../src/eim/config.ts';
import { MAX_LEARNT, NotificationReceivers } from '../../../src/eim/download/notification-receivers.ts';
import { postEsipa, startTestEim } from '../../helpers/eim-harness.ts';

describe('NotificationReceivers', () => {
  it('allows the listed receivers and the SM-DP+s learnt from orders, nothing else', () => {
    const receivers = new NotificationReceivers('smdp.example.com, rsp.example.net:8443, *.operator.example');
    expect(receivers.allows('smdp.example.com')).toBe(true);
    expect(receivers.allows('SMDP.example.com:9443')).toBe(true); // a host without port: any port
    expect(receivers.allows('rsp.example.net:8443')).toBe(true);
    expect(receivers.allows('rsp.example.net')).toBe(false);
    expect(receivers.allows('dp.operator.example:443')).toBe(true);
    expect(receivers.allows('operator.example')).toBe(false);
    expect(receivers.allows('evil-operator.example')).toBe(false);
    expect(receivers.allows('localhost:22')).toBe(false);
    receivers.learn('LocalHost:8443');
    expect(receivers.allows('localhost:8443')).toBe(true);
    expect(receivers.allows('localhost:22')).toBe(false);
    expect(new NotificationReceivers('*').allows('anything.example:1')).toBe(true);
  });

  it('keeps the most recent learnt addresses only', () => {
    const receivers = new NotificationReceivers('');
    for (let i = 0; i <= MAX_LEARNT; i++) receivers.learn(`smdp${i}.example`);
    expect(receivers.allows('smdp0.example')).toBe(false);
    expect(receivers.allows('smdp1.example')).toBe(true);
    expect(receivers.allows(`smdp${MAX_LEARNT}.example`)).toBe(true);
  });

  it('refuses a setting entry that is no receiver, in one line', () => {
    expect(() =>
      resolveEimConfig({ flags: { notificationReceivers: 'smdp.example.com,http://x/' } }),
    ).toThrow(
      'notificationReceivers: http://x/ is not a receiver: host, host:port, *.domain or * (SGP.22 4.1 FQDN[:port])',
    );
  });
});

/**
 * ESipa.HandleNotification (SGP.32 6.3.2.4) at a running eIM over loopback HTTPS: a notification for a receiver
 * the eIM does not forward to is answered HTTP 403 and never connected to; listed, it is.
 */
describe('HandleNotification and the receivers', () => {
  let listener: Server;
  let port = 0;
  let connections = 0;
  beforeAll(async () => {
    // a receiver that counts connections and closes them (no TLS: a delivery to it fails with 502)
    listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const address = listener.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await new Promise((resolve) => listener.close(resolve));
  });

  const cert = (path: string) => readFileSync(new URL(`../../../certs/sgp26/${path}`, import.meta.url));
  /** HandleNotification { A0 { OtherSignedNotification (notificationDelete) for `address` } }. */
  const handleNotification = (address: string) =>
    encodeTlv(
      0xbf3d,
      encodeTlv(
        0xa0,
        encodeTlv(
          0x30,
          encodeTlv(
            0xbf2f,
            encodeTlv(0x80, Buffer.from([7])),
            encodeTlv(0x81, Buffer.from([0x05, 0x20])),
            encodeTlv(0x0c, Buffer.from(address)),
          ),
          encodeTlv(0x5f37, Buffer.alloc(64, 0x5a)),
          cert('eUICC/CERT_EUICC_ECDSA_NIST.der'),
          cert('EUM/CERT_EUM_ECDSA_NIST.der'),
        ),
      ),
    );

  it('answers 403 for an unlisted receiver without connecting, 502 once it is listed and fails', async () => {
    const receiver = `127.0.0.1:${port}`;
    const closed = await startTestEim();
    try {
      const refused = await postEsipa(closed, handleNotification(receiver));
      expect(refused.status).toBe(403);
      expect(refused.body.toString()).toBe(
        `The notification receiver ${receiver} is not one this eIM forwards to`,
      );
      expect(connections).toBe(0);
    } finally {
      await closed.close();
    }
    const open = await startTestEim({ notificationReceivers: `smdp.example.com,${receiver}` });
    try {
      const tried = await postEsipa(open, handleNotification(receiver));
      expect(tried.status).toBe(502);
      expect(connections).toBe(1);
    } finally {
      await open.close();
    }
  });
});
