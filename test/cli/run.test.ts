/**
 * `zoom-livestream run` in this process against the sandbox, a MediaMTX stand-in and an alert
 * receiver, on a manual clock: the JSON lines, the alerts, the status server's pages, SIGHUP's
 * reload (a file with problems refused, the old one kept) and SIGTERM's exit 0 with every stream
 * left as it is.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { ALERT_DRAIN_MS } from '../../cli/run.js';
import { until } from '../../harness/until.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { streamRecord } from '../../sandbox/streams.js';
import { cliOAuthEnv } from '../helpers/sandbox.js';
import { runInProcess } from '../helpers/run-in-process.js';

const KEY = 'run-key-4711';
const ALERT_TOKEN = 'hooks-secret-T0K3N';

/** A server answering every request with `answer` (when its promise settles, if it holds), keeping each request's body. */
async function listening(answer: (req: http.IncomingMessage, body: string) => [number, string] | Promise<[number, string]>) {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => {
      bodies.push(body);
      void Promise.resolve(answer(req, body)).then(([status, text]) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(text),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('cli: zoom-livestream run', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let dir: string;
  let online = false;
  let bytes = 0;
  let destination: Awaited<ReturnType<typeof listening>>;
  let hooks: Awaited<ReturnType<typeof listening>>;

  beforeEach(async () => {
    online = false;
    const record = (id: string) => ({
      ...streamRecord('meeting', id, false),
      configured: true,
      stream_url: 'rtmp://127.0.0.1/live',
      stream_key: KEY,
      page_url: 'https://e.com/l',
    });
    sandbox = await startSandbox({ streams: [record('86200000001'), record('86200000002')] });
    destination = await listening(() => [200, JSON.stringify({ ready: online, bytesReceived: online ? (bytes += 50_000) : bytes })]);
    hooks = await listening(() => [200, '{}']);
    dir = mkdtempSync(join(tmpdir(), 'run-'));
  });
  /** Each run still going when its test ends (failed or timed out) gets its SIGTERM here. */
  const stillRunning = new Set<() => Promise<number>>();
  afterEach(async () => {
    for (const stop of stillRunning) await stop();
    stillRunning.clear();
    await Promise.all([sandbox.close(), destination.close(), hooks.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const entry = (name: string, id: string) =>
    `  - name: ${name}\n    meeting: ${id}\n    stream-url: rtmp://127.0.0.1/live\n    stream-key: \${KEY}\n    page-url: https://e.com/l\n`;
  const fileText = (entries: string) =>
    `defaults:\n  confirm: { kind: mediamtx, url: "${destination.url}", timeout: 30s }\nstreams:\n${entries}`;

  /** `run --file` with the file's text, the options and more environment (helpers/run-in-process.ts); its SIGTERM comes at the test's end. */
  async function startRun(text: string, args: string[], env: Record<string, string> = {}) {
    const file = join(dir, 'streams.yml');
    writeFileSync(file, text);
    const running = await runInProcess(['--file', file, ...args], { ...cliOAuthEnv(sandbox), KEY, ...env }, () =>
      sandbox.requests.map((r) => r.method + ' ' + r.path).join(', '),
    );
    const stop = () => {
      stillRunning.delete(stop);
      return running.stop();
    };
    stillRunning.add(stop);
    return { ...running, file, stop };
  }
  /** No confirm: (its ladder waits on the clock, which does not move in the event tests). */
  const runStill = (args: string[], env: Record<string, string> = {}) =>
    startRun(`streams:\n${entry('room-a', '86200000001')}`, ['--listen', '0', '--max-rate', '10000', ...args], env);

  it('starts, confirms, reports a drop with an alert, serves its pages, reloads on SIGHUP and exits 0 on SIGTERM leaving the stream live', async () => {
    const running = await startRun(fileText(entry('room-a', '86200000001')), [
      '--listen',
      '0',
      '--alert-url',
      `${hooks.url}/${ALERT_TOKEN}`,
    ]);
    const { file, base, advanceUntil, lines } = running;
    sandbox.hostStarts('meeting', '86200000001');
    await advanceUntil(() => sandbox.requests.some((r) => (r.json as { action?: string })?.action === 'start'), 2, 'the start');
    online = true;
    await advanceUntil(() => lines().some((l) => l.to === 'receiving'), 2, 'receiving');

    const metrics = await (await fetch(`${base}metrics`)).text();
    assert.match(metrics, /^zoomls_stream_state\{stream="room-a",state="receiving"\} 1$/m);
    assert.match(metrics, /^zoomls_stream_state\{stream="room-a",state="dropped"\} 0$/m);
    assert.match(metrics, /^# TYPE zoomls_stream_restarts_total counter$/m);
    const api = (await (await fetch(`${base}api/streams`)).json()) as { streams: { stream: string; state: string; destination: string }[] };
    assert.deepEqual(
      api.streams.map((s) => [s.stream, s.state, s.destination]),
      [['room-a', 'receiving', 'mediamtx']],
    );
    assert.equal((await fetch(`${base}livez`)).status, 200);
    assert.equal((await fetch(`${base}readyz`)).status, 200);
    const page = await (await fetch(base)).text();
    assert.match(page, /<td>room-a<\/td><td>meeting 86200000001<\/td><td><b>receiving<\/b>/);

    online = false;
    await advanceUntil(() => lines().some((l) => l.to === 'dropped'), 2, 'the drop');
    await until(() => hooks.bodies.length === 1, `the alert\n${running.err()}`);
    const alert = JSON.parse(hooks.bodies[0]!) as { event: string; text: string; stream: string };
    assert.equal(alert.event, 'dropped');
    assert.equal(alert.text, 'room-a (meeting 86200000001): dropped: the destination lists no publisher');

    // A file with a problem is refused, the old one keeps running; a good one adds its new entry.
    writeFileSync(file, fileText(`${entry('room-a', '86200000001')}  - name: room-b\n    meeting: 86200000002\n`));
    running.reload();
    assert.match(running.err(), /the file was not reloaded \(the old one keeps running\): .*room-b/);
    writeFileSync(file, fileText(entry('room-a', '86200000001') + entry('room-b', '86200000002')));
    running.reload();
    assert.match(running.err(), /reloaded 2 entries \(1 new, 0 no longer watched\)/);
    const watched = async () =>
      ((await (await fetch(`${base}api/streams`)).json()) as { streams: { stream: string }[] }).streams.map((e) => e.stream);
    assert.deepEqual(await watched(), ['room-a', 'room-b']);

    const stopsBefore = sandbox.requests.filter((r) => (r.json as { action?: string })?.action === 'stop').length;
    assert.equal(await running.stop(), 0);
    assert.match(running.err(), /stopped watching on SIGTERM; every stream was left as it is/);
    assert.equal(sandbox.requests.filter((r) => (r.json as { action?: string })?.action === 'stop').length, stopsBefore);
    assert.ok(sandbox.stream('meeting', '86200000001')!.live, 'the stream is still live');
    for (const text of [running.out(), running.err(), metrics, page]) {
      assert.doesNotMatch(text, new RegExp(`${KEY}|${ALERT_TOKEN}`));
    }
    await assert.rejects(fetch(`${base}livez`), 'the status server is closed');
  });

  it("names the file's settings as the file does: a destination refusing the credentials says the streams file's confirm.user", async () => {
    const refusing = await listening(() => [401, '{"error":"authentication error"}']);
    try {
      const text = `streams:\n${entry('room-a', '86200000001')}    confirm: { kind: mediamtx, url: "${refusing.url}", timeout: 10s, user: "\${MON_USER}", password: "\${MON_PASS}" }\n`;
      const running = await startRun(text, ['--listen', '0', '--alert-url', `${hooks.url}/${ALERT_TOKEN}`], {
        MON_USER: 'monitor',
        MON_PASS: 'monitor-pass-T0K3N',
      });
      sandbox.hostStarts('meeting', '86200000001');
      await running.advanceUntil(() => hooks.bodies.some((b) => b.includes('not confirmed')), 2, 'the not confirmed alert');
      const alert = JSON.parse(hooks.bodies.find((b) => b.includes('not confirmed'))!) as { text: string };
      assert.match(alert.text, /Check the streams file's confirm\.user and the streams file's confirm\.password/);
      assert.doesNotMatch(alert.text + running.out() + running.err(), /confirmUser|confirmPassword|\uE000|monitor-pass-T0K3N/);
      assert.equal(await running.stop(), 0);
    } finally {
      await refusing.close();
    }
  });

  it("SIGHUP moves alerts to the file's new alerts: url; SIGTERM lets an alert still out land before the exit", async () => {
    let release: (() => void) | undefined;
    // A receiver that holds its answers until the test lets them go.
    const slow = await listening(() => new Promise((resolve) => (release = () => resolve([200, '{}']))));
    const held = slow.bodies;
    const slowUrl = `${slow.url}/${ALERT_TOKEN}`;
    try {
      const withAlerts = (variable: string) => `alerts: { url: "\${${variable}}" }\n${fileText(entry('room-a', '86200000001'))}`;
      const running = await startRun(withAlerts('HOOK_A'), ['--listen', '0'], { HOOK_A: `${hooks.url}/a`, HOOK_B: slowUrl });
      sandbox.hostStarts('meeting', '86200000001');
      online = true;
      await running.advanceUntil(() => /"to":"receiving"/.test(running.out()), 2, 'receiving');
      writeFileSync(running.file, withAlerts('HOOK_B'));
      running.reload();
      assert.match(running.err(), /alerts go to the new alerts: url/);
      online = false;
      await running.advanceUntil(() => held.length === 1, 2, 'the drop alert at the new URL');
      assert.match(held[0]!, /"event":"dropped"/);
      const exit = running.stop();
      // Stopped: the alert still out is waited for (up to ALERT_DRAIN_MS on run's clock), not cancelled.
      await until(() => running.clock.sleepingFor(ALERT_DRAIN_MS) || /not delivered/.test(running.err()), 'the wait for the alert');
      assert.doesNotMatch(running.err(), /not delivered/);
      release!();
      assert.equal(await exit, 0);
      assert.doesNotMatch(running.err(), /not delivered/);
      assert.equal(hooks.bodies.length, 0, 'nothing went to the old URL');
      assert.doesNotMatch(running.out() + running.err(), new RegExp(ALERT_TOKEN));
    } finally {
      await slow.close();
    }
  });

  it('refuses bad options before anything is sent (exit 2)', async () => {
    const file = join(dir, 'streams.yml');
    writeFileSync(file, fileText(entry('room-a', '86200000001')));
    for (const [args, message] of [
      [['--watch-every', '2s'], /watch-every: must be from 5 s/],
      [['--restart-after', '5s'], /restart-after: must be from 10 s/],
      [['--max-restarts', 'many'], /max-restarts: must be a whole number/],
      [['--listen', 'here:there'], /listen: "here:there" is not an address/],
      [['--watch'], /Unknown option '--watch'/],
      [['--events', 'websocket', '--subscription-id', 'a&b'], /subscription-id: "a&b" is not a subscription ID/],
      [['--ws-url', 'wss://ws.example/ws?access_token=x'], /ws-url: .* is not a WebSocket URL without a query/],
      [['--events', 'websocket', '--ws-url', 'http://127.0.0.1:1/ws', '--subscription-id', 's'], /ws-url: .* is not a WebSocket URL/],
    ] as const) {
      let stderr = '';
      const code = await main(
        ['run', '--file', file, ...args],
        { ...cliOAuthEnv(sandbox), KEY },
        {
          stdout: () => undefined,
          stderr: (t) => (stderr += t),
          colour: false,
          onSignal: () => () => undefined,
        },
      );
      assert.equal(code, 2, stderr);
      assert.match(stderr, message);
    }
    assert.equal(sandbox.requests.length, 0);
  });

  const started = () => sandbox.requests.filter((r) => (r.json as { action?: string })?.action === 'start').length;

  it("--events webhook: Zoom's signed delivery on POST /zoom/webhook starts the stream at once (URL validation answered)", async () => {
    const secret = 'webhook-secret-token-99';
    const running = await runStill(['--events', 'webhook'], { ZOOM_WEBHOOK_SECRET_TOKEN: secret });
    await until(() => running.clock.sleeping >= 2, 'the controller to be idle');
    assert.equal(await sandbox.subscribe(`${running.base}zoom/webhook`, secret, []), true, 'URL validation answered');
    const before = running.clock.now();
    sandbox.hostStarts('meeting', '86200000001');
    await until(() => started() === 1, `the start\n${running.err()}`);
    assert.equal(running.clock.now(), before, 'no poll: the event started it');
    const metrics = await (await fetch(`${running.base}metrics`)).text();
    assert.match(metrics, /^zoomls_events_total\{source="webhook",event="meeting.started"\} 1$/m);
    assert.equal(await running.stop(), 0);
    assert.doesNotMatch(running.out() + running.err(), new RegExp(secret));
  });

  it("--events websocket: Zoom's WebSocket starts the stream at once, and a refused token means a new one and a read of what was missed", async function () {
    if (typeof (globalThis as { WebSocket?: unknown }).WebSocket !== 'function') {
      console.log(
        `      skipped: this Node (${process.version}) has no WebSocket client (Node 22 or later); the suites under Node 24 and 26 run it`,
      );
      this.skip();
    }
    const running = await runStill(['--events', 'websocket', '--subscription-id', 'sub-1', '--ws-url', sandbox.wsUrl]);
    await until(
      () => sandbox.eventSockets.connected === 1 && /connected/.test(running.err()) && running.clock.sleeping >= 2,
      'the WebSocket',
    );
    const before = running.clock.now();
    sandbox.hostStarts('meeting', '86200000001');
    await until(() => started() === 1, `the start\n${running.err()}`);
    assert.equal(running.clock.now(), before, 'no poll: the event started it');
    assert.match(await (await fetch(`${running.base}metrics`)).text(), /^zoomls_websocket_connected 1$/m);

    // The token expires: the next event is refused with "Token is invalid"; the client reconnects
    // with a new token and reads Zoom, which finds the meeting its lost event was about.
    sandbox.hostEnds('meeting', '86200000001');
    await until(() => /the meeting ended|token is no longer valid/.test(running.out() + running.err()), 'the end or the refusal');
    sandbox.expireTokens();
    sandbox.hostStarts('meeting', '86200000001');
    await until(() => /token is no longer valid/.test(running.err()), 'the refusal');
    // The reconnect waits 3 s on the clock: moved on once, to that wake-up (the earliest), and then
    // left alone, so no heartbeat's silence check can outrun the real connection.
    await until(() => sandbox.eventSockets.connected === 0 && /connecting again in 3 s/.test(running.err()), 'the old connection closed');
    running.clock.next();
    await until(() => /connected[\s\S]*connected/.test(running.err()), `the reconnect\n${running.err()}`);
    await until(() => started() === 2, `the second start\n${running.err()}`);
    assert.equal(await running.stop(), 0);
    assert.doesNotMatch(running.out() + running.err(), /access_token|sbx_at_/);
  });
});
