/**
 * The packed tarball installed the way the palette manager does it (npm install <tarball> in a
 * fresh user directory), then a real Node-RED started on it: both node types registered, enabled.
 */
import assert from 'node:assert/strict';
import { until } from '../../harness/until.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeRedFiveNode } from '../../harness/runtimes.js';
import { ROOT } from '../../harness/root.js';
import { liveStreamFlowNode, sandboxAccountNode } from '../../harness/flows.js';
import { PACKAGE_NAME, startNodeRed, type RunningNodeRed } from '../../harness/node-red-runner.js';
import { SANDBOX_CLIENT, startSandbox } from '../../sandbox/server.js';

const five = process.env.ZOOM_NODE_RED === '5';

describe(`release: the tarball installed into a fresh Node-RED ${five ? 5 : 4} user directory`, function () {
  this.timeout(120_000);
  let userDir: string;
  let red: RunningNodeRed;

  before(async () => {
    userDir = mkdtempSync(join(tmpdir(), 'zoom-install-'));
    writeFileSync(
      join(userDir, 'package.json'),
      JSON.stringify({ name: 'node-red-project', description: 'A Node-RED project', version: '0.0.1', private: true }),
    );
    const [tarball] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', userDir], { cwd: ROOT, encoding: 'utf8' }),
    ) as { filename: string }[];
    // As the palette manager runs it: in the user directory, production only, no scripts.
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--omit=dev', '--ignore-scripts', '--no-package-lock', join(userDir, tarball!.filename)],
      { cwd: userDir, stdio: 'pipe' },
    );
    red = await startNodeRed({
      userDir,
      node: five ? nodeRedFiveNode()! : process.execPath,
      nodeRedPackage: five ? 'node-red-5' : 'node-red',
    });
  });

  after(async () => {
    await red?.stop();
    rmSync(userDir, { recursive: true, force: true });
  });

  it('GET /nodes lists the four types from the installed package, enabled', async () => {
    const sets = await red.nodeSets();
    const ours = sets.find((s) => s.module === PACKAGE_NAME);
    assert.ok(ours, red.output());
    assert.equal(ours.enabled, true);
    assert.equal(ours.err, undefined);
    assert.deepEqual([...ours.types].sort(), ['zoom-account', 'zoom-destination', 'zoom-livestream', 'zoom-webhook']);
  });

  it('a flow of two nodes, zoom-webhook -> zoom live stream, makes a sandbox meeting go live when its host starts it', async () => {
    const sandbox = await startSandbox();
    try {
      const record = sandbox.stream('meeting', '81000000001')!;
      Object.assign(record, {
        configured: true,
        stream_url: 'rtmp://live.example.com/app',
        stream_key: 'k-tarball-1',
        page_url: 'https://p',
      });
      const secretToken = 'tarball-webhook-secret';
      const flows = [
        { id: 't', type: 'tab', label: 'go live' },
        sandboxAccountNode(sandbox, { credentials: SANDBOX_CLIENT }),
        {
          id: 'hook',
          z: 't',
          type: 'zoom-webhook',
          url: '/zoom',
          events: ['meeting.started'],
          credentials: { secretToken },
          wires: [['go']],
        },
        liveStreamFlowNode('go', { z: 't' }),
      ];
      const deployed = await fetch(`${red.url}/flows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'full' },
        body: JSON.stringify(flows),
      });
      assert.equal(deployed.status, 204);
      // The deploy answers before the new flow has started: the endpoint is up once it refuses an unsigned POST.
      await until(async () => (await fetch(`${red.url}/zoom`, { method: 'POST', body: '{}' })).status === 401, 'the endpoint');
      assert.equal(await sandbox.subscribe(`${red.url}/zoom`, secretToken), true, 'URL validation passed');
      sandbox.hostStarts('meeting', '81000000001');
      await until(() => record.live, `the stream to go live:\n${red.output()}`);
      // Nothing unsigned gets in: a forged meeting.started for another meeting starts nothing.
      const forged = '{"event":"meeting.started","event_ts":1,"payload":{"object":{"id":85746065123}}}';
      const answer = await fetch(`${red.url}/zoom`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: forged });
      assert.equal(answer.status, 401);
    } finally {
      await sandbox.close();
    }
  });

  it('lists the examples for Import > Examples', async () => {
    const modules = (await (await fetch(`${red.url}/library/examples/flows/`)).json()) as string[];
    assert.ok(modules.includes(PACKAGE_NAME), JSON.stringify(modules));
    const res = await fetch(`${red.url}/library/examples/flows/${PACKAGE_NAME}/01 - each action`);
    assert.equal(res.status, 200);
    const flow = (await res.json()) as { type: string }[];
    assert.ok(flow.some((n) => n.type === 'zoom-livestream'));
  });
});
