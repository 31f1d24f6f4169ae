/**
 * The resident controller against the sandbox (real HTTP) and a MediaMTX stand-in whose path the
 * test turns on and off, on a manual clock: every loop asleep means the controller is idle, and the
 * test moves time to the next wake-up. Nothing here waits for real time to pass.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FleetController } from '../../../core/control/controller.js';
import type { Alert, Transition } from '../../../core/control/states.js';
import { readStreamsFile } from '../../../core/fleet/file.js';
import { until } from '../../../harness/until.js';
import { startSandbox, type Sandbox } from '../../../sandbox/server.js';
import { streamRecord } from '../../../sandbox/streams.js';
import { ManualClock } from '../../helpers/clock.js';
import { sandboxClient } from '../../helpers/sandbox.js';

const KEY = 'ctl-key-4711';

/** MediaMTX's path read: online, with bytes that grow by 100 kB per read while the publisher sends. */
async function mediamtx(): Promise<{ url: string; online: boolean; sending: boolean; failing: boolean; close(): Promise<void> }> {
  let bytes = 0;
  const state = { online: false, sending: true, failing: false };
  const server = http.createServer((_req, res) => {
    if (state.failing) return void res.writeHead(503).end();
    if (state.online && state.sending) bytes += 100_000;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ready: state.online, bytesReceived: bytes }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

describe('control: the resident controller', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let destination: Awaited<ReturnType<typeof mediamtx>>;
  let controller: FleetController | undefined;
  const transitions: Transition[] = [];
  const alerts: Alert[] = [];

  beforeEach(async () => {
    transitions.length = 0;
    alerts.length = 0;
    const record = {
      ...streamRecord('meeting', '86100000001', false),
      configured: true,
      stream_url: 'rtmp://127.0.0.1/live',
      stream_key: KEY,
      page_url: 'https://e.com/l',
    };
    sandbox = await startSandbox({ streams: [record] });
    destination = await mediamtx();
  });
  afterEach(async () => {
    await controller?.stop();
    controller = undefined;
    await destination.close();
    await sandbox.close();
  });

  function run(clock: ManualClock, options: { restartAfterMs?: number; maxRestarts?: number } = {}) {
    const [entry] = readStreamsFile(
      `streams:\n  - name: room-a\n    meeting: 86100000001\n    stream-url: rtmp://127.0.0.1/live\n    stream-key: \${KEY}\n    page-url: https://e.com/l\n    confirm: { kind: mediamtx, url: "${destination.url}", timeout: 30s }\n`,
      { env: { KEY }, readSecretFile: () => '' },
    );
    const client = sandboxClient(sandbox, { clock });
    controller = new FleetController(client, [entry!], {
      clock,
      pollIntervalMs: 15_000,
      dueMs: 20 * 60_000,
      watchEveryMs: 15_000,
      reconcileEveryMs: 10 * 60_000,
      maxRestarts: options.maxRestarts ?? 3,
      ...(options.restartAfterMs !== undefined ? { restartAfterMs: options.restartAfterMs } : {}),
      onTransition: (t) => transitions.push(t),
      onAlert: (a) => alerts.push(a),
      log: () => undefined,
    });
    controller.start();
    return controller;
  }

  /** Moves time on, wake-up by wake-up, until `done` holds: the entry's loop and the reconcile loop both asleep each time. */
  async function advanceUntil(clock: ManualClock, done: () => boolean, what: string): Promise<void> {
    for (let steps = 0; !done(); steps++) {
      if (steps > 500) throw new Error(`never: ${what} (${transitions.map((t) => t.to).join(' > ')})`);
      await until(() => clock.sleeping >= 2 || done(), `the controller to be idle (${what})`);
      if (!done()) clock.next();
    }
  }
  const states = () => transitions.map((t) => t.to);
  const starts = () =>
    sandbox.requests.filter((r) => r.path.endsWith('/livestream/status') && (r.json as { action?: string })?.action === 'start');
  const stops = () =>
    sandbox.requests.filter((r) => r.path.endsWith('/livestream/status') && (r.json as { action?: string })?.action === 'stop');

  it('starts the stream when the host starts the meeting, confirms it receiving, reports a drop and the recovery', async () => {
    const clock = new ManualClock();
    run(clock);
    await advanceUntil(clock, () => states().includes('waiting') || states().includes('scheduled'), 'waiting for the host');
    assert.equal(starts().length, 0);
    sandbox.hostStarts('meeting', '86100000001');
    await advanceUntil(clock, () => starts().length === 1, 'the start');
    // Zoom publishes once the start is accepted.
    destination.online = true;
    await advanceUntil(clock, () => states().includes('receiving'), 'receiving');
    assert.deepEqual(states().slice(-4), ['starting', 'accepted', 'publishing', 'receiving']);
    assert.equal(starts().length, 1);
    assert.equal(transitions.at(-1)!.target, 'meeting 86100000001');

    destination.online = false;
    await advanceUntil(clock, () => states().includes('dropped'), 'the drop');
    assert.deepEqual(
      alerts.map((a) => a.event),
      ['dropped'],
    );
    assert.match(alerts[0]!.text, /^room-a \(meeting 86100000001\): dropped: the destination lists no publisher$/);
    destination.online = true;
    await advanceUntil(clock, () => alerts.some((a) => a.event === 'recovered'), 'the recovery');
    assert.equal(transitions.at(-1)!.from, 'dropped');
    assert.match(transitions.at(-1)!.to, /^(publishing|receiving)$/);
    assert.equal(starts().length, 1, 'restart-after is off: a drop is only reported');
    assert.equal(stops().length, 0);
  });

  it('a failed read of the destination is unknown, never dropped', async () => {
    const clock = new ManualClock();
    sandbox.hostStarts('meeting', '86100000001');
    destination.online = true;
    run(clock);
    await advanceUntil(clock, () => states().includes('publishing'), 'adopted');
    destination.failing = true;
    await advanceUntil(clock, () => states().includes('unknown'), 'unknown');
    assert.ok(!states().includes('dropped'));
    assert.deepEqual(alerts, []);
  });

  it('adopts a stream already live when it begins (a restart of the controller): no start is sent', async () => {
    const clock = new ManualClock();
    sandbox.hostStarts('meeting', '86100000001');
    destination.online = true;
    run(clock);
    await advanceUntil(clock, () => states().includes('receiving'), 'receiving');
    assert.equal(transitions[0]!.reason, 'already publishing at the destination: adopted, not restarted');
    assert.equal(starts().length, 0);
  });

  it('restarts a drop that lasts (stop, then a start 30 s after the previous one), at most max-restarts times, then says they are spent', async () => {
    const clock = new ManualClock();
    sandbox.hostStarts('meeting', '86100000001');
    run(clock, { restartAfterMs: 60_000, maxRestarts: 2 });
    await advanceUntil(clock, () => starts().length === 1, 'the start');
    destination.online = true;
    await advanceUntil(clock, () => states().includes('receiving'), 'receiving');
    destination.online = false;
    await advanceUntil(clock, () => alerts.some((a) => a.event === 'failed'), 'the restarts spent');
    assert.deepEqual(
      alerts.map((a) => a.event),
      ['dropped', 'restarting', 'dropped', 'restarting', 'dropped', 'failed'],
    );
    assert.match(alerts.at(-1)!.reason, /the 2 restarts are spent/);
    assert.equal(stops().length, 2);
    assert.equal(starts().length, 3, 'the first start and two restarts');
    assert.equal(transitions.at(-1)!.to, 'dropped', 'the entry stays dropped');
    const startedAt = transitions.filter((t) => t.to === 'starting').map((t) => Date.parse(t.time));
    for (let i = 1; i < startedAt.length; i++) assert.ok(startedAt[i]! - startedAt[i - 1]! >= 30_000, `starts ${startedAt.join(', ')}`);
  });

  it('forgets the stream when the meeting ends, and stop() leaves every stream as it is', async () => {
    const clock = new ManualClock();
    sandbox.hostStarts('meeting', '86100000001');
    destination.online = true;
    run(clock);
    await advanceUntil(clock, () => states().includes('receiving'), 'receiving');
    sandbox.hostEnds('meeting', '86100000001');
    await advanceUntil(clock, () => states().includes('stopped'), 'stopped');
    assert.equal(transitions.find((t) => t.to === 'stopped')!.reason, 'the meeting ended');
    const sent = sandbox.requests.length;
    await controller!.stop();
    controller = undefined;
    assert.equal(stops().length, 0, 'nothing stopped by the controller');
    assert.equal(sandbox.requests.length, sent);
  });

  it("Zoom's event starts the entry at once, whatever its window, without waiting for the next poll", async () => {
    // Scheduled two days on: its window is closed, the loop would read it again in 10 minutes.
    Object.assign(sandbox.stream('meeting', '86100000001')!, { scheduledAt: Date.now() + 2 * 24 * 3_600_000, durationMinutes: 60 });
    const clock = new ManualClock();
    run(clock);
    await advanceUntil(clock, () => states().includes('scheduled') || clock.sleeping >= 2, 'idle');
    const before = clock.now();
    sandbox.hostStarts('meeting', '86100000001');
    assert.equal(controller!.notify({ event: 'meeting.started', kind: 'meeting', id: '86100000001', payload: {} }), true);
    assert.equal(controller!.notify({ event: 'meeting.started', kind: 'meeting', id: '999', payload: {} }), false, 'no entry of its');
    await until(() => starts().length === 1, 'the start');
    assert.equal(clock.now(), before, 'no time passed: the event, not a poll, started it');
    destination.online = true;
    await advanceUntil(clock, () => states().includes('receiving'), 'receiving');
    sandbox.hostEnds('meeting', '86100000001');
    controller!.notify({ event: 'meeting.ended', kind: 'meeting', id: '86100000001', payload: {} });
    await until(() => states().includes('stopped'), 'stopped');
    assert.equal(transitions.find((t) => t.to === 'stopped')!.reason, "Zoom's event: the meeting ended");
  });

  it('a meeting that runs past its scheduled end is still watched: only its read saying it ended forgets it', async () => {
    Object.assign(sandbox.stream('meeting', '86100000001')!, { scheduledAt: Date.now() - 3 * 3_600_000, durationMinutes: 60 });
    sandbox.hostStarts('meeting', '86100000001');
    destination.online = true;
    const clock = new ManualClock();
    run(clock);
    await advanceUntil(clock, () => states().includes('receiving'), 'receiving');
    const at = clock.now();
    await advanceUntil(clock, () => clock.now() - at > 5 * 60_000, 'five minutes of watching');
    assert.ok(!states().includes('stopped'), states().join(' > '));
  });

  it('applies the file before any start: a stream not yet configured in Zoom starts once, configured', async () => {
    Object.assign(sandbox.stream('meeting', '86100000001')!, { configured: false, stream_url: '', stream_key: '', page_url: '' });
    sandbox.hostStarts('meeting', '86100000001');
    // The apply's read of the stream is slow: a start sent meanwhile would meet "not configured".
    sandbox.inject({ fault: { kind: 'delay', ms: 500 }, path: '/livestream', times: 1 });
    const clock = new ManualClock();
    run(clock);
    await advanceUntil(clock, () => states().includes('accepted') || states().includes('failed'), 'the start');
    assert.deepEqual(states().slice(0, 2), ['starting', 'accepted']);
    assert.equal(sandbox.stream('meeting', '86100000001')!.stream_key, KEY);
  });

  it('a start that keeps failing is tried again every poll, alerted once while its reason stays the same', async () => {
    Object.assign(sandbox.stream('meeting', '86100000001')!, { hostId: 'host-without-streaming' });
    sandbox.hostStarts('meeting', '86100000001');
    const clock = new ManualClock();
    run(clock);
    await advanceUntil(clock, () => starts().length >= 4, 'four tries');
    assert.deepEqual(
      alerts.map((a) => a.event),
      ['failed'],
    );
    assert.match(alerts[0]!.reason, /the start failed: .*Custom live streaming is not enabled/);
    assert.equal(states().filter((s) => s === 'failed').length, 1, states().join(' > '));
  });
});
