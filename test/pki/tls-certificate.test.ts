import { readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connect, createServer } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCertificatePem } from '../../src/pki/certificate.ts';
import { generateHierarchy } from '../../src/pki/generate-hierarchy.ts';
import { loadDefaultPki, loadPki } from '../../src/pki/pki-store.ts';
import { isSignedBy } from '../../src/pki/signature.ts';
import { ensureTlsCertificate, type TlsMaterial } from '../../src/pki/tls-certificate.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const pki = loadDefaultPki();
const root = tempDir('tls');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Serves `material` on 127.0.0.1 (port 0) and connects as a client trusting only `caPem`, asking for
 * `servername` (without one, node:tls checks the certificate against the IP address connected to).
 */
async function handshake(material: TlsMaterial, caPem: string, servername?: string) {
  const server = createServer({ cert: material.chainPem, key: material.keyPem }, (socket) =>
    socket.end('hello'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve, reject) => {
      const options = servername ? { servername } : {};
      const socket = connect({ host: '127.0.0.1', port, ca: caPem, ...options }, () => {
        let data = '';
        socket.on('data', (chunk) => (data += chunk));
        socket.on('end', () => resolve(data));
      });
      socket.on('error', reject);
    });
  } finally {
    server.close();
  }
}

describe('ensureTlsCertificate', () => {
  it('replaces the expired SGP.26 DPtls with a fresh P-256 certificate from the test CI', () => {
    expect(pki.curves.get('P-256')!.dpTls!.certificate.notAfter < new Date('2026-11-25')).toBe(true);
    const material = ensureTlsCertificate('smdp.example.org', { pki });
    const cert = material.certificate;
    expect(cert.role).toBe('dp-tls');
    expect(cert.curve).toBe('P-256');
    expect(cert.subjectAltName.dnsNames).toEqual(['localhost', 'smdp.example.org']);
    expect(cert.subjectAltName.ipAddresses).toEqual(['127.0.0.1']);
    expect(cert.notAfter.getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    expect(isSignedBy(cert, pki.curves.get('P-256')!.ci.publicKey)).toBe(true);
    expect(material.chainPem.startsWith(material.certPem)).toBe(true);
    expect(parseCertificatePem(material.caPem).role).toBe('ci');
    expect(material.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    // Cached in memory: the same certificate for the same names.
    expect(ensureTlsCertificate('smdp.example.org', { pki }).certPem).toBe(material.certPem);
  });

  it('works with node:tls: a client trusting only the CI accepts it for localhost and 127.0.0.1', async () => {
    const material = ensureTlsCertificate('localhost', { pki });
    expect(material.hostNames).toEqual(['localhost', '127.0.0.1']);
    const ciPem = material.caPem;
    await expect(handshake(material, ciPem, 'localhost')).resolves.toBe('hello');
    // Connecting by IP address: identity checked against the iPAddress entry.
    await expect(handshake(material, ciPem)).resolves.toBe('hello');
  });

  it('fails the identity check for a name it does not carry, and a client trusting another CI', async () => {
    const material = ensureTlsCertificate('localhost', { pki });
    await expect(handshake(material, material.caPem, 'other.example.com')).rejects.toThrow(
      /altnames|Hostname/i,
    );
    const brpCa = pki.curves.get('brainpoolP256r1')!.ci.der;
    const otherCa = `-----BEGIN CERTIFICATE-----\n${brpCa.toString('base64')}\n-----END CERTIFICATE-----\n`;
    await expect(handshake(material, otherCa, 'localhost')).rejects.toThrow();
  });

  it('keeps the certificate in a data folder across restarts', () => {
    const dataDir = join(root, 'data');
    const first = ensureTlsCertificate('rsp.lan', { pki, dataDir });
    expect(readdirSync(join(dataDir, 'tls')).sort()).toEqual([
      'dp-tls-rsp.lan.cert.pem',
      'dp-tls-rsp.lan.key.pem',
    ]);
    // A new PKI object (as after a restart) with the same CI: the stored certificate is reused.
    const again = ensureTlsCertificate('rsp.lan', { pki: loadDefaultPki(), dataDir });
    expect(again.certPem).toBe(first.certPem);
    // Close to its end it is reissued.
    const later = ensureTlsCertificate('rsp.lan', {
      pki,
      dataDir,
      now: new Date(first.certificate.notAfter.getTime() - 3_600_000),
    });
    expect(later.certPem).not.toBe(first.certPem);
  });

  it('uses the CI of a generated hierarchy, even a brainpool-only one (the TLS key stays P-256)', async () => {
    const dir = join(root, 'brp');
    generateHierarchy({ curve: 'brainpoolP256r1', outDir: dir });
    const own = loadPki(dir);
    const material = ensureTlsCertificate('localhost', { pki: own });
    expect(material.certificate.curve).toBe('P-256');
    expect(own.trustedCis.map((ci) => isSignedBy(material.certificate, ci.publicKey))).toEqual([true]);
    await expect(handshake(material, material.caPem, 'localhost')).resolves.toBe('hello');
  });
});
