/**
 * The editor in a real browser: Node-RED with this package, headless Chromium (Debian's) driven by
 * playwright-core. Places the node, opens its dialog and the account dialog, enters credentials,
 * deploys, and checks no console errors. Screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../../harness/root.js';
import { CHROMIUM, missingChromium } from '../../harness/runtimes.js';
import { skipWithout } from '../helpers/skip.js';
import { until } from '../../harness/until.js';
import { exampleFlows } from '../../harness/flows.js';
import { startNodeRed, type RunningNodeRed } from '../../harness/node-red-runner.js';
import { SANDBOX_CLIENT, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { assertNoSecrets } from '../helpers/secrets.js';
import { NODE_RED_PACKAGE } from '../helpers/node-red.js';

const SHOTS = join(ROOT, 'test-output', 'screenshots', NODE_RED_PACKAGE);

describe(`node-red editor (${NODE_RED_PACKAGE}) in headless Chromium`, function () {
  this.timeout(120_000);
  let red: RunningNodeRed;
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  before(async function () {
    skipWithout(this, process.env.ZOOM_SKIP_BROWSER ?? missingChromium());
    mkdirSync(SHOTS, { recursive: true });
    sandbox = await startSandbox();
    red = await startNodeRed({ nodeRedPackage: NODE_RED_PACKAGE, flows: [{ id: 'f1', type: 'tab', label: 'Flow 1' }] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    page.on('requestfailed', (request) => consoleErrors.push(`request failed: ${request.url()}`));
    await page.goto(red.url);
    await page.waitForSelector('.red-ui-palette-node[data-palette-type="zoom-livestream"]', { timeout: 60_000 });
  });

  /** Deploys `flows` through the admin API and reloads the editor on them: each test starts from its own. */
  async function showFlows(flows: object[]): Promise<void> {
    const deployed = await fetch(`${red.url}/flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'full' },
      body: JSON.stringify(flows),
    });
    assert.equal(deployed.status, 204);
    await page.reload();
    await page.waitForSelector('.red-ui-palette-node[data-palette-type="zoom-livestream"]', { timeout: 60_000 });
  }

  /** Shows a tab and waits until the editor has drawn each of its nodes (a width for each). */
  async function showTab(z: string): Promise<void> {
    await page.evaluate(
      (tab) => (globalThis as unknown as { RED: { workspaces: { show(id: string): void } } }).RED.workspaces.show(tab),
      z,
    );
    await page.waitForFunction((tab) => {
      let drawn = true;
      (globalThis as unknown as { RED: { nodes: { eachNode(cb: (n: { z?: string; w?: number }) => void): void } } }).RED.nodes.eachNode(
        (n) => {
          if (n.z === tab && !((n.w ?? 0) > 0)) drawn = false;
        },
      );
      return drawn;
    }, z);
  }

  /** Opens a node's edit dialog and waits for the tray to finish sliding in. */
  async function openDialog(id: string, field: string): Promise<void> {
    await page.dblclick(`[id="${id}"]`);
    await page.waitForSelector(field, { state: 'visible' });
    await page.waitForFunction(() => {
      const $ = (globalThis as unknown as { $: (s: string) => { is(q: string): boolean; length: number } }).$;
      return $('.red-ui-tray').length > 0 && !$('.red-ui-tray').is(':animated');
    });
  }

  // Each test on its own: the console errors its own steps caused.
  afterEach(function () {
    const errors = consoleErrors.splice(0);
    if (this.currentTest?.state === 'passed') assert.deepEqual(errors, [], 'console errors in the browser');
  });

  after(async () => {
    await browser?.close();
    await red?.stop();
    await sandbox?.close();
  });

  it('shows the node in the palette with its label', async () => {
    const label = await page.textContent('.red-ui-palette-node[data-palette-type="zoom-livestream"] .red-ui-palette-label');
    assert.equal((label ?? '').replace(/\s+/g, ' ').trim(), 'zoom live stream');
    await page.screenshot({ path: join(SHOTS, '1-palette.png') });
  });

  /** Drags the node from the palette onto an empty flow; returns its id. */
  async function placeNode(): Promise<string> {
    await showFlows([{ id: 'f1', type: 'tab', label: 'Flow 1' }]);
    const paletteNode = page.locator('.red-ui-palette-node[data-palette-type="zoom-livestream"]');
    await paletteNode.scrollIntoViewIfNeeded();
    const from = await paletteNode.boundingBox();
    const chart = await page.locator('#red-ui-workspace-chart').boundingBox();
    assert.ok(from && chart);
    await page.mouse.move(from.x + 20, from.y + 10);
    await page.mouse.down();
    // A small first move starts jQuery UI's drag; then across to the workspace.
    await page.mouse.move(from.x + 30, from.y + 15, { steps: 5 });
    await page.mouse.move(chart.x + 300, chart.y + 200, { steps: 20 });
    await page.mouse.up();
    const id = await page.evaluate(() => {
      const found: { id: string }[] = [];
      (globalThis as unknown as { RED: { nodes: { eachNode(cb: (n: { id: string; type: string }) => void): void } } }).RED.nodes.eachNode(
        (n) => {
          if (n.type === 'zoom-livestream') found.push(n);
        },
      );
      return found[0]?.id;
    });
    assert.ok(id, 'the node was placed');
    return id;
  }

  it('drags the node into the flow and opens its dialog, fields shown by action and kind', async () => {
    await openDialog(await placeNode(), '#node-input-targetKind');
    // typedInput hides the original inputs; their form rows show what the user sees.
    const rowVisible = (field: string) => page.locator('.form-row', { has: page.locator(`#node-input-${field}`) }).isVisible();
    /** Picks an action in the typed input, as a click in its menu would. */
    const chooseAction = (action: string) =>
      page.evaluate((value) => {
        const $ = (globalThis as unknown as { $: (s: string) => { typedInput(m: string, v: string): void; trigger(e: string): void } }).$;
        $('#node-input-action').typedInput('value', value);
        $('#node-input-action').trigger('change');
      }, action);
    assert.ok(await rowVisible('target'));
    assert.ok(await rowVisible('streamUrl'), 'start shows the stream fields');
    assert.ok(await rowVisible('streamKey'), 'a fixed stream key is a credential field');
    assert.ok(await rowVisible('layout'), 'a meeting shows layout');
    const waitRow = page.locator('.form-row', { has: page.locator('#node-input-waitForStart') });
    assert.ok(await waitRow.isVisible(), 'start offers to wait for the host');
    assert.match((await waitRow.innerText()).replace(/\s+/g, ' '), /Wait for the meeting to start, up to minutes/);
    await page.screenshot({ path: join(SHOTS, '2-node-dialog.png') });

    await page.selectOption('#node-input-targetKind', 'webinar');
    assert.equal(await rowVisible('layout'), false, 'webinars have no layout');
    assert.ok(await rowVisible('closeCaption'), 'webinars take captions (Zoom added them in 2026)');
    assert.equal(await rowVisible('includeStreamKey'), false, 'the stream key option is for get');
    assert.match(await waitRow.innerText(), /for the webinar to start/);
    await chooseAction('stop');
    assert.equal(await rowVisible('streamUrl'), false, 'stop hides the stream fields');
    assert.equal(await rowVisible('displayName'), false, 'stop takes no configured settings');
    assert.equal(await rowVisible('closeCaption'), false, 'stop takes no configured settings');
    assert.equal(await waitRow.isVisible(), false, 'only start waits for the host');
    await chooseAction('get');
    assert.ok(await rowVisible('includeStreamKey'), 'get offers to include the stream key');
    await chooseAction('check');
    assert.equal(await rowVisible('streamUrl'), false, 'check sends no stream fields');
    assert.equal(await rowVisible('includeStreamKey'), false, 'check never shows the key');
    assert.equal(await waitRow.isVisible(), false, 'check does not wait');
    await chooseAction('stop');
    await page
      .locator('.form-row', { has: page.locator('#node-input-target') })
      .locator('input:visible')
      .first()
      .fill('https://us02web.zoom.us/w/92345678901');
    await page.screenshot({ path: join(SHOTS, '3-node-dialog-webinar-stop.png') });
  });

  it('opens the account dialog, keeps credentials as credentials, and deploys', async () => {
    await openDialog(await placeNode(), '#node-input-targetKind');
    await page.click('#node-input-btn-account-add');
    await page.waitForSelector('#node-config-input-clientSecret', { state: 'visible' });
    await page.fill('#node-config-input-name', 'Sandbox');
    await page.fill('#node-config-input-accountId', SANDBOX_CLIENT.accountId);
    await page.fill('#node-config-input-clientId', SANDBOX_CLIENT.clientId);
    await page.fill('#node-config-input-clientSecret', SANDBOX_CLIENT.clientSecret);
    await page.fill('#node-config-input-apiBaseUrl', sandbox.apiBaseUrl);
    await page.fill('#node-config-input-oauthTokenUrl', sandbox.oauthTokenUrl);
    assert.equal(await page.isVisible('#node-config-input-accessToken'), false, 'the token field is hidden for OAuth');
    await page.screenshot({ path: join(SHOTS, '4-account-dialog.png') });
    await page.click('#node-config-dialog-ok');
    await page.waitForSelector('#node-config-input-clientSecret', { state: 'detached' });
    await page.click('#node-dialog-ok');
    await page.click('#red-ui-header-button-deploy');
    type Flow = { type: string; apiBaseUrl?: string }[];
    let flows: Flow = [];
    await until(async () => {
      flows = (await (await fetch(`${red.url}/flows`)).json()) as Flow;
      return flows.some((n) => n.type === 'zoom-account');
    }, 'the deployed account');
    await page.screenshot({ path: join(SHOTS, '5-deployed.png') });
    const account = flows.find((n) => n.type === 'zoom-account');
    assert.ok(account, 'the account was deployed');
    assert.equal(account.apiBaseUrl, sandbox.apiBaseUrl);
    assertNoSecrets(JSON.stringify(flows));
  });

  it("the destination dialog shows each kind's own fields: YouTube's options and credentials, Mux's credentials, a server's user and password", async () => {
    await openDialog(await placeNode(), '#node-input-targetKind');
    await page.click('#node-input-btn-destination-add');
    await page.waitForSelector('#node-config-input-kind', { state: 'visible' });
    const visible = (id: string) => page.locator('.form-row', { has: page.locator(`#node-config-input-${id}`) }).isVisible();
    await page.selectOption('#node-config-input-kind', 'youtube');
    for (const id of ['youtubeBroadcast', 'youtubeTitle', 'youtubePrivacy', 'streamId', 'YOUTUBE_CLIENT_ID', 'YOUTUBE_REFRESH_TOKEN'])
      assert.ok(await visible(id), `youtube shows ${id}`);
    for (const id of ['user', 'MUX_TOKEN_ID']) assert.equal(await visible(id), false, `youtube hides ${id}`);
    assert.equal(await page.getAttribute('#node-config-input-YOUTUBE_REFRESH_TOKEN', 'type'), 'password');
    assert.equal(await page.getAttribute('#node-config-input-YOUTUBE_CLIENT_ID', 'type'), 'text');
    await page.screenshot({ path: join(SHOTS, '6-youtube-destination.png') });
    await page.selectOption('#node-config-input-kind', 'mux');
    assert.ok(await visible('MUX_TOKEN_SECRET'));
    assert.equal(await visible('youtubeBroadcast'), false);
    await page.selectOption('#node-config-input-kind', 'nginx-rtmp');
    assert.ok(await visible('user'));
    assert.equal(await visible('MUX_TOKEN_SECRET'), false);
    assert.equal(await visible('streamId'), false);
    await page.click('#node-config-dialog-cancel');
  });

  it('lays out every example tidily: on the grid, nothing clipped at the edge, nothing overlapping, whatever the fonts', async () => {
    // Deployed as `npm run node-red` deploys them, then drawn by the editor. Only the positions are
    // the files'; a node's width is its label's, as this machine's fonts render it. Node-RED rounds
    // widths up to 20 px, so a centre on the 10 px grid (and y on the 20 px grid) keeps left edges
    // on the grid for any label; and each box is checked with room for labels a step wider.
    const flows = exampleFlows({ apiBaseUrl: sandbox.apiBaseUrl, oauthTokenUrl: sandbox.oauthTokenUrl });
    await showFlows(flows);
    // Config nodes (the account, the destination) are not drawn.
    for (const node of flows.filter((n) => n.type !== 'tab' && n.type !== 'zoom-account' && n.type !== 'zoom-destination')) {
      const where = `${String(node.z)}: ${String(node.type)} "${String(node.name ?? '')}" at ${String(node.x)},${String(node.y)}`;
      assert.ok(Number(node.x) % 10 === 0 && Number(node.y) % 20 === 0, `${where} is off the grid in its example file`);
    }
    const tabs = flows.filter((n) => n.type === 'tab').map((n) => ({ id: String(n.id), label: String(n.label) }));
    for (const tab of tabs) {
      await showTab(tab.id);
      const boxes = await page.evaluate((z) => {
        type EditorNode = { z?: string; type: string; name?: string; x: number; y: number; w: number; h: number };
        const RED = (globalThis as unknown as { RED: { nodes: { eachNode(cb: (n: EditorNode) => void): void } } }).RED;
        const out: Omit<EditorNode, 'z'>[] = [];
        RED.nodes.eachNode((n) => {
          if (n.z === z) out.push({ type: n.type, name: n.name, x: n.x, y: n.y, w: n.w, h: n.h });
        });
        return out;
      }, tab.id);
      await page.screenshot({ path: join(SHOTS, `example-${tab.label.replace(/\W+/g, '-')}.png`) });
      assert.ok(boxes.length >= 3, `${tab.label}: drawn`);
      const label = (b: (typeof boxes)[number]) => `${tab.label}: ${b.type} "${b.name ?? ''}" at ${b.x},${b.y} (${b.w}x${b.h})`;
      // Room for each label a grid step (20 px, 10 a side) wider than drawn here, as another font renders it.
      const ROOM = 10;
      for (const b of boxes) {
        assert.equal(b.w % 20, 0, `${label(b)}: Node-RED rounds widths to 20 px`);
        // An inject's button sticks out 25 px left of its node.
        const button = b.type === 'inject' ? 25 : 0;
        assert.ok(b.x - b.w / 2 - ROOM - button >= 0 && b.y - b.h / 2 >= 0, `${label(b)} is clipped at the edge`);
      }
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) {
          const half = (n: typeof a) => n.w / 2 + ROOM;
          const apart =
            a.x + half(a) <= b.x - half(b) ||
            b.x + half(b) <= a.x - half(a) ||
            a.y + a.h / 2 <= b.y - b.h / 2 ||
            b.y + b.h / 2 <= a.y - a.h / 2;
          assert.ok(apart, `${label(a)} would overlap ${label(b)} with labels ${2 * ROOM} px wider`);
        }
      }
    }
  });

  it('the webhook dialog shows the full URL to paste into Zoom, the events ticked, the secret token as a password', async () => {
    const flows = exampleFlows({ apiBaseUrl: sandbox.apiBaseUrl, oauthTokenUrl: sandbox.oauthTokenUrl });
    await showFlows(flows);
    const hook = flows.find((n) => n.type === 'zoom-webhook')!;
    await showTab(String(hook.z));
    await openDialog(String(hook.id), '#node-input-url');
    assert.equal(await page.textContent('#zoom-webhook-full-url'), `${red.url}/zoom/events`);
    const ticked = await page.$$eval('#zoom-webhook-events input:checked', (inputs) =>
      inputs.map((i) => (i as unknown as { value: string }).value),
    );
    assert.deepEqual(ticked, ['meeting.started', 'meeting.live_streaming_started']);
    assert.equal(await page.getAttribute('#node-input-secretToken', 'type'), 'password');
    await page.fill('#node-input-url', 'zoom/other-path');
    assert.equal(await page.textContent('#zoom-webhook-full-url'), `${red.url}/zoom/other-path`, 'the URL follows the path typed');
    await page.screenshot({ path: join(SHOTS, '6-webhook-dialog.png') });
    // The WebSocket source: the HTTP rows give way to the account, the subscription ID and the URL.
    assert.equal(await page.isVisible('#node-input-subscriptionId'), false);
    await page.selectOption('#node-input-source', 'websocket');
    assert.equal(await page.isVisible('#node-input-url'), false);
    assert.equal(await page.isVisible('#node-input-secretToken'), false);
    assert.equal(await page.isVisible('#node-input-subscriptionId'), true);
    assert.equal(await page.isVisible('#node-input-account'), true);
    assert.equal(await page.getAttribute('#node-input-wsUrl', 'placeholder'), 'wss://ws.zoom.us/ws');
    await page.screenshot({ path: join(SHOTS, '7-webhook-dialog-websocket.png') });
    await page.click('#node-dialog-cancel');
  });
});
