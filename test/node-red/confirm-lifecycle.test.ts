/**
 * What a zoom-destination's confirmation and watch do around stops, in Node-RED's runtime, against
 * a MediaMTX stand-in whose answers the test sets: a stop during the confirmation cancels it and
 * leaves no watch; only a confirmed start is watched; 200 start/stop cycles leave none; a missing
 * destination fails the message; durations are written as the other faces write them.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { until } from '../../harness/until.js';
import { SANDBOX_CLIENT, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { helper, livestreamNode, zoomNodes } from '../helpers/node-red.js';

const KEY = 'nr-life-SECRET-4242';
const MEETING = '85746065123';
const OTHER = '12345678901234567';
type Msg = Record<string, unknown>;

/** MediaMTX v1.13's path read; `mode` decides the answer, reads are counted per stream key. */
async function mediamtx() {
  const reads = new Map<string, number>();
  const bytes = new Map<string, number>();
  let mode: 'idle' | 'receiving' = 'idle';
  const server = http.createServer((req, res) => {
    const key = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
    reads.set(key, (reads.get(key) ?? 0) + 1);
    // Receiving: the byte count grows by 100 KB a read; idle: a publisher whose bytes never grow.
    if (mode === 'receiving') bytes.set(key, (bytes.get(key) ?? 0) + 100_000);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ online: true, inboundBytes: bytes.get(key) ?? 1 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reads: (key: string) => reads.get(key) ?? 0,
    set: (m: typeof mode) => (mode = m),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('node-red: a confirmation and its watch end with their stream', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let api: Awaited<ReturnType<typeof mediamtx>>;
  const results: Msg[] = [];
  const caught: Msg[] = [];

  beforeEach(async () => {
    sandbox = await startSandbox();
    api = await mediamtx();
    results.length = 0;
    caught.length = 0;
  });
  afterEach(async () => {
    await helper.unload();
    await sandbox.close();
    await api.close();
  });

  async function load(destination: Msg | null, destinationRef = 'dest') {
    const live = (id: string, target: string) =>
      livestreamNode(id, {
        z: 'f1',
        target,
        streamUrl: 'rtmp://127.0.0.1:1935/live',
        pageUrl: 'https://example.com/live',
        destination: destinationRef,
        wires: [['out'], ['events']],
      });
    await helper.load(
      zoomNodes,
      [
        { id: 'f1', type: 'tab' },
        { id: 'acc', type: 'zoom-account', authType: 'oauth', apiBaseUrl: sandbox.apiBaseUrl, oauthTokenUrl: sandbox.oauthTokenUrl },
        ...(destination
          ? [{ id: 'dest', type: 'zoom-destination', kind: 'mediamtx', url: api.url, level: 'receiving', ...destination }]
          : []),
        live('z1', MEETING),
        live('z2', OTHER),
        { id: 'out', z: 'f1', type: 'helper' },
        { id: 'events', z: 'f1', type: 'helper' },
        { id: 'catcher', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
        { id: 'caught', z: 'f1', type: 'helper' },
      ],
      { acc: { ...SANDBOX_CLIENT }, z1: { streamKey: KEY }, z2: { streamKey: `${KEY}-2` } },
    );
    helper.getNode('out').on('input', (m) => results.push(m));
    helper.getNode('caught').on('input', (m) => caught.push(m));
  }

  /** Runs a confirmed start of z2 and waits for two of its watch reads: any other watch has read by then too. */
  async function aWatchIntervalPasses() {
    api.set('receiving');
    const before = results.length;
    helper.getNode('z2').receive({});
    await until(() => results.length === before + 1, 'the start of the other meeting', 60_000);
    const confirmedAt = api.reads(`${KEY}-2`);
    await until(() => api.reads(`${KEY}-2`) >= confirmedAt + 2, "two of the other meeting's watch reads", 60_000);
  }

  it('a stop during the confirmation cancels it, says Zoom started the stream, and leaves no watch', async () => {
    await load({ timeout: '1m', watch: '5s' });
    helper.getNode('z1').receive({});
    await until(() => api.reads(KEY) >= 1, 'the confirmation to read the destination', 30_000);
    helper.getNode('z1').receive({ action: 'stop' });
    await until(() => results.length === 1 && caught.length === 1, 'the stop, and the start ended', 30_000);
    assert.equal((results[0]!.zoom as Msg).action, 'stop');
    const error = caught[0]!.error as Msg;
    assert.match(String(error.message), /cancelled before it completed: Zoom started the stream, then a stop for it came/);
    assert.equal(((caught[0]!.zoom as Msg).error as Msg).kind, 'cancelled');
    const readsAtStop = api.reads(KEY);
    await aWatchIntervalPasses();
    assert.equal(api.reads(KEY), readsAtStop, 'the stopped stream is still read');
  });

  it('an unconfirmed start gets no watch; 200 start/stop cycles leave none', async () => {
    await load({ timeout: '10s', watch: '5s' });
    helper.getNode('z1').receive({});
    await until(() => results.length === 1, 'the start, not confirmed', 60_000);
    assert.equal((results[0]!.payload as Msg).live, false);
    for (let i = 0; i < 200; i++) {
      helper.getNode('z1').receive({});
      helper.getNode('z1').receive({ action: 'stop' });
    }
    await until(() => results.length + caught.length === 401, 'every cycle to end', 90_000);
    const readsAfter = api.reads(KEY);
    await aWatchIntervalPasses();
    assert.equal(api.reads(KEY), readsAfter, 'a watch outlived its stop');
  });

  it('a destination node that is not deployed fails the start instead of a plain start', async () => {
    await load(null, 'gone-destination');
    helper.getNode('z1').receive({});
    await until(() => caught.length === 1, 'the failure', 30_000);
    assert.match(String((caught[0]!.error as Msg).message), /zoom-destination config node \(gone-destination\) that is not deployed/);
    assert.equal(sandbox.apiRequests.length, 0, 'a plain start was sent');
  });

  it('Timeout and Watch every take durations as the other faces write them; a wrong one is quoted', async () => {
    await load({ timeout: '20s', watch: '1m' });
    api.set('receiving');
    helper.getNode('z1').receive({});
    await until(() => results.length === 1, 'the start', 60_000);
    assert.equal((results[0]!.payload as Msg).live, true);
    assert.equal(((results[0]!.payload as Msg).confirmation as Msg).timeoutMs, 20_000);
    await helper.unload();
    results.length = 0;
    await load({ timeout: 'twenty' });
    const sent = sandbox.apiRequests.length;
    helper.getNode('z1').receive({});
    await until(() => caught.length === 1, 'the refusal', 30_000);
    assert.match(String((caught[0]!.error as Msg).message), /Timeout: "twenty" is not a duration/);
    assert.equal(sandbox.apiRequests.length, sent, 'nothing is sent');
  });
});
