/**
 * Confirmed live: from the start call to each level of the ladder, on the sandbox publishing real
 * RTMP (ffmpeg) to a real server: Node-Media-Server and ffmpeg from npm everywhere, and Debian's
 * nginx-rtmp where it is installed. Sequential starts of one meeting (started, confirmed, stopped),
 * medians over the rounds. The expected figure: publishing within about a second of the 204 (the
 * publisher's connect and the first 1 s read), receiving 5 s later (the window that proves it).
 * Run alone: `node build/bench/confirm-ladder.js`.
 */
import { planTask, ZoomLiveStreamClient, type DestinationKind } from '../core/index.js';
import { runPlan } from '../core/tasks/run.js';
import { startNginxRtmp } from '../harness/nginx-rtmp.js';
import { npmFfmpeg, startNodeMediaServer } from '../harness/node-media-server.js';
import { missingRtmp, SYSTEM_FFMPEG } from '../harness/runtimes.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';
import { median, printWhenRun, round } from './stats.js';

export interface LadderTimes {
  destination: DestinationKind;
  rounds: number;
  /** Medians from the start call, ms. */
  acceptedMs: number;
  publishingMs: number;
  receivingMs: number;
  live: number;
}

async function measure(
  destination: DestinationKind,
  server: { rtmpUrl: string; apiUrl: string; user?: string; password?: string },
  ffmpeg: string,
  rounds: number,
): Promise<LadderTimes> {
  const sandbox = await startSandbox({ ffmpeg });
  const client = new ZoomLiveStreamClient({ auth: SANDBOX_CLIENT, apiBaseUrl: sandbox.apiBaseUrl, oauthTokenUrl: sandbox.oauthTokenUrl });
  const target = { kind: 'meeting' as const, id: '85746065123' };
  const times = { accepted: [] as number[], publishing: [] as number[], receiving: [] as number[] };
  let live = 0;
  try {
    for (let i = 0; i < rounds; i++) {
      const plan = planTask({
        action: 'start',
        target,
        stream: { stream_url: server.rtmpUrl, stream_key: `bench-key-${i}-7a1c`, page_url: 'https://example.com/live' },
        confirm: {
          destination: { kind: destination, url: server.apiUrl, ...(server.user ? { user: server.user, password: server.password } : {}) },
          timeoutMs: 60_000,
        },
      });
      const began = performance.now();
      const result = await runPlan(client, plan, {
        onLevel: (level, afterMs) => {
          if (level === 'publishing' || level === 'receiving') times[level].push(performance.now() - began);
          if (level === 'publishing') times.accepted.push(performance.now() - began - afterMs);
        },
      });
      if (result.confirmation?.live) live++;
      await runPlan(client, planTask({ action: 'stop', target }));
    }
  } finally {
    client.close();
    await sandbox.close();
  }
  return {
    destination,
    rounds,
    acceptedMs: round(median(times.accepted), 0),
    publishingMs: round(median(times.publishing), 0),
    receivingMs: round(median(times.receiving), 0),
    live,
  };
}

export async function confirmLadder(rounds = 5): Promise<LadderTimes[]> {
  const out: LadderTimes[] = [];
  const nms = await startNodeMediaServer();
  try {
    out.push(await measure('node-media-server', nms, npmFfmpeg(), rounds));
  } finally {
    await nms.stop();
  }
  if (!missingRtmp()) {
    const nginx = await startNginxRtmp();
    try {
      out.push(await measure('nginx-rtmp', { rtmpUrl: nginx.rtmpUrl, apiUrl: nginx.statUrl }, SYSTEM_FFMPEG, rounds));
    } finally {
      await nginx.stop();
    }
  }
  return out;
}

/** One destination's row of the benchmark table. */
export const ladderRow = (r: LadderTimes) =>
  `| confirmed live at ${r.destination} (${r.rounds} starts): start call -> accepted / publishing / receiving, median | ${r.acceptedMs} / ${r.publishingMs} / ${r.receivingMs} ms; ${r.live} of ${r.rounds} live | receiving within 5 s + 2 s of the 204: ${r.receivingMs - r.acceptedMs <= 7_000 && r.live === r.rounds ? 'met' : 'NOT met'} |`;

await printWhenRun(import.meta.url, async () => (await confirmLadder()).map(ladderRow));
