import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionFailedError } from '../../src/errors/client-errors.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { Es9Client } from '../../src/lpa/es9-client.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { startTcpBalancer, type TcpBalancer } from '../helpers/tcp-balancer.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import {
  postgresTestsEnabled,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../helpers/throwaway-postgres.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/**
 * The scale-out recipe (docs/scale-out.md) on loopback: two SM-DP+ instances on one PostgreSQL behind a
 * round-robin TCP balancer, every ES9+ call on a new connection (so consecutive calls of one download reach
 * different instances), and the database restarted in the middle. Every download ends installed exactly
 * once or with an SGP.22 error; afterwards both instances still serve.
 */
const DOWNLOADS = 24;
const LPAS = 3;

describe.skipIf(!postgresTestsEnabled)('two SM-DP+ instances behind a balancer, PostgreSQL restarted', () => {
  let database: ThrowawayPostgres;
  let instances: RunningSmdp[] = [];
  let balancer: TcpBalancer;
  beforeAll(async () => {
    database = await startThrowawayPostgres();
    // One order per download: DOWNLOADS released profiles, each its own ICCID and matchingId.
    const dir = tempDir('scale-out');
    const fixture = readFileSync(
      new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url),
    );
    const profiles = Array.from({ length: DOWNLOADS }, (_, n) => {
      writeFileSync(join(dir, `p${n}.der`), uppWithIccid(fixture, n));
      return { id: `p${n}`, matchingId: `SCALE-${n}`, upp: `p${n}.der` };
    });
    // And one any eUICC may download, for the check that the instances serve afterwards.
    writeFileSync(join(dir, 'after.der'), uppWithIccid(fixture, DOWNLOADS));
    const after = { id: 'after', matchingId: 'SCALE-AFTER', upp: 'after.der', reusable: true };
    writeFileSync(join(dir, 'catalogue.json'), JSON.stringify({ profiles: [...profiles, after] }));
    const catalogue = join(dir, 'catalogue.json');
    const first = await startTestSmdp({ store: database.url, catalogue });
    const second = await startTestSmdp({ store: database.url, catalogue, address: first.address });
    instances = [first, second];
    balancer = await startTcpBalancer(
      instances.map((s) => ({ host: '127.0.0.1', port: Number(new URL(s.url).port) })),
    );
  }, 60_000);
  afterAll(async () => {
    await balancer?.close();
    await Promise.all(instances.map((s) => s.close()));
    await database?.remove();
  });

  /** A new TLS connection per call, through the balancer: calls alternate between the instances. */
  const client = () =>
    new Es9Client(`localhost:${balancer.port}`, { ca: instances[0]!.caPem, keepAlive: false });

  it('ends every download installed exactly once or with an SGP.22 error, and serves afterwards', async () => {
    const outcomes = new Map<number, { eid: string; outcome: string }>();
    let next = 0;
    const lpa = async () => {
      const es9Client = client();
      try {
        for (let n = next++; n < DOWNLOADS; n = next++) {
          const euicc = await EuiccEmulator.create();
          let outcome: string;
          try {
            const result = await downloadProfile({
              activationCode: `LPA:1$${instances[0]!.address}$SCALE-${n}`,
              euicc,
              es9Client,
            });
            outcome = result.success && euicc.profiles.length === 1 ? 'installed' : 'not installed';
          } catch (error) {
            outcome =
              error instanceof FunctionFailedError
                ? `SGP.22 ${error.subjectCode}/${error.reasonCode}`
                : String(error);
          }
          outcomes.set(n, { eid: euicc.eid, outcome });
        }
      } finally {
        es9Client.close();
      }
    };
    const running = Promise.all(Array.from({ length: LPAS }, lpa));
    // The database restarts once a third of the downloads are done.
    for (let i = 0; i < 200 && outcomes.size < DOWNLOADS / 3; i++)
      await new Promise((r) => setTimeout(r, 50));
    await database.restart();
    await running;

    expect(outcomes.size).toBe(DOWNLOADS);
    // On a quick machine the downloads can end while the pool still waits out its back-off after the
    // restart (it answers "the database is away" at once then): read the store once it is back.
    let profiles: Awaited<ReturnType<(typeof instances)[number]['context']['profiles']['list']>> | undefined;
    for (let i = 0; i < 100 && !profiles; i++) {
      profiles = await instances[0]!.context.profiles.list().catch(() => undefined);
      if (!profiles) await new Promise((r) => setTimeout(r, 100));
    }
    if (!profiles) throw new Error('the store did not come back within 10 s of the restart');
    for (const [n, { eid, outcome }] of outcomes) {
      const profile = profiles.find((p) => p.id === `p${n}`);
      if (outcome === 'installed') {
        // Installed once, on the eUICC that downloaded it.
        expect(profile, `p${n}`).toMatchObject({ state: 'installed', eid });
      } else {
        expect(outcome, `p${n}`).toMatch(/^SGP\.22 \d+(\.\d+)*\/\d+\.\d+$/);
        expect(profile?.state === 'installed' && profile.eid !== eid, `p${n} installed elsewhere`).toBe(
          false,
        );
      }
    }
    expect([...outcomes.values()].filter((o) => o.outcome === 'installed').length).toBeGreaterThan(0);
    // Both instances served, and serve again: one more download through the balancer installs.
    expect(balancer.handedTo.every((n) => n > 0)).toBe(true);
    const es9Client = client();
    try {
      let installed = false;
      for (let i = 0; i < 20 && !installed; i++) {
        const euicc = await EuiccEmulator.create();
        const result = await downloadProfile({
          activationCode: `LPA:1$${instances[0]!.address}$SCALE-AFTER`,
          euicc,
          es9Client,
        }).catch(() => undefined);
        installed = result?.success === true;
        if (!installed) await new Promise((r) => setTimeout(r, 200));
      }
      expect(installed).toBe(true);
    } finally {
      es9Client.close();
    }
  }, 120_000);
});
