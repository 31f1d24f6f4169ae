/**
 * The zoom-webhook node in a real Node-RED process (4 on Node 20, 5 on Node 22), with Node-RED's
 * default settings (admin and HTTP nodes both at "/", where the admin's JSON parser would eat the
 * body) and with httpNodeRoot elsewhere behind a user middleware. Zoom's side is the sandbox.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { nodeRedFiveNode } from '../../harness/runtimes.js';
import { liveStreamFlowNode, sandboxAccountNode } from '../../harness/flows.js';
import { startNodeRed, type RunningNodeRed } from '../../harness/node-red-runner.js';
import { SANDBOX_CLIENT, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { until } from '../../harness/until.js';

const runtime =
  process.env.ZOOM_NODE_RED === '5'
    ? { node: nodeRedFiveNode()!, pkg: 'node-red-5', major: 5 }
    : { node: process.execPath, pkg: 'node-red', major: 4 };
const SECRET = 'webhook-secret-token-7c1d';
const STREAM_KEY = 'webhook-stream-key-4455';
const LATE = '81000000001';

/** Zoom's signature, computed here independently of core. */
function signed(body: string, secret = SECRET, at = Date.now()): Record<string, string> {
  const ts = String(Math.floor(at / 1000));
  return {
    'content-type': 'application/json',
    'x-zm-request-timestamp': ts,
    'x-zm-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`,
  };
}

const eventBody = (n: number, id = '85746065123') =>
  `{"event":"meeting.started","event_ts":${1795521600000 + n},"payload":{"account_id":"acc","object":{"id":${id},"uuid":"u${n}","topic":"T"}}}`;

/**
 * A flow: zoom-webhook -> zoom live stream (start, for meeting.started) and a debug node printing
 * every emitted msg to the log. With `get`, each emitted event costs one sandbox request, so the
 * sandbox counts emissions.
 */
function flows(sandbox: Sandbox, action: 'start' | 'get', url = '/zoom/events', events: string[] = []) {
  return [
    { id: 't', type: 'tab', label: 'webhooks' },
    // Paced far above the 100 events/s of the load test, so the flow keeps up with it.
    sandboxAccountNode(sandbox, { rate: '1000' }),
    { id: 'hook', z: 't', type: 'zoom-webhook', url, events, wires: [['sw', 'log', 'count']] },
    // Counts each emitted event by its uuid in global context, which the admin API reads back.
    {
      id: 'count',
      z: 't',
      type: 'function',
      func: "const key = 'emitted_' + msg.payload.object.uuid; global.set(key, (global.get(key) || 0) + 1); return null;",
      outputs: 1,
      wires: [[]],
    },
    {
      id: 'sw',
      z: 't',
      type: 'switch',
      property: 'topic',
      rules: [{ t: 'eq', v: 'meeting.started', vt: 'str' }],
      outputs: 1,
      wires: [['z']],
    },
    liveStreamFlowNode('z', { z: 't', action }),
    { id: 'log', z: 't', type: 'debug', active: true, tosidebar: false, console: true, complete: 'true', wires: [] },
  ];
}

