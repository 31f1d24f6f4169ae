/**
 * The resident controller at fleet scale: 1,000 entries (the fleet world: meetings two days out, so
 * every window is closed) against the sandbox with Zoom's Pro limit (30/s), the controller at 25/s.
 * The controller runs in its own process (bench/run-fleet-controller.ts), the sandbox in this one, so
 * memory, CPU and the event loop are the controller's alone: the first reconcile's time and 429s,
 * resident memory once it settled, CPU while nothing changes (20 s), the event loop's longest block
 * over the whole run, and from a `meeting.started` handed to it (over IPC, as an event source would)
 * to the start request reaching the sandbox (median of 20). Alone: `node build/bench/run-fleet.js`.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { fleetWorld } from '../harness/streams-fleet.js';
import { until } from '../harness/until.js';
import { startSandbox } from '../sandbox/server.js';
import type { FromController, ToController } from './run-fleet-controller.js';
import { median, printWhenRun, round } from './stats.js';

export interface RunFleetFigures {
  entries: number;
  reconcileSeconds: number;
  rateLimited: number;
  rssMb: number;
  idleCpuPercent: number;
  maxLoopBlockMs: number;
  firstTurnMs: number;
  eventToStartMs: number;
}

export async function runFleet(count = 1_000): Promise<RunFleetFigures> {
  const now = Date.now();
  const world = fleetWorld(count, now);
  const sandbox = await startSandbox({ streams: world.streams, rateLimitPerSecond: 30, recordRequests: false });
  const child = fork(fileURLToPath(new URL('./run-fleet-controller.js', import.meta.url)), {
    env: {
      ...process.env,
      ZOOMLS_BENCH_RUN: JSON.stringify({ count, now, apiBaseUrl: sandbox.apiBaseUrl, oauthTokenUrl: sandbox.oauthTokenUrl }),
    },
  });
  const heard: FromController[] = [];
  child.on('message', (message: FromController) => heard.push(message));
  const tell = (message: ToController) => child.send(message);
  const answer = async <T extends FromController['type']>(type: T, timeoutMs: number) => {
    await until(() => heard.some((m) => m.type === type), `the controller's ${type}`, timeoutMs);
    return heard.find((m) => m.type === type) as Extract<FromController, { type: T }>;
  };
  try {
    const { afterMs } = await answer('reconciled', 300_000);
    // Every entry reads its meeting once, then sleeps until its window opens: settled when no
    // request came for 5 s.
    let seen = -1;
    let quietSince = performance.now();
    await until(
      () => {
        if (sandbox.apiRequestCount !== seen) [seen, quietSince] = [sandbox.apiRequestCount, performance.now()];
        return performance.now() - quietSince > 5_000;
      },
      'the reads to end',
      300_000,
    );
    tell({ type: 'idle', ms: 20_000 });
    const idle = await answer('idle', 60_000);
    const latencies: number[] = [];
    for (const record of world.streams.filter((s) => s.kind === 'meeting' && s.configured).slice(0, 20)) {
      const before = sandbox.apiRequestCount;
      sandbox.hostStarts('meeting', record.id);
      const sent = performance.now();
      tell({ type: 'notify', id: record.id });
      await until(() => sandbox.apiRequestCount > before && sandbox.stream('meeting', record.id)!.live, 'the start', 30_000).catch(
        () => undefined,
      );
      latencies.push(performance.now() - sent);
    }
    tell({ type: 'stop' });
    const { maxLoopBlockMs, firstTurnMs } = await answer('stopped', 30_000);
    return {
      entries: count,
      reconcileSeconds: round(afterMs / 1000, 1),
      rateLimited: sandbox.rateLimited,
      rssMb: round(idle.rssMb, 0),
      idleCpuPercent: round(idle.cpuPercent, 2),
      maxLoopBlockMs: round(maxLoopBlockMs, 1),
      firstTurnMs: round(firstTurnMs, 1),
      eventToStartMs: round(median(latencies), 0),
    };
  } finally {
    if (child.exitCode === null) {
      child.kill();
      await once(child, 'exit');
    }
    await sandbox.close();
  }
}

/** The benchmark table's rows. */
export const runFleetRows = (r: RunFleetFigures): string[] => [
  `| run: ${r.entries} entries, first reconcile at 25/s (sandbox limit 30/s) | ${r.reconcileSeconds} s, ${r.rateLimited} 429s | no 429: ${r.rateLimited === 0 ? 'met' : 'NOT met'} |`,
  `| run: resident memory with ${r.entries} entries (the controller's process) | ${r.rssMb} MB | under 150 MB: ${r.rssMb < 150 ? 'met' : 'NOT met'} |`,
  `| run: CPU while nothing changes (20 s) | ${r.idleCpuPercent} % of a core | under 2 %: ${r.idleCpuPercent < 2 ? 'met' : 'NOT met'} |`,
  `| run: the event loop's longest block after the first turn (whole run); the first turn (start(): the first batch, V8 compiling) | ${r.maxLoopBlockMs} ms; ${r.firstTurnMs} ms | under 50 ms: ${r.maxLoopBlockMs < 50 && r.firstTurnMs < 50 ? 'met' : 'NOT met'} |`,
  `| run: meeting.started to the start request reaching Zoom, median of 20 | ${r.eventToStartMs} ms | under 100 ms: ${r.eventToStartMs < 100 ? 'met' : 'NOT met'} |`,
];

await printWhenRun(import.meta.url, async () => runFleetRows(await runFleet()));
