import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder } from '../../src/eim/orders/create-order.ts';
import type { RunningEim } from '../../src/eim/start.ts';
import type { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { runIpa } from '../../src/ipa/ipa-run.ts';
import { iotCardOfEim, smdpWithOrders, startTestEim } from '../helpers/eim-harness.ts';
import { httpsJson, httpsText } from '../helpers/https-json.ts';

/**
 * One indirect download (SGP.32 3.2.1) with every part real over HTTPS on loopback — the built-in IPA, our eIM,
 * our SM-DP+, an IoT software eUICC — and the eIM's exchange trace: each ESipa exchange of the download beside
 * the ES9+ exchange it relayed, the ES9+ bodies exactly as the SM-DP+'s own session trace saw them, both sides
 * decoded on the eIM's admin page under the download's EID, eimTransactionId and TransactionID.
 */
const TOKEN = 'eim-trace-e2e';
const lab = smdpWithOrders('EIM-TRACE', 950);
let eim: RunningEim;
let card: EuiccEmulator;

beforeAll(async () => {
  eim = await startTestEim({ adminToken: TOKEN });
  card = await iotCardOfEim(eim);
  const { activationCode } = await lab.order();
  await createOrder(eim.context, 'download', {
    eidValue: card.eid.toUpperCase(),
    order: { download: { activationCode } },
  });
  const report = await runIpa(card, { eimFqdn: eim.address, caPem: eim.caPem, once: true });
  expect(report.cycles[0]?.items[0]).toMatchObject({ kind: 'profileDownloadTrigger', installed: true });
});
afterAll(async () => {
  await eim?.close();
});

describe("an indirect download in the eIM's exchange trace", () => {
  it('records each ESipa exchange and, before its answer, the ES9+ exchange it relayed', () => {
    const kept = eim.context.trace?.exchanges() ?? [];
    expect(kept.map((e) => `${e.interface} ${e.function} ${e.httpStatus}`)).toEqual([
      'ESipa getEimPackage 200',
      'ES9+ initiateAuthentication 200',
      'ESipa initiateAuthentication 200',
      'ES9+ authenticateClient 200',
      'ESipa authenticateClient 200',
      'ES9+ getBoundProfilePackage 200',
      'ESipa getBoundProfilePackage 200',
      'ES9+ handleNotification 204',
      'ESipa handleNotification 204',
      'ESipa getEimPackage 200',
    ]);
    for (const e of kept.filter((x) => x.interface === 'ES9+')) expect(e.peer).toBe(lab.smdp.address);
  });

  it("keeps the ES9+ bodies exactly as the SM-DP+'s own trace decoded them", async () => {
    const kept = eim.context.trace?.exchanges() ?? [];
    const initiated = kept.find((e) => e.interface === 'ES9+' && e.function === 'initiateAuthentication');
    const transactionId = JSON.parse(String(initiated?.response)).transactionId as string;
    const smdpSide = await httpsJson(`${lab.smdp.url}/admin/sessions/${transactionId}`, {
      ca: lab.smdp.caPem,
      token: lab.smdp.adminToken,
    });
    const es9 = kept.filter((e) => e.interface === 'ES9+');
    expect(smdpSide.body.exchanges.map((e: { function: string }) => e.function)).toEqual(
      es9.map((e) => e.function),
    );
    // the DER fields the eIM recorded sending are the ones the SM-DP+ recorded receiving
    es9.forEach((exchange, i) => {
      const sent = JSON.parse(String(exchange.request)) as Record<string, unknown>;
      const received: { name: string; base64: string }[] = smdpSide.body.exchanges[i].der.request.fields;
      expect(received.length).toBeGreaterThan(0);
      for (const field of received) expect(sent[field.name]).toBe(field.base64);
    });
    const authenticated = JSON.parse(String(es9[1]?.response));
    expect(authenticated.transactionId).toBe(transactionId);
    expect(authenticated.header.functionExecutionStatus.status).toBe('Executed-Success');
  });

  it('shows the download decoded on the admin page, ESipa beside ES9+, under its EID and identifiers', async () => {
    const kept = eim.context.trace?.exchanges() ?? [];
    const initiated = kept.find((e) => e.interface === 'ES9+' && e.function === 'initiateAuthentication');
    const transactionId = (JSON.parse(String(initiated?.response)).transactionId as string).toUpperCase();
    const eid = card.eid.toUpperCase();
    const page = await httpsText(`${eim.url}/admin/ui/exchanges?transaction=${transactionId}`, {
      ca: eim.caPem,
      token: TOKEN,
    });
    expect(page.status).toBe(200);
    const heading = page.text.match(/<h2>(.*?)<\/h2>/g) ?? [];
    expect(heading).toHaveLength(1);
    expect(heading[0]).toContain(`EID <a href="/admin/ui/exchanges?eid=${eid}">${eid}</a>`);
    expect(heading[0]).toMatch(/eimTransactionId <a href="[^"]+">[0-9A-F]{32}<\/a>/);
    expect(heading[0]).toContain(`transactionId <a href="/admin/ui/exchanges?transaction=${transactionId}">`);
    const rows = page.text.split('<tr>').slice(2);
    const summaries = rows.map((row) =>
      [...row.matchAll(/<summary>#\d+ (.*?)<\/summary>/g)].map((m) => m[1]),
    );
    expect(summaries).toEqual([
      [
        'ESipa initiateAuthentication (SGP.32 6.3.2.1): HTTP 200, initiateAuthenticationOkEsipa',
        'ES9+ initiateAuthentication (SGP.22 5.6.1): HTTP 200, Executed-Success',
      ],
      [
        'ESipa authenticateClient (SGP.32 6.3.2.2): HTTP 200, authenticateClientOkDPEsipa',
        'ES9+ authenticateClient (SGP.22 5.6.3): HTTP 200, Executed-Success',
      ],
      [
        'ESipa getBoundProfilePackage (SGP.32 6.3.2.3): HTTP 200, getBoundProfilePackageOkEsipa',
        'ES9+ getBoundProfilePackage (SGP.22 5.6.2): HTTP 200, Executed-Success',
      ],
      [
        'ESipa handleNotification (SGP.32 6.3.2.4): HTTP 204',
        'ES9+ handleNotification (SGP.22 5.6.4): HTTP 204',
      ],
    ]);
    // ES9+ fields decoded along the SGP.22 declarations, ESipa's along the SGP.32 ones, certificates opened
    expect(page.text).toContain('euiccInfo1 [BF20]');
    expect(page.text).toContain(`transactionId [80]: ${transactionId}`);
    expect(page.text).toMatch(/euiccCertificate \[30\]: [^\n]+\(issuer [^\n]+\)\n/);
    expect(page.text).toContain(`eid: ${eid}`);
    expect(page.text).toContain('boundProfilePackage [BF36]');
    expect(page.text).toContain('profileInstallationResult [BF37]');
    // the poll that handed out the trigger is listed under the same EID and eimTransactionId
    const eimTransactionId = heading[0]?.match(/eimTransactionId <a href="[^"]+">([0-9A-F]{32})/)?.[1] ?? '';
    const whole = await httpsText(`${eim.url}/admin/ui/exchanges?transaction=${eimTransactionId}`, {
      ca: eim.caPem,
      token: TOKEN,
    });
    expect(whole.text).toContain(
      'ESipa getEimPackage (SGP.32 6.3.2.6): HTTP 200, profileDownloadTriggerRequest',
    );
    expect((whole.text.match(/<details /g) ?? []).length).toBe(9);
  });
});
