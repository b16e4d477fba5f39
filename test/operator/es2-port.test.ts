/**
 * The dedicated ES2+ and admin listener (`es2Port`, issue 25 finding 7): its TLS requires a client
 * certificate under `operatorCa`, so a missing or untrusted one never reaches HTTP; ES2+ and admin are
 * then not served on the ES9+ port. Over real HTTPS on loopback, with the bundled operator PKI
 * (certs/operator), in one process and with `--workers 2`.
 */

import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../../bench/server-process.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { issueOperatorCaCertificate, issueOperatorClientCertificate } from '../../src/pki/issue.ts';
import { privateKeyToPem } from '../../src/pki/keys.ts';
import { freePort } from '../../src/rsp-server/http/listener.ts';
import { resolveConfig } from '../../src/smdp/config.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { httpsText } from '../helpers/https-json.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
const certs = new URL('../../certs/operator/', import.meta.url).pathname;
const operatorCa = join(certs, 'CERT_OPERATOR_CA.pem');
/** The bundled test operator's ES2+ client certificate and key. */
const operator = {
  cert: readFileSync(join(certs, 'CERT_OPERATOR_CLIENT.pem'), 'utf8'),
  key: readFileSync(join(certs, 'SK_OPERATOR_CLIENT.pem'), 'utf8'),
};

/** A client certificate under a CA of someone else's, on the same curve and profile. */
function strangerCertificate() {
  const caKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const ca = issueOperatorCaCertificate({ privateKey: caKey, subject: [['CN', 'Stranger CA']] });
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const client = issueOperatorClientCertificate({
    ca: ca.certificate,
    caKey,
    publicKey,
    name: 'stranger.example',
  });
  return { cert: client.pem, key: privateKeyToPem(privateKey) };
}

type Answer = Awaited<ReturnType<typeof httpsText>>;

/**
 * The server's TLS alert 40 (handshake_failure: OpenSSL's answer to a client without the certificate it
 * requires), as Node reports it: code EPROTO or ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE by the moment it came.
 */
async function expectHandshakeFailure(pending: Promise<Answer>): Promise<void> {
  await expect(pending).rejects.toThrow(/alert handshake failure/);
}

const es2Body = (fields: object) =>
  JSON.stringify({
    header: { functionRequesterIdentifier: 'test-operator', functionCallIdentifier: 'call-1' },
    ...fields,
  });

const fixture = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));

/** What the tests need of a running SM-DP+ with a dedicated ES2+ listener (a RunningSmdp, or a process). */
interface Target {
  readonly url: string;
  readonly es2Url: string;
  readonly caPem: string;
  readonly adminToken: string;
}

/** Imports a profile with its own ICCID through the admin API on the ES2+ port (certificate and token). */
async function importAvailable(target: Target, n: number): Promise<string> {
  const answer = await httpsText(`${target.es2Url}/admin/profiles`, {
    ca: target.caPem,
    client: operator,
    method: 'POST',
    headers: { Authorization: `Bearer ${target.adminToken}` },
    body: JSON.stringify({ upp: uppWithIccid(fixture, n).toString('base64') }),
  });
  expect(answer.status).toBe(201);
  return JSON.parse(answer.text).profile.iccid;
}

const downloadOrder = (target: Target, iccid: string, client?: { cert: string; key: string }) =>
  httpsText(`${target.es2Url}/gsma/rsp2/es2plus/downloadOrder`, {
    ca: target.caPem,
    ...(client ? { client } : {}),
    method: 'POST',
    headers: { 'X-Admin-Protocol': 'gsma/rsp/v2.2.0' },
    body: es2Body({ iccid }),
  });

