/**
 * The cost of a bare TLS handshake in the same run as the SM-DP+'s: a minimal node:tls server
 * (bench/bare-tls-server.ts) and `openssl s_server`, both with the SM-DP+'s TLS settings (TLS 1.2,
 * ECDHE-ECDSA AES128 suites, P-256/brainpoolP256r1) and a chain like its own (a P-256 TLS certificate from
 * the same CI, followed by the CI), so that what the SM-DP+ adds per connection is a ratio of one run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { ensureTlsCertificate } from '../src/pki/tls-certificate.ts';
import { cpuSecondsOf } from './server-process.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

export interface HandshakeServer {
  readonly name: string;
  readonly port: number;
  cpuSeconds(): number;
  stop(): void;
}

/** Key, certificate and CI files for the baseline servers, in `dir`. */
export function baselineMaterial(dir: string) {
  const tls = ensureTlsCertificate('localhost');
  const files = {
    key: join(dir, 'tls-key.pem'),
    cert: join(dir, 'tls-cert.pem'),
    ci: join(dir, 'tls-ci.pem'),
  };
  writeFileSync(files.key, tls.keyPem);
  writeFileSync(files.cert, tls.certPem);
  writeFileSync(files.ci, tls.caPem);
  writeFileSync(join(dir, 'tls-chain.pem'), tls.chainPem);
  return { ...files, chain: join(dir, 'tls-chain.pem'), caPem: tls.caPem };
}

export function untilOutput(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const seen = (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) resolve(match);
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}: ${text}`)));
  });
}

function handshakeServer(name: string, child: ChildProcess, port: number): HandshakeServer {
  return {
    name,
    port,
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    stop: () => {
      child.kill('SIGTERM');
    },
  };
}

export async function startBareNodeTls(files: ReturnType<typeof baselineMaterial>): Promise<HandshakeServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/bare-tls-server.ts', files.key, files.chain],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const [, port] = await untilOutput(child, /port (\d+)/, 'the bare node:tls server');
  return handshakeServer('bare node:tls', child, Number(port));
}

/** `openssl s_server` with the same suites, groups and chain; -www so that it never reads its stdin. */
export async function startOpensslServer(
  files: ReturnType<typeof baselineMaterial>,
  port: number,
): Promise<HandshakeServer> {
  const child = spawn(
    'openssl',
    [
      's_server',
      '-accept',
      `127.0.0.1:${port}`,
      '-key',
      files.key,
      '-cert',
      files.cert,
      '-cert_chain',
      files.ci,
      '-tls1_2',
      '-cipher',
      'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256',
      '-groups',
      'P-256:brainpoolP256r1',
      '-serverpref',
      '-www',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  await untilOutput(child, /ACCEPT/, 'openssl s_server');
  return handshakeServer('openssl s_server', child, port);
}

/** One full TLS handshake (no session resumed), then the connection is closed. */
export function handshake(port: number, caPem: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca: caPem }, () => {
      socket.end();
    });
    socket.once('error', reject);
    socket.once('close', () => resolve());
  });
}

/** Server CPU per full handshake, `count` handshakes one after the other. */
export async function handshakeCpuMs(
  cpuSeconds: () => number,
  port: number,
  caPem: string,
  count: number,
): Promise<number> {
  for (let i = 0; i < 20; i++) await handshake(port, caPem);
  const before = cpuSeconds();
  for (let i = 0; i < count; i++) await handshake(port, caPem);
  return ((cpuSeconds() - before) / count) * 1000;
}

/**
 * Waits until the process's CPU stays still: right after start (and after a burst) V8's memory reducer
 * collects garbage for up to ~30 s, which must not be charged to what is measured next.
 */
export async function untilQuiet(cpuSeconds: () => number, maxMs = 45_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let quiet = 0;
  let last = cpuSeconds();
  while (quiet < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = cpuSeconds();
    quiet = now - last <= 0.01 ? quiet + 1 : 0;
    last = now;
  }
}
