import { execFile, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { issueCiCertificate, issueTlsCertificate } from '../../src/pki/issue.ts';
import { privateKeyToPem } from '../../src/pki/keys.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { importProfile } from '../helpers/operator.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** A CA of an operator's own and a client certificate under it (a P-256 key each). */
function operatorPki(name: string) {
  const caKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const ca = issueCiCertificate({ privateKey: caKey, subject: [['CN', `${name} CA`]] });
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const client = issueTlsCertificate({
    ci: ca.certificate,
    ciKey: caKey,
    publicKey,
    hostNames: [`${name}.example`],
  });
  return { caPem: ca.pem, certPem: client.pem, keyPem: privateKeyToPem(privateKey) };
}

const dir = tempDir('es2-mtls');
const hasCurl = spawnSync('curl', ['--version']).status === 0;
const trusted = operatorPki('operator');
const stranger = operatorPki('stranger');
const operatorCaFile = join(dir, 'operator-ca.pem');
writeFileSync(operatorCaFile, trusted.caPem);

describe('ES2+ over mutual TLS (operatorCa)', () => {
  let smdp: RunningSmdp;
  let next = 70;

  /** One ES2+ call over HTTPS with an optional client certificate and token; status and JSON answer. */
  const es2Call = (
    fn: string,
    fields: object,
    credentials: { cert?: { certPem: string; keyPem: string }; token?: string },
  ): Promise<{ status: number; body: any }> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({
        header: { functionRequesterIdentifier: 'test-operator', functionCallIdentifier: `call-${next}` },
        ...fields,
      });
      const req = request(
        `${smdp.url}/gsma/rsp2/es2plus/${fn}`,
        {
          method: 'POST',
          ca: smdp.caPem,
          ...(credentials.cert ? { cert: credentials.cert.certPem, key: credentials.cert.keyPem } : {}),
          headers: {
            'Content-Type': 'application/json',
            'X-Admin-Protocol': 'gsma/rsp/v2.2.0',
            ...(credentials.token ? { Authorization: `Bearer ${credentials.token}` } : {}),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const importAvailable = async () => {
    const response = await importProfile(smdp, next++);
    expect(response.status).toBe(201);
    return response.body.profile.iccid as string;
  };
  const stateOf = async (iccid: string) =>
    (
      await httpsJson(`${smdp.url}/admin/profiles`, { ca: smdp.caPem, token: smdp.adminToken })
    ).body.profiles.find((p: { iccid: string }) => p.iccid === iccid).state;

  beforeAll(async () => {
    smdp = await startTestSmdp({ operatorCa: operatorCaFile });
  });
  afterAll(async () => {
    await smdp?.close();
  });

  it('takes a client certificate under the operator CA instead of the token', async () => {
    const iccid = await importAvailable();
    const answer = await es2Call('downloadOrder', { iccid }, { cert: trusted });
    expect(answer.status).toBe(200);
    expect(answer.body.header.functionExecutionStatus).toEqual({ status: 'Executed-Success' });
    expect(answer.body.iccid).toBe(iccid);
    expect(await stateOf(iccid)).toBe('allocated');
  });

  it('refuses a client certificate under another CA with 1.1/1.1, even beside a good token', async () => {
    const iccid = await importAvailable();
    const answer = await es2Call('downloadOrder', { iccid }, { cert: stranger, token: smdp.adminToken });
    expect(answer.status).toBe(200);
    expect(answer.body.header.functionExecutionStatus).toMatchObject({
      status: 'Failed',
      statusCodeData: { subjectCode: '1.1', reasonCode: '1.1' },
    });
    expect(await stateOf(iccid)).toBe('available');
  });

  it('still takes the bearer token without a certificate, and refuses neither (HTTP 401)', async () => {
    const iccid = await importAvailable();
    expect((await es2Call('downloadOrder', { iccid }, {})).status).toBe(401);
    expect(await stateOf(iccid)).toBe('available');
    const answer = await es2Call('downloadOrder', { iccid }, { token: smdp.adminToken });
    expect(answer.body.header.functionExecutionStatus.status).toBe('Executed-Success');
    expect(await stateOf(iccid)).toBe('allocated');
  });

  it('does not get in the way of LPAs: ES9+ downloads without a client certificate', async () => {
    const result = await downloadProfile({
      activationCode: `LPA:1$${smdp.address}$DEMO`,
      euicc: await EuiccEmulator.create(),
      es9: { ca: smdp.caPem },
    });
    expect(result.success).toBe(true);
  });

  // curl is libcurl with OpenSSL, lpac's HTTP stack: asked for a certificate it has none of, it goes on.
  it.skipIf(!hasCurl)(
    'curl reaches ES9+ without a certificate and ES2+ with one, as lpac would',
    async () => {
      const caFile = join(dir, 'smdp-ca-curl.pem');
      writeFileSync(caFile, smdp.caPem);
      writeFileSync(join(dir, 'curl-client.pem'), trusted.certPem);
      writeFileSync(join(dir, 'curl-client.key'), trusted.keyPem);
      const curl = async (path: string, body: object, ...extra: string[]) =>
        JSON.parse(
          (
            await promisify(execFile)('curl', [
              '-sS',
              '--cacert',
              caFile,
              '-H',
              'Content-Type: application/json',
              '-H',
              'X-Admin-Protocol: gsma/rsp/v2.2.2',
              '--data',
              JSON.stringify(body),
              ...extra,
              `${smdp.url}${path}`,
            ])
          ).stdout,
        );
      const es9 = await curl('/gsma/rsp2/es9plus/initiateAuthentication', { smdpAddress: smdp.address });
      expect(es9.header.functionExecutionStatus.statusCodeData).toMatchObject({
        subjectCode: '1.3.1',
        reasonCode: '2.2',
      });
      const iccid = await importAvailable();
      const header = { functionRequesterIdentifier: 'curl', functionCallIdentifier: 'curl-1' };
      const es2 = await curl(
        '/gsma/rsp2/es2plus/downloadOrder',
        { header, iccid },
        '--cert',
        join(dir, 'curl-client.pem'),
        '--key',
        join(dir, 'curl-client.key'),
      );
      expect(es2.header.functionExecutionStatus.status).toBe('Executed-Success');
      expect(await stateOf(iccid)).toBe('allocated');
    },
  );

  it("lets the CLI's `order create` present a client certificate (--cert/--key) instead of the token", async () => {
    const iccid = await importAvailable();
    writeFileSync(join(dir, 'client.pem'), trusted.certPem);
    writeFileSync(join(dir, 'client.key'), trusted.keyPem);
    const caFile = join(dir, 'smdp-ca.pem');
    writeFileSync(caFile, smdp.caPem);
    const env = { ...process.env };
    delete env.RSPSIM_ADMIN_TOKEN;
    const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        bin,
        'order',
        'create',
        '--iccid',
        iccid,
        '--url',
        smdp.url,
        '--ca',
        caFile,
        '--cert',
        join(dir, 'client.pem'),
        '--key',
        join(dir, 'client.key'),
        '--json',
      ],
      { env },
    );
    const order = JSON.parse(stdout);
    expect(order.iccid).toBe(iccid);
    expect(order.activationCode).toBe(`LPA:1$${smdp.address}$${order.matchingId}`);
    expect(await stateOf(iccid)).toBe('released');
  });
});
