import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { validateScenario } from '../../src/rsp-server/scenarios/scenario.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { delayOnce } from '../helpers/delay-scenario.ts';
import { es2ClientFor, importProfile } from '../helpers/operator.ts';
import { readPng } from '../helpers/png.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * The admin page in a real browser: Debian's Chromium driven by playwright-core (which never downloads a
 * browser). .ci/run installs Chromium and sets RSPSIM_CHROMIUM, and then this file must run; on a machine
 * without Chromium and outside CI it is skipped, saying so.
 */
const executablePath =
  process.env.RSPSIM_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
if (!executablePath) {
  if (process.env.CI) throw new Error('CI must run the admin page test: set RSPSIM_CHROMIUM (.ci/run does)');
  console.warn(
    'admin-ui browser test skipped: no Chromium (apt-get install chromium, or set RSPSIM_CHROMIUM)',
  );
}

/** As the machine notes say: no sandbox as root, and no background calls to a network this machine lacks. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let smdp: RunningSmdp;
let orderedIccid: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const download = async (euicc: EuiccEmulator) =>
  downloadProfile({ activationCode: `LPA:1$${smdp.address}$DEMO`, euicc, es9: { ca: smdp.caPem } });

const sessionRow = (eid: string) => page.locator('#sessions tbody tr', { hasText: eid });
const exchange = (fn: string) => page.locator(`#trace .exchange[data-function="${fn}"]`);

describe.skipIf(!executablePath)('admin page in Chromium', () => {
  beforeAll(async () => {
    [smdp, browser] = await Promise.all([
      startTestSmdp(),
      chromium.launch({ executablePath: executablePath!, args: CHROMIUM_ARGS }),
    ]);
    // The test SM-DP+ has a CERT.DPtls from the test CI, which the browser does not know.
    context = await browser.newContext({
      ignoreHTTPSErrors: true,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    // One order placed through ES2+, for the page's orders table.
    orderedIccid = (await importProfile(smdp, 30)).body.profile.iccid;
    await es2ClientFor(smdp).placeOrder({ iccid: orderedIccid, matchingId: 'UI-ORDER' });
  });
  afterAll(async () => {
    await browser?.close();
    await smdp?.close();
  });

  it('asks for the token, and without it every data route answers 401', async () => {
    await page.goto(`${smdp.url}/admin/ui`);
    await page.locator('#login').waitFor({ state: 'visible' });
    expect(await page.locator('#content').isHidden()).toBe(true);
    for (const path of ['/admin/sessions', '/admin/profiles', '/admin/events', '/admin/sessions/00/export']) {
      expect((await page.request.get(`${smdp.url}${path}`)).status(), path).toBe(401);
    }
    await page.fill('#token', 'not-the-token');
    await page.click('#login-form button[type="submit"]');
    await expect.poll(() => page.textContent('#login-error')).toMatch(/not the admin token/);
    await page.fill('#token', smdp.adminToken);
    await page.click('#login-form button[type="submit"]');
    await page.locator('#content').waitFor({ state: 'visible' });
    await page.locator('#live[data-state="on"]').waitFor();
    // Profiles are listed with their states.
    await expect.poll(() => page.locator('#profiles tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect(await page.textContent('#profiles tr[data-profile-id="demo"]')).toContain('DEMO');
    // ES2+ orders in their own table, with their state.
    await page.locator('#orders').waitFor({ state: 'visible' });
    const order = page.locator('#orders tbody tr', { hasText: orderedIccid });
    for (const text of ['UI-ORDER', 'released']) expect(await order.textContent()).toContain(text);
    // At 1280 px the orders table fits its section, and the page does not scroll sideways (issues 17.5, 26.7),
    // under headers in words, not the API's field names.
    const [tableWidth, sectionWidth, pageWidth] = await page.evaluate(() => [
      document.querySelector('#orders table')!.scrollWidth,
      document.querySelector('#orders')!.clientWidth,
      document.documentElement.scrollWidth,
    ]);
    expect(tableWidth).toBeLessThanOrEqual(sectionWidth!);
    expect(pageWidth).toBeLessThanOrEqual(1280);
    expect(await page.locator('#orders thead th').allTextContents()).toEqual([
      'ICCID',
      'Matching ID',
      'State',
      'EID',
      'Profile type',
      'Confirmation code',
      'Downloads',
      'Profile',
    ]);
    expect(await order.locator('td').nth(5).textContent()).toBe('none');
    writeFileSync(
      join(process.env.RSPSIM_SCREENSHOTS || tempDir('admin-ui'), 'lists-1280.png'),
      await page.screenshot(),
    );
    // The cookie reads, it does not write: scenarios cannot be changed from another site with it.
    const post = await page.request.post(`${smdp.url}/admin/scenarios`, { data: { name: 'x' } });
    expect(post.status()).toBe(401);
  });

  it("shows a real download's trace as a timeline with decoded trees, and exports it", async () => {
    const euicc = await EuiccEmulator.create();
    const { transactionId } = await download(euicc);
    // The list follows the server's events: no reload.
    // The row appears with the first event of the session and reaches 'installed' with a later one.
    await sessionRow(euicc.eid).waitFor();
    await expect.poll(() => sessionRow(euicc.eid).textContent()).toContain('installed');
    await sessionRow(euicc.eid).click();
    await exchange('handleNotification').waitFor();
    // The trace, below the three lists, is brought into view by the click (issue 26.7).
    await expect
      .poll(() => page.evaluate(() => document.querySelector('#trace')!.getBoundingClientRect().top))
      .toBeLessThan(100);
    expect(
      await page.evaluate(() => document.querySelector('#trace')!.getBoundingClientRect().top),
    ).toBeGreaterThanOrEqual(0);
    const functions = await page
      .locator('#trace .exchange')
      .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.function));
    expect(functions).toEqual([
      'initiateAuthentication',
      'authenticateClient',
      'getBoundProfilePackage',
      'handleNotification',
    ]);
    const trace = await page.textContent('#trace');
    for (const text of [
      transactionId,
      'euiccChallenge',
      'serverSigned1',
      'transactionId [80]',
      'matchingId [80]: "DEMO"',
      'id-rspRole-dp-auth',
      '2.999.10 (SM-DP+ OID of the SGP.26 test certificates)',
      'Executed-Success',
      'HTTP 204',
    ]) {
      expect(trace, text).toContain(text);
    }
    // Branches fold: a reader can close one.
    const branch = exchange('initiateAuthentication').locator('details[data-field="serverSigned1"]').first();
    expect(await branch.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await branch.locator('summary').first().click();
    expect(await branch.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await branch.locator('summary').first().click();

    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#trace a.export')]);
    expect(file.suggestedFilename()).toBe(`rspsim-session-${transactionId}.json`);
    const exported = JSON.parse(readFileSync((await file.path())!, 'utf8'));
    expect(exported).toMatchObject({ transactionId, eid: euicc.eid, matchingId: 'DEMO', state: 'installed' });
    expect(exported.exchanges.map((e: any) => e.function)).toEqual(functions);

    // The screenshot is of a real trace: a PNG of the timeline's size, with real content in it.
    const box = (await page.locator('#trace').boundingBox())!;
    expect(box.width).toBeGreaterThan(600);
    expect(box.height).toBeGreaterThan(400);
    const png = await page.locator('#trace').screenshot();
    const image = readPng(png);
    expect(image.width).toBeGreaterThanOrEqual(Math.floor(box.width));
    expect(image.height).toBeGreaterThanOrEqual(Math.floor(box.height));
    expect(png.length).toBeGreaterThan(20_000);
    expect(image.distinctBytes).toBeGreaterThan(64);
    // Kept for a person to look at: RSPSIM_SCREENSHOTS names the folder (a temporary one otherwise).
    writeFileSync(join(process.env.RSPSIM_SCREENSHOTS || tempDir('admin-ui'), 'trace.png'), png);
  });

  it("shows a failed installation's errorResult unfolded, however deep it is", async () => {
    // The eUICC refuses the BPP (smdpSign does not verify) and reports it in a signed errorResult.
    smdp.scenarios.add(
      validateScenario({
        name: 'ui-bad-smdp-sign',
        match: { matchingId: 'DEMO' },
        function: 'getBoundProfilePackage',
        action: { type: 'corrupt', field: 'smdpSign' },
        times: 1,
      }),
    );
    const euicc = await EuiccEmulator.create();
    expect((await download(euicc)).success).toBe(false);
    await sessionRow(euicc.eid).waitFor();
    await sessionRow(euicc.eid).click();
    const failure = exchange('handleNotification').locator('details.failure[data-field="errorResult"]');
    await failure.waitFor();
    // Open, and every branch above it open: the reason is on screen without a click.
    expect(await failure.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(
      await failure.evaluate((d) => {
        const closed = [];
        for (let p = d.parentElement; p; p = p.parentElement)
          if (p instanceof HTMLDetailsElement && !p.open) closed.push(p.dataset.field);
        return closed;
      }),
    ).toEqual([]);
    expect(await failure.textContent()).toMatch(/errorReason[^\n]*invalidSignature/);
    await failure.scrollIntoViewIfNeeded();
    const shot = await page.screenshot();
    writeFileSync(join(process.env.RSPSIM_SCREENSHOTS || tempDir('admin-ui'), 'failed-trace-1280.png'), shot);
  });

  it('adds exchanges to the open trace while a slowed download runs', async () => {
    smdp.scenarios.add(delayOnce('slow-bpp', 'DEMO', 'getBoundProfilePackage', 3000));
    // A mark that a reload would wipe.
    await page.evaluate(() => {
      (window as any).notReloaded = true;
    });
    const euicc = await EuiccEmulator.create();
    const running = download(euicc);
    await sessionRow(euicc.eid).waitFor();
    await sessionRow(euicc.eid).click();
    await exchange('authenticateClient').waitFor();
    expect(await exchange('getBoundProfilePackage').count()).toBe(0);
    await exchange('getBoundProfilePackage').waitFor({ timeout: 10_000 });
    await exchange('handleNotification').waitFor();
    expect(await exchange('getBoundProfilePackage').textContent()).toContain('scenario slow-bpp');
    expect(await page.evaluate(() => (window as any).notReloaded)).toBe(true);
    expect((await running).success).toBe(true);
    await expect.poll(() => sessionRow(euicc.eid).textContent()).toContain('installed');
  });
});
