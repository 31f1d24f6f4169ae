/**
 * The command line: its modules in process (every action, credentials from the environment and from
 * files, --json, each exit code) and the bundle cli/dist/index.js run as a user runs it (a signal
 * during a wait, the exit codes a scheduler reads).
 */
import assert from 'node:assert/strict';
import { FakeClock } from '../helpers/clock.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, type Run } from '../helpers/cli.js';
import { ROOT } from '../../harness/root.js';
import { until } from '../../harness/until.js';
import { SANDBOX_CLIENT, SANDBOX_TOKEN } from '../../sandbox/server.js';
import { useSandbox } from '../helpers/sandbox.js';
import { assertNoSecrets, STREAM } from '../helpers/secrets.js';

describe('cli: zoom-livestream', function () {
  this.timeout(60_000);
  const ctx = useSandbox();
  const service = () => ({ ZOOM_API_BASE_URL: ctx.sandbox.apiBaseUrl, ZOOM_OAUTH_TOKEN_URL: ctx.sandbox.oauthTokenUrl });
  const oauth = () => ({
    ...service(),
    ZOOM_ACCOUNT_ID: SANDBOX_CLIENT.accountId,
    ZOOM_CLIENT_ID: SANDBOX_CLIENT.clientId,
    ZOOM_CLIENT_SECRET: SANDBOX_CLIENT.clientSecret,
  });
  const stream = ['--stream-url', STREAM.stream_url, '--page-url', STREAM.page_url];

  it('runs every action with OAuth credentials from the environment; --json is one object with no secret', async () => {
    const env = { ...oauth(), ZOOM_STREAM_KEY: STREAM.stream_key };
    for (const argv of [
      ['update', '--meeting', '85746065123', ...stream, '--resolution', '1080p'],
      ['start', '--meeting', '857 4606 5123', '--display-name', 'Town hall', '--active-speaker-name'],
      ['mode', '--meeting', '85746065123', '--layout', 'gallery_view'],
      ['get', '--meeting', 'https://us02web.zoom.us/j/85746065123'],
      ['check', '--meeting', '85746065123'],
      ['stop', '--meeting', '85746065123'],
    ]) {
      const run = await cli([...argv, '--json'], env);
      assert.equal(run.code, 0, `${argv.join(' ')}: ${run.stderr}`);
      const result = JSON.parse(run.stdout) as { action: string; status: number; trackingId?: string; config?: { stream_key: string } };
      assert.equal(result.action, argv[0]);
      assert.ok(result.trackingId?.startsWith('sbx_'), run.stdout);
      if (argv[0] === 'get') assert.equal(result.config!.stream_key, '***');
      assertNoSecrets(run.stdout + run.stderr);
    }
    assert.equal(ctx.sandbox.stream('meeting', '85746065123')!.live, false);
  });

  it('reads every credential from a <NAME>_FILE (Kubernetes and Docker secrets), and options from ZOOM_<OPTION>', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoom-cli-'));
    try {
      const file = (name: string, value: string) => {
        writeFileSync(join(dir, name), `${value}\n`);
        return join(dir, name);
      };
      const env = {
        ...service(),
        ZOOM_ACCOUNT_ID_FILE: file('account', SANDBOX_CLIENT.accountId),
        ZOOM_CLIENT_ID_FILE: file('client', SANDBOX_CLIENT.clientId),
        ZOOM_CLIENT_SECRET_FILE: file('secret', SANDBOX_CLIENT.clientSecret),
        ZOOM_STREAM_KEY_FILE: file('key', STREAM.stream_key),
        ZOOM_MEETING: '85746065123',
        ZOOM_STREAM_URL: STREAM.stream_url,
        ZOOM_PAGE_URL: STREAM.page_url,
      };
      const run = await cli(['update'], env);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(ctx.sandbox.stream('meeting', '85746065123')!.stream_key, STREAM.stream_key);
      const token = await cli(['get', '--meeting', '85746065123'], { ...service(), ZOOM_ACCESS_TOKEN_FILE: file('token', SANDBOX_TOKEN) });
      assert.equal(token.code, 0, token.stderr);
      assert.match(token.stdout, /^get meeting 85746065123: HTTP 200 \(tracking id sbx_/m);
      const flagWins = await cli(['get', '--meeting', '85746065123', '--api-base-url', 'http://127.0.0.1:1/v2', '--max-retries', '0'], {
        ...service(),
        ZOOM_ACCESS_TOKEN: SANDBOX_TOKEN,
      });
      assert.equal(flagWins.code, 4, 'the flag won over ZOOM_API_BASE_URL');
      const missing = await cli(['get', '--meeting', '85746065123'], { ...service(), ZOOM_ACCESS_TOKEN_FILE: join(dir, 'nope') });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /ZOOM_ACCESS_TOKEN_FILE: cannot read ".*nope" \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const codes: [string, number, () => Promise<Run>][] = [
    ['0 done', 0, () => cli(['get', '--meeting', '85746065123'], oauth())],
    ['1 Zoom refused (no such meeting)', 1, () => cli(['get', '--meeting', '89999999999'], oauth())],
    ['2 usage: an unknown flag', 2, () => cli(['get', '--meeting', '85746065123', '--colour'], oauth())],
    [
      '2 validation: a bad resolution, nothing sent',
      2,
      () => cli(['update', '--meeting', '85746065123', ...stream, '--stream-key', 'k-1234', '--resolution', '4k'], oauth()),
    ],
    ['2 no credentials', 2, () => cli(['get', '--meeting', '85746065123'], service())],
    ['3 authentication', 3, () => cli(['get', '--meeting', '85746065123'], { ...oauth(), ZOOM_CLIENT_SECRET: 'wrong-secret-1234' })],
    [
      '4 network',
      4,
      () => cli(['get', '--meeting', '85746065123', '--max-retries', '0'], { ...oauth(), ZOOM_API_BASE_URL: 'http://127.0.0.1:1/v2' }),
    ],
    [
      '5 the host did not start in time',
      5,
      () =>
        cli(
          ['start', '--meeting', '81000000001', ...stream, '--stream-key', 'k-1234', '--wait-for-start', '5s', '--poll-interval', '5s'],
          { ...service(), ZOOM_ACCESS_TOKEN: SANDBOX_TOKEN },
          undefined,
          new FakeClock(),
        ),
    ],
    ['6 check found a problem', 6, () => cli(['check', '--meeting', '85746065123'], oauth())],
  ];
  for (const [what, code, run] of codes) {
    it(`exit ${what}`, async () => {
      const before = ctx.sandbox.apiRequests.length;
      const result = await run();
      assert.equal(result.code, code, result.stderr);
      if (code === 2) assert.equal(ctx.sandbox.apiRequests.length, before, 'nothing was sent');
      if (code !== 0) assert.match(result.stderr, /^zoom-livestream: /m);
      assertNoSecrets(result.stdout + result.stderr);
    });
  }

  it('check --fail-on never reports a problem and exits 0; --json has the checklist', async () => {
    const run = await cli(['check', '--meeting', '85746065123', '--fail-on', 'never', '--json'], oauth());
    assert.equal(run.code, 0);
    const result = JSON.parse(run.stdout) as { checklist: { problems: number } };
    assert.equal(result.checklist.problems, 1);
  });

  it('a signal during a wait cancels it at once: 143 for SIGTERM, 130 for SIGINT, and one line of what was done', async () => {
    for (const [signal, code] of [
      ['SIGTERM', 143],
      ['SIGINT', 130],
    ] as const) {
      let send: ((s: 'SIGINT' | 'SIGTERM') => void) | undefined;
      const before = ctx.sandbox.apiRequests.length;
      const pending = cli(
        ['start', '--meeting', '81000000001', ...stream, '--stream-key', 'k-1234', '--wait-for-start', '10m'],
        oauth(),
        (h) => (send = h),
      );
      await until(() => ctx.sandbox.apiRequests.slice(before).some((r) => r.path === '/v2/meetings/81000000001'), 'the wait to begin');
      send!(signal);
      const run = await pending;
      assert.equal(run.code, code);
      assert.match(
        run.stderr,
        new RegExp(
          `^zoom-livestream: interrupted by ${signal}\\. Done: update meeting 81000000001\\. Not done: start meeting 81000000001\\.$`,
          'm',
        ),
      );
    }
  });

  it("says things in the command line's own words: both target flags in a hint, a refused connection not sent, no other face's words", async () => {
    const webinar = await cli(['stop', '--webinar', '99999999999'], oauth());
    assert.match(webinar.stderr, /whether it is a meeting \(--meeting\) or a webinar \(--webinar\)/);
    assert.equal(webinar.stderr.match(/tracking id/g)?.length, 1, webinar.stderr);
    const refused = await cli(
      ['start', '--meeting', '85746065123', '--api-base-url', 'http://127.0.0.1:1/v2', '--max-retries', '0'],
      oauth(),
    );
    assert.equal(refused.code, 4, refused.stderr);
    assert.match(refused.stderr, /Not done: start meeting 85746065123/);
    assert.doesNotMatch(refused.stderr, /May have been applied|Node-RED|webinar-id|\.\./);
  });

  it('--help, <action> --help and --version print and exit 0; no action is a usage error', async () => {
    const help = await cli(['--help'], {});
    assert.equal(help.code, 0);
    for (const word of ['--wait-for-start', 'ZOOM_CLIENT_SECRET_FILE', 'Exit codes', '143']) assert.ok(help.stdout.includes(word), word);
    const start = await cli(['start', '--help'], {});
    assert.match(start.stdout, /^Usage: zoom-livestream start /);
    // Each action's help lists its own options, and only those.
    assert.match(start.stdout, /Its options:\n.*--display-name.*\n.*--wait-for-start/);
    const stop = await cli(['stop', '--help'], {});
    assert.doesNotMatch(stop.stdout, /--display-name|--wait-for-start|--confirm/);
    for (const action of ['update', 'start', 'stop', 'get', 'mode', 'check', 'confirm', 'plan', 'apply'])
      assert.ok(help.stdout.includes(`\n  ${action} `), `the bare help lists ${action}`);
    assert.match((await cli(['--version'], {})).stdout, /^\d+\.\d+\.\d+\n$/);
    const none = await cli([], {});
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no action given/);
  });

  it('the bundle, run as users run it: SIGTERM during a wait exits 143', async () => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'cli', 'dist', 'index.js'), 'start', '--meeting', '81000000001', ...stream, '--wait-for-start', '10m', '--json'],
      {
        env: { ...oauth(), ZOOM_STREAM_KEY: STREAM.stream_key, PATH: process.env.PATH ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await until(() => stderr.includes('Waiting for the host'), 'the wait to begin');
    child.kill('SIGTERM');
    assert.equal(await exited, 143, stderr);
    assert.match(stderr, /interrupted by SIGTERM\. Done: update meeting 81000000001\. Not done: start meeting 81000000001\./);
    assertNoSecrets(stderr);
  });
});
