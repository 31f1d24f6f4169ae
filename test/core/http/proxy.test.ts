/**
 * Requests through a forwarding proxy, as http-client's rules pick it (HTTPS_PROXY, NO_PROXY):
 * a real CONNECT proxy on loopback and a real TLS server behind it (a test certificate for
 * api.zoom.test, trusted through NODE_EXTRA_CA_CERTS). Run in a plain Node child: nock would
 * intercept the request before any proxy is chosen. The bundled Action and command line too.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connectProxy, type ConnectProxy } from '../../../harness/connect-proxy.js';
import { liveStreamFlowNode } from '../../../harness/flows.js';
import { startNodeRed } from '../../../harness/node-red-runner.js';
import { ROOT } from '../../../harness/root.js';
import { actionNode } from '../../../harness/runtimes.js';
import { until } from '../../../harness/until.js';
import { inPlainNode } from '../../helpers/plain-node.js';

const TLS = join(ROOT, 'test/fixtures/tls');

describe('http: through a forwarding proxy', function () {
  this.timeout(20_000);
  let server: https.Server;
  let port = 0;
  let proxy: ConnectProxy;
  const paths: string[] = [];
  const credentials = { user: 'corp\\runner', password: 'p@ss:w0rd/%' };

  before(async () => {
    server = https.createServer(
      { key: readFileSync(join(TLS, 'api.zoom.test.key')), cert: readFileSync(join(TLS, 'api.zoom.test.crt')) },
      (req, res) => {
        paths.push(req.url ?? '');
        const body = req.url?.startsWith('/v2/')
          ? { stream_url: 'rtmp://live.example.com/app', stream_key: 'k-proxy-1234', page_url: 'https://example.com/live' }
          : { online: true, inboundBytes: 2048 };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(async () => {
    paths.length = 0;
    proxy = await connectProxy({ routeToPort: port, credentials });
  });
  afterEach(() => proxy.close());

  const env = (more: NodeJS.ProcessEnv) => ({
    ...process.env,
    NODE_EXTRA_CA_CERTS: join(TLS, 'api.zoom.test.crt'),
    NO_PROXY: '',
    no_proxy: '',
    ...more,
  });
  const getLiveStream = `
    const client = new ZoomLiveStreamClient({ auth: { accessToken: 'token-proxy-abcdef' }, apiBaseUrl: 'https://api.zoom.test:${'${PORT}'}/v2', maxRetries: 0, timeoutMs: 5000 });
    try { return await client.getLiveStream({ kind: 'meeting', id: '85746065123' }); } finally { client.close(); }`;
  const script = () => getLiveStream.replace('${PORT}', String(port));

  it("reaches Zoom's API through HTTPS_PROXY, with the proxy's credentials decoded, and leaves no tunnel open", async () => {
    const config = await inPlainNode(script(), env({ HTTPS_PROXY: proxy.url }));
    assert.equal((config as { page_url?: string }).page_url, 'https://example.com/live', JSON.stringify(config));
    assert.deepEqual(proxy.asked, [{ target: `api.zoom.test:${port}`, credentials: 'corp\\runner:p@ss:w0rd/%' }]);
    assert.deepEqual(paths, ['/v2/meetings/85746065123/livestream']);
    await until(() => proxy.open() === 0, 'every tunnel socket to close');
  });

  it('reads a destination through the proxy too', async () => {
    const reading = await inPlainNode(
      `const reader = destinationReader({ kind: 'mediamtx', url: 'https://api.zoom.test:${port}' }, { app: 'live', name: 'k-proxy-1234' });
      try { return await reader.read(); } finally { reader.close(); }`,
      env({ HTTPS_PROXY: proxy.url }),
    );
    assert.deepEqual(reading, { publishing: true, bytes: 2048 });
    assert.equal(proxy.asked.length, 1);
  });

  it('a proxy that refuses the credentials: a network error that says so, without the password', async () => {
    const wrong = proxy.url.replace(encodeURIComponent(credentials.password), 'wrong-secret-42');
    const outcome = (await inPlainNode(script(), env({ HTTPS_PROXY: wrong }))) as { error?: string };
    assert.match(outcome.error ?? '', /the proxy refused the tunnel \(HTTP 407\)/);
    assert.doesNotMatch(outcome.error ?? '', /wrong-secret-42/);
    assert.deepEqual(paths, []);
  });

  it('NO_PROXY names the host: the request goes direct and the proxy hears nothing', async () => {
    const outcome = (await inPlainNode(script(), env({ HTTPS_PROXY: proxy.url, NO_PROXY: 'zoom.test' }))) as { error?: string };
    assert.match(outcome.error ?? '', /ENOTFOUND|EAI_AGAIN/, 'api.zoom.test has no address outside the proxy');
    assert.deepEqual(proxy.asked, []);
  });
  /** A bundled face run as users run it, through the proxy. */
  const face = (bundle: string, args: string[], more: NodeJS.ProcessEnv) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(actionNode(), [join(ROOT, bundle), ...args], { env: env({ HTTPS_PROXY: proxy.url, ...more }) }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('the bundled Action and the bundled command line go through the proxy too', async () => {
    const base = `https://api.zoom.test:${port}/v2`;
    const action = await face('action/dist/index.js', [], {
      INPUT_ACTION: 'get',
      'INPUT_MEETING-ID': '85746065123',
      'INPUT_ACCESS-TOKEN': 'token-proxy-abcdef',
      'INPUT_API-BASE-URL': base,
    });
    assert.equal(action.code, 0, action.stdout + action.stderr);
    assert.match(action.stdout, /page-url::https:\/\/example\.com\/live|page-url.*https:\/\/example\.com\/live/);
    const cli = await face('cli/dist/index.js', ['get', '--meeting', '85746065123', '--json'], {
      ZOOM_ACCESS_TOKEN: 'token-proxy-abcdef',
      ZOOM_API_BASE_URL: base,
    });
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /https:\/\/example\.com\/live/);
    assert.deepEqual(
      proxy.asked.map((a) => a.target),
      [`api.zoom.test:${port}`, `api.zoom.test:${port}`],
    );
    assert.deepEqual(paths, ['/v2/meetings/85746065123/livestream', '/v2/meetings/85746065123/livestream']);
  });

  it('the Node-RED nodes (the bundle, in a real Node-RED) go through the proxy too', async function () {
    this.timeout(90_000);
    const red = await startNodeRed({
      flows: [
        { id: 'tab', type: 'tab', label: 'proxy' },
        { id: 'acc', type: 'zoom-account', authType: 'token', apiBaseUrl: `https://api.zoom.test:${port}/v2` },
        liveStreamFlowNode('z', { z: 'tab', action: 'get', target: '85746065123', wires: [['d']] }),
        {
          id: 'i',
          z: 'tab',
          type: 'inject',
          props: [{ p: 'payload' }],
          repeat: '',
          once: false,
          payload: '',
          payloadType: 'date',
          wires: [['z']],
        },
        { id: 'd', z: 'tab', type: 'debug', active: true, tosidebar: false, console: true, complete: 'payload', wires: [] },
      ],
      credentials: { acc: { accessToken: 'token-proxy-abcdef' } },
      env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: join(TLS, 'api.zoom.test.crt'), NO_PROXY: '', no_proxy: '' },
    });
    try {
      assert.equal((await fetch(`${red.url}/inject/i`, { method: 'POST' })).status, 200);
      await until(() => /https:\/\/example\.com\/live/.test(red.output()), `the debug node to show the stream:\n${red.output()}`);
      assert.deepEqual(proxy.asked, [{ target: `api.zoom.test:${port}`, credentials: 'corp\\runner:p@ss:w0rd/%' }]);
      assert.deepEqual(paths, ['/v2/meetings/85746065123/livestream']);
    } finally {
      await red.stop();
    }
  });
});
