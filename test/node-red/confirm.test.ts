/**
 * Confirmed live in Node-RED's runtime (4, and 5 in the Node 22 run), against a real nginx-rtmp and
 * real RTMP from the sandbox: a start through a zoom-destination reports live, then the watch sends
 * `dropped` once when the publisher goes away and `recovered` once when it comes back; a zoom-webhook
 * node's meeting.live_streaming_started raises the level of that meeting only.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startNginxRtmp, type NginxRtmp } from '../../harness/nginx-rtmp.js';
import { missingRtmp, SYSTEM_FFMPEG } from '../../harness/runtimes.js';
import { until } from '../../harness/until.js';
import { SANDBOX_CLIENT, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { helper, livestreamNode, zoomNodes } from '../helpers/node-red.js';
import { skipWithout } from '../helpers/skip.js';

const KEY = 'nr-key-SECRET-77aa';
const MEETING = '85746065123';
const OTHER = '12345678901234567';
const HOOK_SECRET = 'confirm-webhook-secret';
type Msg = Record<string, unknown>;

describe('node-red: confirmed live at a real nginx-rtmp, dropped and recovered', function () {
  this.timeout(120_000);
  let nginx: NginxRtmp;
  let sandbox: Sandbox;
  let httpNode: ((req: unknown, res: unknown, next: () => void) => void) | undefined;
  const results: Msg[] = [];
  const events: Msg[] = [];

  before(async function () {
    skipWithout(this, missingRtmp());
    nginx = await startNginxRtmp();
    await helper.startServer();
    const served = (helper as unknown as { _app: { use(a: unknown): void } })._app;
    served.use((req: unknown, res: unknown, next: () => void) => (httpNode ? httpNode(req, res, next) : next()));
  });
  after(async () => {
    await helper.stopServer();
    await nginx?.stop();
  });
  beforeEach(async () => {
    sandbox = await startSandbox({ ffmpeg: SYSTEM_FFMPEG });
    results.length = 0;
    events.length = 0;
  });
  afterEach(async () => {
    await helper.unload();
    await sandbox.close();
  });

  async function load(extra: Msg[] = [], extraCredentials: Msg = {}) {
    const nodes = (RED: { httpNode: typeof httpNode }) => {
      httpNode = RED.httpNode;
      return (zoomNodes as (r: unknown) => void)(RED);
    };
    const live = (id: string, target: string) =>
      livestreamNode(id, {
        target,
        streamUrl: nginx.rtmpUrl,
        pageUrl: 'https://example.com/live',
        destination: 'dest',
        wires: [['out'], ['events']],
      });
    await helper.load(
      nodes,
      [
        { id: 'acc', type: 'zoom-account', authType: 'oauth', apiBaseUrl: sandbox.apiBaseUrl, oauthTokenUrl: sandbox.oauthTokenUrl },
        { id: 'dest', type: 'zoom-destination', kind: 'nginx-rtmp', url: nginx.statUrl, level: 'receiving', timeout: '60', watch: '5' },
        live('z1', MEETING),
        live('z2', OTHER),
        { id: 'out', type: 'helper' },
        { id: 'events', type: 'helper' },
        ...extra,
      ],
      { acc: { ...SANDBOX_CLIENT }, z1: { streamKey: KEY }, z2: { streamKey: KEY.replace('77', '88') }, ...extraCredentials },
    );
    helper.getNode('out').on('input', (m) => results.push(m));
    helper.getNode('events').on('input', (m) => events.push(m));
  }
  const statuses = (id: string) => helper.getNode(id).status.args.map((a) => JSON.stringify(a[0]));

  it('a start reports live: true and receiving; the publisher goes: dropped once; it comes back: recovered once; a stop ends the watch', async () => {
    await load();
    helper.getNode('z1').receive({});
    await until(() => results.length === 1, 'the start to be confirmed', 60_000);
    const payload = results[0]!.payload as Msg;
    assert.equal(payload.live, true);
    assert.equal(payload.confirmed, 'receiving');
    assert.ok((payload.receivedBytes as number) > 0);
    assert.ok(
      statuses('z1').some((s) => /live \(receiving \d+ kbit\/s\)/.test(s)),
      statuses('z1').join('\n'),
    );

    sandbox.hostClientBlocked('meeting', MEETING, true);
    await until(() => events.length === 1, 'dropped', 60_000);
    assert.equal(events[0]!.topic, 'dropped');
    assert.deepEqual(
      { ...(events[0]!.payload as Msg), receivedBytes: undefined },
      {
        event: 'dropped',
        level: 'accepted',
        kind: 'meeting',
        id: MEETING,
        destination: 'nginx-rtmp',
        receivedBytes: undefined,
      },
    );
    assert.equal(events[0]!.meetingId, MEETING);
    assert.ok(statuses('z1').some((s) => s.includes('dropped (accepted)')));

    sandbox.hostClientBlocked('meeting', MEETING, false);
    await until(() => events.length === 2, 'recovered', 60_000);
    assert.equal(events[1]!.topic, 'recovered');
    assert.equal((events[1]!.payload as Msg).level, 'receiving');

    helper.getNode('z1').receive({ action: 'stop' });
    await until(() => results.length === 2, 'the stop');
    // The stop ended the watch: the publisher's going away is no drop (the next watch read would be in 5 s).
    helper.getNode('z1').receive({ action: 'get' });
    await until(() => results.length === 3, 'a later get');
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(events.length, 2);
    const shown = JSON.stringify([results, events, statuses('z1'), statuses('z2')]);
    assert.ok(!shown.includes(KEY), 'the stream key shows');
  });

  it("a zoom-webhook node's meeting.live_streaming_started raises that meeting's level to zoom-event, and no other's", async () => {
    await load([{ id: 'hook', type: 'zoom-webhook', url: '/zoom/confirm-events', events: [], wires: [[]] }], {
      hook: { secretToken: HOOK_SECRET },
    });
    const url = (helper as unknown as { url(): string }).url();
    const body = JSON.stringify({
      event: 'meeting.live_streaming_started',
      event_ts: Date.now(),
      payload: { object: { id: Number(MEETING), uuid: 'u1' } },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', HOOK_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    helper.getNode('z1').receive({});
    helper.getNode('z2').receive({});
    const delivered = await fetch(`${url}/zoom/confirm-events`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': ts, 'x-zm-signature': signature },
    });
    assert.equal(delivered.status, 204, await delivered.text());
    await until(() => results.length === 2, 'both starts confirmed', 60_000);
    const ladder = (id: string) =>
      (
        (results.find((m) => m.meetingId === id || (m.zoom as Msg).id === id)!.payload as Msg).confirmation as {
          ladder: { level: string }[];
        }
      ).ladder.map((l) => l.level);
    assert.deepEqual(ladder(MEETING), ['accepted', 'zoom-event', 'publishing', 'receiving']);
    assert.deepEqual(ladder(OTHER), ['accepted', 'publishing', 'receiving']);
  });
});
