/**
 * Issue 13, item 8: TLS as SGP.22 2.6.6 asks — TLS 1.2 with TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 or
 * TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 on P-256 or brainpoolP256r1 — by default; TLS 1.3 and other suites
 * only when the settings ask. Real TLS clients (node:tls) on loopback, each offering one thing.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type ConnectionOptions, connect, createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEim } from '../../src/eim/start.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { tlsServerOptions } from '../../src/rsp-server/tls-policy.ts';
import { resolveConfig } from '../../src/smdp/config.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import type { RunningSmds } from '../../src/smds/start.ts';
import { startTestEim } from '../helpers/eim-harness.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { startTestSmds } from '../helpers/smds-harness.ts';

type Outcome = { accepted: true; protocol: string; cipher: string; group: string } | { accepted: false };

/** Handshakes with the server offering only what `offer` says. */
function handshakeAt(port: number, offer: ConnectionOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ...offer });
    socket.once('secureConnect', () => {
      const key = socket.getEphemeralKeyInfo();
      resolve({
        accepted: true,
        protocol: socket.getProtocol() ?? '',
        cipher: socket.getCipher().standardName,
        group: key && 'name' in key ? String(key.name) : '',
      });
      socket.destroy();
    });
    socket.once('error', () => resolve({ accepted: false }));
  });
}

const handshake = (server: RunningSmdp | RunningSmds | RunningEim, offer: ConnectionOptions) =>
  handshakeAt(Number(new URL(server.url).port), { ca: server.caPem, ...offer });

