/**
 * YouTube from the command line, what goes wrong: an expired refresh token, a missing credential, a
 * spent quota (each before anything reaches Zoom), the `youtube` confirm kind (the stream found by
 * its key, its health's configuration issues), a redundant transition, and the quota's reset at
 * midnight Pacific. The stand-in's ingest is a counter here (test/rtmp has the real RTMP), on a fake clock.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nextMidnightPacific } from '../../core/confirm/quota.js';
import { startYouTubeStandIn, YOUTUBE_CLIENT, type YouTubeStandIn } from '../../sandbox/youtube.js';
import { youtubeEnv } from '../../harness/youtube.js';
import { cli } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run-in-process.js';
import { FakeClock } from '../helpers/clock.js';
import { cliOAuthEnv, useSandbox } from '../helpers/sandbox.js';

const MEETING = '85746065123';

describe('cli: YouTube, what goes wrong', () => {
  const ctx = useSandbox();
  let yt: YouTubeStandIn;
  let dir: string | undefined;
  /** Bytes at the stand-in's ingest by stream name: growing while `pushing`. */
  let pushing = true;
  let bytes = 0;
  const begin = async (options: Partial<Parameters<typeof startYouTubeStandIn>[0]> = {}) => {
    yt = await startYouTubeStandIn({
      ingestionAddress: 'rtmp://127.0.0.1:1/live2',
      receivedBytes: async () => (pushing ? (bytes += 10_000) : undefined),
      ...options,
    });
  };
  afterEach(async () => {
    pushing = true;
    await yt?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const env = () => ({ ...cliOAuthEnv(ctx.sandbox), ...youtubeEnv(yt) });
  const run = (argv: string[], extra: Record<string, string> = {}, clock = new FakeClock()) =>
    cli([...argv, '--meeting', MEETING, '--confirm-url', yt.url], { ...env(), ...extra }, undefined, clock);
  const zoomWrites = () => ctx.sandbox.requests.filter((r) => r.method === 'PATCH');
  const noSecret = (text: string) => {
    for (const secret of [
      YOUTUBE_CLIENT.secret,
      YOUTUBE_CLIENT.refreshToken,
      ...yt.accessTokens,
      ...[...yt.streams.values()].map((s) => s.streamName),
    ])
      assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 6)}...) is shown`);
  };

  it('an expired refresh token (invalid_grant) is exit 3 saying to run youtube-login again; nothing reaches Zoom or YouTube', async () => {
    await begin();
    yt.refreshTokens.clear();
    const started = await run(['start', '--youtube-broadcast', 'create']);
    assert.equal(started.code, 3, started.stderr);
    assert.match(started.stderr, /invalid_grant/);
    assert.match(started.stderr, /run zoom-livestream youtube-login again/);
    assert.doesNotMatch(started.stderr, /Zoom code/, "Google's code is not Zoom's");
    assert.match(started.stderr, /7 days/);
    assert.deepEqual(zoomWrites(), []);
    assert.deepEqual(
      yt.calls.map((c) => c.path),
      ['/token'],
    );
    noSecret(started.stdout + started.stderr);
  });

  it('a missing credential is a usage error naming its variable, before anything is sent', async () => {
    await begin();
    const started = await run(['start', '--youtube-broadcast', 'create'], { YOUTUBE_REFRESH_TOKEN: '' });
    assert.equal(started.code, 2, started.stderr);
    assert.match(started.stderr, /YOUTUBE_REFRESH_TOKEN: is not set/);
    assert.match(started.stderr, /YOUTUBE_REFRESH_TOKEN_FILE/);
    assert.deepEqual(yt.calls, []);
    assert.deepEqual(ctx.sandbox.requests, []);
  });

  it('a spent quota while preparing is exit 1 before Zoom is touched, saying until midnight Pacific; units reported', async () => {
    // The list (1) and the stream's insert (50) pass; the broadcast's insert (50) goes past 60.
    await begin({ dailyUnits: 60 });
    const started = await run(['start', '--youtube-broadcast', 'create', '--youtube-title', 'Town hall']);
    assert.equal(started.code, 1, started.stderr);
    assert.match(started.stderr, /quotaExceeded/);
    // The fake clock is 2026-11-23T12:00Z: Pacific midnight next is 08:00Z on the 24th (PST).
    assert.match(started.stderr, /until 2026-11-24T08:00:00Z \(midnight Pacific\)/);
    // Every call counts, the refused one too: 1 + 50 + 50.
    assert.match(started.stderr, /YouTube quota: 101 units spent\./);
    assert.doesNotMatch(started.stderr, /Zoom code/, "YouTube's reason is not Zoom's code");
    assert.deepEqual(zoomWrites(), []);
    noSecret(started.stdout + started.stderr);
  });

  it('run: a quota spent while preparing is a failed start before Zoom is touched (until midnight Pacific); later tries send YouTube nothing', async () => {
    // The list (1), the stream's insert (50) and the adoption's read (1) pass; the broadcast's insert (50) goes past 60.
    await begin({ dailyUnits: 60 });
    pushing = false;
    dir = mkdtempSync(join(tmpdir(), 'yt-run-quota-'));
    const file = join(dir, 'streams.yml');
    writeFileSync(
      file,
      `streams:\n  - name: town-hall\n    meeting: ${MEETING}\n    youtube: { broadcast: create, title: Town hall }\n    confirm: { kind: youtube, url: "${yt.url}" }\n`,
    );
    const running = await runInProcess(['--file', file, '--listen', 'off', '--max-rate', '10000'], env());
    try {
      ctx.sandbox.hostStarts('meeting', MEETING);
      await running.advanceUntil(() => running.lines().some((l) => l.to === 'failed'), 2, 'the failed start');
      const failed = running.lines().find((l) => l.to === 'failed')!;
      assert.match(failed.reason, /^the start failed: .*quotaExceeded.* until \S+ \(midnight Pacific\)/);
      const calls = yt.calls.length;
      // Two polls later: the start is tried again, YouTube is not called while its quota is spent, Zoom never.
      await running.advanceUntil(() => running.clock.now() > Date.parse(failed.time) + 60_000, 2, 'two more tries');
      assert.doesNotMatch(running.err(), /stopped watching/);
      assert.equal(yt.calls.length, calls, yt.calls.map((c) => c.path).join('\n'));
      assert.deepEqual(zoomWrites(), []);
      assert.ok(!ctx.sandbox.requests.some((r) => (r.json as { action?: string })?.action === 'start'));
      noSecret(running.out() + running.err());
    } finally {
      assert.equal(await running.stop(), 0);
    }
  });

  it('run: a meeting that ends before its stream reached YouTube is not confirmed, and its broadcast, never live, is left as it is (no failure)', async () => {
    await begin();
    pushing = false;
    dir = mkdtempSync(join(tmpdir(), 'yt-run-never-'));
    const file = join(dir, 'streams.yml');
    writeFileSync(
      file,
      `streams:\n  - name: town-hall\n    meeting: ${MEETING}\n    youtube: { broadcast: create, title: Town hall }\n    confirm: { kind: youtube, url: "${yt.url}", timeout: 30s }\n`,
    );
    const running = await runInProcess(['--file', file, '--listen', '0', '--max-rate', '10000'], env());
    try {
      ctx.sandbox.hostStarts('meeting', MEETING);
      await running.advanceUntil(() => running.lines().some((l) => l.to === 'accepted'), 2, 'the start');
      const accepted = Date.parse(running.lines().find((l) => l.to === 'accepted')!.time);
      await running.advanceUntil(() => running.clock.now() > accepted + 31_000, 2, 'the confirm timeout');
      const api = (await (await fetch(`${running.base}api/streams`)).json()) as { streams: { state: string; problem: string }[] };
      assert.equal(api.streams[0]!.state, 'accepted');
      assert.match(api.streams[0]!.problem, /^not receiving at youtube within the confirm timeout/);
      ctx.sandbox.hostEnds('meeting', MEETING);
      await running.advanceUntil(() => running.lines().some((l) => l.to === 'stopped'), 2, 'the end');
      assert.deepEqual(running.lines().find((l) => l.to === 'stopped')!.reason, 'the meeting ended');
      const [broadcast] = [...yt.broadcasts.values()];
      assert.equal(broadcast!.lifeCycleStatus, 'ready');
      const after = (await (await fetch(`${running.base}api/streams`)).json()) as { streams: { problem?: string }[] };
      assert.doesNotMatch(after.streams[0]!.problem ?? '', /could not be completed/);
      assert.doesNotMatch(running.err(), /stopped watching/);
      noSecret(running.out() + running.err());
    } finally {
      assert.equal(await running.stop(), 0);
    }
  });

  it('confirm --confirm youtube: the stream found by its key (paged), receiving while its health is good; bad health names its issues', async () => {
    await begin();
    // The channel's other streams come first in its list: finding this one takes a second page of 50.
    for (let i = 0; i < 55; i++)
      yt.streams.set(`other-${i}`, { id: `other-${i}`, title: `other ${i}`, streamName: `other-name-${i}`, wasActive: false });
    const started = await run(['start', '--youtube-broadcast', 'none', '--page-url', 'https://www.youtube.com/@town/live', '--json']);
    assert.equal(started.code, 0, started.stderr);
    const { youtube, confirmation } = JSON.parse(started.stdout) as {
      youtube: { streamId: string; units: number };
      confirmation: { confirmed: string };
    };
    assert.equal(confirmation.confirmed, 'receiving');
    const before = yt.calls.length;
    const confirmed = await run(['confirm', '--confirm', 'youtube', '--json']);
    const pages = yt.calls.slice(before).filter((c) => c.path.includes('mine=true'));
    assert.deepEqual(
      pages.map((c) => /pageToken=([^&]+)/.exec(c.path)?.[1]),
      [undefined, 'page-50'],
    );
    assert.equal(confirmed.code, 0, confirmed.stderr);
    assert.equal((JSON.parse(confirmed.stdout) as { confirmation: { confirmed: string } }).confirmation.confirmed, 'receiving');
    const byId = await run(['confirm', '--confirm', 'youtube', '--confirm-id', youtube.streamId]);
    assert.equal(byId.code, 0, byId.stderr);
    const reads = yt.calls.filter((c) => c.path.startsWith('/youtube/v3/liveStreams?part=status'));
    assert.ok(reads.every((c) => c.path.includes(`id=${youtube.streamId}`)));
    yt.streams.get(youtube.streamId)!.health = { status: 'bad', issues: ['videoIngestionStarved'] };
    const bad = await run(['confirm', '--confirm', 'youtube', '--confirm-id', youtube.streamId, '--confirm-timeout', '10s']);
    assert.equal(bad.code, 7, bad.stderr);
    assert.match(bad.stderr, /reached publishing/);
    assert.match(bad.stderr, /The destination reports: videoIngestionStarved/);
    pushing = false;
    const stopped = await run(['confirm', '--confirm', 'youtube', '--confirm-id', youtube.streamId, '--confirm-timeout', '10s']);
    assert.equal(stopped.code, 7, stopped.stderr);
    assert.match(stopped.stderr, /reached accepted/);
    noSecret(started.stdout + started.stderr + confirmed.stdout + confirmed.stderr + stopped.stdout + stopped.stderr);
  });

  it('a stop finds nothing live to complete, and a broadcast already complete (redundantTransition) is success', async () => {
    await begin();
    const started = await run(['start', '--youtube-broadcast', 'create', '--json']);
    assert.equal(started.code, 0, started.stderr);
    const { broadcastId } = (JSON.parse(started.stdout) as { youtube: { broadcastId: string } }).youtube;
    const first = await run(['stop', '--youtube-broadcast', 'create', '--youtube-broadcast-id', broadcastId, '--json']);
    assert.equal(first.code, 0, first.stderr);
    const again = await run(['stop', '--youtube-broadcast', 'create', '--youtube-broadcast-id', broadcastId, '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual((JSON.parse(again.stdout) as { youtube: { alreadyComplete: string[] } }).youtube.alreadyComplete, [broadcastId]);
    // A broadcast YouTube does not know: its hint names the flag; Zoom's stop, done, is said.
    const unknown = await run(['stop', '--youtube-broadcast', 'create', '--youtube-broadcast-id', 'no-such-bc']);
    assert.equal(unknown.code, 1, unknown.stderr);
    assert.match(unknown.stderr, /liveBroadcastNotFound/);
    assert.match(unknown.stderr, /check --youtube-broadcast-id/);
    assert.match(unknown.stderr, /Done: stop meeting 85746065123\. Refused: complete the YouTube broadcast/);
    assert.doesNotMatch(unknown.stderr, /Zoom code/, "YouTube's reason is not Zoom's code");
    const nothing = await run(['stop', '--youtube-broadcast', 'create']);
    assert.equal(nothing.code, 0, nothing.stderr);
    assert.match(nothing.stdout, /No YouTube broadcast was live on the stream/);
  });

  it("start --file reads its entries' YouTube streams in shared liveStreams.list calls (many IDs a call), never one call per stream", async () => {
    await begin();
    dir = mkdtempSync(join(tmpdir(), 'yt-batch-'));
    const file = join(dir, 'streams.yml');
    const targets = ['meeting: 85746065123', "meeting: '12345678901234567'", 'webinar: 92345678901'];
    writeFileSync(
      file,
      `defaults:\n  youtube: { broadcast: none }\n  page-url: https://www.youtube.com/@town/live\n  confirm: { kind: youtube, url: "${yt.url}" }\nstreams:\n${targets.map((target, i) => `  - name: room-${i}\n    ${target}\n`).join('')}`,
    );
    const started = await cli(['start', '--file', file, '--json'], env(), undefined, new FakeClock());
    assert.equal(started.code, 0, started.stderr);
    const reads = yt.calls.filter((c) => c.path.startsWith('/youtube/v3/liveStreams?part=status'));
    const ids = (path: string) => decodeURIComponent(/[?&]id=([^&]+)/.exec(path)![1]!).split(',');
    assert.ok(reads.length >= 1);
    assert.ok(
      reads.every((c) => ids(c.path).length === targets.length),
      reads.map((c) => c.path).join('\n'),
    );
    const report = JSON.parse(started.stdout) as {
      entries: { outcome: string; confirmation: { confirmed: string } }[];
      youtubeUnits: number;
    };
    assert.deepEqual(
      report.entries.map((e) => e.confirmation.confirmed),
      ['receiving', 'receiving', 'receiving'],
    );
    assert.equal(report.youtubeUnits, yt.units);
  });

  it('a dry run says what YouTube would be asked, and sends nothing to YouTube or Zoom', async () => {
    await begin();
    const start = await run(['start', '--youtube-broadcast', 'create', '--dry-run']);
    assert.equal(start.code, 0, start.stderr);
    assert.match(
      start.stdout,
      /^\[dry-run\] first YouTube: the YouTube live stream titled "zoom-livestream: 85746065123" \(created if none\).*an unlisted broadcast/,
    );
    assert.match(start.stdout, /PATCH .*\/livestream\n.*"stream_key":"\*\*\*"/);
    assert.match(start.stdout, /after the start: the stream read at YouTube until it receives, then the broadcast put on air\n$/);
    const stop = await run(['stop', '--youtube-broadcast', 'create', '--youtube-broadcast-id', 'bc-1', '--dry-run']);
    assert.match(stop.stdout, /then YouTube: complete the broadcast bc-1\n$/);
    assert.deepEqual(yt.calls, []);
    assert.deepEqual(ctx.sandbox.requests, []);
  });

  it('YouTube settings are checked before anything is sent', async () => {
    await begin();
    const cases: [string[], RegExp][] = [
      [['start', '--youtube-broadcast', 'maybe'], /--youtube-broadcast: "maybe" is not one of create, none/],
      [
        ['start', '--youtube-broadcast', 'create', '--youtube-privacy', 'secret'],
        /--youtube-privacy: "secret" is not one of unlisted, public, private/,
      ],
      [['start', '--youtube-title', 'x'], /--youtube-title: is set without --youtube-broadcast/],
      [['start', '--youtube-broadcast', 'create', '--stream-url', 'rtmp://x/y'], /--stream-url: is set with YouTube/],
      [['start', '--youtube-broadcast', 'none'], /--page-url: is missing: without a broadcast/],
      [['start', '--youtube-broadcast', 'create', '--confirm', 'mux'], /--confirm: is mux, but the stream goes to YouTube/],
      [['get', '--youtube-broadcast', 'create'], /is not used by action "get"/],
    ];
    for (const [argv, expected] of cases) {
      const refused = await run(argv);
      assert.equal(refused.code, 2, `${argv.join(' ')}: ${refused.stderr}`);
      assert.match(refused.stderr, expected);
    }
    assert.deepEqual(yt.calls, []);
    assert.deepEqual(ctx.sandbox.requests, []);
  });
});

