import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetBoundProfilePackageRequestEsipa,
  GetEimPackageRequest,
  InitiateAuthenticationRequestEsipa,
} from '../../src/asn1/sgp32/index.ts';
import { resolveEimConfig } from '../../src/eim/config.ts';
import type { RunningEim } from '../../src/eim/start.ts';
import { ENTRY_OVERHEAD, exchangeTraceLimits } from '../../src/eim/trace/exchange-trace.ts';
import { EXCHANGES_PER_PAGE } from '../../src/eim/trace/exchanges-page-view.ts';
import type { EuiccEmulator } from '../../src/euicc/emulator.ts';
import type { EsipaExchange } from '../../src/ipa/esipa-client.ts';
import { iotCardOfEim, pollEim, postEsipa, runEimOrder, startTestEim } from '../helpers/eim-harness.ts';
import { httpsText } from '../helpers/https-json.ts';

/**
 * The eIM's exchange trace over real HTTPS on loopback: the built-in IPA and an IoT software eUICC run a
 * package through the eIM (GetEimPackage, ProvideEimPackageResult, SGP.32 6.3.2.6-7); the trace keeps the
 * exact bytes that passed, the admin page shows them decoded along the SGP.32 declarations, per EID and
 * eimTransactionId, behind the admin token; the bounds hold, hostile strings are escaped, the list pages.
 */
const TOKEN = 'eim-trace-token';

const pageOf = (eim: RunningEim, path: string, token = TOKEN) =>
  httpsText(`${eim.url}${path}`, { ca: eim.caPem, ...(token ? { token } : {}) });

/** The decoded text of each <pre> of a page, unescaped as the browser shows it. */
const shown = (html: string) =>
  [...html.matchAll(/<pre>([\s\S]*?)<\/pre>/g)].map((m) =>
    (m[1] ?? '')
      .replaceAll('&quot;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&'),
  );

