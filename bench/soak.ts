/**
 * `npm run soak`: abuse patterns against a real SM-DP+ process on loopback (issue 13), each bounded by a
 * count and a time limit, so the run stops by itself (a few minutes). After each pattern it prints the
 * server's RSS, open descriptors (/proc/<pid>/fd), the sessions its store keeps and the sessions its trace
 * keeps, and whether a normal client still downloads within its usual time.
 *
 * The abuse comes from 127.0.0.2 and the normal client from 127.0.0.1, as an attacker and a device would come
 * from different addresses: the per-address connection cap then shows what it is for. The request timeout is
 * set to 10 s (instead of 60) so that the slow-body pattern finishes within the run.
 * Options: --flood <n> (initiateAuthentication requests, default 2000), --slow <n> (slow connections,
 * default 500), --big <n> (trace-growth requests, default 300), --idle <n> (idle connections of each kind,
 * default 50), --events <n> (ES12 events per cross-caller attempt, default 100), --seconds <s> (time limit per
 * pattern, default 40).
 *
 * Issue 25 adds: the lifetime of connections that never send a ClientHello (from 127.0.0.2) and of TLS
 * connections that never send a request's headers (from 127.0.0.3), and ES12 cross-caller attempts at an
 * SM-DS started in this process (a second SM-DP+ deleting the first one's events, registering events that
 * name the first one's address, filling one EID past its own quota).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { FunctionFailedError } from '../src/errors/client-errors.ts';
import { EuiccEmulator } from '../src/euicc/emulator.ts';
import { downloadProfile } from '../src/lpa/download.ts';
import { type Es9Body, Es9Client, type Es9Transport } from '../src/lpa/es9-client.ts';
import { randomEid } from '../src/pki/eid.ts';
import type { Es9FunctionName, Es9Request, Es9Response } from '../src/protocol/es9-functions.ts';
import { EVENT_LIMITS } from '../src/smds/event-store.ts';
import { smdpEs12Client, startTestSmds } from '../test/helpers/smds-harness.ts';
import { startServerProcess } from './server-process.ts';

const { values } = parseArgs({
  options: {
    flood: { type: 'string', default: '2000' },
    slow: { type: 'string', default: '500' },
    big: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '40' },
    idle: { type: 'string', default: '50' },
    events: { type: 'string', default: '100' },
  },
});
const phaseMs = Number(values.seconds) * 1000;
const REQUEST_TIMEOUT_MS = 10_000;
const ATTACKER = '127.0.0.2';
const TOKEN = 'soak-admin-token';

const workDir = mkdtempSync(join(tmpdir(), 'rspsim-soak-'));
process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
const dbFile = join(workDir, 'soak.db');
const server = await startServerProcess(
  new URL('../fixtures/profiles/catalogue.json', import.meta.url).pathname,
  {
    store: `sqlite:${dbFile}`,
    args: ['--admin-token', TOKEN],
    env: { RSPSIM_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
    keepLog: true,
  },
);
// Whatever happens to this run, the server goes with it.
process.on('exit', () => server.child.kill('SIGKILL'));
let logBytes = 0;
server.child.stdout!.on('data', (chunk: Buffer) => {
  logBytes += chunk.length;
});
const [host, port] = server.listen.split(':') as [string, string];
const base = `https://${server.listen}`;
const db = new Database(dbFile, { readonly: true, fileMustExist: true });

/** One HTTPS exchange from the attacker's address; resolves with the status and how many bytes came back. */
const attackerAgent = new Agent({ keepAlive: true, maxSockets: 16, localAddress: ATTACKER });
function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; bytes: number; text: string }>((resolve) => {
    const req = request(
      `${base}${path}`,
      {
        method: 'POST',
        agent: attackerAgent,
        ca: server.caPem,
        servername: 'localhost',
        headers: {
          'Content-Type': 'application/json',
          'X-Admin-Protocol': 'gsma/rsp/v2.2.2',
          'User-Agent': 'gsma-rsp-lpad',
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode ?? 0, bytes: text.length, text });
        });
      },
    );
    req.on('error', () => resolve({ status: 0, bytes: 0, text: '' }));
    req.end(body);
  });
}

