/**
 * The zoom-webhook node in a real Node-RED process (4 on Node 20, 5 on Node 22), with Node-RED's
 * default settings (admin and HTTP nodes both at "/", where the admin's JSON parser would eat the
 * body) and with httpNodeRoot elsewhere behind a user middleware. Zoom's side is the sandbox.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { nodeBinary } from '../../scripts/prerequisites.js';
import { liveStreamFlowNode, sandboxAccountNode, startNodeRed, type RunningNodeRed } from '../../sandbox/node-red-runner.js';
import { SANDBOX_CLIENT, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { percentile } from '../../bench/stats.js';

const runtime =
  process.env.ZOOM_NODE_RED === '5'
    ? { node: nodeBinary(22), pkg: 'node-red-5', major: 5 }
    : { node: process.execPath, pkg: 'node-red', major: 4 };
const SECRET = 'webhook-secret-token-7c1d';
const STREAM_KEY = 'webhook-stream-key-4455';
const LATE = '81000000001';

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

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
    { id: 'hook', z: 't', type: 'zoom-webhook', url, events, wires: [['sw', 'log']] },
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

  it('passes Zoom URL validation; a sandbox meeting goes live within a second of its host starting it', async () => {
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
    await until(() => record.live, 'the stream to go live', 5_000);
    assert.ok(record.liveAt! - record.startedAt! < 1_000, `${record.liveAt! - record.startedAt!} ms`);
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
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(sandbox.apiRequests.length, 0, 'nothing refused reached the flow');
    assert.match(red!.output(), /refused a delivery to \/zoom\/events: x-zm-signature does not match/);
    assert.ok(!red!.output().includes(SECRET), 'warnings carry no secret');
    // A valid one, then Zoom's retry of it (new timestamp, same event): one emission.
    assert.equal((await post(endpoint, body, signed(body))).status, 204);
    assert.equal((await post(endpoint, body, signed(body, SECRET, Date.now() + 1_000))).status, 204);
    await until(() => sandbox.apiRequests.length >= 1, 'the emitted event');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(sandbox.apiRequests.length, 1);
  });

  it('a second node on the same path is told that the first one receives the deliveries', async () => {
    await start('get', {
      flows: [
        { id: 't', type: 'tab', label: 'twins' },
        { id: 'hook', z: 't', type: 'zoom-webhook', url: '/zoom/events', events: [], wires: [[]] },
        { id: 'twin', z: 't', type: 'zoom-webhook', url: 'zoom/events/', events: [], wires: [[]] },
      ],
    });
    assert.match(red!.output(), /another zoom-webhook node already serves \/zoom\/events: only the first one receives/);
  });

  it('emits only the events ticked; acknowledges the others', async () => {
    const { url } = await start('get', {}, '/zoom/events', ['meeting.ended']);
    const started = eventBody(2);
    assert.equal((await post(`${url}/zoom/events`, started, signed(started))).status, 204);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!red!.output().includes('"u2"') && !red!.output().includes("'u2'"), 'meeting.started was not emitted');
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

  it('100 events a second for 10 s: each emitted once, acknowledged with p99 under 50 ms', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => String(86_100_000_000 + i));
    // The node alone: each emitted event counted in global context, read back by the admin API.
    const { url } = await start('get', {
      flows: [
        { id: 't', type: 'tab', label: 'load' },
        { id: 'hook', z: 't', type: 'zoom-webhook', url: '/zoom/events', events: [], wires: [['count']] },
        {
          id: 'count',
          z: 't',
          type: 'function',
          func: "global.set('emitted', (global.get('emitted') || 0) + 1); return null;",
          outputs: 1,
          wires: [[]],
        },
      ],
    });
    const endpoint = `${url}/zoom/events`;
    const acks: number[] = [];
    const statuses = new Map<number, number>();
    const sends: Promise<void>[] = [];
    const began = performance.now();
    for (let n = 0; n < 1_000; n++) {
      const due = began + n * 10;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const body = eventBody(1_000 + n, ids[n % ids.length]);
      const sent = performance.now();
      sends.push(
        post(endpoint, body, signed(body)).then(({ status }) => {
          acks.push(performance.now() - sent);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }),
      );
    }
    await Promise.all(sends);
    assert.deepEqual([...statuses], [[204, 1_000]]);
    const emitted = async () => Number(((await (await fetch(`${url}/context/global/emitted`)).json()) as { msg?: string }).msg ?? 0);
    const end = Date.now() + 10_000;
    while ((await emitted()) < 1_000 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await emitted(), 1_000, 'each of the 1,000 distinct events emitted exactly once');
    const p99 = percentile(acks, 99);
    assert.ok(p99 < 50, `acknowledgement p99 ${p99.toFixed(1)} ms`);
  });
});
