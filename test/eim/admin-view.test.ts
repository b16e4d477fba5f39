import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_VIEW_EUICCS, ADMIN_VIEW_ORDERS } from '../../src/eim/http/admin-view.ts';
import type { RunningEim } from '../../src/eim/start.ts';
import { pollEim, startTestEim } from '../helpers/eim-harness.ts';
import { httpsJsonWithHeaders, httpsText } from '../helpers/https-json.ts';

/** The eIM's read-only admin page over real HTTPS: behind the admin token, every stored string escaped. */
const EID = '89049032123451234512345678901235';
const TOKEN = 'eim-admin-token';
let eim: RunningEim;
beforeAll(async () => {
  eim = await startTestEim({ adminToken: TOKEN });
});
afterAll(async () => {
  await eim.close();
});

const page = (options: { token?: string; cookie?: string } = { token: TOKEN }) =>
  httpsText(`${eim.url}/admin/ui`, {
    ca: eim.caPem,
    ...(options.token ? { token: options.token } : {}),
    ...(options.cookie ? { headers: { Cookie: options.cookie } } : {}),
  });

describe("the eIM's admin page", () => {
  it('shows the eIM, an EID it knows and its order with status, times and outcome', async () => {
    const created = await httpsJsonWithHeaders(`${eim.url}/psmo/create`, {
      ca: eim.caPem,
      method: 'POST',
      token: TOKEN,
      body: JSON.stringify({
        eidValue: EID,
        order: { psmo: [{ disable: { iccid: '98001032547698103214' } }] },
      }),
    });
    expect(created.status).toBe(303);
    const id = String(created.headers.location).split('/').pop() ?? '';
    const queued = await page();
    expect(queued.status).toBe(200);
    expect(queued.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(queued.headers['content-security-policy']).toContain("default-src 'none'");
    expect(queued.headers['cache-control']).toBe('no-store');
    expect(queued.text).toContain('<h1>eIM rspsim-eim</h1>');
    expect(queued.text).toContain(`address ${eim.address}; key curve P-256`);
    expect(queued.text).toContain(`<h2>EID ${EID}</h2>`);
    expect(queued.text).toMatch(new RegExp(`<tr><td>${id}</td><td>psmo</td><td>new</td><td>20\\d\\d-`));

    // the IPA takes it (a real GetEimPackage), then its outcome is recorded
    await pollEim(eim, EID);
    const working = await page();
    expect(working.text).toContain(`<td>${id}</td><td>psmo</td><td>work</td>`);
    expect(working.text).toMatch(/counterValue 1; association token -?\d+; CERT\.EUICC not known/);
    expect(await eim.context.repository.finish(id, [{ disableResult: 'ok' }], undefined, Date.now())).toBe(
      true,
    );
    const done = await page();
    expect(done.text).toContain(`<td>${id}</td><td>psmo</td><td>done</td>`);
    expect(done.text).toContain('<td>[{&quot;disableResult&quot;:&quot;ok&quot;}]</td>');
  });

  it('answers 401 without the token or with a wrong one, and shows the page to the login cookie', async () => {
    expect((await page({})).status).toBe(401);
    const wrong = await page({ token: 'wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('rspsim-eim');
    // the login form is open to all (it holds no data); its script posts the token to the shared login
    const form = await httpsText(`${eim.url}/admin/ui/login`, { ca: eim.caPem });
    expect(form.status).toBe(200);
    expect(form.text).toContain('<script src="/admin/ui/login.js" defer></script>');
    const script = await httpsText(`${eim.url}/admin/ui/login.js`, { ca: eim.caPem });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text).toContain("fetch('/admin/ui/login'");
    const login = await httpsJsonWithHeaders(`${eim.url}/admin/ui/login`, {
      ca: eim.caPem,
      method: 'POST',
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(login.status).toBe(204);
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie).toMatch(/^rspsim_admin=[\w-]+$/);
    const viaCookie = await page({ cookie });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.text).toContain('<h1>eIM rspsim-eim</h1>');
  });

  it('writes a hostile EID and outcome as text, never as markup', async () => {
    const hostileEid = '<img src=x onerror=alert(1)>';
    const { repository } = eim.context;
    const now = Date.now();
    const id = '00000000-0000-4000-8000-00000000beef';
    const limits = { maxOrders: 100, maxOrdersPerEid: 10 };
    expect(
      await repository.addOrder(
        {
          id,
          facility: 'edr',
          eid: hostileEid,
          order: { edr: { tagList: '81' } },
          status: 'new',
          outcome: [],
          createdAt: now,
        },
        limits,
      ),
    ).toBe('added');
    expect(
      await repository.finish(id, [{ procedureError: '</td><script>alert("x")</script>' }], undefined, now),
    ).toBe(true);
    const { text } = await page();
    expect(text).not.toContain('<script');
    expect(text).not.toContain('<img');
    expect(text).toContain('<h2>EID &lt;img src=x onerror=alert(1)&gt;</h2>');
    expect(text).toContain(
      '[{&quot;procedureError&quot;:&quot;&lt;/td&gt;&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt;&quot;}]',
    );
  });

  it('pages through eUICC records (by EID) and orders (newest first), and refuses other parameters', async () => {
    const paged = await startTestEim({ adminToken: TOKEN });
    try {
      const { repository } = paged.context;
      const eids = Array.from(
        { length: ADMIN_VIEW_EUICCS + 5 },
        (_, i) => `8904903200000000000000000000${1000 + i}`,
      );
      for (const eid of eids) await repository.ensureEuicc(eid, {}, 1000, 1);
      const ids = Array.from(
        { length: ADMIN_VIEW_ORDERS + 3 },
        (_, i) => `00000000-0000-4000-8000-${String(100000000000 + i)}`,
      );
      for (const [i, id] of ids.entries())
        await repository.addOrder(
          {
            id,
            facility: 'edr',
            eid: eids[i % 3] ?? '',
            order: { edr: { tagList: '81' } },
            status: 'new',
            outcome: [],
            createdAt: i,
          },
          { maxOrders: 1000, maxOrdersPerEid: 1000 },
        );
      const get = (query: string) =>
        httpsText(`${paged.url}/admin/ui${query}`, { ca: paged.caPem, token: TOKEN });
      const first = await get('');
      expect(first.text).toContain(
        '<p>eUICC records (by EID) page 1 (<a href="/admin/ui?euiccs=2">next</a>); ' +
          'orders (newest first) page 1 (<a href="/admin/ui?orders=2">next</a>)</p>',
      );
      expect(first.text).toContain(`<h2>EID ${eids[ADMIN_VIEW_EUICCS - 1]}</h2>`);
      expect(first.text).not.toContain(`<h2>EID ${eids[ADMIN_VIEW_EUICCS]}</h2>`);
      expect(first.text).toContain(`<td>${ids[ids.length - 1]}</td>`);
      expect(first.text).not.toContain(`<td>${ids[2]}</td>`);
      const records = await get('?euiccs=2');
      expect(records.text).toContain(`<h2>EID ${eids[ADMIN_VIEW_EUICCS]}</h2>`);
      expect(records.text).not.toContain(`<h2>EID ${eids[3]}</h2>`);
      expect(records.text).toContain('page 2 (<a href="/admin/ui">previous</a>)');
      const orders = await get('?orders=2&euiccs=2');
      expect(orders.text).toContain(`<td>${ids[0]}</td>`);
      expect(orders.text).toContain(`<td>${ids[2]}</td>`);
      expect(orders.text).not.toContain(`<td>${ids[3]}</td>`);
      expect(orders.text).toContain(
        'orders (newest first) page 2 (<a href="/admin/ui?euiccs=2">previous</a>)',
      );
      // orders of an EID whose record is on the other page of records
      expect(orders.text).toContain(`<h2>EID ${eids[0]}</h2>`);
      expect(orders.text).toContain('<p>eUICC record not on this page of records</p>');
      for (const [query, error] of [
        ['?orders=0', 'orders must be a whole number from 1'],
        ['?euiccs=x', 'euiccs must be a whole number from 1'],
        ['?page=2', 'unknown parameter page'],
      ] as const) {
        const bad = await get(query);
        expect(bad.status).toBe(400);
        expect(bad.text).toContain(`<p>${error}</p>`);
      }
    } finally {
      await paged.close();
    }
  });
});
