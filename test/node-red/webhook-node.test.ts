/**
 * The zoom-webhook node in this process (Node-RED's runtime through node-red-node-test-helper, its
 * HTTP node app served on loopback as red.js serves it), so every path of the node is tested and
 * counted: routing, the raw-body capture and its limits, refusals and their log. Real Node-RED
 * processes run the bundle in webhook.test.ts.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { helper, zoomNodes, type HelperNode } from '../helpers/node-red.js';
import { until } from '../../harness/until.js';

const SECRET = 'in-process-webhook-secret';
type Msg = Record<string, unknown>;

function signed(body: string, at = Date.now()): Record<string, string> {
  const ts = String(Math.floor(at / 1000));
  return {
    'content-type': 'application/json',
    'x-zm-request-timestamp': ts,
    'x-zm-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`,
  };
}
const eventBody = (n: number) => `{"event":"meeting.started","event_ts":${n},"payload":{"object":{"id":85746065123,"uuid":"u${n}"}}}`;

/** One raw HTTP exchange over a socket: what a client that breaks the rules sends, and what comes back. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('node-red: zoom-webhook in process', function () {
  this.timeout(30_000);
  let url = '';
  let port = 0;
  let hook: HelperNode;
  const emitted: Msg[] = [];

  /** The HTTP node app of the flow loaded last: the helper's server hands every request to it, as red.js does. */
  let httpNode: ((req: unknown, res: unknown, next: () => void) => void) | undefined;
  before(async () => {
    await helper.startServer();
    const served = (helper as unknown as { _app: { use(a: unknown): void } })._app;
    served.use((req: unknown, res: unknown, next: () => void) => (httpNode ? httpNode(req, res, next) : next()));
  });
  after(() => helper.stopServer());
  afterEach(() => helper.unload());

  /** Loads the node (and `extra` nodes) with the helper, its HTTP node app served on the helper's server. */
  async function load(config: Msg = {}, extra: Msg[] = []) {
    emitted.length = 0;
    const nodes = (RED: { httpNode: typeof httpNode }) => {
      httpNode = RED.httpNode;
      return (zoomNodes as (r: unknown) => void)(RED);
    };
    const flow = [
      { id: 'hook', type: 'zoom-webhook', url: '/zoom/events', events: [], wires: [['out']], ...config },
      { id: 'out', type: 'helper' },
      ...extra,
    ];
    await helper.load(nodes, flow, { hook: { secretToken: SECRET } });
    url = (helper as unknown as { url(): string }).url();
    port = Number(new URL(url).port);
    hook = helper.getNode('hook');
    helper.getNode('out').on('input', (m) => emitted.push(m));
  }
  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${url}${path}`, { method: 'POST', body, headers }).then(async (r) => ({ status: r.status, text: await r.text() }));
  const warnings = () => (hook as unknown as { warn: { args: unknown[][] } }).warn.args.map((a) => String(a[0]));

  it('emits a signed event once, with the meeting ID as a string; a replay is acknowledged, not emitted', async () => {
    await load();
    const body = eventBody(1);
    const headers = signed(body);
    assert.equal((await post('/zoom/events', body, headers)).status, 204);
    assert.equal((await post('/zoom/events', body, headers)).status, 204);
    await until(() => emitted.length === 1, 'the event');
    const marker = eventBody(2);
    assert.equal((await post('/zoom/events', marker, signed(marker))).status, 204);
    await until(() => emitted.length === 2, 'the marker');
    assert.equal(emitted[0]!.meetingId, '85746065123');
    assert.equal(emitted[0]!.topic, 'meeting.started');
  });

  it('a replay after a redeploy, still within the window, is not emitted again (the memory is kept per path)', async () => {
    await load({ url: '/zoom/redeployed' });
    const body = eventBody(101);
    const headers = signed(body);
    assert.equal((await post('/zoom/redeployed', body, headers)).status, 204);
    await until(() => emitted.length === 1, 'the event');
    await helper.unload();
    await load({ url: '/zoom/redeployed' });
    assert.equal((await post('/zoom/redeployed', body, headers)).status, 204);
    const marker = eventBody(102);
    assert.equal((await post('/zoom/redeployed', marker, signed(marker))).status, 204);
    await until(() => emitted.length === 1 && emitted[0]!.zoom !== undefined, 'the marker');
    assert.equal((emitted[0]!.zoom as Msg).eventTs, 102, 'only the marker was emitted after the redeploy');
  });

  it('the signature window is the node setting: 15 minutes take a 10-minute-old delivery that 5 refuse', async () => {
    const body = eventBody(103);
    const headers = signed(body, Date.now() - 10 * 60_000);
    await load({ url: '/zoom/window' });
    const refused = await post('/zoom/window', body, headers);
    assert.equal(refused.status, 401);
    assert.match(refused.text, /at most 300 s allowed/);
    await helper.unload();
    await load({ url: '/zoom/window', window: '15' });
    assert.equal((await post('/zoom/window', body, headers)).status, 204);
    await until(() => emitted.length === 1, 'the event');
  });

  it('a window that is not 1 to 120 minutes is warned of and 5 minutes are used', async () => {
    await load({ url: '/zoom/window-typo', window: '500' });
    assert.match(warnings().join('\n'), /the signature window "500" is not a number of minutes from 1 to 120/);
  });

  it('answers URL validation with the HMAC of the plain token', async () => {
    await load();
    const body = '{"event":"endpoint.url_validation","payload":{"plainToken":"abc123"}}';
    const answer = await post('/zoom/events', body, signed(body));
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.text), {
      plainToken: 'abc123',
      encryptedToken: createHmac('sha256', SECRET).update('abc123').digest('hex'),
    });
  });

  it('a path in other letter case reaches the node with its body, as express routes it', async () => {
    await load();
    const body = eventBody(3);
    assert.equal((await post('/ZOOM/Events/', body, signed(body))).status, 204);
    await until(() => emitted.length === 1, 'the event');
  });

  it('a request target that is not a path gets no stack trace, and the next request is served', async () => {
    await load();
    const answer = await raw(port, 'POST http://x:99999/anything HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
    assert.doesNotMatch(answer, /^HTTP\/1\.1 500/);
    assert.doesNotMatch(answer, /at .*\.js:\d+/, 'no stack');
    const body = eventBody(4);
    assert.equal((await post('/zoom/events', body, signed(body))).status, 204);
  });

  it('a chunked body past 64 KB is answered 413 and its connection closed at the limit', async () => {
    await load();
    const { status, sentBytes } = await new Promise<{ status: number | 'closed'; sentBytes: number }>((resolve) => {
      const req = request(`${url}/zoom/events`, { method: 'POST', headers: { 'content-type': 'application/json' } });
      let sentBytes = 0;
      const chunk = Buffer.alloc(16 * 1024, 'x');
      let answered: number | undefined;
      // A chunk a turn of the loop (so the answer can arrive), until the server answers: at most 10 MB.
      const pump = () => {
        if (answered !== undefined || sentBytes >= 10 * 1024 * 1024 || req.destroyed) return;
        sentBytes += chunk.length;
        if (req.write(chunk)) setImmediate(pump);
        else req.once('drain', pump);
      };
      req.on('response', (res) => {
        answered = res.statusCode;
        res.resume();
        res.on('close', () => resolve({ status: answered!, sentBytes }));
      });
      // The server may close before this side has read its 413: a write then fails (EPIPE, reset).
      req.on('error', () => resolve({ status: answered ?? 'closed', sentBytes }));
      pump();
    });
    assert.ok(status === 413 || status === 'closed', String(status));
    assert.ok(sentBytes < 10 * 1024 * 1024, 'the server stopped reading long before 10 MB');
  });

  it('refusals are logged once, then counted: 50 forged deliveries, one warning', async () => {
    await load();
    for (let i = 0; i < 50; i++)
      assert.equal((await post('/zoom/events', eventBody(i), { 'content-type': 'application/json' })).status, 401);
    assert.deepEqual(warnings(), ['refused a delivery to /zoom/events: no x-zm-signature header']);
  });

  it('a path another node serves is refused with a warning and a red status; the other node keeps it', async () => {
    // The first zoom-webhook takes the path; a second one on it stays off.
    await load({}, [{ id: 'twin', type: 'zoom-webhook', url: 'zoom/events/', events: [], wires: [[]] }]);
    const twin = helper.getNode('twin') as unknown as { warn: { args: unknown[][] }; status: { args: unknown[][] } };
    assert.match(
      String(twin.warn.args[0]?.[0]),
      /another node \(an http in or zoom-webhook node\) already serves POST \/zoom\/events: this endpoint is off/,
    );
    assert.deepEqual(twin.status.args.at(-1)?.[0], { fill: 'red', shape: 'ring', text: '/zoom/events is taken by another node' });
    const body = eventBody(5);
    assert.equal((await post('/zoom/events', body, signed(body))).status, 204);
    await until(() => emitted.length === 1, 'the first node still serves it');
  });
});
