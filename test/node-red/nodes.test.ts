/**
 * The bundled Node-RED nodes in the real Node-RED runtime (node-red-node-test-helper) against the
 * sandbox. Runs on Node-RED 4 (Node 20) and again on Node-RED 5 (Node 22).
 */
import assert from 'node:assert/strict';
import { SANDBOX_CLIENT, SANDBOX_TOKEN } from '../../sandbox/server.js';
import { streamRecord } from '../../sandbox/streams.js';
import { assertNoSecrets, STREAM, STREAM_KEY } from '../helpers/secrets.js';
import { useSandbox } from '../helpers/sandbox.js';
import { until } from '../../harness/until.js';
import { helper, livestreamNode, nodeRedVersion, zoomNodes, type HelperNode } from '../helpers/node-red.js';
import { watchUnhandled } from '../helpers/unhandled.js';

type Msg = Record<string, unknown>;

/** Status texts of a node, in order. */
const texts = (node: HelperNode) => node.status.args.map((a) => String((a[0] as Msg).text ?? ''));

/** Lets the callbacks already due run: a cancelled message settles within a few turns of the loop. */
async function drained(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

/** Collects what a helper node receives and resolves once `count` messages have arrived. */
function collect(node: HelperNode, count: number, timeoutMs = 30_000): Promise<Msg[]> {
  const got: Msg[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`received ${got.length} of ${count} messages`)), timeoutMs);
    node.on('input', (msg) => {
      got.push(msg);
      if (got.length === count) {
        clearTimeout(timer);
        resolve(got);
      }
    });
  });
}