const tls12 = (ciphers: string, ecdhCurve = 'P-256'): ConnectionOptions => ({
  minVersion: 'TLSv1.2',
  maxVersion: 'TLSv1.2',
  ciphers,
  ecdhCurve,
});
const tls13: ConnectionOptions = { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' };

describe('TLS by default: SGP.22 2.6.6', () => {
  let smdp: RunningSmdp;
  beforeAll(async () => {
    smdp = await startTestSmdp();
  });
  afterAll(async () => {
    await smdp?.close();
  });

  it.each([
    ['ECDHE-ECDSA-AES128-GCM-SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
    ['ECDHE-ECDSA-AES128-SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256'],
  ])('accepts TLS 1.2 with %s', async (offered, standardName) => {
    expect(await handshake(smdp, tls12(offered))).toEqual({
      accepted: true,
      protocol: 'TLSv1.2',
      cipher: standardName,
      group: 'prime256v1',
    });
  });

  it('does ECDHE only on a curve SGP.22 names, whatever the client prefers', async () => {
    expect(await handshake(smdp, tls12('ECDHE-ECDSA-AES128-GCM-SHA256', 'X25519:P-384:P-256'))).toMatchObject(
      {
        accepted: true,
        group: 'prime256v1',
      },
    );
  });

  it.each([
    'ECDHE-ECDSA-AES128-SHA', // SHA-1 CBC
    'ECDHE-ECDSA-AES256-SHA',
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-ECDSA-CHACHA20-POLY1305',
  ])('refuses TLS 1.2 offering only %s', async (offered) => {
    expect(await handshake(smdp, tls12(offered))).toEqual({ accepted: false });
  });

  it('refuses a TLS 1.3-only client, and a client offering both gets TLS 1.2', async () => {
    expect(await handshake(smdp, tls13)).toEqual({ accepted: false });
    expect(await handshake(smdp, {})).toMatchObject({
      accepted: true,
      protocol: 'TLSv1.2',
      cipher: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    });
  });

  it('still serves the built-in LPA (Node defaults, as libcurl with OpenSSL offers)', async () => {
    const { transactionId } = await downloadProfile({
      activationCode: `LPA:1$${smdp.address}$DEMO`,
      euicc: await EuiccEmulator.create(),
      es9: { ca: smdp.caPem },
    });
    expect(transactionId).toMatch(/^[0-9A-F]{32}$/);
  });
});

describe('brainpoolP256r1', () => {
  // The SM-DP+'s own TLS key is on P-256 (tls-certificate.ts); a server of the same policy with SGP.26's
  // brainpool CERT.DP.TLS shows that the curve is offered for ECDHE (RFC 7027), as SGP.22 2.6.6 allows.
  let server: Server;
  let port: number;
  beforeAll(async () => {
    const file = (name: string) =>
      readFileSync(new URL(`../../certs/sgp26/DPtls/${name}`, import.meta.url), 'utf8');
    server = createServer(
      {
        ...tlsServerOptions({ tlsMaxVersion: '1.2', tlsCipherSuites: 'sgp22' }),
        cert: file('CERT_S_SM_DP_TLS_BRP.pem'),
        key: file('SK_S_SM_DP_TLS_BRP.pem'),
      },
      (socket) => socket.end(),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is accepted for ECDHE with the SGP.22 suites', async () => {
    // The shipped certificate expired in 2026 and names another host: only the handshake is in question.
    const offer = { ...tls12('ECDHE-ECDSA-AES128-GCM-SHA256', 'brainpoolP256r1'), rejectUnauthorized: false };
    expect(await handshakeAt(port, offer)).toEqual({
      accepted: true,
      protocol: 'TLSv1.2',
      cipher: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
      group: 'brainpoolP256r1',
    });
  });
});

describe('TLS widened by the settings', () => {
  it('offers TLS 1.3 (TLS_AES_128_GCM_SHA256) only with tlsMaxVersion 1.3', async () => {
    const smdp = await startTestSmdp({ tlsMaxVersion: '1.3' });
    try {
      expect(await handshake(smdp, tls13)).toMatchObject({
        accepted: true,
        protocol: 'TLSv1.3',
        cipher: 'TLS_AES_128_GCM_SHA256',
      });
      expect(await handshake(smdp, { ...tls13, ciphers: 'TLS_AES_256_GCM_SHA384' })).toEqual({
        accepted: false,
      });
      expect(await handshake(smdp, tls12('ECDHE-ECDSA-AES128-SHA256'))).toMatchObject({ accepted: true });
    } finally {
      await smdp.close();
    }
  });

  it('offers the wider set with tlsCipherSuites wide', async () => {
    const smdp = await startTestSmdp({ tlsCipherSuites: 'wide' });
    try {
      expect(await handshake(smdp, tls12('ECDHE-ECDSA-AES256-GCM-SHA384', 'X25519:P-256'))).toMatchObject({
        accepted: true,
        cipher: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
        group: 'X25519',
      });
      expect(await handshake(smdp, tls13)).toEqual({ accepted: false });
    } finally {
      await smdp.close();
    }
  });

  it('refuses a value it does not know', () => {
    expect(() => resolveConfig({ flags: { tlsMaxVersion: '1.1' } })).toThrow(/tlsMaxVersion must be one of/);
    expect(() => resolveConfig({ env: { RSPSIM_TLS_CIPHER_SUITES: 'all' } })).toThrow(/tlsCipherSuites/);
  });
});

describe("the SM-DS's own TLS settings", () => {
  it('are SGP.22 2.6.6 by default and widened by its own tlsMaxVersion', async () => {
    const smds = await startTestSmds();
    try {
      expect(await handshake(smds, tls13)).toEqual({ accepted: false });
      expect(await handshake(smds, tls12('ECDHE-ECDSA-AES128-GCM-SHA256'))).toMatchObject({ accepted: true });
    } finally {
      await smds.close();
    }
    const widened = await startTestSmds({ tlsMaxVersion: '1.3' });
    try {
      expect(await handshake(widened, tls13)).toMatchObject({
        accepted: true,
        protocol: 'TLSv1.3',
        cipher: 'TLS_AES_128_GCM_SHA256',
      });
    } finally {
      await widened.close();
    }
  });
});

describe("the eIM's own TLS settings (connectionSettings('RSPSIM_EIM_'))", () => {
  it('are SGP.22 2.6.6 by default on ESipa and widened by its own tlsMaxVersion and tlsCipherSuites', async () => {
    const eim = await startTestEim();
    try {
      expect(await handshake(eim, tls13)).toEqual({ accepted: false });
      expect(await handshake(eim, tls12('ECDHE-ECDSA-AES128-GCM-SHA256'))).toMatchObject({ accepted: true });
      expect(await handshake(eim, tls12('ECDHE-ECDSA-AES256-GCM-SHA384'))).toEqual({ accepted: false });
    } finally {
      await eim.close();
    }
    const widened = await startTestEim({ tlsMaxVersion: '1.3', tlsCipherSuites: 'wide' });
    try {
      expect(await handshake(widened, tls13)).toMatchObject({ accepted: true, protocol: 'TLSv1.3' });
      expect(await handshake(widened, tls12('ECDHE-ECDSA-AES256-GCM-SHA384'))).toMatchObject({
        accepted: true,
        cipher: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
      });
    } finally {
      await widened.close();
    }
  });
});
