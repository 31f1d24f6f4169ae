/**
 * A fleet run tells the truth, on a small file against the sandbox: the documented every-15-minutes cron line
 * run twice does not count live streams as failures, a stop before the meeting starts is nothing to
 * stop, options an action with a file does not use are refused, a start that waits says so as it
 * goes, and the file's name is shown as a path.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { cli } from '../helpers/cli.js';
import { cliOAuthEnv } from '../helpers/sandbox.js';

const KEY = 'truth-key-SECRET-5150';
const FILE = `defaults:
  stream-url: rtmp://127.0.0.1:1935/live
  page-url: https://example.com/live
  stream-key: \${TRUTH_KEY}
streams:
  - name: plain
    meeting: 85746065123
  - name: with-settings
    meeting: 12345678901234567
    display-name: Town hall
  - name: not-started
    meeting: 81000000001
`;

describe('fleet: a run tells the truth', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let dir: string;
  let file: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    sandbox = await startSandbox();
    dir = mkdtempSync(join(tmpdir(), 'fleet-truth-'));
    file = join(dir, 'streams.yml');
    writeFileSync(file, FILE);
    env = { ...cliOAuthEnv(sandbox), TRUTH_KEY: KEY };
  });
  afterEach(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const outcomes = (stdout: string) =>
    Object.fromEntries((JSON.parse(stdout) as { entries: { name: string; outcome: string }[] }).entries.map((e) => [e.name, e.outcome]));

  it('start run twice: the second finds them already live, a success; stop of a meeting not started is nothing to stop', async () => {
    const only = ['--only', 'plain,with-settings'];
    await cli(['apply', '--file', file], env);
    const first = await cli(['start', '--file', file, ...only, '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(outcomes(first.stdout), { plain: 'started', 'with-settings': 'started' });
    const second = await cli(['start', '--file', file, ...only, '--json'], env);
    assert.equal(second.code, 0, second.stderr);
    // A plain start Zoom accepts again stays started; one with settings meets Zoom's 300: already live.
    assert.deepEqual(outcomes(second.stdout), { plain: 'started', 'with-settings': 'already live' });
    const stop = await cli(['stop', '--file', file, '--only', 'not-started', '--json'], env);
    assert.equal(stop.code, 0, stop.stderr);
    assert.deepEqual(outcomes(stop.stdout), { 'not-started': 'nothing to stop' });
    const one = await cli(['stop', '--meeting', '81000000001'], env);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /Nothing to stop: the meeting has not started/);
  });

  it("an option a file's command does not use is refused (exit 2, naming the flag) before anything is sent", async () => {
    for (const extra of [
      ['--confirm', 'nginx-rtmp', '--confirm-url', 'http://127.0.0.1:1/stat'],
      ['--display-name', 'Town hall'],
      ['--stream-url', 'rtmp://127.0.0.1/live'],
    ]) {
      const run = await cli(['start', '--file', file, ...extra], env);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, new RegExp(`${extra[0]}: is not used with --file`));
    }
    const confirmOnly = await cli(
      [
        'confirm',
        '--meeting',
        '85746065123',
        '--display-name',
        'Town hall',
        '--confirm',
        'mediamtx',
        '--confirm-url',
        'http://127.0.0.1:1',
      ],
      env,
    );
    assert.equal(confirmOnly.code, 2, confirmOnly.stderr);
    assert.match(confirmOnly.stderr, /--display-name: is not used by action "confirm"/);
    assert.equal(sandbox.apiRequests.length, 0);
  });

  it('says each entry as it ends and when it begins to wait; names print on one line, never as a runner command', async () => {
    writeFileSync(
      file,
      FILE.replace('name: plain', 'name: "::stop-commands::x\\e[31m"').replace('name: not-started', 'name: "late\\nhost"'),
    );
    await cli(['apply', '--file', file], env);
    const run = await cli(['start', '--file', file, '--wait-for-start', '1', '--max-rate', '30'], env);
    assert.equal(run.code, 5, run.stderr);
    const printed = `${run.stdout}${run.stderr}`;
    assert.doesNotMatch(printed, /^::/m);
    assert.ok(!printed.includes('\u001b'), 'an escape reached the terminal');
    assert.match(run.stderr, /^"late\uFFFDhost" \(meeting 81000000001\): waiting for the host, up to 0:01/m);
    assert.match(run.stderr, /^"late\uFFFDhost" \(meeting 81000000001\): failed: .*has not started/m);
    assert.match(run.stderr, /^"::stop-commands::x\uFFFD\[31m" \(meeting 85746065123\): started$/m);
  });

  it("get reads every entry's stream, keys masked", async () => {
    await cli(['apply', '--file', file], env);
    const run = await cli(['get', '--file', file, '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    const entries = (JSON.parse(run.stdout) as { entries: { name: string; outcome: string; config?: { stream_key: string } }[] }).entries;
    assert.deepEqual(
      entries.map((e) => [e.name, e.outcome, e.config?.stream_key]),
      [
        ['plain', 'read', '***'],
        ['with-settings', 'read', '***'],
        ['not-started', 'read', '***'],
      ],
    );
    assert.ok(!`${run.stdout}${run.stderr}`.includes(KEY));
  });

  it("at most 10 of the entries' requests are in flight at once (the fleet's scheduler), and every entry is done", async () => {
    const { createServer } = await import('node:http');
    let inFlight = 0;
    let most = 0;
    const api = createServer((req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Answered once more requests could have arrived: what is in flight together is what the client sends.
      setImmediate(() =>
        setTimeout(() => {
          inFlight--;
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ stream_url: 'rtmp://x/live', stream_key: 'k-12345', page_url: 'https://p' }));
        }, 20),
      );
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    try {
      const lines = [
        'defaults:',
        '  stream-url: rtmp://127.0.0.1/live',
        '  page-url: https://e.com/l',
        '  stream-key: ${TRUTH_KEY}',
        'streams:',
      ];
      for (let i = 0; i < 30; i++) lines.push(`  - name: e${i}`, `    meeting: ${85000000000 + i}`);
      writeFileSync(file, `${lines.join('\n')}\n`);
      const address = api.address() as { port: number };
      const run = await cli(['get', '--file', file, '--json', '--max-rate', '1000'], {
        ZOOM_ACCESS_TOKEN: 'static-token-123456',
        ZOOM_API_BASE_URL: `http://127.0.0.1:${address.port}/v2`,
        TRUTH_KEY: KEY,
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal((JSON.parse(run.stdout) as { entries: unknown[] }).entries.length, 30);
      assert.ok(most <= 10, `${most} requests in flight at once`);
    } finally {
      await new Promise<void>((resolve) => api.close(() => resolve()));
    }
  });
});
