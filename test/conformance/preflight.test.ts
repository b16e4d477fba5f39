import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createServer as createNetServer } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonPoster } from '../../src/conformance/exchange.ts';
import { checkEs2, checkTarget } from '../../src/conformance/preflight.ts';
import { issueCiCertificate, issueTlsCertificate } from '../../src/pki/issue.ts';
import { privateKeyToPem } from '../../src/pki/keys.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

/**
 * Issue 22: before a campaign, what would make every case fail the same way is one line naming the fix —
 * each checked against a real server on loopback.
 */
const caKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const ca = issueCiCertificate({ privateKey: caKey, subject: [['CN', 'Preflight Test CA']] });
const DAY = 86_400_000;

/** A TLS server on 127.0.0.1 with a certificate of `ca` for `hostNames`, valid as given. */
async function tlsServer(hostNames: string[], validity: { notBefore?: Date; notAfter?: Date } = {}) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const cert = issueTlsCertificate({ ci: ca.certificate, ciKey: caKey, publicKey, hostNames, ...validity });
  const server = createServer({ cert: cert.pem, key: privateKeyToPem(privateKey) }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return (server.address() as { port: number }).port;
}
const servers: Server[] = [];
let smdp: RunningSmdp;
beforeAll(async () => {
  smdp = await startTestSmdp();
});
afterAll(async () => {
  for (const server of servers) server.close();
  await smdp?.close();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no failure',
    (error: Error) => `${error.name}: ${error.message}`,
  );

describe('pre-flight checks', () => {
  it('passes a reachable target whose certificate holds', async () => {
    const port = await tlsServer(['127.0.0.1']);
    await checkTarget('127.0.0.1', port, { ca: ca.pem }, '--tls-ca ca.pem');
    await checkTarget('localhost', Number(new URL(smdp.url).port), { ca: smdp.caPem }, 'the CI');
  });

  it('nothing listening: one line', async () => {
    const free = createNetServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as { port: number }).port;
    await new Promise((resolve) => free.close(resolve));
    expect(await failure(checkTarget('127.0.0.1', port, { ca: ca.pem }, 'x'))).toBe(
      `PreflightFailed: cannot reach 127.0.0.1:${port} (nothing listens there): is the SM-DP+ running, is --target right?`,
    );
  });

  it('an expired certificate: its date and --insecure', async () => {
    const now = Date.now();
    const port = await tlsServer(['127.0.0.1'], {
      notBefore: new Date(now - 30 * DAY),
      notAfter: new Date(now - DAY),
    });
    expect(await failure(checkTarget('127.0.0.1', port, { ca: ca.pem }, 'x'))).toMatch(
      new RegExp(
        `^PreflightFailed: the TLS certificate of 127\\.0\\.0\\.1:${port} expired on .+ GMT: renew it, or run with --insecure to test the rest anyway$`,
      ),
    );
    // --insecure: reachable is enough.
    await checkTarget('127.0.0.1', port, { insecure: true }, 'x');
  });

  it('a certificate for another name: the names it carries', async () => {
    const port = await tlsServer(['smdp.other.example']);
    expect(await failure(checkTarget('127.0.0.1', port, { ca: ca.pem }, 'x'))).toBe(
      `PreflightFailed: the TLS certificate of 127.0.0.1:${port} is for smdp.other.example, not 127.0.0.1: give --target with a name it carries (the SM-DP+'s own address, as activation codes name it), or run with --insecure`,
    );
  });

  it('a certificate under another CA: --tls-ca', async () => {
    const port = Number(new URL(smdp.url).port);
    expect(await failure(checkTarget('localhost', port, { ca: ca.pem }, '--tls-ca ca.pem'))).toMatch(
      /^PreflightFailed: the TLS certificate of localhost:\d+ \(issuer ".+"\) does not chain to --tls-ca ca\.pem \(SELF_SIGNED_CERT_IN_CHAIN\): give its CA with --tls-ca <pem>, or run with --insecure$/,
    );
  });

  it('ES2+: answers with the right token; a wrong token or a wrong URL is one line', async () => {
    const poster = (token: string, base = smdp.url) =>
      new JsonPoster(base, { ca: smdp.caPem }, { Authorization: `Bearer ${token}` });
    const good = poster(smdp.adminToken);
    await checkEs2(good);
    expect(good.exchanges).toEqual([]);
    expect(await failure(checkEs2(poster('wrong')))).toBe(
      `PreflightFailed: ES2+ at ${smdp.url} refused the operator's credentials (HTTP 401): check --es2-token (or --es2-cert/--es2-key)`,
    );
    // A TLS server that is no ES2+ (it closes every connection).
    const port = await tlsServer(['127.0.0.1']);
    const none = new JsonPoster(`https://127.0.0.1:${port}`, { ca: ca.pem });
    expect(await failure(checkEs2(none))).toMatch(
      new RegExp(
        `^PreflightFailed: ES2\\+ at https://127\\.0\\.0\\.1:${port} did not answer as ES2\\+ \\(.+\\): check --es2$`,
      ),
    );
  });

  it('the command stops before the first case, with the one line', async () => {
    const port = await tlsServer(['smdp.other.example']);
    const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [bin, 'conformance', 'smdp', '--target', `https://127.0.0.1:${port}`, '--cases', 'IA-*'],
        { encoding: 'utf8' },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      ),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^rspsim: the TLS certificate of 127\.0\.0\.1:\d+ \(issuer "Preflight Test CA"\) does not chain to the SGP\.26 test CIs \(the default --ci\) \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): give its CA with --tls-ca <pem>, or run with --insecure\n$/,
    );
  });
});
