/** The command line's confirm flags: checked before anything is sent, and one environment file for every line. */
import assert from 'node:assert/strict';
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
});