describe(`node-red: zoom-webhook in a real Node-RED ${runtime.major} process`, function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  let red: RunningNodeRed | undefined;

  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(async () => {
    await red?.stop();
    red = undefined;
    await sandbox.close();
  });

  const start = async (action: 'start' | 'get', extra: Parameters<typeof startNodeRed>[0] = {}, url?: string, events?: string[]) => {
    red = await startNodeRed({
      node: runtime.node,
      nodeRedPackage: runtime.pkg,
      flows: flows(sandbox, action, url, events),
      credentials: { acc: SANDBOX_CLIENT, hook: { secretToken: SECRET } },
      ...extra,
    });
    return red;
  };
  const post = (url: string, body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', body, headers }).then(async (r) => ({ status: r.status, text: await r.text() }));
  /** How many times the flow received the event of eventBody(n). */
  const emitted = async (n: number) => {
    // An unset key reads back as "undefined".
    const count = Number(((await (await fetch(`${red!.url}/context/global/emitted_u${n}`)).json()) as { msg?: string }).msg);
    return Number.isFinite(count) ? count : 0;
  };
  /**
   * Delivers a marker event and waits until the flow has it: the node emits in arrival order, so
   * whatever an earlier delivery was going to emit has been emitted by then.
   */
  const settled = async (endpoint: string) => {
    const marker = eventBody(999, '85746065199');
    assert.equal((await post(endpoint, marker, signed(marker))).status, 204);
    await until(async () => (await emitted(999)) === 1, 'the marker event');
  };

  it('passes Zoom URL validation; a sandbox meeting goes live when its host starts it, with one start request', async () => {
    const { url } = await start('start');
    const record = sandbox.stream('meeting', LATE)!;
    Object.assign(record, {
      configured: true,
      stream_url: 'rtmp://live.example.com/app',
      stream_key: STREAM_KEY,
      page_url: 'https://p.example',
    });
    assert.equal(await sandbox.subscribe(`${url}/zoom/events`, SECRET), true, 'validated');
    sandbox.hostStarts('meeting', LATE);
    await until(() => record.live, 'the stream to go live');
    // How soon is measured by `npm run bench` (time to live through the webhook); here, one start did it.
    assert.equal(sandbox.apiRequests.filter((r) => r.path.endsWith('/livestream/status')).length, 1, 'one start request');
    // The live_streaming_started event that follows reaches the flow with its stream key masked.
    await until(() => red!.output().includes('meeting.live_streaming_started'), 'the live streaming event in the log');
    await sandbox.deliveriesSettled();
    assert.ok(!red!.output().includes(STREAM_KEY), 'the stream key is masked in the emitted payload');
    assert.match(red!.output(), /meetingId: '81000000001'|"meetingId":"81000000001"/);
    assert.ok(
      sandbox.deliveries.every((d) => d.status === 204),
      JSON.stringify(sandbox.deliveries),
    );
    assert.ok(!red!.output().includes(SECRET));
  });

  it("the websocket source: the meeting goes live when its host starts it, with no public endpoint (Zoom's WebSocket)", async () => {
    const socketFlows = flows(sandbox, 'start').map((node) =>
      node.id === 'hook' ? { ...node, source: 'websocket', account: 'acc', subscriptionId: 'sub-red', wsUrl: sandbox.wsUrl } : node,
    );
    // Node 20 has Node's WebSocket behind a flag; Node 22 and later have it on.
    await start('start', {
      flows: socketFlows,
      env: Number(process.versions.node.split('.')[0]) < 22 ? { NODE_OPTIONS: '--experimental-websocket' } : {},
    });
    const record = sandbox.stream('meeting', LATE)!;
    Object.assign(record, { configured: true, stream_url: 'rtmp://live.example.com/app', stream_key: STREAM_KEY });
    await until(() => sandbox.eventSockets.connected === 1, `the connection\n${red!.output()}`);
    sandbox.hostStarts('meeting', LATE);
    await until(() => record.live, 'the stream to go live');
    assert.equal(sandbox.apiRequests.filter((r) => r.path.endsWith('/livestream/status')).length, 1, 'one start request');
    assert.doesNotMatch(red!.output(), /access_token|sbx_at_/);
    await red!.stop();
    red = undefined;
    assert.equal(sandbox.eventSockets.connected, 0, 'Node-RED let go of the connection');
  });

  it('a wrong secret token fails Zoom URL validation', async () => {
    const { url } = await start('get');
    assert.equal(await sandbox.subscribe(`${url}/zoom/events`, 'not-the-secret'), false);
  });

  it('refuses forged, stale, unsigned, non-JSON and oversized deliveries, emitting nothing; a repeat is emitted once', async () => {
    const { url } = await start('get');
    const endpoint = `${url}/zoom/events`;
    const body = eventBody(1);
    const cases: [string, string, Record<string, string>, number][] = [
      ['unsigned', body, { 'content-type': 'application/json' }, 401],
      ['forged', body, signed(body, 'guessed-secret'), 401],
      ['tampered', body.replace('"T"', '"X"'), signed(body), 401],
      ['stale (replayed)', body, signed(body, SECRET, Date.now() - 10 * 60_000), 401],
      ['not JSON', 'event=meeting.started', signed('event=meeting.started'), 400],
      ['oversized', `{"event":"x","pad":"${'x'.repeat(70_000)}"}`, { 'content-type': 'application/json' }, 413],
    ];
    for (const [what, text, headers, status] of cases) {
      const answer = await post(endpoint, text, headers);
      assert.equal(answer.status, status, `${what}: ${answer.text}`);
      assert.ok(!answer.text.includes(SECRET));
    }
    await settled(endpoint);
    assert.equal(await emitted(1), 0, 'nothing refused reached the flow');
    // The first refusal is logged at once, the rest counted for a summary a minute later.
    assert.match(red!.output(), /refused a delivery to \/zoom\/events: no x-zm-signature header/);
    assert.doesNotMatch(red!.output(), /x-zm-signature does not match/);
    assert.ok(!red!.output().includes(SECRET), 'warnings carry no secret');
    // A valid one, then Zoom's retry of it (new timestamp, same event): one emission.
    assert.equal((await post(endpoint, body, signed(body))).status, 204);
    assert.equal((await post(endpoint, body, signed(body, SECRET, Date.now() + 1_000))).status, 204);
    await settled(endpoint);
    assert.equal(await emitted(1), 1, 'the event and its repeat: one emission');
  });

  it('a second node on the same path is told that the first one receives the deliveries', async () => {
    await start('get', {
      flows: [
        { id: 't', type: 'tab', label: 'twins' },
        { id: 'hook', z: 't', type: 'zoom-webhook', url: '/zoom/events', events: [], wires: [[]] },
        { id: 'twin', z: 't', type: 'zoom-webhook', url: 'zoom/events/', events: [], wires: [[]] },
      ],
    });
    assert.match(
      red!.output(),
      /another node \(an http in or zoom-webhook node\) already serves POST \/zoom\/events: this endpoint is off/,
    );
  });

  it('emits only the events ticked; acknowledges the others', async () => {
    const { url } = await start('get', {}, '/zoom/events', ['meeting.ended']);
    const started = eventBody(2);
    assert.equal((await post(`${url}/zoom/events`, started, signed(started))).status, 204);
    const ended = eventBody(4).replace('meeting.started', 'meeting.ended');
    assert.equal((await post(`${url}/zoom/events`, ended, signed(ended))).status, 204);
    await until(async () => (await emitted(4)) === 1, 'the meeting.ended event');
    assert.equal(await emitted(2), 0, 'meeting.started was not emitted');
  });

  it('honours httpNodeRoot and the user HTTP node middleware (a header check in front)', async () => {
    const { url } = await start(
      'get',
      {
        settings: { httpNodeRoot: '/hooks', httpAdminRoot: '/admin' },
        settingsSource: `module.exports.httpNodeMiddleware = function (req, res, next) { if (req.headers['x-gate'] !== 'open') return res.status(403).end(); next(); };`,
      },
      'zoom/events',
    );
    const body = eventBody(3);
    assert.equal((await post(`${url}/hooks/zoom/events`, body, signed(body))).status, 403, 'the middleware runs');
    assert.equal((await post(`${url}/hooks/zoom/events`, body, { ...signed(body), 'x-gate': 'open' })).status, 204);
    await until(() => sandbox.apiRequests.length === 1, 'the emitted event');
  });

  for (const [what, settings, url, admin] of [
    ['the default roots', {}, '/flows', ''],
    ['httpAdminRoot /admin', { httpAdminRoot: '/admin' }, '/admin/flows', '/admin'],
  ] as const) {
    it(`a webhook URL on the editor's admin API (${url}, ${what}) is refused; deploys keep working`, async () => {
      await start('get', {
        settings,
        flows: [
          { id: 't', type: 'tab', label: 'collision' },
          { id: 'hook', z: 't', type: 'zoom-webhook', url, events: [], wires: [[]] },
        ],
      });
      assert.match(
        red!.output(),
        new RegExp(`${url.replace(/\//g, '\\/')} is a path of Node-RED's editor \\(its admin API\\): this endpoint is off`),
      );
      // A deploy larger than the capture's 64 KB limit, through the path the node asked for.
      const flows = [
        { id: 't', type: 'tab', label: 'collision', info: 'x'.repeat(70_000) },
        { id: 'hook', z: 't', type: 'zoom-webhook', url, events: [], wires: [[]] },
      ];
      const deployed = await fetch(`${red!.url}${admin}/flows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'full' },
        body: JSON.stringify(flows),
      });
      assert.equal(deployed.status, 204, await deployed.text());
    });
  }

  it('a burst of 1,000 distinct events: each acknowledged with 204 and emitted exactly once', async () => {
    // How fast it acknowledges is measured by `npm run bench` (webhook load), not here.
    const ids = Array.from({ length: 50 }, (_, i) => String(86_100_000_000 + i));
    const { url } = await start('get');
    const endpoint = `${url}/zoom/events`;
    const statuses = new Map<number, number>();
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          const body = eventBody(1_000 + batch * 100 + i, ids[i % ids.length]);
          const { status } = await post(endpoint, body, signed(body));
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }),
      );
    }
    assert.deepEqual([...statuses], [[204, 1_000]]);
    await settled(endpoint);
    // One read at a time: a thousand at once would be a load test of the admin API.
    const counts: number[] = [];
    for (let n = 0; n < 1_000; n++) counts.push(await emitted(1_000 + n));
    assert.deepEqual(
      counts.map((c, n) => [n, c]).filter(([, c]) => c !== 1),
      [],
      'each of the 1,000 distinct events emitted exactly once',
    );
  });
});