describe(`node-red: zoom-account + zoom-livestream on Node-RED ${nodeRedVersion()} (Node ${process.versions.node})`, function () {
  this.timeout(20_000);
  const ctx = useSandbox();
  const unhandled = watchUnhandled();
  afterEach(async () => {
    await helper.unload();
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
  });

  function account(extra: object = {}) {
    return {
      id: 'acc',
      type: 'zoom-account',
      name: 'sandbox',
      authType: 'oauth',
      apiBaseUrl: ctx.sandbox.apiBaseUrl,
      oauthTokenUrl: ctx.sandbox.oauthTokenUrl,
      ...extra,
    };
  }
  /** The node with the test stream configured (the key comes from its credentials). */
  function livestream(id: string, extra: object = {}) {
    return livestreamNode(id, { streamUrl: STREAM.stream_url, pageUrl: STREAM.page_url, ...extra });
  }
  const oauthCreds = { acc: { ...SANDBOX_CLIENT }, z1: { streamKey: STREAM_KEY }, z2: { streamKey: STREAM_KEY } };
  const catchNode = { id: 'catcher', type: 'catch', z: 'f1', scope: null, uncaught: false, wires: [['caught']] };
  const base = (accountExtra: object = {}) => [
    { id: 'f1', type: 'tab' },
    account(accountExtra),
    { id: 'out', z: 'f1', type: 'helper' },
    catchNode,
    { id: 'caught', z: 'f1', type: 'helper' },
  ];

  async function load(nodes: object[], credentials: object = oauthCreds, accountExtra: object = {}) {
    await helper.load(zoomNodes, [...base(accountExtra), ...nodes.map((n) => ({ z: 'f1', ...n }))], credentials);
    return { z1: helper.getNode('z1'), out: helper.getNode('out'), caught: helper.getNode('caught') };
  }

  for (const [kind, id] of [
    ['meeting', '85746065123'],
    ['webinar', '92345678901'],
  ] as const) {
    it(`${kind}: update, start, get, mode/stop through msg.action`, async () => {
      const { z1, out } = await load([livestream('z1', { targetKind: kind, target: id, displayName: 'Flow stream' })]);
      const actions = kind === 'meeting' ? ['update', 'start', 'get', 'mode', 'stop'] : ['update', 'start', 'get', 'stop'];
      const received = collect(out, actions.length);
      for (const action of actions) {
        z1.receive({ action, payload: action === 'mode' ? { settings: { layout: 'gallery_view' } } : 'tick' });
      }
      const msgs = await received;
      assert.deepEqual(
        msgs.map((m) => (m.zoom as Msg).action),
        actions,
        'in order, one output per message',
      );
      const get = msgs[2]!;
      assert.deepEqual(get.payload, { ...STREAM, stream_key: '***' }, 'the debug sidebar never shows the key');
      assert.equal((get.zoom as Msg).status, 200);
      assert.match(String((get.zoom as Msg).trackingId), /^sbx_/);
      const start = msgs[1]!.payload as Msg;
      assert.equal(start.kind, kind);
      assert.equal((start.steps as unknown[]).length, 2, 'start with stream fields updates first');
      assert.equal(ctx.sandbox.stream(kind, id)!.settings.display_name, 'Flow stream');
      assert.equal(ctx.sandbox.stream(kind, id)!.live, false);
      assert.equal(ctx.sandbox.tokenRequests, 1);
    });
  }

  it('msg.meetingId (a join link), msg.webinarId and msg.payload override the configuration', async () => {
    const { z1, out } = await load([livestream('z1', { action: 'update', target: '1' })]);
    const received = collect(out, 2);
    z1.receive({
      meetingId: 'https://us06web.zoom.us/j/12345678901234567?pwd=x',
      payload: { stream_url: 'rtmp://other.example/app', resolution: '720p', ignored: 1 },
    });
    z1.receive({
      webinarId: '923-4567-8901',
      action: 'start',
      payload: { settings: { display_name: 'From msg', active_speaker_name: true } },
    });
    const [first, second] = await received;
    assert.equal((first!.zoom as Msg).id, '12345678901234567');
    const updated = ctx.sandbox.stream('meeting', '12345678901234567')!;
    assert.equal(updated.stream_url, 'rtmp://other.example/app');
    assert.equal(updated.stream_key, STREAM_KEY, 'the key comes from the node credentials');
    assert.equal(updated.resolution, '720p');
    assert.equal((second!.zoom as Msg).kind, 'webinar');
    assert.deepEqual(ctx.sandbox.stream('webinar', '92345678901')!.settings, { display_name: 'From msg', active_speaker_name: true });
  });

  it('typed inputs: target from flow context, display name from env, stream key from msg', async () => {
    process.env.ZOOM_TEST_DISPLAY = 'Env name';
    const { z1, out } = await load([
      livestream('z1', {
        target: 'zoomTarget',
        targetType: 'flow',
        displayName: 'ZOOM_TEST_DISPLAY',
        displayNameType: 'env',
        streamKeyFrom: 'secrets.key',
        streamKeyFromType: 'msg',
        activeSpeakerName: 'true',
        activeSpeakerNameType: 'speaker',
      }),
    ]);
    (z1 as unknown as { context(): { flow: { set(k: string, v: unknown): void } } }).context().flow.set('zoomTarget', '857 4606 5123');
    const received = collect(out, 1);
    z1.receive({ secrets: { key: 'key-from-msg-1234' } });
    await received;
    const record = ctx.sandbox.stream('meeting', '85746065123')!;
    assert.equal(record.stream_key, 'key-from-msg-1234');
    assert.deepEqual(record.settings, { active_speaker_name: true, display_name: 'Env name' });
    delete process.env.ZOOM_TEST_DISPLAY;
  });

  it('a Catch node receives Zoom errors with code and hint; status shows the error', async () => {
    const { z1, caught, out } = await load([livestream('z1', { target: '89999999999', action: 'get' })]);
    let outputs = 0;
    out.on('input', () => outputs++);
    const errors = collect(caught, 1);
    z1.receive({ payload: 1 });
    const [msg] = await errors;
    const error = msg!.error as Msg;
    assert.equal(error.code, 3001);
    assert.match(String(error.message), /get meeting 89999999999 failed: HTTP 404, Zoom code 3001: Meeting does not exist.* Hint: /);
    // Shown as text in the debug sidebar: one readable line, not "[object Object]".
    assert.match(String(error.cause), /^HTTP 404, Zoom code 3001, tracking id sbx_/);
    assert.equal(((msg!.zoom as Msg).error as Msg).code, 3001);
    assert.equal(outputs, 0, 'an error is not also sent');
    const statuses = z1.status.args.map((a) => a[0] as Msg);
    assert.deepEqual(statuses.at(-1), { fill: 'red', shape: 'ring', text: 'HTTP 404, Zoom code 3001' });
  });

  it('invalid input fails before any request, with the field and the fix', async () => {
    const { z1, caught } = await load([livestream('z1')]);
    const errors = collect(caught, 3);
    z1.receive({ action: 'Start' });
    z1.receive({ payload: { settings: { layout: 'grid' } } });
    z1.receive({ meetingId: 'https://evil.example.com/j/85746065123' });
    const msgs = await errors;
    assert.deepEqual(
      msgs.map((m) => (m.error as Msg).code),
      ['validation', 'validation', 'validation'],
    );
    assert.match(
      String((msgs[0]!.error as Msg).message),
      /^Error: Action \(msg\.action\): "Start" is not one of .* Hint: Write it as "start"/,
    );
    assert.equal(ctx.sandbox.requests.length, 0);
  });

  it('status goes sending -> started -> stopped', async () => {
    const { z1, out } = await load([livestream('z1')]);
    const received = collect(out, 2);
    z1.receive({});
    z1.receive({ action: 'stop' });
    await received;
    const texts = z1.status.args.map((a) => (a[0] as Msg).text).filter(Boolean);
    assert.deepEqual(texts, ['sending start…', 'started', 'sending stop…', 'stopped']);
  });

  it('runs a start and a stop for one meeting in order, even when the first is slow', async () => {
    const { z1, out } = await load([livestream('z1', { streamUrl: '', pageUrl: '', streamKeyFromType: 'msg', streamKeyFrom: 'none' })]);
    await new Promise<void>((resolve) => {
      ctx.sandbox.stream('meeting', '85746065123')!.configured = true;
      resolve();
    });
    ctx.sandbox.inject({ fault: { kind: 'delay', ms: 300 }, path: '/status' });
    const received = collect(out, 4);
    for (const action of ['start', 'stop', 'start', 'stop']) z1.receive({ action });
    await received;
    const order = ctx.sandbox.apiRequests.map((r) => (r.json as Msg).action);
    assert.deepEqual(order, ['start', 'stop', 'start', 'stop']);
  });

  it('two nodes on one account, 50 messages each: one token request, every message answered once', async () => {
    const { z1, out } = await load([
      livestream('z1', { action: 'get' }),
      livestream('z2', { action: 'get', targetKind: 'webinar', target: '92345678901' }),
    ]);
    const z2 = helper.getNode('z2');
    const received = collect(out, 100);
    for (let i = 0; i < 50; i++) {
      z1.receive({ n: i });
      z2.receive({ n: i });
    }
    const msgs = await received;
    assert.equal(ctx.sandbox.tokenRequests, 1);
    assert.equal(ctx.sandbox.apiRequests.length, 100);
    assert.equal(new Set(msgs.map((m) => m._msgid)).size, 100);
  });

  it('a 429 pauses the whole account for Retry-After', async () => {
    const { z1, out } = await load([livestream('z1', { action: 'get' }), livestream('z2', { action: 'get', target: '12345678901234567' })]);
    const z2 = helper.getNode('z2');
    ctx.sandbox.inject({ fault: { kind: 'status', status: 429, retryAfter: '1' } });
    const received = collect(out, 2);
    z1.receive({});
    await until(() => texts(z1).includes('HTTP 429: retrying in 1 s'), 'the 429 to reach the account');
    z2.receive({});
    await received;
    const [limited, ...rest] = ctx.sandbox.apiRequests;
    const other = rest.find((r) => r.path.includes('12345678901234567'))!;
    assert.ok(other.at - limited!.at >= 900, `the other meeting waited ${other.at - limited!.at} ms`);
    assert.ok(texts(z1).includes('HTTP 429: retrying in 1 s'), JSON.stringify(texts(z1)));
    assert.ok(
      texts(z2).some((t) => /^rate limited: waiting \d s$/.test(String(t))),
      JSON.stringify(texts(z2)),
    );
  });

  it('closing while a request is in flight cancels it cleanly', async () => {
    const { z1, out, caught } = await load([livestream('z1', { action: 'get' })]);
    ctx.sandbox.inject({ fault: { kind: 'delay', ms: 10_000 } });
    let delivered = 0;
    out.on('input', () => delivered++);
    caught.on('input', () => delivered++);
    z1.receive({});
    await until(() => ctx.sandbox.apiRequests.length >= 1, 'the request to arrive');
    const started = Date.now();
    await helper.unload();
    // The request would take 10 s.
    assert.ok(Date.now() - started < 5_000, 'close did not wait for the slow request');
    await drained();
    assert.equal(delivered, 0, 'a cancelled message is neither sent nor reported as an error');
  });

  it('closing with 1,000 messages queued ends them with one warning, not an error each; the one in flight is cancelled', async () => {
    const { z1 } = await load([livestream('z1', { action: 'get' })]);
    ctx.sandbox.inject({ fault: { kind: 'delay', ms: 10_000 } });
    // This node's own log (the helper's spies end with the flow): what Node-RED would print.
    const warnings: string[] = [];
    const errors: unknown[] = [];
    Object.assign(z1, { warn: (m: unknown) => warnings.push(String(m)), error: (e: unknown) => errors.push(e) });
    for (let i = 0; i < 1_000; i++) z1.receive({ n: i });
    await until(() => ctx.sandbox.apiRequests.length >= 1, 'the first request to arrive');
    await helper.unload();
    await drained();
    assert.deepEqual(
      warnings.map((w) => w.replace(/^(closed with \d+ messages still queued: none of them was sent to Zoom).*/, '$1')),
      ['closed with 999 messages still queued: none of them was sent to Zoom'],
    );
    assert.equal(errors.length, 1, 'one error, for the message in flight');
  });

  it('the account uses the credentials its auth type names, whatever else is stored', async () => {
    const { z1, out } = await load([livestream('z1', { action: 'get' })], {
      acc: { ...SANDBOX_CLIENT, accessToken: 'stale-token-from-before' },
    });
    const received = collect(out, 1);
    z1.receive({});
    await received;
    assert.equal(ctx.sandbox.tokenRequests, 1, 'OAuth was used, not the stale token');
  });

  it('a static access token works, and credentials stay out of the flow configuration', async () => {
    const { z1, out } = await load(
      [livestream('z1', { action: 'get' })],
      { acc: { ...SANDBOX_CLIENT, accessToken: SANDBOX_TOKEN }, z1: { streamKey: STREAM_KEY } },
      { authType: 'token' },
    );
    const received = collect(out, 1);
    z1.receive({});
    await received;
    assert.equal(ctx.sandbox.tokenRequests, 0);
    const flows = JSON.stringify(helper._redNodes.getFlows());
    assert.ok(flows.includes('zoom-account'));
    assertNoSecrets(flows);
  });

  it('missing credentials are reported on each message', async () => {
    const { z1, caught } = await load([livestream('z1', { action: 'get' })], {});
    const errors = collect(caught, 1);
    z1.receive({});
    const [msg] = await errors;
    assert.match(
      String((msg!.error as Msg).message),
      /^Error: the zoom-account's credentials: is missing. Hint: Give Server-to-Server OAuth credentials/,
    );
  });

  // Hardening (issue 9): each case failed before its fix.
  it('get masks the stream key in msg.payload, also inside the stream URL; includeStreamKey shows it', async () => {
    Object.assign(ctx.sandbox.stream('meeting', '85746065123')!, {
      stream_url: `rtmp://live.example.com/app/${STREAM_KEY}`,
      stream_key: STREAM_KEY,
      page_url: STREAM.page_url,
    });
    const { z1, out } = await load([livestream('z1', { action: 'get' }), livestream('z2', { action: 'get', includeStreamKey: true })]);
    const received = collect(out, 2);
    z1.receive({});
    helper.getNode('z2').receive({});
    const msgs = await received;
    const masked = msgs.find((m) => m.payload && (m.payload as Msg).stream_key === '***')!;
    assert.deepEqual(masked.payload, { stream_url: 'rtmp://live.example.com/app/***', stream_key: '***', page_url: STREAM.page_url });
    assertNoSecrets(JSON.stringify(masked));
    const full = msgs.find((m) => m !== masked)!;
    assert.equal((full.payload as Msg).stream_key, STREAM_KEY, 'the option copies the configuration whole');
  });

  it('msg.meetingId and msg.webinarId together are refused; a null one counts as unset', async () => {
    const { z1, out, caught } = await load([livestream('z1', { action: 'get' })]);
    const errors = collect(caught, 1);
    const sent = collect(out, 1);
    z1.receive({ meetingId: '85746065123', webinarId: '92345678901' });
    const [refused] = await errors;
    assert.match(String((refused!.error as Msg).message), /^Error: msg\.meetingId: and msg\.webinarId are both set\. Hint: /);
    assert.equal(ctx.sandbox.requests.length, 0);
    z1.receive({ meetingId: null, webinarId: '92345678901' });
    const [read] = await sent;
    assert.equal((read!.zoom as Msg).kind, 'webinar');
    assert.match(ctx.sandbox.apiRequests[0]!.path, /^\/v2\/webinars\/92345678901\/livestream$/);
  });

  it('an account without authType uses the credentials present (a hand-written flows.json)', async () => {
    const withoutAuthType: Record<string, unknown> = account();
    delete withoutAuthType.authType;
    await helper.load(
      zoomNodes,
      [{ id: 'f1', type: 'tab' }, withoutAuthType, { id: 'out', z: 'f1', type: 'helper' }, livestream('z1', { z: 'f1', action: 'get' })],
      { acc: { accessToken: SANDBOX_TOKEN } },
    );
    const received = collect(helper.getNode('out'), 1);
    helper.getNode('z1').receive({});
    const [msg] = await received;
    assert.equal((msg!.zoom as Msg).status, 200);
    assert.equal(ctx.sandbox.tokenRequests, 0, 'the static token was used');
  });

  it('configured settings go only with the actions Zoom documents them for', async () => {
    const node = livestream('z1', { displayName: 'Overlay', activeSpeakerName: 'true', layout: 'gallery_view', closeCaption: 'off' });
    const { z1, out } = await load([node]);
    ctx.sandbox.stream('meeting', '85746065123')!.configured = true;
    const received = collect(out, 3);
    z1.receive({ action: 'start', payload: { stream_url: undefined } });
    z1.receive({ action: 'mode' });
    z1.receive({ action: 'stop' });
    await received;
    const sent = ctx.sandbox.apiRequests.filter((r) => r.path.endsWith('/status')).map((r) => r.json as Msg);
    assert.deepEqual(sent, [
      { action: 'start', settings: { active_speaker_name: true, display_name: 'Overlay', layout: 'gallery_view', close_caption: 'off' } },
      { action: 'mode', settings: { layout: 'gallery_view', close_caption: 'off' } },
      { action: 'stop' },
    ]);
  });

  it('a code that echoes a secret is redacted in msg.error and the node status', async () => {
    const { z1, caught } = await load([livestream('z1', { action: 'get' })]);
    ctx.sandbox.inject({ fault: { kind: 'status', status: 400, code: `bad ${SANDBOX_CLIENT.clientSecret}` } });
    const errors = collect(caught, 1);
    z1.receive({});
    const [msg] = await errors;
    assertNoSecrets(JSON.stringify(msg!.error));
    assertNoSecrets(JSON.stringify(z1.status.args));
    assert.equal((msg!.error as Msg).code, 'bad ***');
  });

  it('a 1 MB meetingId is refused with a short quote, not echoed whole', async () => {
    const { z1, caught } = await load([livestream('z1', { action: 'get' })]);
    const errors = collect(caught, 1);
    z1.receive({ meetingId: '8'.repeat(1_000_000) });
    const [msg] = await errors;
    assert.ok(JSON.stringify(msg!.error).length < 4_000, `msg.error is ${JSON.stringify(msg!.error).length} characters`);
    assert.match(String((msg!.error as Msg).message), /1000000 characters long/);
  });

  it('check: the checklist in msg.payload, status "6 ok, 1 problem", no write', async () => {
    const { z1, out } = await load([livestream('z1', { action: 'check', target: '81000000003' })]);
    const received = collect(out, 1);
    z1.receive({});
    const [msg] = await received;
    const list = msg!.payload as { problems: number; items: { name: string; state: string; fix?: string }[] };
    assert.equal(list.problems, 1);
    const encryption = list.items.find((i) => i.name === 'encryption')!;
    assert.equal(encryption.state, 'problem');
    assert.match(encryption.fix!, /enhanced encryption/);
    const shown = z1.status.args.map((a) => (a[0] as Msg).text);
    assert.equal(shown.at(-1), '6 ok, 1 problem');
    assert.deepEqual(
      ctx.sandbox.apiRequests.filter((r) => r.method !== 'GET').map((r) => r.path),
      [],
    );
  });

  describe('a start that waits for the host', () => {
    // A static token does not say its scopes, so these waits probe with the start call itself;
    // the meeting probe (OAuth with meeting:read:meeting:admin) is tested below.
    const waitLoad = (nodes: object[]) =>
      load(
        nodes,
        { acc: { accessToken: SANDBOX_TOKEN }, z1: { streamKey: STREAM_KEY }, z2: { streamKey: STREAM_KEY } },
        { authType: 'token' },
      );
    const LATE = '81000000001';

    it('the node option waits; the status counts; the meeting goes live one poll after the host starts it', async function () {
      this.timeout(20_000);
      const { z1, out } = await waitLoad([livestream('z1', { target: LATE, waitForStart: '10' })]);
      const received = collect(out, 1, 15_000);
      z1.receive({ pollInterval: 5 });
      // The host starts it once the first try has been refused, however busy the machine.
      await until(() => ctx.sandbox.apiRequests.some((r) => r.path.endsWith('/status')), 'the first try');
      ctx.sandbox.hostStarts('meeting', LATE);
      const [msg] = await received;
      const record = ctx.sandbox.stream('meeting', LATE)!;
      assert.equal(record.live, true);
      // Tries at 0 s (refused: not started) and 5 s (live): two start requests, none in between.
      const starts = ctx.sandbox.apiRequests.filter((r) => r.path.endsWith('/status'));
      assert.equal(starts.length, 2);
      // Sent 5 s apart (core/wait spaces them from the moment each leaves); arrivals vary by a connection set-up.
      assert.ok(starts[1]!.at - starts[0]!.at >= 4_950, `${starts[1]!.at - starts[0]!.at} ms between tries`);
      const payload = msg!.payload as Msg;
      assert.equal(payload.tries, 2);
      assert.ok((payload.waitedMs as number) >= 4_950);
      const shown = texts(z1);
      assert.ok(shown.includes('waiting for host (0:00)'), JSON.stringify(shown));
      assert.ok(shown.includes('waiting for host (0:03)'), JSON.stringify(shown));
      assert.equal(shown.at(-1), 'started');
    });

    it('msg.waitForStart (seconds) overrides the node; a stop for the same meeting cancels the wait and runs at once', async () => {
      const { z1, out, caught } = await waitLoad([livestream('z1', { target: LATE })]);
      const outputs: Msg[] = [];
      out.on('input', (m) => outputs.push(m));
      // The cancelled start ends unhandled (kind "cancelled": a Complete node does not run for it); the
      // meeting never started, so the stop finds nothing to stop (Zoom's 4927): a success.
      const refused = collect(caught, 1);
      z1.receive({ waitForStart: 600, pollInterval: 5, tag: 'start' });
      await until(() => texts(z1).some((t) => t.startsWith('waiting for host')), 'the start to wait');
      z1.receive({ action: 'stop', tag: 'stop' });
      const [cancelled] = await refused;
      assert.equal(cancelled!.tag, 'start');
      assert.equal(((cancelled!.zoom as Msg).error as Msg).kind, 'cancelled');
      assert.match(String((cancelled!.error as Msg).message), /cancelled before it completed: a stop for the same meeting came/);
      // What the task had done, as data and in the message: the update went through, the start was never sent.
      assert.deepEqual(((cancelled!.zoom as Msg).error as Msg).steps, {
        done: [`update meeting ${LATE}`],
        notDone: [`start meeting ${LATE}`],
      });
      assert.match(
        String((cancelled!.error as Msg).message),
        new RegExp(`Done: update meeting ${LATE}\\. Not done: start meeting ${LATE}\\.`),
      );
      await until(() => outputs.length === 1, 'the stop');
      assert.equal(outputs[0]!.tag, 'stop');
      assert.equal((outputs[0]!.payload as Msg).state, 'nothing to stop');
      assert.equal(texts(z1).at(-1), 'nothing to stop (not started)');
      await drained();
      assert.deepEqual(
        outputs.map((m) => m.tag),
        ['stop'],
        'the cancelled start sends nothing',
      );
      assert.deepEqual(
        ctx.sandbox.apiRequests.filter((r) => r.path.endsWith('/status')).map((r) => (r.json as Msg).action),
        ['start', 'stop'],
        'the stop went out at once, not after the next try (5 s later)',
      );
    });

    it('a stop cancels the waiting start of its own target only', async () => {
      const { z1, out } = await waitLoad([livestream('z1', { target: LATE, waitForStart: '10' })]);
      ctx.sandbox.stream('meeting', '85746065123')!.configured = true;
      const stopped = collect(out, 1);
      z1.receive({ pollInterval: 5 });
      await until(() => texts(z1).some((t) => t.startsWith('waiting for host')), 'the start to wait');
      z1.receive({ action: 'stop', meetingId: '85746065123' });
      await stopped;
      ctx.sandbox.hostStarts('meeting', LATE);
      const started = collect(out, 1, 10_000);
      const [msg] = await started;
      assert.equal((msg!.payload as Msg).tries, 2, 'the other meeting stop left this wait alone');
    });

    it('waiting starts hold no request slot: nine meetings waiting, another meeting is served at once', async () => {
      const waiting = Array.from({ length: 9 }, (_, i) => `8100000001${i}`);
      for (const id of waiting) ctx.sandbox.streams.set(`meeting:${id}`, streamRecord('meeting', id, false));
      const { z1, out } = await waitLoad([livestream('z1', { waitForStart: '30' }), livestream('z2', { action: 'get' })]);
      const z2 = helper.getNode('z2');
      for (const id of waiting) z1.receive({ meetingId: id });
      const tries = () => ctx.sandbox.apiRequests.filter((r) => r.path.endsWith('/status')).length;
      await until(() => tries() >= waiting.length, 'every start to try once');
      const read = collect(out, 1);
      z2.receive({});
      await read;
      // Eight slots: had the waits held theirs, the get would have waited for their next tries, 15 s on.
      assert.equal(tries(), waiting.length, 'the get was answered before any wait tried again');
    });

    it('closing the node cancels a waiting start quietly', async () => {
      const { z1, out, caught } = await waitLoad([livestream('z1', { target: LATE, waitForStart: '30' })]);
      let delivered = 0;
      out.on('input', () => delivered++);
      caught.on('input', () => delivered++);
      z1.receive({});
      await until(() => texts(z1).some((t) => t.startsWith('waiting for host')), 'the start to wait');
      await helper.unload();
      await drained();
      assert.equal(delivered, 0);
      assert.equal(ctx.sandbox.apiRequests.filter((r) => r.path.endsWith('/status')).length, 1, 'no try after the close');
    });

    const refused: [string, Msg, RegExp][] = [
      ['msg.waitForStart over 6 hours', { waitForStart: 21_601 }, /^Error: msg\.waitForStart: must be from 0 to 6 h, got 21601 s/],
      ['msg.waitForStart that is not a number', { waitForStart: 'soon' }, /^Error: msg\.waitForStart: must be from 0 to 6 h, got "soon"/],
      ['msg.pollInterval under 5 s', { waitForStart: 60, pollInterval: 1 }, /^Error: msg\.pollInterval: must be from 5 s to 1 h, got 1 s/],
      [
        'msg.waitForStart on a stop',
        { action: 'stop', waitForStart: 60 },
        /^Error: Wait \(msg\.waitForStart\): is not used by action "stop"/,
      ],
    ];
    for (const [what, extra, pattern] of refused) {
      it(`refuses ${what} before any request`, async () => {
        const { z1, caught } = await waitLoad([livestream('z1', { target: LATE })]);
        const errors = collect(caught, 1);
        z1.receive(extra);
        const [msg] = await errors;
        assert.match(String((msg!.error as Msg).message), pattern);
        assert.equal(ctx.sandbox.apiRequests.length, 0);
      });
    }

    it('the node option is for start only: a stop from msg.action ignores it', async () => {
      const { z1, out } = await waitLoad([livestream('z1', { waitForStart: '30' })]);
      ctx.sandbox.stream('meeting', '85746065123')!.configured = true;
      const received = collect(out, 1);
      z1.receive({ action: 'stop' });
      const [msg] = await received;
      assert.equal((msg!.payload as Msg).waitedMs, undefined);
    });
  });

  describe('a fleet on one account', () => {
    const LATE = '81000000001';

    it("one meeting's repeated-start 429 delays only that meeting; another meeting's get goes at once", async () => {
      const { z1, out } = await load([livestreamNode('z1', { action: 'start' }), livestream('z2', { action: 'get' })], {
        acc: { ...SANDBOX_CLIENT },
      });
      ctx.sandbox.stream('meeting', '85746065123')!.configured = true;
      const z2 = helper.getNode('z2');
      ctx.sandbox.inject({
        path: '/85746065123/livestream/status',
        fault: {
          kind: 'status',
          status: 429,
          retryAfter: '2',
          message:
            'Too many requests submitted to start the live stream of this meeting: 85746065123. If the live stream has not already started, retry making a new request after 30 seconds.',
        },
      });
      const received = collect(out, 2);
      z1.receive({});
      await until(() => texts(z1).includes('HTTP 429: retrying in 2 s'), 'the meeting 429');
      z2.receive({ meetingId: '12345678901234567' });
      const [first] = await received;
      assert.equal((first!.zoom as Msg).id, '12345678901234567', 'the other meeting was answered first, during the back-off');
      assert.ok(!texts(z2).some((t) => t.startsWith('rate limited')), JSON.stringify(texts(z2)));
    });

    it('two config nodes of one Zoom account share it: a stop through one cancels a start waiting through the other', async () => {
      const second = { ...account(), id: 'acc2', name: 'same account' };
      const { z1, out } = await load(
        [second, livestream('z1', { target: LATE }), livestream('z2', { account: 'acc2', target: LATE, action: 'stop' })],
        { ...oauthCreds, acc2: { ...SANDBOX_CLIENT } },
      );
      // The cancelled start; the stop finds nothing to stop (4927: the meeting never started).
      const warned = collect(helper.getNode('caught'), 1);
      z1.receive({ waitForStart: 600, pollInterval: 5 });
      await until(() => texts(z1).some((t) => t.startsWith('waiting for host')), 'the start to wait');
      helper.getNode('z2').receive({});
      await warned;
      await until(() => texts(z1).includes('start cancelled: a stop came'), 'the cancelled status');
      await until(() => texts(helper.getNode('z2')).includes('nothing to stop (not started)'), 'the stop');
      // OAuth with meeting:read:meeting:admin: the start read the meeting's status and never sent a start.
      assert.deepEqual(
        ctx.sandbox.apiRequests.filter((r) => r.path.endsWith('/status')).map((r) => (r.json as Msg).action),
        ['stop'],
      );
      assert.ok(ctx.sandbox.apiRequests.some((r) => r.method === 'GET' && r.path === `/v2/meetings/${LATE}`));
      assert.equal(ctx.sandbox.tokenRequests, 1, 'one token for both config nodes');
      void out;
    });

    it("behind one node's 200 gets, another node's stop goes within the first few requests", async function () {
      this.timeout(60_000);
      for (let i = 0; i < 200; i++) {
        const id = String(86_300_000_000 + i);
        ctx.sandbox.streams.set(`meeting:${id}`, { ...streamRecord('meeting', id, true), configured: true, ...STREAM });
      }
      const { z1, out, caught } = await load([livestream('z1', { action: 'get' }), livestream('z2', { action: 'stop' })], oauthCreds, {
        rate: '50',
      });
      // Each message once, to the output or (Zoom refusing it) a Catch node, in the order answered.
      const answered: string[] = [];
      out.on('input', (m: Msg) => answered.push(String(m.tag)));
      caught.on('input', (m: Msg) => answered.push(String(m.tag)));
      for (let i = 0; i < 200; i++) z1.receive({ meetingId: String(86_300_000_000 + i), tag: 'get' });
      // The gets are queued on the account's pace (50/s) by the time the first ten are answered.
      await until(() => answered.length >= 10, 'the first gets');
      helper.getNode('z2').receive({ tag: 'stop' });
      await until(() => answered.length === 201, `every message answered (${answered.length})`, 50_000);
      // First come, first served would have put it 201st; the two nodes take turns instead.
      assert.ok(answered.indexOf('stop') < 30, `the stop came ${answered.indexOf('stop') + 1}th of 201`);
    });

    it('300 waiting starts through one node: a stop through the same node goes ahead of their reads and first tries', async function () {
      this.timeout(60_000);
      const ids = Array.from({ length: 300 }, (_, i) => String(86_400_000_000 + i));
      for (const id of ids)
        ctx.sandbox.streams.set(`meeting:${id}`, { ...streamRecord('meeting', id, false), configured: true, ...STREAM });
      const { z1, caught } = await load([livestream('z1', { waitForStart: '60' })], oauthCreds, { rate: '50' });
      for (const id of ids) z1.receive({ meetingId: id, pollInterval: 60 });
      await until(() => ctx.sandbox.apiRequests.length >= 10, 'the first reads');
      const sentAt = ctx.sandbox.apiRequests.length;
      const refused = collect(caught, 1);
      z1.receive({ meetingId: '85746065123', action: 'stop', waitForStart: 0, tag: 'stop' });
      await refused; // the meeting is not running, so Zoom refuses the stop: it got there
      const at = ctx.sandbox.apiRequests.findIndex((r) => r.path === '/v2/meetings/85746065123/livestream/status');
      // First come, first served would put it behind some 300 reads and tries of the same node.
      assert.ok(at - sentAt < 20, `the stop went out ${at - sentAt} requests after it was sent`);
    });

    it('a deploy while the account is getting its token ends the message as cancelled; Node-RED keeps running', async () => {
      ctx.sandbox.inject({ fault: { kind: 'status', status: 503 }, on: 'token' });
      ctx.sandbox.inject({ fault: { kind: 'delay', ms: 60_000 }, on: 'token' });
      const { z1 } = await load([livestream('z1', { action: 'get' })]);
      z1.receive({});
      // The first answer is a 503; the retry is out (and slow) when the flow is redeployed.
      await until(() => ctx.sandbox.tokenRequests === 2, 'the retried token request');
      await helper.unload();
      // The same account deployed again works at once (and nothing was left unhandled: afterEach).
      const again = await load([livestream('z1', { action: 'get' })]);
      const answered = collect(again.out, 1);
      again.z1.receive({});
      await answered;
      assert.equal(ctx.sandbox.tokenRequests, 3);
    });

    it('past the queue limit a message fails at once to Catch; the others go on', async () => {
      const { z1, caught } = await load([livestream('z1', { target: LATE, waitForStart: '10' })], oauthCreds, { maxQueued: '2' });
      const refused = collect(caught, 1);
      for (let i = 0; i < 3; i++)
        ctx.sandbox.streams.set(`meeting:${81000000011 + i}`, streamRecord('meeting', String(81000000011 + i), false));
      for (let i = 0; i < 3; i++) z1.receive({ n: i, meetingId: String(81000000011 + i), pollInterval: 5 });
      const [msg] = await refused;
      assert.equal(msg!.n, 2);
      assert.match(String((msg!.error as Msg).message), /the account has 2 messages queued already; this one was not queued/);
      await until(() => texts(z1).some((t) => t.startsWith('2 waiting for host')), 'one status for both waits');
    });
  });
});