/** Runs `count` calls of `task`, `parallel` at a time, until done or the pattern's time is up. */
async function bounded<T>(count: number, parallel: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const deadline = Date.now() + phaseMs;
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count && Date.now() < deadline) results.push(await task(next++));
    }),
  );
  return results;
}

const tally = (statuses: readonly string[]) =>
  Object.entries(
    statuses.reduce<Record<string, number>>((counts, s) => {
      counts[s] = (counts[s] ?? 0) + 1;
      return counts;
    }, {}),
  )
    .map(([s, n]) => `${n}× ${s}`)
    .join(', ');

/** What an answer was: HTTP status, and the SGP.22 reason when it failed. */
function outcome(answer: { status: number; text: string }): string {
  if (answer.status !== 200) return `HTTP ${answer.status}`;
  try {
    const data = JSON.parse(answer.text).header.functionExecutionStatus;
    return data.status === 'Failed'
      ? `${data.statusCodeData.subjectCode}/${data.statusCodeData.reasonCode}`
      : 'ok';
  } catch {
    return 'not JSON';
  }
}

/** A GET of the admin API, as JSON (undefined when it does not answer). */
function adminGet<T>(path: string): Promise<T | undefined> {
  return new Promise((resolve) => {
    const req = request(`${base}${path}`, {
      ca: server.caPem,
      servername: 'localhost',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c) => {
        text += c;
      });
      res.on('end', () => resolve(res.statusCode === 200 ? JSON.parse(text) : undefined));
    });
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

const tracedSessionCount = async () =>
  (await adminGet<{ sessions: unknown[] }>('/admin/sessions'))?.sessions.length ?? 0;

/** An LPA transport that keeps the last body sent to each function, to replay them. */
class Recording implements Es9Transport {
  readonly sent = new Map<string, Es9Body>();
  readonly #inner = new Es9Client(server.address, { ca: server.caPem });
  call<F extends Es9FunctionName>(functionName: F, body: Es9Request<F>): Promise<Es9Response<F> | undefined> {
    this.sent.set(functionName, body);
    return this.#inner.call(functionName, body);
  }
  close() {
    this.#inner.close();
  }
}

/** One complete download by a normal device from 127.0.0.1: its duration in ms, or the failure. */
async function normalDownload(): Promise<{
  ms: number;
  transactionId?: string;
  sent?: Map<string, Es9Body>;
  error?: string;
}> {
  const transport = new Recording();
  const started = performance.now();
  try {
    const result = await downloadProfile({
      activationCode: `LPA:1$${server.address}$DEMO`,
      euicc: await EuiccEmulator.create(),
      es9Client: transport,
    });
    return {
      ms: performance.now() - started,
      transactionId: result.transactionId,
      sent: transport.sent,
    };
  } catch (error) {
    return { ms: performance.now() - started, error: (error as Error).message };
  } finally {
    transport.close();
  }
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const rows: Record<string, string | number>[] = [];
let usualMs = 0;

async function measure(pattern: string, done: string, download?: Awaited<ReturnType<typeof normalDownload>>) {
  const check = download ?? (await normalDownload());
  const within = !check.error && check.ms <= Math.max(3 * usualMs, usualMs + 500);
  rows.push({
    pattern,
    done,
    'RSS MB': mb(server.rssBytes()),
    fds: server.openDescriptors(),
    'store sessions': (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n,
    'trace sessions': await tracedSessionCount(),
    'log KB': (logBytes / 1024).toFixed(0),
    'normal download': check.error
      ? `failed: ${check.error}`
      : `${check.ms.toFixed(0)} ms${within ? '' : ' (slow)'}`,
  });
  console.log(rows.at(-1));
}

// Baseline: the usual time of a download (median of 5, after one to warm up).
await normalDownload();
const baseline = [];
for (let i = 0; i < 5; i++) baseline.push(await normalDownload());
usualMs = baseline.map((d) => d.ms).sort((a, b) => a - b)[2]!;
await measure('before', '6 downloads', baseline.at(-1));

// 1. Trace growth: large bodies naming one known transactionId (under and over the ES9+ body limit).
const victim = await normalDownload();
const big = Number(values.big);
const underLimit = JSON.stringify({
  transactionId: victim.transactionId,
  authenticateServerResponse: 'A'.repeat(60_000),
});
const overLimit = JSON.stringify({
  transactionId: victim.transactionId,
  authenticateServerResponse: 'A'.repeat(1 << 20),
});
const growth = await bounded(big, 8, (i) =>
  post('/gsma/rsp2/es9plus/authenticateClient', i % 3 === 2 ? overLimit : underLimit).then(outcome),
);
await measure(
  'trace growth',
  `${growth.length} bodies of 60 KB / 1 MB on one transactionId: ${tally(growth)}`,
);

// 2. Notification replay: the same signed ProfileInstallationResult again and again.
const replay = JSON.stringify(victim.sent?.get('handleNotification') ?? {});
const replayed = await bounded(500, 8, async () => {
  const answer = await post('/gsma/rsp2/es9plus/handleNotification', replay);
  return answer.status === 204 ? '204' : outcome(answer);
});
const view = await adminGet<{ exchanges: unknown[]; omittedExchanges: number }>(
  `/admin/sessions/${victim.transactionId}`,
);
const victimTrace = view
  ? `${view.exchanges.length} exchanges kept, ${view.omittedExchanges} more counted`
  : 'no longer traced';
await measure(
  'notification replay',
  `${replayed.length} replays: ${tally(replayed)}; that session's trace: ${victimTrace}`,
);
// 3. initiateAuthentication flood: each a valid request, so each opens a session.
// What a real eUICC's LPA sent (its euiccChallenge and euiccInfo1), sent again and again.
const initiate = JSON.stringify(victim.sent?.get('initiateAuthentication') ?? {});
// A normal device on another address downloads while the flood runs (issue 25, finding 1: the flood's
// sessions take only its own share, so the device is served, not refused with 1.2/4.2).
const [flood, duringFlood] = await Promise.all([
  bounded(Number(values.flood), 16, () =>
    post('/gsma/rsp2/es9plus/initiateAuthentication', initiate).then(outcome),
  ),
  (async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return normalDownload();
  })(),
]);
await measure(
  'initiateAuthentication flood',
  `${flood.length} requests from ${ATTACKER}: ${tally(flood)}; the normal download from 127.0.0.1 ran during it`,
  duringFlood,
);

// 4. Reflected input: long smdpAddress (under the body limit), long X-Admin-Protocol.
let reflectedBytes = 0;
const logBefore = logBytes;
const reflected = await bounded(200, 8, async (i) => {
  const answer =
    i % 2 === 0
      ? await post(
          '/gsma/rsp2/es9plus/initiateAuthentication',
          JSON.stringify({ ...JSON.parse(initiate), smdpAddress: 'x'.repeat(60_000) }),
        )
      : await post('/gsma/rsp2/es9plus/initiateAuthentication', initiate, {
          'X-Admin-Protocol': `gsma/rsp/v9.${'9'.repeat(8000)}`,
        });
  reflectedBytes += answer.bytes;
  return outcome(answer);
});
await measure(
  'reflected input',
  `${reflected.length} requests of 8-60 KB: ${tally(reflected)}; ${(reflectedBytes / 1024).toFixed(0)} KB answered, ` +
    `${((logBytes - logBefore) / 1024).toFixed(0)} KB logged`,
);

attackerAgent.destroy();

// 5. Slow bodies: connections that send a request body one byte every 2 s.
const slowCount = Number(values.slow);
const slowOutcomes: string[] = [];
const slowDone: Promise<void>[] = [];
const trickles: NodeJS.Timeout[] = [];
for (let i = 0; i < slowCount; i++) {
  slowDone.push(
    new Promise<void>((resolve) => {
      // TCP from the attacker's address, then TLS over it.
      const tcp = netConnect({ host, port: Number(port), localAddress: ATTACKER });
      const socket = connect({ socket: tcp, ca: server.caPem, servername: 'localhost' });
      let opened = false;
      let received = '';
      socket.on('secureConnect', () => {
        opened = true;
        socket.write(
          'POST /gsma/rsp2/es9plus/initiateAuthentication HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
            'X-Admin-Protocol: gsma/rsp/v2.2.2\r\nContent-Length: 10000\r\n\r\n{',
        );
        trickles.push(setInterval(() => socket.writable && socket.write(' '), 2_000));
      });
      socket.on('data', (c: Buffer) => {
        received += c.toString('latin1');
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        slowOutcomes.push(!opened ? 'refused' : (/^HTTP\/1\.1 (\d+)/.exec(received)?.[1] ?? 'closed'));
        resolve();
      });
    }),
  );
}
await new Promise((resolve) => setTimeout(resolve, 1_000));
const heldFds = server.openDescriptors();
const during = await normalDownload();
await Promise.race([
  Promise.all(slowDone),
  new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS + 15_000)),
]);
for (const trickle of trickles) clearInterval(trickle);
const stillOpen = slowCount - slowOutcomes.length;
await measure(
  'slow bodies',
  `${slowCount} connections: ${tally(slowOutcomes.map((o) => (o === 'refused' ? 'refused at once' : `cut: ${o}`)))}` +
    `${stillOpen > 0 ? `, ${stillOpen} still open` : ''}; ${heldFds} fds while held; download meanwhile ` +
    `${during.error ? `failed: ${during.error}` : `${during.ms.toFixed(0)} ms`}`,
);

