/** The command line's confirm flags: checked before anything is sent, and one environment file for every line. */
import assert from 'node:assert/strict';
import { FakeClock } from '../helpers/clock.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cli } from '../helpers/cli.js';
import { cliOAuthEnv, useSandbox } from '../helpers/sandbox.js';

describe('cli: confirm flags', () => {
  const ctx = useSandbox();
  const env = () => cliOAuthEnv(ctx.sandbox);

  it("the destination's credentials in a shared environment do not stop a plain stop or start", async () => {
    const shared = { ...env(), ZOOM_CONFIRM_USER: 'monitor', ZOOM_CONFIRM_PASSWORD: 'pw-from-the-env-file' };
    // Both reach Zoom (whatever it answers): neither is refused as a usage error.
    for (const action of ['stop', 'start']) {
      const run = await cli([action, '--meeting', '85746065123'], shared);
      assert.notEqual(run.code, 2, run.stderr);
    }
    assert.equal(ctx.sandbox.apiRequests.length, 2);
  });

  it('a confirm setting without --confirm, or confirm without a destination, is a usage error naming the flag; nothing is sent', async () => {
    const stray = await cli(['start', '--meeting', '85746065123', '--confirm-url', 'http://127.0.0.1:1/stat'], env());
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /--confirm-url: is set, but --confirm is none/);
    const bare = await cli(['confirm', '--meeting', '85746065123'], env());
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /--confirm: is not set: the confirm action reads a destination/);
    const wrong = await cli(['confirm', '--meeting', '85746065123', '--confirm', 'wowza', '--confirm-url', 'http://x'], env());
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--confirm: "wowza" is not a destination this product reads/);
    const noApp = await cli(
      [
        'start',
        '--meeting',
        '85746065123',
        '--stream-url',
        'rtmp://127.0.0.1:1935',
        '--stream-key',
        'k-123456',
        '--page-url',
        'https://e.com/l',
        '--confirm',
        'srs',
        '--confirm-url',
        'http://127.0.0.1:1985',
      ],
      env(),
    );
    assert.equal(noApp.code, 2);
    assert.match(noApp.stderr, /--stream-url: .* names no application/);
    assert.equal(ctx.sandbox.apiRequests.length, 0);
  });

  it('a broken monitor is not "not live": refused credentials exit 3, an API that does not answer 4, with no stream causes; --json in the CLI\'s words', async () => {
    const api = http.createServer((_req, res) => res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"no"}'));
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const confirm = ['confirm', '--meeting', '85746065123', '--confirm', 'mediamtx', '--confirm-timeout', '10s'];
    const credentials = { ZOOM_CONFIRM_USER: 'monitor', ZOOM_CONFIRM_PASSWORD: 'wrong-password-1' };
    try {
      await cli(
        [
          'update',
          '--meeting',
          '85746065123',
          '--stream-url',
          'rtmp://127.0.0.1:1935/live',
          '--stream-key',
          'k-monitor-1',
          '--page-url',
          'https://e.com/l',
        ],
        env(),
      );
      const refused = await cli([...confirm, '--confirm-url', url, '--json'], { ...env(), ...credentials });
      assert.equal(refused.code, 3, refused.stderr);
      assert.match(
        refused.stderr,
        /refused the credentials\. Check ZOOM_CONFIRM_USER and ZOOM_CONFIRM_PASSWORD\. The destination's API refused the credentials: the stream was not read/,
      );
      assert.doesNotMatch(refused.stderr, /Likely causes/);
      const json = JSON.parse(refused.stdout) as { confirmation: { problem: string } };
      assert.match(json.confirmation.problem, /Check ZOOM_CONFIRM_USER and ZOOM_CONFIRM_PASSWORD/);
      assert.doesNotMatch(refused.stdout, /confirmUser|\uE000/);
    } finally {
      await new Promise<void>((resolve) => api.close(() => resolve()));
    }
    // The same port, closed now: nothing answers.
    // Its reads are retried until --confirm-timeout, on a fake clock.
    const gone = await cli([...confirm, '--confirm-url', url], env(), undefined, new FakeClock());
    assert.equal(gone.code, 4, gone.stderr);
    assert.match(gone.stderr, /did not answer: the stream was not read/);
    assert.doesNotMatch(gone.stderr, /Likely causes|stream key/);
  });
});
