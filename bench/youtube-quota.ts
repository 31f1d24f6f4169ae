/**
 * What one YouTube broadcast's whole life costs in quota units: a start with a broadcast (the
 * reusable stream found again, as from the second event on), the stream watched while on air for 2
 * hours at the YouTube watch interval, then the stop that completes it. Counted by the stand-in
 * (every call it answered, as Google counts them), on a fake clock: the 2 hours take no time.
 * Run alone: node build/bench/youtube-quota.js
 */
import { pathToFileURL } from 'node:url';
import {
  destinationReader,
  planTask,
  QuotaMeter,
  runTask,
  YOUTUBE_WATCH_MS,
  ZoomLiveStreamClient,
  watchStream,
  type Clock,
} from '../core/index.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';
import { startYouTubeStandIn } from '../sandbox/youtube.js';
import { youtubeEnv } from '../harness/youtube.js';
import { serviceCredentials } from '../core/confirm/service-credentials.js';
import { destinationStream } from '../core/confirm/stream-name.js';

const MEETING = '85746065123';
const WATCH_HOURS = 2;
const GOAL_UNITS = 400;

export interface YouTubeQuota {
  firstStart: number;
  start: number;
  watch: number;
  watchReads: number;
  stop: number;
  total: number;
  watchEverySeconds: number;
}

/** A clock whose sleeps pass at once (the watch's 2 hours). */
class InstantClock implements Clock {
  t = Date.parse('2026-12-07T17:00:00Z');
  now = () => this.t;
  sleep = async (ms: number) => {
    this.t += ms;
    // A turn of the event loop per sleep, so the stand-in's answers come in between.
    await new Promise((resolve) => setImmediate(resolve));
  };
}

export async function youtubeQuota(watchEveryMs = YOUTUBE_WATCH_MS): Promise<YouTubeQuota> {
  let bytes = 0;
  const youtube = await startYouTubeStandIn({ ingestionAddress: 'rtmp://127.0.0.1:1/live2', receivedBytes: async () => (bytes += 50_000) });
  const sandbox = await startSandbox();
  const clock = new InstantClock();
  const client = new ZoomLiveStreamClient({
    auth: { accountId: SANDBOX_CLIENT.accountId, clientId: SANDBOX_CLIENT.clientId, clientSecret: SANDBOX_CLIENT.clientSecret },
    apiBaseUrl: sandbox.apiBaseUrl,
    oauthTokenUrl: sandbox.oauthTokenUrl,
    clock,
  });
  const credentials = serviceCredentials('youtube', youtubeEnv(youtube));
  const task = (action: 'start' | 'stop') =>
    planTask({
      action,
      target: { kind: 'meeting', id: MEETING },
      youtube: { broadcast: 'create', title: 'Weekly all-hands', credentials, apiUrl: youtube.url },
    });
  const spent = async (run: () => Promise<unknown>) => {
    const before = youtube.units;
    await run();
    return youtube.units - before;
  };
  try {
    // The first event creates the reusable stream; every later one finds it again.
    const firstStart = await spent(() => runTask(client, task('start'), { quota: new QuotaMeter() }));
    await runTask(client, task('stop'), { quota: new QuotaMeter() });
    const quota = new QuotaMeter();
    let toWatch: { id: string; name: string } | undefined;
    const start = await spent(async () => {
      const result = await runTask(client, task('start'), { quota });
      const stream = [...youtube.streams.values()][0]!;
      toWatch = { id: result.youtube!.streamId!, name: stream.streamName };
    });
    const reader = destinationReader(
      { kind: 'youtube', url: youtube.url, id: toWatch!.id, credentials },
      destinationStream('rtmp://127.0.0.1:1/live2', toWatch!.name),
      { clock, quota },
    );
    let reads = 0;
    const watch = await spent(async () => {
      const counted = { read: (signal?: AbortSignal) => (reads++, reader.read(signal)), close: () => reader.close() };
      const watching = watchStream(counted, { clock, receiving: true, intervalMs: watchEveryMs, onEvent: () => undefined });
      const end = clock.now() + WATCH_HOURS * 3_600_000;
      while (clock.now() < end) await new Promise((resolve) => setImmediate(resolve));
      watching.stop();
      await watching.done;
    });
    reader.close();
    const stop = await spent(() => runTask(client, task('stop'), { quota }));
    return { firstStart, start, watch, watchReads: reads, stop, total: start + watch + stop, watchEverySeconds: watchEveryMs / 1000 };
  } finally {
    client.close();
    await sandbox.close();
    await youtube.close();
  }
}

export function youtubeQuotaRows(q: YouTubeQuota): string[] {
  return [
    `| YouTube: one broadcast's life in quota units (start ${q.start}, first start ${q.firstStart} with the stream's insert; watched ${WATCH_HOURS} h every ${q.watchEverySeconds} s: ${q.watch} for ${q.watchReads} reads; stop ${q.stop}) | ${q.total} units | < ${GOAL_UNITS}: ${q.total < GOAL_UNITS ? 'met' : 'NOT met'} |`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const every of [YOUTUBE_WATCH_MS, 30_000, 60_000]) console.log(youtubeQuotaRows(await youtubeQuota(every)).join('\n'));
}