// 6. Idle connections (issue 25, finding 2): how long the server keeps a TCP connection that never sends a
// ClientHello, and a TLS connection that never sends a request's headers. Both end at the header timeout
// (here the run's request timeout, which caps it: 10 s; 30 s by default), not at Node's 120 s handshake limit.
const idleCount = Number(values.idle);
const IDLE_LIMIT_MS = REQUEST_TIMEOUT_MS + 20_000;
/** Opens one connection that sends nothing more; resolves with the ms it lived, or undefined when still open. */
function idleConnection(localAddress: string, handshake: boolean): Promise<number | undefined> {
  return new Promise((resolve) => {
    const started = performance.now();
    const tcp = netConnect({ host, port: Number(port), localAddress });
    const socket = handshake ? connect({ socket: tcp, ca: server.caPem, servername: 'localhost' }) : tcp;
    const giveUp = setTimeout(() => {
      socket.removeAllListeners('close');
      socket.destroy();
      resolve(undefined);
    }, IDLE_LIMIT_MS);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve(performance.now() - started);
    });
  });
}
const lifetimes = (lived: readonly (number | undefined)[]) => {
  const closed = lived.filter((ms): ms is number => ms !== undefined).sort((a, b) => a - b);
  const seconds = (ms: number | undefined) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);
  return (
    `closed after ${seconds(closed[0])} to ${seconds(closed.at(-1))} (median ${seconds(closed[closed.length >> 1])})` +
    (closed.length < lived.length
      ? `, ${lived.length - closed.length} still open after ${IDLE_LIMIT_MS / 1000} s`
      : '')
  );
};
const idleStarted = Promise.all([
  Promise.all(Array.from({ length: idleCount }, () => idleConnection(ATTACKER, false))),
  Promise.all(Array.from({ length: idleCount }, () => idleConnection('127.0.0.3', true))),
]);
await new Promise((resolve) => setTimeout(resolve, 1_000));
const idleHeldFds = server.openDescriptors();
const duringIdle = await normalDownload();
const [noClientHello, noHeaders] = await idleStarted;
await measure(
  'idle connections',
  `${idleCount} TCP without ClientHello from ${ATTACKER}: ${lifetimes(noClientHello)}; ` +
    `${idleCount} TLS without headers from 127.0.0.3: ${lifetimes(noHeaders)}; ${idleHeldFds} fds while held`,
  duringIdle,
);

