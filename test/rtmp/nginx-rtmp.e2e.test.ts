/**
 * Confirmed live against a real nginx with the RTMP module: the sandbox starts a stream and, as Zoom
 * does, publishes real RTMP (ffmpeg) to its stream URL and key; the command line and the bundled
 * Action read nginx's rtmp_stat page. Skipped, with one line, where nginx-rtmp or ffmpeg is missing.
 */
import assert from 'node:assert/strict';
import { until } from '../../harness/until.js';
import { runAction } from '../../harness/action-runner.js';
import { startNginxRtmp, type NginxRtmp } from '../../harness/nginx-rtmp.js';
import { missingRtmp, SYSTEM_FFMPEG } from '../../harness/runtimes.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { cli } from '../helpers/cli.js';
import { actionOAuthInputs, cliOAuthEnv } from '../helpers/sandbox.js';
import { skipWithout } from '../helpers/skip.js';

const KEY = 'live-key-SECRET-8c1f';
const MEETING = '85746065123';

describe('confirmed live: a real nginx-rtmp, real RTMP from the sandbox', function () {
  this.timeout(120_000);
  let nginx: NginxRtmp;
  let sandbox: Sandbox;
  let env: Record<string, string>;

  before(async function () {
    skipWithout(this, missingRtmp());
    nginx = await startNginxRtmp();
  });
  after(async () => {
    await nginx?.stop();
  });
  beforeEach(async () => {
    sandbox = await startSandbox({ ffmpeg: SYSTEM_FFMPEG });
    env = {
      ...cliOAuthEnv(sandbox),
      ZOOM_STREAM_KEY: KEY,
    };
  });
  afterEach(async () => {
    await sandbox?.close();
  });

  const start = (extra: string[] = []) =>
    cli(
      [
        'start',
        '--meeting',
        MEETING,
        '--stream-url',
        nginx.rtmpUrl,
        '--page-url',
        'https://example.com/live',
        '--confirm',
        'nginx-rtmp',
        '--confirm-url',
        nginx.statUrl,
        '--json',
        ...extra,
      ],
      env,
    );

  it('CLI: start confirmed receiving, the ladder in --json; then confirm answers 0 while it runs and 7 once it stopped', async () => {
    const run = await start();
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { confirmation: Record<string, unknown>; destinationStream: string };
    assert.equal(result.confirmation.confirmed, 'receiving');
    assert.equal(result.confirmation.live, true);
    assert.ok((result.confirmation.receivedBytes as number) > 0);
    assert.equal(result.destinationStream, 'live/***');
    assert.ok(!`${run.stdout}${run.stderr}`.includes(KEY));

    // A monitor that only needs a publisher answers at once.
    const running = await cli(
      ['confirm', '--meeting', MEETING, '--confirm', 'nginx-rtmp', '--confirm-url', nginx.statUrl, '--confirm-level', 'publishing'],
      env,
    );
    assert.equal(running.code, 0, running.stderr);
    assert.match(running.stdout, /Live: publishing/);

    assert.equal((await cli(['stop', '--meeting', MEETING], env)).code, 0);
    // nginx lists an ending publisher for a moment after ffmpeg is gone: the stop is read once it is not.
    await until(async () => !(await (await fetch(nginx.statUrl)).text()).includes(`<name>${KEY}</name>`), 'nginx to drop the publisher');
    const stopped = await cli(
      ['confirm', '--meeting', MEETING, '--confirm', 'nginx-rtmp', '--confirm-url', nginx.statUrl, '--confirm-timeout', '10s'],
      env,
    );
    assert.equal(stopped.code, 7, stopped.stderr);
    assert.match(stopped.stderr, /does not show the stream receiving within 10 s: reached accepted/);
    assert.ok(!`${running.stdout}${running.stderr}${stopped.stdout}${stopped.stderr}`.includes(KEY));
  });

  it('CLI: the host client cannot reach the destination: exit 7 after the timeout, accepted only, the stream stays started', async () => {
    sandbox.hostClientBlocked('meeting', MEETING, true);
    const run = await start(['--confirm-timeout', '10s']);
    assert.equal(run.code, 7, run.stderr);
    const result = JSON.parse(run.stdout) as { confirmation: Record<string, unknown> };
    assert.equal(result.confirmation.confirmed, 'accepted');
    assert.equal(result.confirmation.live, false);
    assert.match(run.stderr, /Zoom started the stream, but nginx-rtmp did not confirm it receiving within 10 s/);
    assert.match(
      run.stderr,
      /Likely causes, in order: the stream key .*; the stream URL .*; the destination refusing .*; the host's Zoom client/,
    );
    assert.match(run.stderr, /The stream stays started in Zoom: nothing was undone/);
    assert.equal(sandbox.stream('meeting', MEETING)!.live, true);
    assert.ok(!`${run.stdout}${run.stderr}`.includes(KEY));
  });

  it('CLI: a stat page behind basic auth takes ZOOM_CONFIRM_USER and _PASSWORD; a wrong password is said at once (exit 3), never shown', async () => {
    const args = ['--confirm-url', nginx.securedStatUrl, '--confirm-level', 'publishing'];
    const ok = await cli(
      [
        'start',
        '--meeting',
        MEETING,
        '--stream-url',
        nginx.rtmpUrl,
        '--page-url',
        'https://example.com/live',
        '--confirm',
        'nginx-rtmp',
        ...args,
      ],
      { ...env, ZOOM_CONFIRM_USER: nginx.user, ZOOM_CONFIRM_PASSWORD: nginx.password },
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Live: publishing/);
    const wrong = await cli(['confirm', '--meeting', MEETING, '--confirm', 'nginx-rtmp', ...args], {
      ...env,
      ZOOM_CONFIRM_USER: nginx.user,
      ZOOM_CONFIRM_PASSWORD: 'not-the-password-31',
    });
    // The monitor's credentials, not the stream: an authentication error (3), not "not live" (7).
    assert.equal(wrong.code, 3);
    assert.match(wrong.stderr, /HTTP 401, the API refused the credentials. Check ZOOM_CONFIRM_USER and ZOOM_CONFIRM_PASSWORD/);
    assert.ok(!`${wrong.stdout}${wrong.stderr}`.includes('not-the-password-31'));
  });

  it('the bundled Action: live=true, confirmed=receiving, the ladder in the summary; blocked: live=false, confirmed=accepted, one ::error::', async () => {
    const inputs = {
      ...actionOAuthInputs(sandbox),
      'meeting-id': MEETING,
      action: 'start',
      'stream-url': nginx.rtmpUrl,
      'stream-key': KEY,
      'page-url': 'https://example.com/live',
      confirm: 'nginx-rtmp',
      'confirm-url': nginx.statUrl,
    };
    const live = await runAction(inputs);
    assert.equal(live.code, 0, live.stdout);
    assert.equal(live.outputs.live, 'true');
    assert.equal(live.outputs.confirmed, 'receiving');
    assert.ok(Number(live.outputs['received-bytes']) > 0);
    assert.match(live.summary, /Live at nginx-rtmp: receiving/);
    assert.match(live.summary, /\| ✅ \| receiving \|/);

    await cli(['stop', '--meeting', MEETING], env);
    sandbox.hostClientBlocked('meeting', MEETING, true);
    const blocked = await runAction({ ...inputs, 'confirm-timeout': '10s' });
    assert.equal(blocked.code, 1);
    assert.equal(blocked.outputs.live, 'false');
    assert.equal(blocked.outputs.confirmed, 'accepted');
    const errors = blocked.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    assert.equal(errors.length, 1, blocked.stdout);
    assert.match(errors[0]!, /Zoom started the stream, but nginx-rtmp did not confirm it receiving within 10 s: reached accepted/);
    assert.match(blocked.summary, /\*\*Not live\*\* at nginx-rtmp/);
    assert.equal(sandbox.stream('meeting', MEETING)!.live, true);
    for (const run of [live, blocked]) {
      const shown = `${run.stdout.replace(/^::add-mask::.*$/gm, '')}${run.stderr}${run.summary}${JSON.stringify(run.outputs)}`;
      assert.ok(!shown.includes(KEY), 'the stream key shows');
    }
  });
});
