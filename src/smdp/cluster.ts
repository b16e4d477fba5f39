/**
 * One SM-DP+ on every core: a primary process prepares the shared store and forks worker processes that each
 * run the whole SM-DP+ on the same port (node:cluster hands them the connections). They share nothing but
 * the store, which is why several workers need SQLite or PostgreSQL, never `memory`.
 */
import cluster from 'node:cluster';
import { adminTokenFor } from '../rsp-server/http/admin-auth.ts';
import { listenerUrl, withFreePort } from '../rsp-server/http/listener.ts';
import { openStore } from '../store/open-store.ts';
import { ConfigError, type SmdpServerConfig } from './config.ts';
import { loadCatalogue } from './profile-catalogue.ts';
import { type RunningSmdp, startSmdp } from './start.ts';
import { WorkerRestarts } from './worker-restarts.ts';

const CONFIG_ENV = 'RSPSIM_CLUSTER_CONFIG';

export interface RunningCluster {
  readonly address: string;
  readonly url: string;
  /** https://host:es2Port of the dedicated ES2+ and admin listener; undefined without one. */
  readonly es2Url: string | undefined;
  readonly adminToken: string;
  readonly workers: number;
  close(): Promise<void>;
}

/** In a worker process: the configuration the primary resolved (its port, token and store), else undefined. */
export function workerConfig(): SmdpServerConfig | undefined {
  const json = cluster.isWorker ? process.env[CONFIG_ENV] : undefined;
  return json ? (JSON.parse(json) as SmdpServerConfig) : undefined;
}

/** A worker's part: the SM-DP+ itself, and a word to the primary once it listens. */
export async function startWorker(config: SmdpServerConfig): Promise<RunningSmdp> {
  const running = await startSmdp(config);
  process.send?.('listening');
  return running;
}

export async function startCluster(requested: SmdpServerConfig, workers: number): Promise<RunningCluster> {
  if (requested.store === 'memory')
    throw new ConfigError(
      'several workers share their state through the store: use sqlite:<file> or postgres://',
    );
  // Every worker must listen on the same port and accept the same admin token: fix both here.
  let config = await withFreePort(requested);
  config = { ...config, adminToken: adminTokenFor(config.adminToken) };
  // Migrations and the catalogue once, before the workers race for them.
  const store = await openStore(config.store);
  try {
    await loadCatalogue(
      config.catalogue,
      config.address,
      { ccMaxAttempts: config.confirmationCodeMaxAttempts, now: Date.now },
      store.profiles,
    );
  } finally {
    await store.close();
  }

  let stopping = false;
  const fork = () => cluster.fork({ [CONFIG_ENV]: JSON.stringify(config) });
  const listening = Array.from({ length: workers }, () => {
    const worker = fork();
    return new Promise<void>((resolve, reject) => {
      worker.once('message', (message) => (message === 'listening' ? resolve() : undefined));
      worker.once('exit', (code) => reject(new Error(`an SM-DP+ worker stopped at start (exit ${code})`)));
    });
  });
  await Promise.all(listening);
  // A worker that dies later is replaced: the store keeps every session, so clients only see a retry.
  // Deaths in a row are replaced further and further apart (worker-restarts.ts).
  const restarts = new WorkerRestarts(Date.now);
  const pending = new Set<NodeJS.Timeout>();
  cluster.on('exit', (_worker, code, signal) => {
    if (stopping) return;
    const pause = restarts.pauseAfterDeath();
    process.stderr.write(
      `SM-DP+ worker ended (${signal ?? code}); starting another${pause ? ` in ${pause / 1000} s` : ''}\n`,
    );
    const timer = setTimeout(() => {
      pending.delete(timer);
      if (!stopping) fork();
    }, pause);
    pending.add(timer);
  });
  return {
    address: config.address,
    url: listenerUrl(config),
    es2Url: config.es2Port !== 0 ? listenerUrl({ host: config.host, port: config.es2Port }) : undefined,
    adminToken: config.adminToken,
    workers,
    close: async () => {
      stopping = true;
      for (const timer of pending) clearTimeout(timer);
      const all = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      await Promise.all(
        all.map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once('exit', () => resolve());
              worker.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