// 7. ES12 cross-caller attempts (issue 25, finding 3) at an SM-DS in this process (memory store): SM-DP+ B
// (its own DPtls certificate under the same CI) against the events of SM-DP+ A.
const smds = await startTestSmds();
const smdpA = smdpEs12Client('smdp-a.test', '2.999.10.1');
const smdpB = smdpEs12Client('smdp-b.test', '2.999.10.2');
/** What an ES12 call came to: ok, or the SM-DS's subject/reason codes. */
const es12Outcome = (call: Promise<unknown>) =>
  call.then(
    () => 'ok',
    (error: Error) =>
      error instanceof FunctionFailedError
        ? `${error.subjectCode}/${error.reasonCode}`
        : `failed: ${error.message}`,
  );
const eventCount = Number(values.events);
const eids = Array.from({ length: eventCount }, () => randomEid('89049032'));
const eidOf = (i: number) => eids[i] ?? '';
const registeredByA = await bounded(eventCount, 4, (i) =>
  es12Outcome(
    smdpA.call(smds.address, 'registerEvent', {
      eid: eidOf(i),
      eventId: `A-${i}`,
      rspServerAddress: 'smdp-a.test',
    }),
  ),
);
const deletedByB = await bounded(eventCount, 4, (i) =>
  es12Outcome(smdpB.call(smds.address, 'deleteEvent', { eid: eidOf(i), eventId: `A-${i}` })),
);
const stillThere = (await Promise.all(eids.map((eid) => smds.context.events.forEid(eid)))).filter((records) =>
  records.some((record) => record.rspServerAddress === 'smdp-a.test'),
).length;
const foreignAddress = await bounded(eventCount, 4, (i) =>
  es12Outcome(
    smdpB.call(smds.address, 'registerEvent', {
      eid: eidOf(i),
      eventId: `B-${i}`,
      rspServerAddress: 'smdp-a.test',
    }),
  ),
);
const quotaEid = randomEid('89049032');
const quotaAttempts = EVENT_LIMITS.perCallerPerEid + 10;
const filledByB = await bounded(quotaAttempts, 4, (i) =>
  es12Outcome(
    smdpB.call(smds.address, 'registerEvent', {
      eid: quotaEid,
      eventId: `B-Q-${i}`,
      rspServerAddress: 'smdp-b.test',
    }),
  ),
);
const aAfterFill = await es12Outcome(
  smdpA.call(smds.address, 'registerEvent', {
    eid: quotaEid,
    eventId: 'A-Q',
    rspServerAddress: 'smdp-a.test',
  }),
);
await smds.close();
const es12Figures = [
  `A registered ${registeredByA.length} events: ${tally(registeredByA)}`,
  `B deleting A's events: ${tally(deletedByB)}; A's events still there: ${stillThere} of ${eventCount}`,
  `B registering events naming A's address: ${tally(foreignAddress)}`,
  `B registering ${filledByB.length} events on one EID (its quota ${EVENT_LIMITS.perCallerPerEid}): ${tally(filledByB)}; ` +
    `A's event on that EID afterwards: ${aAfterFill}`,
];
for (const line of es12Figures) console.log(`ES12: ${line}`);

console.log(
  `\nusual download: ${usualMs.toFixed(0)} ms; request timeout ${REQUEST_TIMEOUT_MS / 1000} s for this run ` +
    `(it caps the header and TLS handshake timeouts too)`,
);
console.table(rows.map(({ done: _done, ...figures }) => figures));
for (const line of es12Figures) console.log(`ES12 at an SM-DS: ${line}`);
db.close();
await server.stop();
process.exit(0);
