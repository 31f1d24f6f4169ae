/**
 * A zoom-destination of a managed service (Mux here) in Node-RED's runtime: read by its Stream ID,
 * with the service's credentials from Node-RED's environment, at a stand-in named by its API URL.
 */
import assert from 'node:assert/strict';
import { MUX, startManagedServices, type ManagedServices } from '../../harness/managed-services.js';
import { until } from '../../harness/until.js';
import { SANDBOX_CLIENT, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { helper, livestreamNode, zoomNodes } from '../helpers/node-red.js';

type Msg = Record<string, unknown>;

describe('node-red: a zoom-destination at a managed service', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let services: ManagedServices;
  const results: Msg[] = [];
  const saved = { id: process.env.MUX_TOKEN_ID, secret: process.env.MUX_TOKEN_SECRET };

  beforeEach(async () => {
    sandbox = await startSandbox();
    services = await startManagedServices();
    results.length = 0;
    process.env.MUX_TOKEN_ID = MUX.id;
    process.env.MUX_TOKEN_SECRET = MUX.secret;
  });
  afterEach(async () => {
    await helper.unload();
    await Promise.all([sandbox.close(), services.close()]);
    for (const [name, value] of [
      ['MUX_TOKEN_ID', saved.id],
      ['MUX_TOKEN_SECRET', saved.secret],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('a start is confirmed at Mux by the Stream ID with MUX_TOKEN_ID and MUX_TOKEN_SECRET: active is receiving; the secret is never shown', async () => {
    services.state.set('ls-nr-1', 'active');
    await helper.load(
      zoomNodes,
      [
        { id: 'acc', type: 'zoom-account', authType: 'oauth', apiBaseUrl: sandbox.apiBaseUrl, oauthTokenUrl: sandbox.oauthTokenUrl },
        { id: 'dest', type: 'zoom-destination', kind: 'mux', url: services.url, streamId: 'ls-nr-1', level: 'receiving', timeout: '20' },
        livestreamNode('z', { action: 'start', destination: 'dest', wires: [['out'], []] }),
        { id: 'out', type: 'helper' },
      ],
      { acc: { ...SANDBOX_CLIENT } },
    );
    helper.getNode('out').on('input', (m) => results.push(m));
    // The sandbox meeting runs with its stream configured: the start is accepted, then Mux is read.
    Object.assign(sandbox.stream('meeting', '85746065123')!, {
      configured: true,
      running: true,
      stream_url: 'rtmp://global-live.mux.com:5222/app',
      stream_key: 'nr-mux-key-1',
      page_url: 'https://e.com/l',
    });
    helper.getNode('z').receive({});
    await until(() => results.length === 1, `the confirmation\n${JSON.stringify(helper.getNode('z').error.args)}`);
    const payload = results[0]!.payload as Msg;
    assert.equal(payload.live, true);
    assert.equal(payload.confirmed, 'receiving');
    assert.ok(services.requests.some((r) => r.path === '/video/v1/live-streams/ls-nr-1' && r.accepted));
    assert.ok(!JSON.stringify(results).includes(MUX.secret));
  });
});