describe('es2Port: ES2+ and admin on a listener of their own, mutual TLS', () => {
  let smdp: RunningSmdp;
  let target: Target;

  beforeAll(async () => {
    smdp = await startTestSmdp({
      operatorCa,
      es2Port: await freePort('127.0.0.1'),
      headersTimeoutMs: 1000,
      requestTimeoutMs: 2000,
    });
    target = { ...smdp, es2Url: smdp.es2Url ?? '' };
  });
  afterAll(async () => {
    await smdp?.close();
  });

  it('refuses a client without a certificate in the TLS handshake (handshake_failure alert)', async () => {
    expect(smdp.es2Url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await expectHandshakeFailure(downloadOrder(target, '89000000000000000001'));
  });

  it('refuses a certificate from another CA before the TLS connection is established', async () => {
    const error: NodeJS.ErrnoException = await downloadOrder(
      target,
      '89000000000000000001',
      strangerCertificate(),
    ).then(
      () => {
        throw new Error('an HTTP answer came');
      },
      (e: NodeJS.ErrnoException) => e,
    );
    expect(error.code).toBe('ECONNRESET');
    expect(error.message).toMatch(/before secure TLS connection was established/);
  });

  it('serves ES2+ DownloadOrder to the operator certificate, without a token', async () => {
    const iccid = await importAvailable(target, 801);
    const answer = await downloadOrder(target, iccid, operator);
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.text);
    expect(body.header.functionExecutionStatus).toEqual({ status: 'Executed-Success' });
    expect(body.iccid).toBe(iccid);
    expect((await smdp.context.profiles.findByIccid(iccid))?.state).toBe('allocated');
  });

  it('keeps the admin API behind the token there too (the certificate alone reads nothing)', async () => {
    const answer = await httpsText(`${target.es2Url}/admin/profiles`, { ca: smdp.caPem, client: operator });
    expect(answer.status).toBe(401);
  });

  it('serves the admin page and its login there', async () => {
    const page = await httpsText(`${target.es2Url}/admin/ui`, { ca: smdp.caPem, client: operator });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<html');
    const login = await httpsText(`${target.es2Url}/admin/ui/login`, {
      ca: smdp.caPem,
      client: operator,
      method: 'POST',
      body: JSON.stringify({ token: smdp.adminToken }),
    });
    expect(login.status).toBe(204);
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const sessions = await httpsText(`${target.es2Url}/admin/sessions`, {
      ca: smdp.caPem,
      client: operator,
      headers: { Cookie: cookie },
    });
    expect(sessions.status).toBe(200);
    expect(JSON.parse(sessions.text)).toHaveProperty('sessions');
  });

  it('answers ES2+, the admin API and the admin page with 404 on the ES9+ port', async () => {
    const iccid = await importAvailable(target, 802);
    const auth = { Authorization: `Bearer ${smdp.adminToken}`, 'X-Admin-Protocol': 'gsma/rsp/v2.2.0' };
    const es2 = await httpsText(`${smdp.url}/gsma/rsp2/es2plus/downloadOrder`, {
      ca: smdp.caPem,
      method: 'POST',
      headers: auth,
      body: es2Body({ iccid }),
    });
    expect(es2.status).toBe(404);
    for (const path of ['/admin/profiles', '/admin/sessions', '/admin/ui']) {
      expect((await httpsText(`${smdp.url}${path}`, { ca: smdp.caPem, headers: auth })).status).toBe(404);
    }
    expect((await smdp.context.profiles.findByIccid(iccid))?.state).toBe('available');
  });

  it("lets the CLI's order commands use the bundled operator certificate there", async () => {
    const iccid = await importAvailable(target, 803);
    const caFile = join(tempDir('es2-port-cli'), 'smdp-ca.pem');
    writeFileSync(caFile, smdp.caPem);
    const rspsim = (args: string[], env: NodeJS.ProcessEnv) =>
      promisify(execFile)(process.execPath, [bin, ...args, '--url', target.es2Url, '--ca', caFile], { env });
    const withCertificate = [
      '--cert',
      join(certs, 'CERT_OPERATOR_CLIENT.pem'),
      '--key',
      join(certs, 'SK_OPERATOR_CLIENT.pem'),
    ];
    const noToken = { ...process.env };
    delete noToken.RSPSIM_ADMIN_TOKEN;
    // ES2+ with the certificate alone; the admin API (order list) with the certificate and the token.
    const created = await rspsim(
      ['order', 'create', '--iccid', iccid, '--json', ...withCertificate],
      noToken,
    );
    expect(JSON.parse(created.stdout).iccid).toBe(iccid);
    const listed = await rspsim(['order', 'list', ...withCertificate], {
      ...noToken,
      RSPSIM_ADMIN_TOKEN: smdp.adminToken,
    });
    expect(listed.stdout).toMatch(new RegExp(`${iccid}\\s+released`));
    // Without the certificate: one line that names the fix, not OpenSSL's text.
    const refused: { stderr: string } = await rspsim(['order', 'list'], {
      ...noToken,
      RSPSIM_ADMIN_TOKEN: smdp.adminToken,
    }).then(
      () => ({ stderr: 'it succeeded' }),
      (error: { stderr: string }) => error,
    );
    expect(refused.stderr).toMatch(
      /^rspsim: GET https:\/\/127\.0\.0\.1:\d+\/admin\/profiles: 127\.0\.0\.1:\d+ refused the TLS handshake: it requires a TLS client certificate \(--cert <pem> --key <pem>\)\n$/,
    );
  });

  it('leaves ES9+ to LPAs without a certificate', async () => {
    const result = await downloadProfile({
      activationCode: `LPA:1$${smdp.address}$DEMO`,
      euicc: await EuiccEmulator.create(),
      es9: { ca: smdp.caPem },
    });
    expect(result.success).toBe(true);
  });

  it("applies the ES9+ port's handshake timeout: a connection that never sends a ClientHello is closed", async () => {
    const port = Number(new URL(target.es2Url).port);
    const started = Date.now();
    const socket = connectTcp(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('close', resolve));
    // headersTimeoutMs 1 s here; Node's own handshake timeout would hold it 120 s.
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('es2Port settings', () => {
  it('needs operatorCa and a port of its own', () => {
    expect(() => resolveConfig({ flags: { es2Port: 9443 } })).toThrow(/es2Port needs operatorCa/);
    expect(() => resolveConfig({ flags: { es2Port: 9443, port: 9443, operatorCa } })).toThrow(
      /es2Port must differ from port/,
    );
    expect(() => resolveConfig({ flags: { es2Port: 70000, operatorCa } })).toThrow(/not a TCP port/);
    expect(resolveConfig({ env: { RSPSIM_ES2_PORT: '9443', RSPSIM_OPERATOR_CA: operatorCa } }).es2Port).toBe(
      9443,
    );
  });
});

describe('es2Port with --workers 2', () => {
  let server: ServerProcess;
  let target: Target;
  const adminToken = 'es2-port-cluster-token';

  beforeAll(async () => {
    const es2Port = await freePort('127.0.0.1');
    server = await startServerProcess(
      new URL('../../fixtures/profiles/catalogue.json', import.meta.url).pathname,
      {
        store: `sqlite:${join(tempDir('es2-port-cluster'), 'rspsim.db')}`,
        args: ['--workers', '2', '--es2-port', String(es2Port), '--operator-ca', operatorCa],
        env: { RSPSIM_ADMIN_TOKEN: adminToken },
      },
    );
    target = {
      url: `https://${server.listen}`,
      es2Url: `https://127.0.0.1:${es2Port}`,
      caPem: server.caPem,
      adminToken,
    };
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('has every worker refuse a missing certificate and serve the operator one', async () => {
    expect(server.workerPids()).toHaveLength(2);
    // Fresh connections: the cluster hands them to the workers in turn.
    for (let i = 0; i < 4; i++) {
      await expectHandshakeFailure(downloadOrder(target, '89000000000000000001'));
    }
    for (let i = 0; i < 4; i++) {
      const iccid = await importAvailable(target, 810 + i);
      const body = JSON.parse((await downloadOrder(target, iccid, operator)).text);
      expect(body.header.functionExecutionStatus).toEqual({ status: 'Executed-Success' });
    }
    const es9Port = await httpsText(`${target.url}/admin/profiles`, {
      ca: target.caPem,
      headers: { Authorization: `Bearer ${adminToken}` },
    });
    expect(es9Port.status).toBe(404);
  });
});
