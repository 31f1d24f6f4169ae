/**
 * An IPv6 literal URL (http://[::1]:PORT) reaches its server, for Zoom's API base URL and for a
 * destination's API alike. Run in a child process: nock, loaded in this one, handles the brackets
 * itself and would hide the defect. Skipped, with one line, where the machine has no IPv6 loopback.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inPlainNode } from '../../helpers/plain-node.js';

describe('http: IPv6 literal URLs', () => {
  let server: http.Server;
  let base = '';
  const paths: string[] = [];

  before(async function () {
    server = http.createServer((req, res) => {
      paths.push(req.url ?? '');
      const body = req.url?.startsWith('/v2/')
        ? { stream_url: 'rtmp://[::1]/live', stream_key: 'k-ipv6-1234', page_url: 'https://example.com/live' }
        : { online: true, inboundBytes: 4096 };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(0, '::1', () => resolve(true));
    });
    if (!listening) {
      console.log('      skipped: this machine has no IPv6 loopback (::1)');
      this.skip();
    }
    base = `http://[::1]:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())));

  it("reaches Zoom's API at an api-base-url with an IPv6 literal", async () => {
    const config = await inPlainNode(`
      const client = new ZoomLiveStreamClient({ auth: { accessToken: 'token-ipv6-abcdef' }, apiBaseUrl: '${base}/v2', maxRetries: 0 });
      try { return await client.getLiveStream({ kind: 'meeting', id: '85746065123' }); } finally { client.close(); }`);
    assert.equal((config as { page_url?: string }).page_url, 'https://example.com/live', JSON.stringify(config));
    assert.ok(paths.includes('/v2/meetings/85746065123/livestream'));
  });

  it('reads a destination at a confirm-url with an IPv6 literal', async () => {
    const reading = await inPlainNode(`
      const reader = destinationReader({ kind: 'mediamtx', url: '${base}' }, { app: 'live', name: 'k-ipv6-1234' });
      try { return await reader.read(); } finally { reader.close(); }`);
    assert.deepEqual(reading, { publishing: true, bytes: 4096 });
  });
});
