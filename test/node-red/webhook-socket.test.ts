/**
 * The zoom-webhook node's `websocket` source in this process (Node-RED's runtime through
 * node-red-node-test-helper): the sandbox's Zoom WebSocket (/ws, Zoom's protocol) with the token of
 * the node's zoom-account. The same msg as an HTTP delivery; a node that cannot connect says why.
 * Connecting needs Node's WebSocket (Node 22+): under Node 20 those tests say they are skipped, and
 * the Node-RED 5 suite (Node 22) runs them.
 */
import assert from 'node:assert/strict';
import { helper, zoomNodes, type HelperNode } from '../helpers/node-red.js';
import { sandboxAccountNode } from '../../harness/flows.js';
import { until } from '../../harness/until.js';
import { SANDBOX_CLIENT, startSandbox, type Sandbox } from '../../sandbox/server.js';

type Msg = Record<string, unknown>;
const MEETING = '81000000001';

function needsWebSocket(context: Mocha.Context): void {
  if (typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function') return;
  console.log(`      skipped: this Node (${process.version}) has no WebSocket client (Node 22 or later); the Node-RED 5 suite runs it`);
  context.skip();
}

describe('node-red: zoom-webhook with the websocket source', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let hook: HelperNode;
  const emitted: Msg[] = [];

  beforeEach(async () => {
    sandbox = await startSandbox();
    emitted.length = 0;
  });
  afterEach(async () => {
    await helper.unload();
    await sandbox.close();
  });

  async function load(config: Msg) {
    const flow = [
      sandboxAccountNode(sandbox),
      { id: 'hook', type: 'zoom-webhook', source: 'websocket', account: 'acc', events: [], wires: [['out']], ...config },
      { id: 'out', type: 'helper' },
    ];
    await helper.load(zoomNodes, flow, { acc: SANDBOX_CLIENT });
    hook = helper.getNode('hook');
    helper.getNode('out').on('input', (m) => emitted.push(m));
  }
  const statuses = () => hook.status.args.map((a) => (a[0] as { text?: string }).text ?? '');
  const warnings = () => (hook as unknown as { warn: { args: unknown[][] } }).warn.args.map((a) => String(a[0]));

  it("emits Zoom's events from the subscription as HTTP deliveries are emitted, and lets go of the connection when closed", async function () {
    needsWebSocket(this);
    await load({ subscriptionId: 'sub-red-1', wsUrl: sandbox.wsUrl });
    await until(() => sandbox.eventSockets.connected === 1 && statuses().includes('connected, waiting for events'), 'the connection');
    sandbox.hostStarts('meeting', MEETING);
    await until(() => emitted.some((m) => m.topic === 'meeting.started'), 'the event');
    const msg = emitted.find((m) => m.topic === 'meeting.started')!;
    assert.equal(msg.meetingId, MEETING);
    assert.equal((msg.zoom as Msg).event, 'meeting.started');
    assert.deepEqual(warnings(), []);
    await helper.unload();
    await until(() => sandbox.eventSockets.connected === 0, 'the connection closed with the node');
  });

  it('a token Zoom refuses: the node reconnects with a new one, and says so while it is down', async function () {
    needsWebSocket(this);
    await load({ subscriptionId: 'sub-red-2', wsUrl: sandbox.wsUrl });
    await until(() => sandbox.eventSockets.connected === 1 && statuses().includes('connected, waiting for events'), 'the connection');
    const tokens = sandbox.tokenRequests;
    sandbox.expireTokens();
    sandbox.hostStarts('meeting', MEETING);
    await until(
      () => statuses().some((s) => /^disconnected \(Zoom says the token is no longer valid\): again in 3 s$/.test(s)),
      'the refusal',
    );
    // Zoom's back-off before the next try is real time here (the account's clock): 3 s.
    await until(() => statuses().filter((s) => s === 'connected, waiting for events').length === 2, 'the reconnect', 15_000);
    assert.ok(sandbox.tokenRequests > tokens, 'a new token');
    sandbox.hostEnds('meeting', MEETING);
    await until(() => emitted.some((m) => m.topic === 'meeting.ended'), 'the next event');
  });

  it('without an account, a valid subscription ID or a WebSocket URL, the node says what to fix and connects nowhere', async () => {
    await load({ account: '', subscriptionId: 'sub-red-3' });
    assert.match(warnings()[0] ?? '', /needs a zoom-account/);
    assert.deepEqual(statuses(), ['no account']);
    await helper.unload();
    await load({ subscriptionId: ' ' });
    assert.match(warnings()[0] ?? '', /subscription ID is missing/);
    await helper.unload();
    await load({ subscriptionId: 'sub?x=1' });
    assert.match(warnings()[0] ?? '', /"sub\?x=1" is not a subscription ID/);
    await helper.unload();
    await load({ subscriptionId: 'sub-red-3', wsUrl: 'https://ws.zoom.us/ws' });
    assert.match(warnings()[0] ?? '', /WebSocket URL "https:\/\/ws.zoom.us\/ws" is not a WebSocket URL/);
    assert.equal(sandbox.eventSockets.connected, 0);
    assert.equal(sandbox.tokenRequests, 0, 'nothing was asked of Zoom');
  });
});
