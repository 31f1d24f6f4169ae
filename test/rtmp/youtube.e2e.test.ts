/**
 * YouTube end to end from the command line, on real RTMP: the stand-in's ingest is a real nginx-rtmp
 * (application live2), the sandbox publishes to it with ffmpeg as Zoom would once the stream starts,
 * and the stand-in says `active` only while bytes arrive there. A start creates (or finds again) the
 * stream, creates and binds a broadcast, gives Zoom YouTube's address, key and watch URL, confirms
 * receiving and puts the broadcast on air; a stop completes it. Skipped where nginx-rtmp or ffmpeg is missing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestBytes, startYouTubeWithIngest, type YouTubeWithIngest } from '../../harness/youtube.js';
import { missingRtmp, SYSTEM_FFMPEG } from '../../harness/runtimes.js';
import { until } from '../../harness/until.js';
import { YOUTUBE_WATCH_MS } from '../../core/index.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { YOUTUBE_CLIENT } from '../../sandbox/youtube.js';
import { cli } from '../helpers/cli.js';
import { runInProcess, type RunInProcess } from '../helpers/run-in-process.js';
import { actionOAuthInputs, cliOAuthEnv } from '../helpers/sandbox.js';
import { runAction } from '../../harness/action-runner.js';
import { skipWithout } from '../helpers/skip.js';

const MEETING = '85746065123';

interface Result {
  steps: { operation: string }[];
  confirmation: { confirmed: string; asked: string; live: boolean; ladder: { level: string }[] };
  youtube: {
    streamId: string;
    streamCreated: boolean;
    broadcastId: string;
    pageUrl: string;
    onAir: boolean;
    tooEarly: number;
    units: number;
    completed?: string[];
  };
}

describe('YouTube end to end: the command line, real RTMP into the stand-in', function () {
  this.timeout(120_000);
  let yt: YouTubeWithIngest;
  let sandbox: Sandbox;
  let env: Record<string, string>;

  before(function () {
    skipWithout(this, missingRtmp());
  });
  beforeEach(async () => {
    sandbox = await startSandbox({ ffmpeg: SYSTEM_FFMPEG });
  });
  afterEach(async () => {
    await sandbox?.close();
    await yt?.stop();
  });
  const begin = async (options: Parameters<typeof startYouTubeWithIngest>[0] = {}) => {
    yt = await startYouTubeWithIngest(options);
    env = { ...cliOAuthEnv(sandbox), ...yt.env };
  };
  const youtube = (action: 'start' | 'stop', more: string[] = []) =>
    cli([action, '--meeting', MEETING, '--youtube-broadcast', 'create', '--confirm-url', yt.youtube.url, '--json', ...more], env);
  const secretsOf = () => [
    YOUTUBE_CLIENT.secret,
    YOUTUBE_CLIENT.refreshToken,
    ...yt.youtube.accessTokens,
    ...[...yt.youtube.streams.values()].map((s) => s.streamName),
  ];
  const noSecret = (text: string) => {
    for (const secret of secretsOf()) assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 6)}...) is shown`);
  };

  it('start: stream created, broadcast created and bound, Zoom gets its address, key and watch URL, receiving, on air; stop completes it; a second start reuses the stream', async () => {
    await begin();
    const started = await youtube('start', ['--youtube-title', 'Town hall']);
    assert.equal(started.code, 0, started.stderr);
    const result = JSON.parse(started.stdout) as Result;
    // One access token for the start's calls and its confirmation's reads.
    assert.equal(yt.youtube.calls.filter((c) => c.path === '/token').length, 1);
    assert.equal(result.confirmation.confirmed, 'on-air');
    assert.equal(result.confirmation.asked, 'on-air');
    assert.deepEqual(
      result.confirmation.ladder.map((l) => l.level),
      ['accepted', 'publishing', 'receiving', 'on-air'],
    );
    const { streamId, broadcastId, pageUrl, units } = result.youtube;
    assert.equal(result.youtube.streamCreated, true);
    assert.equal(pageUrl, `https://www.youtube.com/watch?v=${broadcastId}`);
    // 1 list, 3 writes of 50 (stream, broadcast, bind), a read or two, the transition, the broadcast read.
    assert.ok(units >= 200 && units < 260, `units ${units}`);
    assert.equal(units, yt.youtube.units);
    const stream = yt.youtube.streams.get(streamId)!;
    assert.equal(stream.title, `zoom-livestream: ${MEETING}`);
    const broadcast = yt.youtube.broadcasts.get(broadcastId)!;
    assert.equal(broadcast.title, 'Town hall');
    assert.equal(broadcast.privacy, 'unlisted');
    assert.equal(broadcast.boundStreamId, streamId);
    assert.equal(broadcast.lifeCycleStatus, 'live');
    // Zoom was given YouTube's ingestion address, its stream name as the key, and the watch URL.
    const zoom = sandbox.stream('meeting', MEETING)!;
    assert.equal(zoom.stream_url, yt.ingest.rtmpUrl);
    assert.equal(zoom.stream_key, stream.streamName);
    assert.equal(zoom.page_url, pageUrl);
    noSecret(started.stdout + started.stderr);

    const stopped = await youtube('stop');
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.deepEqual((JSON.parse(stopped.stdout) as Result).youtube.completed, [broadcastId]);
    assert.equal(broadcast.lifeCycleStatus, 'complete');

    // The next start finds the stream again by its title: no second stream, a new broadcast.
    await until(() => !sandbox.stream('meeting', MEETING)!.live, 'the stream to stop');
    const again = await youtube('start', ['--youtube-privacy', 'private']);
    assert.equal(again.code, 0, again.stderr);
    const second = JSON.parse(again.stdout) as Result;
    assert.equal(second.youtube.streamId, streamId);
    assert.equal(second.youtube.streamCreated, false);
    assert.notEqual(second.youtube.broadcastId, broadcastId);
    assert.equal(yt.youtube.streams.size, 1);
    assert.equal(yt.youtube.broadcasts.get(second.youtube.broadcastId)!.privacy, 'private');
    noSecret(stopped.stdout + stopped.stderr + again.stdout + again.stderr);
  });

  it('a transition refused as too early (errorStreamInactive) is tried again until it is taken', async () => {
    await begin({ refuseFirstTransitions: 1 });
    const started = await youtube('start');
    assert.equal(started.code, 0, started.stderr);
    const result = JSON.parse(started.stdout) as Result;
    assert.equal(result.youtube.tooEarly, 1);
    assert.equal(result.youtube.onAir, true);
    assert.equal(result.confirmation.confirmed, 'on-air');
    const transitions = yt.youtube.calls.filter((c) => c.path.includes('/liveBroadcasts/transition'));
    assert.deepEqual(
      transitions.map((c) => c.status),
      [403, 200],
    );
  });

  it('the bundled Action: outputs confirmed=on-air, youtube-broadcast-id, page-url and youtube-units, the summary says what YouTube did; stop completes it', async () => {
    await begin();
    const inputs = { ...actionOAuthInputs(sandbox), 'meeting-id': MEETING, 'youtube-broadcast': 'create', 'confirm-url': yt.youtube.url };
    const started = await runAction({ ...inputs, action: 'start', 'youtube-title': 'Town hall' }, { env: yt.env });
    assert.equal(started.code, 0, started.stdout);
    assert.equal(started.outputs.confirmed, 'on-air');
    assert.equal(started.outputs.live, 'true');
    const broadcastId = started.outputs['youtube-broadcast-id']!;
    assert.equal(yt.youtube.broadcasts.get(broadcastId)!.lifeCycleStatus, 'live');
    assert.equal(started.outputs['page-url'], `https://www.youtube.com/watch?v=${broadcastId}`);
    assert.equal(Number(started.outputs['youtube-units']), yt.youtube.units);
    assert.match(started.summary, /\| ✅ \| on-air \|/);
    assert.match(started.summary, /YouTube quota: \d+ units spent/);
    const stopped = await runAction({ ...inputs, action: 'stop' }, { env: yt.env });
    assert.equal(stopped.code, 0, stopped.stdout);
    assert.equal(stopped.outputs['youtube-broadcast-id'], broadcastId);
    assert.equal(yt.youtube.broadcasts.get(broadcastId)!.lifeCycleStatus, 'complete');
    for (const run of [started, stopped])
      noSecret(`${run.stdout.replace(/^::add-mask::.*$/gm, '')}${run.stderr}${run.summary}${JSON.stringify(run.outputs)}`);
  });

  it('a streams file: start --file puts every youtube: entry on air (its stream named after the entry), one quota for the run; stop --file completes them', async () => {
    await begin();
    const dir = mkdtempSync(join(tmpdir(), 'yt-fleet-'));
    try {
      const file = join(dir, 'streams.yml');
      writeFileSync(
        file,
        `defaults:\n  youtube: { broadcast: create, privacy: private }\n  confirm: { kind: youtube, url: "${yt.youtube.url}" }\nstreams:\n  - name: town-hall\n    meeting: ${MEETING}\n    youtube: { broadcast: create, title: Town hall }\n  - name: all-hands\n    meeting: '12345678901234567'\n`,
      );
      const started = await cli(['start', '--file', file, '--json'], env);
      assert.equal(started.code, 0, started.stderr);
      const report = JSON.parse(started.stdout) as {
        entries: { name: string; outcome: string; youtube: Result['youtube']; confirmation: Result['confirmation'] }[];
        youtubeUnits: number;
      };
      assert.deepEqual(
        report.entries.map((e) => [e.name, e.outcome, e.confirmation.confirmed]),
        [
          ['town-hall', 'started', 'on-air'],
          ['all-hands', 'started', 'on-air'],
        ],
      );
      assert.equal(report.youtubeUnits, yt.youtube.units);
      assert.equal(yt.youtube.calls.filter((c) => c.path === '/token').length, 1, "one access token for the run's entries");
      const titles = [...yt.youtube.streams.values()].map((s) => s.title).sort();
      assert.deepEqual(titles, ['zoom-livestream: all-hands', 'zoom-livestream: town-hall']);
      const broadcasts = report.entries.map((e) => yt.youtube.broadcasts.get(e.youtube.broadcastId)!);
      assert.deepEqual(
        broadcasts.map((b) => [b.title, b.privacy, b.lifeCycleStatus]),
        [
          ['Town hall', 'unlisted', 'live'],
          [`Sandbox meeting 12345678901234567`, 'private', 'live'],
        ],
      );
      assert.match(started.stderr, /YouTube quota: \d+ units spent/);

      const stopped = await cli(['stop', '--file', file], env);
      assert.equal(stopped.code, 0, stopped.stderr);
      assert.deepEqual(
        broadcasts.map((b) => b.lifeCycleStatus),
        ['complete', 'complete'],
      );
      assert.match(stopped.stdout, /town-hall .*YouTube broadcast yt-bc-\w+ complete/);
      noSecret(started.stdout + started.stderr + stopped.stdout + stopped.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('run keeps a youtube: entry on air: stream and broadcast before the start, on-air, a drop and its recovery, a restart without a new broadcast, adopted by a new run (its broadcast, or a new one when it was ended meanwhile), completed when the meeting ends; its units on /metrics', async () => {
    await begin();
    const dir = mkdtempSync(join(tmpdir(), 'yt-run-'));
    let running: RunInProcess | undefined;
    try {
      const file = join(dir, 'streams.yml');
      writeFileSync(
        file,
        `streams:\n  - name: town-hall\n    meeting: ${MEETING}\n    youtube: { broadcast: create, title: Town hall }\n    confirm: { kind: youtube, url: "${yt.youtube.url}", timeout: 10m }\n`,
      );
      running = await runInProcess(['--file', file, '--listen', '0', '--max-rate', '10000', '--restart-after', '60s'], env);
      const { advanceUntil, lines } = running;
      const streamName = () => [...yt.youtube.streams.values()][0]?.streamName;
      /** Zoom's publisher pushes to YouTube's ingest: until it does, the controller's time stands still. */
      const ingesting = async () => streamName() !== undefined && (await ingestBytes(yt.ingest.statUrl, streamName()!)) !== undefined;
      const zoomLive = () => Boolean(sandbox.stream('meeting', MEETING)?.live);
      const noVideoYet = async () => zoomLive() && !(await ingesting());
      const reached = (to: string, times = 1) => lines().filter((l) => l.to === to).length >= times;

      sandbox.hostStarts('meeting', MEETING);
      await advanceUntil(() => reached('on-air'), 2, 'on air', noVideoYet);
      const [stream] = [...yt.youtube.streams.values()];
      const [broadcast] = [...yt.youtube.broadcasts.values()];
      assert.equal(stream!.title, 'zoom-livestream: town-hall');
      assert.deepEqual([broadcast!.title, broadcast!.lifeCycleStatus, yt.youtube.broadcasts.size], ['Town hall', 'live', 1]);
      const zoom = sandbox.stream('meeting', MEETING)!;
      assert.deepEqual(
        [zoom.stream_url, zoom.stream_key, zoom.page_url],
        [yt.ingest.rtmpUrl, stream!.streamName, `https://www.youtube.com/watch?v=${broadcast!.id}`],
      );
      const order = ['accepted', 'receiving', 'on-air'].map((to) => lines().findIndex((l) => l.to === to));
      assert.deepEqual(
        [...order].sort((a, b) => a - b),
        order,
        `accepted, then receiving, then on air: ${running.out()}`,
      );
      const metrics = await (await fetch(`${running.base}metrics`)).text();
      assert.match(metrics, /^zoomls_stream_state\{stream="town-hall",state="on-air"\} 1$/m);
      assert.match(await (await fetch(running.base)).text(), /<td><b>on-air<\/b> for [^<]*<\/td><td>youtube \d+ units<\/td>/);

      // The host's client loses its connection: dropped; back soon, the broadcast is on air again (it never left).
      const cut = async (blocked: boolean) => {
        sandbox.hostClientBlocked('meeting', MEETING, blocked);
        await until(async () => (await ingesting()) !== blocked, blocked ? 'the publisher gone' : 'the publisher back');
      };
      await cut(true);
      await advanceUntil(() => reached('dropped'), 2, 'the drop');
      const at = (to: string) => Date.parse(lines().find((l) => l.to === to)!.time);
      assert.ok(
        at('dropped') - at('on-air') >= YOUTUBE_WATCH_MS,
        'each read costs quota: a stream on air is read every 40 s, not every 15 s',
      );
      await cut(false);
      await advanceUntil(() => reached('on-air', 2), 2, 'recovered');
      assert.deepEqual(
        lines()
          .slice(-2)
          .map((l) => [l.to, l.reason]),
        [
          ['dropped', 'the destination lists no publisher'],
          ['on-air', 'recovered'],
        ],
      );
      // A drop that lasts: Zoom's stream is restarted, the broadcast kept.
      await cut(true);
      await advanceUntil(() => reached('restarting'), 2, 'the restart');
      sandbox.hostClientBlocked('meeting', MEETING, false);
      await advanceUntil(() => reached('on-air', 3), 2, 'on air after the restart', noVideoYet);
      assert.equal(yt.youtube.broadcasts.size, 1, 'a restart creates no broadcast');
      assert.equal(broadcast!.lifeCycleStatus, 'live');
      const api = (await (await fetch(`${running.base}api/streams`)).json()) as {
        streams: { state: string; restarts: number; destination: string; youtubeUnits: number }[];
      };
      assert.deepEqual(
        api.streams.map((s) => [s.state, s.restarts, s.destination]),
        [['on-air', 1, 'youtube']],
      );
      assert.equal(api.streams[0]!.youtubeUnits, yt.youtube.units);
      assert.equal(yt.youtube.calls.filter((c) => c.path === '/token').length, 1, 'one access token for every call and read');

      // run stops (the broadcast stays on air) and starts again: the live stream and its broadcast are adopted, nothing restarted.
      const first = running;
      assert.equal(await first.stop(), 0);
      assert.equal(broadcast!.lifeCycleStatus, 'live');
      const zoomStarts = () => sandbox.requests.filter((r) => (r.json as { action?: string })?.action === 'start').length;
      const startsBefore = zoomStarts();
      running = await runInProcess(['--file', file, '--listen', '0', '--max-rate', '10000'], env);
      const again = running;
      await again.advanceUntil(() => again.lines().some((l) => l.to === 'on-air'), 2, 'adopted');
      assert.equal(again.lines().find((l) => l.to === 'on-air')!.reason, 'already on air at YouTube: adopted, not restarted');

      // The broadcast is ended in YouTube Studio while no run watches: the next run adopts the stream
      // and gives it a broadcast on air (Zoom told its watch URL), still without restarting Zoom's stream.
      assert.equal(await again.stop(), 0);
      broadcast!.lifeCycleStatus = 'complete';
      const unitsBefore = yt.youtube.units;
      running = await runInProcess(['--file', file, '--listen', '0', '--max-rate', '10000'], env);
      const third = running;
      await third.advanceUntil(() => third.lines().some((l) => l.to === 'on-air'), 2, 'a new broadcast on air');
      const fresh = [...yt.youtube.broadcasts.values()].find((b) => b.id !== broadcast!.id)!;
      assert.deepEqual(
        third
          .lines()
          .map((l) => [l.to, l.reason])
          .slice(-2),
        [
          ['publishing', 'already publishing at the destination: adopted, not restarted'],
          ['on-air', "YouTube's broadcast is live"],
        ],
      );
      assert.equal(fresh.lifeCycleStatus, 'live');
      assert.equal(sandbox.stream('meeting', MEETING)!.page_url, `https://www.youtube.com/watch?v=${fresh.id}`);
      assert.equal(zoomStarts(), startsBefore, "Zoom's stream was never restarted");

      // The meeting ends: the broadcast on air is completed, and the line says so.
      sandbox.hostEnds('meeting', MEETING);
      await third.advanceUntil(() => third.lines().some((l) => l.to === 'stopped'), 2, 'the end');
      assert.equal(fresh.lifeCycleStatus, 'complete');
      assert.match(
        third.lines().find((l) => l.to === 'stopped')!.reason,
        new RegExp(`the meeting ended; YouTube broadcast ${fresh.id} complete`),
      );
      const after = await (await fetch(`${third.base}metrics`)).text();
      assert.match(after, /^# TYPE zoomls_youtube_units_total counter$/m);
      assert.equal(Number(/^zoomls_youtube_units_total (\d+)$/m.exec(after)?.[1]), yt.youtube.units - unitsBefore);
      assert.equal(await third.stop(), 0);
      noSecret([first, again, third].map((r) => r.out() + r.err()).join('') + metrics + after);
    } finally {
      await running?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
