/** The command line as cron, systemd and CI run it (tried to break in issue 25): each case failed before its fix. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../harness/root.js';
import { until } from '../../harness/until.js';
import { SANDBOX_CLIENT } from '../../sandbox/server.js';
import { streamRecord } from '../../sandbox/streams.js';
import { cli } from '../helpers/cli.js';
import { useSandbox } from '../helpers/sandbox.js';
import { assertNoSecrets, STREAM } from '../helpers/secrets.js';

type Json = Record<string, unknown>;

describe('cli: as a scheduler runs it', function () {
  this.timeout(60_000);
  const ctx = useSandbox();
  const oauth = () => ({
    ZOOM_API_BASE_URL: ctx.sandbox.apiBaseUrl,
    ZOOM_OAUTH_TOKEN_URL: ctx.sandbox.oauthTokenUrl,
    ZOOM_ACCOUNT_ID: SANDBOX_CLIENT.accountId,
    ZOOM_CLIENT_ID: SANDBOX_CLIENT.clientId,
    ZOOM_CLIENT_SECRET: SANDBOX_CLIENT.clientSecret,
    ZOOM_MAX_RETRIES: '0',
  });
  const stream = ['--stream-url', STREAM.stream_url, '--page-url', STREAM.page_url];
  // The running meeting, its stream configured.
  beforeEach(() =>
    ctx.sandbox.streams.set('meeting:85746065123', { ...streamRecord('meeting', '85746065123', true), configured: true, ...STREAM }),
  );

  describe('exit codes a scheduler can act on', () => {
    for (const status of [503, 429, 500]) {
      it(`the token endpoint answering ${status} exits 4 (retry), not 3`, async () => {
        ctx.sandbox.inject({ fault: { kind: 'status', status }, on: 'token' });
        const run = await cli(['get', '--meeting', '85746065123'], oauth());
        assert.equal(run.code, 4, run.stderr);
      });
    }

    it('refused credentials still exit 3', async () => {
      const run = await cli(['get', '--meeting', '85746065123'], { ...oauth(), ZOOM_CLIENT_SECRET: 'not-the-secret-1234' });
      assert.equal(run.code, 3, run.stderr);
    });

    it('an API 5xx after the retries exits 4; a refusal still exits 1', async () => {
      ctx.sandbox.inject({ fault: { kind: 'status', status: 502 } });
      assert.equal((await cli(['get', '--meeting', '85746065123'], oauth())).code, 4);
      assert.equal((await cli(['get', '--meeting', '88800003001'], oauth())).code, 1);
    });
  });

  describe('one environment file for start and stop', () => {
    const shared = () => ({
      ...oauth(),
      ZOOM_STREAM_URL: STREAM.stream_url,
      ZOOM_PAGE_URL: STREAM.page_url,
      ZOOM_STREAM_KEY: STREAM.stream_key,
      ZOOM_RESOLUTION: '1080p',
      ZOOM_WAIT_FOR_START: '75m',
      ZOOM_POLL_INTERVAL: '30s',
      ZOOM_DISPLAY_NAME: 'Town hall',
      ZOOM_LAYOUT: 'gallery_view',
      ZOOM_ACTIVE_SPEAKER_NAME: 'true',
      ZOOM_FAIL_ON: 'never',
    });
    for (const action of ['stop', 'get', 'check']) {
      it(`${action} ignores the start-only ZOOM_<OPTION> values it does not take`, async () => {
        const run = await cli([action, '--meeting', '85746065123'], shared());
        assert.equal(run.code, 0, run.stderr);
      });
    }

    it('the same options given as flags are still refused', async () => {
      const run = await cli(['stop', '--meeting', '85746065123', '--wait-for-start', '5m'], oauth());
      assert.equal(run.code, 2);
      assert.match(run.stderr, /wait-for-start/);
    });
  });

  describe('what changed, said truly', () => {
    it('start with stream fields: the update went through, the start was refused; both said, in text and JSON', async () => {
      const run = await cli(['start', '--meeting', '81000000001', ...stream, '--json'], { ...oauth(), ZOOM_STREAM_KEY: STREAM.stream_key });
      assert.equal(run.code, 1);
      const error = (JSON.parse(run.stdout) as { error: Json }).error;
      assert.deepEqual(error.steps, { done: ['update meeting 81000000001'], failed: 'start meeting 81000000001', notDone: [] });
      assert.match(run.stderr, /Done: update meeting 81000000001\. Refused: start meeting 81000000001\./);
      assertNoSecrets(run.stdout + run.stderr);
    });

    it('a start that Zoom applied but whose answer was lost: the retry meets code 300, and the outcome says the stream runs', async () => {
      ctx.sandbox.inject({ fault: { kind: 'lose-answer' }, path: '/status' });
      const run = await cli(['start', '--meeting', '85746065123', '--display-name', 'Town hall', '--json'], {
        ...oauth(),
        ZOOM_MAX_RETRIES: '2',
      });
      assert.equal(run.code, 0, run.stderr);
      const result = JSON.parse(run.stdout) as { steps: Json[] };
      assert.match(String(result.steps[0]!.note), /stream is running: an earlier try of this start/);
      assert.equal(ctx.sandbox.stream('meeting', '85746065123')!.live, true);
    });

    it('the code-300 answer of a start that runs already is "already live", a success, not "the ID is invalid"', async () => {
      await cli(['start', '--meeting', '85746065123'], oauth());
      const run = await cli(['start', '--meeting', '85746065123', '--display-name', 'Town hall'], oauth());
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Already live: Zoom answered code 300/);
      assert.doesNotMatch(`${run.stdout}${run.stderr}`, /ID is missing or invalid/);
    });

    it('SIGTERM while the update is out: it may have been applied, and --json says so on stdout', async () => {
      ctx.sandbox.inject({ fault: { kind: 'delay', ms: 30_000 } });
      let send: ((s: 'SIGINT' | 'SIGTERM') => void) | undefined;
      const pending = cli(
        ['start', '--meeting', '85746065123', ...stream, '--json'],
        { ...oauth(), ZOOM_STREAM_KEY: STREAM.stream_key },
        (h) => (send = h),
      );
      await until(() => ctx.sandbox.apiRequests.some((r) => r.method === 'PATCH'), 'the update to be out');
      send!('SIGTERM');
      const run = await pending;
      assert.equal(run.code, 143);
      assert.match(
        run.stderr,
        /interrupted by SIGTERM\. Nothing was done\. May have been applied \(it was sent; no answer came\): update meeting 85746065123\. Not done: start meeting 85746065123\./,
      );
      const error = (JSON.parse(run.stdout) as { error: Json }).error;
      assert.equal(error.kind, 'cancelled');
      assert.equal((error.steps as Json).mayHaveApplied, 'update meeting 85746065123');
    });
  });

  it('SIGTERM while the token request is out: 143 at once, nothing was done, no retry afterwards', async () => {
    ctx.sandbox.inject({ fault: { kind: 'delay', ms: 60_000 }, on: 'token' });
    let send: ((s: 'SIGINT' | 'SIGTERM') => void) | undefined;
    const pending = cli(['stop', '--meeting', '85746065123'], oauth(), (h) => (send = h));
    await until(() => ctx.sandbox.tokenRequests === 1, 'the token request');
    send!('SIGTERM');
    const run = await pending;
    assert.equal(run.code, 143, run.stderr);
    assert.match(run.stderr, /^zoom-livestream: interrupted by SIGTERM\. Nothing was done\. Not done: stop meeting 85746065123\.$/m);
    assert.doesNotMatch(run.stderr, /retry/);
  });

  describe('files, flags and pipes', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'zl-cli-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('a *_FILE over 16 KB is refused before it is read or sent', async () => {
      const big = join(dir, 'big');
      writeFileSync(big, '');
      truncateSync(big, 200 * 1024 * 1024);
      const run = await cli(['get', '--meeting', '85746065123'], { ...oauth(), ZOOM_CLIENT_SECRET: '', ZOOM_CLIENT_SECRET_FILE: big });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /ZOOM_CLIENT_SECRET_FILE: names a file of 209715200 bytes/);
      assert.equal(ctx.sandbox.tokenRequests, 0);
    });

    it('a secret pasted where its path belongs is quoted by a short prefix only', async () => {
      const secret = 'PastedSecretValue0123456789abcdef';
      const run = await cli(['get', '--meeting', '85746065123'], { ...oauth(), ZOOM_CLIENT_SECRET: '', ZOOM_CLIENT_SECRET_FILE: secret });
      assert.equal(run.code, 2);
      assert.ok(!run.stderr.includes(secret.slice(0, 8)), run.stderr);
      assert.match(run.stderr, /"Past"\.\.\. \(33 characters, not a path\)/);
    });

    it('a single-valued flag given twice is refused', async () => {
      const run = await cli(['get', '--meeting', '85746065123', '--meeting', '81000000001'], oauth());
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--meeting is given more than once/);
      assert.equal(ctx.sandbox.apiRequests.length, 0);
    });

    it('an unknown flag names itself, and a credential flag points at its variable', async () => {
      const secret = await cli(['get', '--meeting', '1', '--client-secret', 'abc'], {});
      assert.equal(secret.code, 2);
      assert.match(secret.stderr, /--client-secret is not an option: credentials are never given as flags.*Set ZOOM_CLIENT_SECRET/);
      const typo = await cli(['get', '--meeting', '1', '--stream-ulr', 'x'], {});
      assert.match(typo.stderr, /--stream-ulr is not an option\. Hint: Did you mean --stream-url\?/);
      assert.doesNotMatch(typo.stderr, /'/);
    });

    it('ZOOM_JSON=true: a usage error is JSON on stdout too', async () => {
      const run = await cli(['get', '--meetin', '1'], { ZOOM_JSON: 'true' });
      assert.equal(run.code, 2);
      assert.equal((JSON.parse(run.stdout) as { error: Json }).error.kind, 'validation');
    });

    it('the bundle: a reader that closed stdout (| head -c 1) leaves the exit code 0 and no stack trace', async () => {
      const child = spawn(process.execPath, [join(ROOT, 'cli', 'dist', 'index.js'), 'get', '--meeting', '85746065123'], {
        env: { ...oauth(), PATH: process.env.PATH ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 0, stderr);
      assert.doesNotMatch(stderr, /EPIPE|at .*\.js/);
    });
  });
});
