/**
 * `run`'s status page in a real browser (Chromium, as the editor's tests run it): one row per entry,
 * readable on a phone (no sideways scrolling), text from the network shown as text, and it
 * refreshes itself.
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import type { EntryStatus } from '../../core/index.js';
import { serveStatus } from '../../cli/status-server.js';
import { CHROMIUM, missingChromium } from '../../harness/runtimes.js';
import { skipWithout } from '../helpers/skip.js';

describe('cli: the status page of run, in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: Server;
  let url = '';
  const now = Date.parse('2026-12-06T10:00:00Z');
  const statuses: EntryStatus[] = [
    {
      stream: 'all-hands',
      target: 'meeting 85746065123',
      state: 'receiving',
      sinceMs: now - 125_000,
      restarts: 0,
      destination: 'mediamtx',
      bitsPerSecond: 2_500_000,
    },
    {
      stream: 'town-hall <script>window.pwned=1</script>',
      target: 'webinar 91234567890',
      state: 'dropped',
      sinceMs: now - 40_000,
      restarts: 2,
      destination: 'nginx-rtmp',
      problem: 'the destination lists no publisher',
    },
    { stream: 'board', target: 'meeting 81000000001', state: 'waiting', sinceMs: now - 5_000, restarts: 0 },
  ];

  before(async function () {
    skipWithout(this, process.env.ZOOM_SKIP_BROWSER ?? missingChromium());
    ({ server, url } = await serveStatus(
      { host: '127.0.0.1', port: 0 },
      { statuses: () => statuses, readiness: () => ({ ready: true }), metrics: () => '', now: () => now },
    ));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  it('shows a row per entry with its state and since when, readable on a phone, names as text', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(url);
    const rows = await page.locator('tbody tr').allInnerTexts();
    assert.equal(rows.length, 3);
    assert.match(rows[0]!, /all-hands[\s\S]*meeting 85746065123[\s\S]*receiving for 2:05[\s\S]*mediamtx 2500 kbit\/s/);
    assert.match(rows[1]!, /town-hall <script>window.pwned=1<\/script>[\s\S]*dropped[\s\S]*2[\s\S]*the destination lists no publisher/);
    assert.equal(await page.evaluate(() => (globalThis as { pwned?: number }).pwned), undefined, 'no script from a name ran');
    type Dom = { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
    const overflow = await page.evaluate(() => {
      const dom = globalThis as unknown as Dom;
      return dom.document.documentElement.scrollWidth - dom.innerWidth;
    });
    assert.ok(overflow <= 0, `scrolls sideways by ${overflow} px`);
    const dropped = await page
      .locator('tr.dropped td:nth-child(3)')
      .evaluate((td) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(td).color);
    assert.equal(dropped, 'rgb(204, 0, 0)');
    await page.close();
  });

  it('refreshes itself: a change shows without a reload by hand', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    statuses[2] = { ...statuses[2]!, state: 'receiving' };
    type Dom = { document: { querySelectorAll(selector: string): { length: number } } };
    await page.waitForFunction(() => (globalThis as unknown as Dom).document.querySelectorAll('tr.receiving').length === 2, undefined, {
      timeout: 30_000,
    });
    await page.close();
  });
});
