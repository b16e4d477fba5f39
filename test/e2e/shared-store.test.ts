import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { Es9Client } from '../../src/lpa/es9-client.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { httpsJsonWithHeaders } from '../helpers/https-json.ts';
import { RoundRobinEs9Client } from '../helpers/round-robin-client.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testStores } from '../helpers/test-stores.ts';

const postgres = process.env.RSPSIM_TEST_POSTGRES;
const stores: [string, () => string][] = [
  ['SQLite', () => `sqlite:${join(tempDir('shared'), 'rspsim.db')}`],
  ...(postgres
    ? ([['PostgreSQL', () => `${postgres}?schema=shared_${process.pid}`]] as [string, () => string][])
    : []),
];

describe.each(stores)('several SM-DP+ instances on one %s store', (_, storeUrl) => {
  it('behave as one SM-DP+: each step of a download may reach another instance', async () => {
    const store = storeUrl();
    const first = await startTestSmdp({ store });
    // The second instance serves under the same address, as behind one name.
    const second = await startTestSmdp({ store, address: first.address });
    try {
      const backends = [first, second].map((s) => new Es9Client(new URL(s.url).host, { ca: s.caPem }));
      const es9Client = new RoundRobinEs9Client(first.address, backends);
      const euicc = await EuiccEmulator.create();
      const result = await downloadProfile({
        activationCode: `LPA:1$${first.address}$DEMO-CC`,
        euicc,
        es9Client,
        confirmationCode: '1234',
      });
      expect(result.success).toBe(true);
      expect(euicc.profiles).toHaveLength(1);
      es9Client.close();
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe.each(testStores('together', { memory: false }))(
  'SM-DP+ instances starting at once on an empty %s store',
  (_, storeUrl) => {
    it('all start: the catalogue load adds each profile once, whoever gets there first', async () => {
      // Three rounds of three simultaneous starts, each on a new empty store (schema): before, about half of
      // such starts on PostgreSQL failed on "duplicate key value violates unique constraint profiles_pkey".
      for (let round = 0; round < 3; round++) {
        const store = storeUrl();
        const started = await Promise.allSettled([0, 1, 2].map(() => startTestSmdp({ store })));
        const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
        try {
          expect(started.filter((s) => s.status === 'rejected')).toEqual([]);
          const profiles = await running[0]!.context.profiles.list();
          expect(profiles.map((p) => p.id).sort()).toEqual(['demo', 'demo-cc', 'demo-made']);
        } finally {
          await Promise.all(running.map((s) => s.close()));
        }
      }
    });
  },
);

describe.each(testStores('adminlogin', { memory: false }))(
  'the admin page behind a balancer, on one %s store',
  (_, storeUrl) => {
    it('a login on one instance holds on the other, and a logout on either ends it on both', async () => {
      const store = storeUrl();
      const first = await startTestSmdp({ store, adminToken: 'lab-token' });
      const second = await startTestSmdp({ store, adminToken: 'lab-token', address: first.address });
      const call = (
        server: RunningSmdp,
        path: string,
        options: { method?: string; body?: string; cookie?: string },
      ) =>
        httpsJsonWithHeaders(`${server.url}${path}`, {
          ca: server.caPem,
          ...(options.method ? { method: options.method } : {}),
          ...(options.body ? { body: options.body } : {}),
          headers: options.cookie ? { Cookie: options.cookie } : {},
        });
      try {
        const login = await call(first, '/admin/ui/login', { method: 'POST', body: '{"token":"lab-token"}' });
        expect(login.status).toBe(204);
        const cookie = String(login.headers['set-cookie']).split(';')[0]!;
        expect((await call(second, '/admin/sessions', { cookie })).status).toBe(200);
        expect((await call(second, '/admin/ui/logout', { method: 'POST', cookie })).status).toBe(204);
        expect((await call(first, '/admin/sessions', { cookie })).status).toBe(401);
        expect((await call(second, '/admin/sessions', { cookie })).status).toBe(401);
      } finally {
        await first.close();
        await second.close();
      }
    });
  },
);
