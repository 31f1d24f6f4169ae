/**
 * The package in a real Node-RED process, loaded by Node-RED's own loader: Node-RED 4 on Node 20
 * (require) and Node-RED 5 on Node 22 (import()). The example flows run against the sandbox.
 */
import assert from 'node:assert/strict';
import { until } from '../../harness/until.js';
import { nodeRedFiveNode } from '../../harness/runtimes.js';
import { exampleFlows } from '../../harness/flows.js';
import { PACKAGE_NAME, startNodeRed, type RunningNodeRed } from '../../harness/node-red-runner.js';
import { SANDBOX_CLIENT, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { assertNoSecrets } from '../helpers/secrets.js';

const runtimes =
  process.env.ZOOM_NODE_RED === '5'
    ? [{ node: nodeRedFiveNode()!, pkg: 'node-red-5', major: 5 }]
    : [{ node: process.execPath, pkg: 'node-red', major: 4 }];

for (const runtime of runtimes) {
  describe(`node-red: a real Node-RED ${runtime.major} process loads the bundle and runs the examples`, function () {
    this.timeout(90_000);
    let sandbox: Sandbox;
    let red: RunningNodeRed;

    before(async () => {
      sandbox = await startSandbox();
      // The catch example's debug node also logs to the console, where the test reads what it shows.
      const flows = exampleFlows({ apiBaseUrl: sandbox.apiBaseUrl, oauthTokenUrl: sandbox.oauthTokenUrl }).map((n) =>
        n.id === 'tab3-ex3-err' ? { ...n, console: true } : n,
      );
      red = await startNodeRed({
        node: runtime.node,
        nodeRedPackage: runtime.pkg,
        flows,
        credentials: { zoomacc: { ...SANDBOX_CLIENT } },
      });
    });
    after(async () => {
      await red?.stop();
      await sandbox?.close();
    });

    it('registers the four node types, enabled, from the package', async () => {
      const sets = await red.nodeSets();
      const ours = sets.find((s) => s.types.includes('zoom-livestream'));
      assert.ok(ours, red.output());
      assert.equal(ours.enabled, true);
      assert.equal(ours.err, undefined);
      assert.deepEqual(ours.types.sort(), ['zoom-account', 'zoom-destination', 'zoom-livestream', 'zoom-webhook']);
      assert.doesNotMatch(red.output(), /\[zoom-livestream\].*Error|Failed to register/);
    });

    it('serves the editor HTML, the help and the message catalog', async () => {
      const html = await (await fetch(`${red.url}/nodes`, { headers: { accept: 'text/html' } })).text();
      assert.match(html, /registerType\('zoom-livestream'/);
      assert.match(html, /data-help-name="zoom-livestream"/);
      assert.match(html, /registerType\('zoom-webhook'/);
      assert.match(html, /data-help-name="zoom-webhook"/);
      const catalog = (await (await fetch(`${red.url}/locales/${PACKAGE_NAME}/zoom-livestream?lng=en-US`)).json()) as Record<
        string,
        object
      >;
      assert.ok(catalog['zoom-livestream'] && catalog['zoom-account'] && catalog['zoom-webhook'], 'catalog loaded');
    });

    it('each example inject runs: update, start, get, mode, stop on the meeting', async () => {
      const actions = ['update', 'start', 'get', 'mode', 'stop'];
      for (const [i, action] of actions.entries()) {
        const before = sandbox.apiRequests.length;
        assert.equal((await fetch(`${red.url}/inject/tab1-ex1-i${i}`, { method: 'POST' })).status, 200);
        await until(() => sandbox.apiRequests.length > before, `${action} to reach the sandbox`);
        if (action === 'start') await until(() => sandbox.stream('meeting', '85746065123')!.live, 'the stream to be live');
      }
      await until(() => !sandbox.stream('meeting', '85746065123')!.live, 'the stream to stop');
      const record = sandbox.stream('meeting', '85746065123')!;
      assert.equal(record.stream_key, 'example-stream-key-0000', 'the example runs as it is: its inject gives the key');
      assert.equal(record.settings.layout, 'gallery_view');
      assert.equal(sandbox.tokenRequests, 1);
    });

    it('the catch example turns a Zoom error into code and hint', async () => {
      const before = sandbox.apiRequests.length;
      assert.equal((await fetch(`${red.url}/inject/tab3-ex3-i0`, { method: 'POST' })).status, 200);
      await until(() => sandbox.apiRequests.length > before, 'the webinar start');
      assert.match(sandbox.apiRequests.at(-1)!.path, /webinars\/93000000001\/livestream\/status/);
      // What the example documents is what it shows: the code, the hint and the tracking id.
      const shown = /\[debug:zoom error\][^{]*\{[^}]*\}/;
      await until(() => shown.test(red.output()), `the debug node:\n${red.output()}`);
      const object = shown.exec(red.output())![0];
      assert.match(object, /code: 200/);
      assert.match(object, /hint: 'The meeting or webinar has not started yet/);
      assert.match(object, /trackingId: 'sbx_[0-9a-f]+'/);
    });

    it('flows exported by the admin API carry no credentials', async () => {
      const flows = await (await fetch(`${red.url}/flows`, { headers: { 'Node-RED-API-Version': 'v2' } })).text();
      assert.match(flows, /zoom-account/);
      assertNoSecrets(flows);
    });

    it('prints no secret in its log', () => {
      assertNoSecrets(red.output());
    });
  });
}