describe('ESipa exchanges of a package, recorded and shown decoded', () => {
  let eim: RunningEim;
  let euicc: EuiccEmulator;
  const ipaSaw: EsipaExchange[] = [];
  let orderId = '';

  beforeAll(async () => {
    eim = await startTestEim({ adminToken: TOKEN });
    euicc = await iotCardOfEim(eim);
    const run = await runEimOrder(
      eim,
      euicc,
      'psmo',
      { psmo: [{ listProfileInfo: {} }] },
      { onExchange: (exchange) => ipaSaw.push(exchange) },
    );
    expect(run.status).toBe('done');
    orderId = (await eim.context.repository.recentOrders(1))[0]?.id ?? '';
  });
  afterAll(async () => {
    await eim?.close();
  });

  it('keeps the exact bytes of every exchange the IPA made, with function, status and time', async () => {
    const kept = eim.context.trace?.exchanges() ?? [];
    expect(ipaSaw.map((e) => e.functionName)).toEqual([
      'getEimPackage',
      'provideEimPackageResult',
      'getEimPackage',
    ]);
    expect(kept.map((e) => [e.interface, e.function, e.httpStatus])).toEqual([
      ['ESipa', 'getEimPackage', 200],
      ['ESipa', 'provideEimPackageResult', 200],
      ['ESipa', 'getEimPackage', 200],
    ]);
    kept.forEach((exchange, i) => {
      expect(exchange.request).toEqual(ipaSaw[i]?.request);
      expect(exchange.response).toEqual(ipaSaw[i]?.response);
      expect(exchange.peer).toBe('127.0.0.1');
      expect(Math.abs(exchange.at - Date.now())).toBeLessThan(60_000);
    });
  });

  it('lists them per EID and eimTransactionId, decoded with the SGP.32 field names', async () => {
    const order = await eim.context.repository.order(orderId);
    const eimTransactionId = order?.eimTransactionId?.toUpperCase() ?? 'none';
    expect(eimTransactionId).toMatch(/^[0-9A-F]{32}$/);
    const eid = euicc.eid.toUpperCase();

    const main = await pageOf(eim, '/admin/ui');
    expect(main.text).toContain(
      `<a href="/admin/ui/exchanges?eid=${eid}">3 ESipa and ES9+ exchanges traced</a>`,
    );

    const page = await pageOf(eim, `/admin/ui/exchanges?eid=${eid}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['cache-control']).toBe('no-store');
    // the package's poll and its result are one transaction; the last poll (nothing more to do) another
    expect(page.text).toContain(
      `<h2>EID <a href="/admin/ui/exchanges?eid=${eid}">${eid}</a>, eimTransactionId ` +
        `<a href="/admin/ui/exchanges?transaction=${eimTransactionId}">${eimTransactionId}</a></h2>`,
    );
    expect(page.text).toContain(
      '#1 ESipa getEimPackage (SGP.32 6.3.2.6): HTTP 200, euiccPackageRequest</summary>',
    );
    expect(page.text).toContain(
      '#2 ESipa provideEimPackageResult (SGP.32 6.3.2.7): HTTP 200, emptyResponse</summary>',
    );
    expect(page.text).toContain(
      '#3 ESipa getEimPackage (SGP.32 6.3.2.6): HTTP 200, eimPackageError: 1 (noEimPackageAvailable)</summary>',
    );
    const [pollRequest, pollAnswer, resultRequest] = shown(
      (await pageOf(eim, `/admin/ui/exchanges?transaction=${eimTransactionId}`)).text,
    );
    expect(pollRequest).toBe(`getEimPackage request [BF4F]\n  eidValue [5A]: ${eid}`);
    expect(pollAnswer).toContain(`eimId [80]: "${eim.context.identity.eimId}"`);
    expect(pollAnswer).toContain(`eidValue [5A]: ${eid}`);
    expect(pollAnswer).toContain('counterValue [81]: 1');
    expect(pollAnswer).toContain(`eimTransactionId [82]: ${eimTransactionId}`);
    expect(pollAnswer).toContain('listProfileInfo [BF2D]');
    expect(resultRequest).toContain('provideEimPackageResult request [BF50]');
    expect(resultRequest).toContain(`eimTransactionId [82]: ${eimTransactionId}`);
    expect(resultRequest).toContain('euiccSignEPR [5F37]');
  });

  it('is behind the admin token, and refuses a query it does not know with one line', async () => {
    expect((await pageOf(eim, '/admin/ui/exchanges', '')).status).toBe(401);
    expect((await pageOf(eim, '/admin/ui/exchanges', 'wrong')).status).toBe(401);
    for (const [query, error] of [
      ['eid=89', 'eid must be 32 hex digits'],
      ['transaction=XYZ', 'transaction must be 1 to 16 octets in hex'],
      ['page=0', 'page must be a whole number from 1'],
      ['page=1&page=2', 'page must be a whole number from 1'],
      ['%3Cb%3E=1', 'unknown parameter &lt;b&gt;'],
    ] as const) {
      const bad = await pageOf(eim, `/admin/ui/exchanges?${query}`);
      expect(bad.status).toBe(400);
      expect(bad.text).toContain(`<p>${error}</p>`);
    }
  });
});

describe('bounds, escaping and paging of the exchange trace', () => {
  let eim: RunningEim;
  const limits = { maxExchanges: 50, maxBytes: 50_000, maxBodyBytes: 4096 };

  beforeAll(async () => {
    eim = await startTestEim({ adminToken: TOKEN }, { traceLimits: limits });
  });
  afterAll(async () => {
    await eim?.close();
  });

  it('writes a hostile string an IPA sent as text, never as markup', async () => {
    const hostile = '<script>alert(1)</script>';
    const request = InitiateAuthenticationRequestEsipa.encode({
      euiccChallenge: Buffer.alloc(16, 1),
      smdpAddress: hostile,
    });
    const answer = await postEsipa(eim, request);
    expect(answer.status).toBe(200);
    const page = await pageOf(eim, '/admin/ui/exchanges');
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('smdpAddress [83]: &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    expect(page.text).toContain('ESipa initiateAuthentication (SGP.32 6.3.2.1): HTTP 200');
  });

  it('masks hashCc wherever an ESipa body carries it (SGP.22 3.1.3.2: derived from the confirmation code)', async () => {
    const hashCc = Buffer.alloc(32, 0xcc);
    const request = GetBoundProfilePackageRequestEsipa.encode({
      transactionId: Buffer.alloc(16, 7),
      prepareDownloadResponse: {
        compactDownloadResponseOk: { compactEuiccSigned2: { hashCc }, euiccSignature2: Buffer.alloc(64, 1) },
      },
    });
    expect((await postEsipa(eim, request)).status).toBe(200);
    const page = await pageOf(eim, `/admin/ui/exchanges?transaction=${'07'.repeat(16)}`);
    expect(page.text).toContain('getBoundProfilePackageErrorEsipa');
    expect(page.text).toMatch(/hashCc \[[0-9A-F]+\]: masked: derived from the confirmation code/);
    expect(page.text).not.toContain(hashCc.toString('hex').toUpperCase());
  });

  it('keeps a large body as its size, SHA-256 and head; drops the oldest past the byte bound', async () => {
    const large = Buffer.concat([Buffer.from([0xbf, 0x4f, 0x82, 0x27, 0x10]), Buffer.alloc(10_000, 0x41)]);
    const answer = await postEsipa(eim, large);
    expect(answer.status).toBe(400);
    const kept = eim.context.trace?.exchanges() ?? [];
    const last = kept[kept.length - 1];
    expect(last?.request).toMatchObject({ bytes: 10_005 });
    const page = await pageOf(eim, '/admin/ui/exchanges');
    expect(page.text).toMatch(/10005 bytes, SHA-256 [0-9a-f]{64}, first 512 characters: BF4F822710414141/);
    // 4000-byte bodies (under the per-body bound): the byte bound, not the count, drops the oldest
    for (let i = 0; i < 20; i++) await postEsipa(eim, Buffer.alloc(4000, i));
    const trace = eim.context.trace;
    expect(trace?.bytes).toBeLessThanOrEqual(limits.maxBytes);
    expect(trace?.exchanges().length).toBe(Math.floor(limits.maxBytes / (4000 + ENTRY_OVERHEAD)));
    expect(trace?.dropped).toBeGreaterThan(0);
    const first = trace?.exchanges()[0];
    expect(first?.request).toEqual(Buffer.alloc(4000, 20 - (trace?.exchanges().length ?? 0)));
  });

  it('keeps at most maxExchanges, the oldest dropped first, and pages through them newest first', async () => {
    const eids = Array.from({ length: 60 }, (_, i) => `8904903212345123451234567890${String(1000 + i)}`);
    for (const eid of eids) await pollEim(eim, eid);
    const kept = eim.context.trace?.exchanges() ?? [];
    expect(kept.length).toBe(limits.maxExchanges);
    const polled = (exchange: (typeof kept)[number]) =>
      Buffer.isBuffer(exchange.request)
        ? GetEimPackageRequest.decode(exchange.request).eidValue.toString('hex')
        : '';
    expect(kept.map(polled)).toEqual(eids.slice(-limits.maxExchanges));

    const first = await pageOf(eim, '/admin/ui/exchanges');
    expect(first.text).toContain('<p>50 of 50 exchanges kept (');
    expect((first.text.match(/<details /g) ?? []).length).toBe(EXCHANGES_PER_PAGE);
    expect(first.text).toContain('page 1 of 2 · <a href="/admin/ui/exchanges?page=2">older</a>');
    expect(first.text).toContain(`EID <a href="/admin/ui/exchanges?eid=${eids[59]}">${eids[59]}</a>`);
    expect(first.text).not.toContain(eids[19] ?? 'none');
    const second = await pageOf(eim, '/admin/ui/exchanges?page=2');
    expect((second.text.match(/<details /g) ?? []).length).toBe(limits.maxExchanges - EXCHANGES_PER_PAGE);
    expect(second.text).toContain('<a href="/admin/ui/exchanges">newer</a> · page 2 of 2');
    expect(second.text).toContain(eids[10] ?? 'none');
    expect(second.text).not.toContain(eids[9] ?? 'none'); // dropped
    const beyond = await pageOf(eim, '/admin/ui/exchanges?page=3');
    expect(beyond.text).toContain('<p>No exchange traced.</p>');
    const one = await pageOf(eim, `/admin/ui/exchanges?eid=${eids[30]}`);
    expect((one.text.match(/<details /g) ?? []).length).toBe(1);
    expect(one.text).toContain('page 1 of 1');
  });
});

describe("the trace's settings", () => {
  it('takes its bounds from traceMaxExchanges and traceMaxBytes, refuses a byte bound too small to hold one', async () => {
    const config = resolveEimConfig({
      env: { RSPSIM_EIM_TRACE_MAX_EXCHANGES: '7', RSPSIM_EIM_TRACE_MAX_BYTES: '5000' },
    });
    expect([config.traceMaxExchanges, config.traceMaxBytes]).toEqual([7, 5000]);
    expect(exchangeTraceLimits(7, 5000)).toEqual({ maxExchanges: 7, maxBytes: 5000, maxBodyBytes: 2244 });
    expect(exchangeTraceLimits(2000, 16 * 1024 * 1024).maxBodyBytes).toBe(256 * 1024);
    expect(() => resolveEimConfig({ env: { RSPSIM_EIM_TRACE_MAX_BYTES: '100' } })).toThrow(
      'traceMaxBytes must be at least 4096, not 100',
    );
  });

  it('traces nothing with traceMaxExchanges 0: no list, no links', async () => {
    const untraced = await startTestEim({ adminToken: TOKEN, traceMaxExchanges: 0 });
    try {
      await pollEim(untraced, '89049032123451234512345678901235');
      expect(untraced.context.trace).toBeUndefined();
      expect((await pageOf(untraced, '/admin/ui/exchanges')).status).toBe(404);
      const main = await pageOf(untraced, '/admin/ui');
      expect(main.status).toBe(200);
      expect(main.text).not.toContain('exchanges');
    } finally {
      await untraced.close();
    }
  });
});