describe('cli: zoom-livestream youtube-login', () => {
  let yt: YouTubeStandIn;
  let dir: string;
  afterEach(async () => {
    await yt?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const login = async (device: NonNullable<Parameters<typeof startYouTubeStandIn>[0]['device']>, extra: Record<string, string> = {}) => {
    yt = await startYouTubeStandIn({ ingestionAddress: 'rtmp://127.0.0.1:1/live2', receivedBytes: async () => undefined, device });
    dir = mkdtempSync(join(tmpdir(), 'yt-login-'));
    const out = join(dir, 'refresh-token');
    const clock = new FakeClock();
    const run = await cli(['youtube-login', '--out', out], { ...youtubeEnv(yt), YOUTUBE_REFRESH_TOKEN: '', ...extra }, undefined, clock);
    return { run, out, clock };
  };

  it("prints Google's URL and code, polls at its interval (longer after slow_down), writes the refresh token to --out with mode 0600, never prints it", async () => {
    const { run, out, clock } = await login({ pendingPolls: 3, answer: 'approve', slowDown: true });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Open https:\/\/www\.google\.com\/device and enter the code ABCD-EFGH within 30 min/);
    const token = readFileSync(out, 'utf8').trim();
    assert.ok(yt.refreshTokens.has(token), 'the token written is one Google issued');
    assert.equal(statSync(out).mode & 0o777, 0o600);
    assert.ok(!`${run.stdout}${run.stderr}`.includes(token), 'the refresh token is printed');
    assert.ok(!`${run.stdout}${run.stderr}`.includes(YOUTUBE_CLIENT.secret));
    // 1 s as Google says, 6 s after its slow_down.
    assert.deepEqual(clock.sleeps, [1000, 6000, 6000, 6000]);
  });

  it('a declined consent is exit 3; a missing client secret exit 2 naming it; --out missing exit 2; its help says Testing tokens last 7 days', async () => {
    const { run: declined, out } = await login({ pendingPolls: 1, answer: 'deny' });
    assert.equal(declined.code, 3, declined.stderr);
    assert.match(declined.stderr, /declined/);
    assert.throws(() => statSync(out));
    const missing = await cli(['youtube-login', '--out', out], { ...youtubeEnv(yt), YOUTUBE_CLIENT_SECRET: '' });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /YOUTUBE_CLIENT_SECRET: is not set/);
    const noOut = await cli(['youtube-login'], youtubeEnv(yt));
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--out is missing/);
    const help = await cli(['youtube-login', '--help'], {});
    assert.equal(help.code, 0);
    assert.match(help.stdout, /"Testing" gets refresh tokens that expire\s+after 7 days/);
  });
});

describe('the YouTube quota resets at midnight Pacific', () => {
  it('standard and daylight time, and the nights the clocks change', () => {
    const next = (iso: string) => new Date(nextMidnightPacific(Date.parse(iso))).toISOString();
    assert.equal(next('2026-11-23T12:00:00Z'), '2026-11-24T08:00:00.000Z');
    assert.equal(next('2026-07-01T06:59:59Z'), '2026-07-01T07:00:00.000Z');
    assert.equal(next('2026-07-01T07:00:00Z'), '2026-07-02T07:00:00.000Z');
    // Sunday 8 March 2026 02:00 PST becomes PDT: midnight before is 08:00Z, after is 07:00Z.
    assert.equal(next('2026-03-08T09:00:00Z'), '2026-03-09T07:00:00.000Z');
    // Sunday 1 November 2026 02:00 PDT becomes PST.
    assert.equal(next('2026-11-01T08:00:00Z'), '2026-11-02T08:00:00.000Z');
  });
});
