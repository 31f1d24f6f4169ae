/**
 * The resident controller at fleet scale: 1,000 entries (the fleet world: meetings two days out, so
 * every window is closed) against the sandbox with Zoom's Pro limit (30/s), the controller at 25/s.
 * Measured in one process (the sandbox's share included, so memory is an upper bound): the first
 * reconcile's time and 429s, resident memory once it settled, CPU while nothing changes (20 s), the
 * event loop's longest block, and from a `meeting.started` event to the start request reaching the
 * sandbox (median of 20). Run alone: `node build/bench/run-fleet.js`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FleetController, ZoomLiveStreamClient } from '../core/index.js';
import { readStreamsFile } from '../core/fleet/file.js';
import { fleetWorld } from '../harness/streams-fleet.js';
import { until } from '../harness/until.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';
import { median, printWhenRun, round } from './stats.js';

export interface RunFleetFigures {
  entries: number;
  reconcileSeconds: number;
  rateLimited: number;
  rssMb: number;
  idleCpuPercent: number;
  maxLoopBlockMs: number;
  eventToStartMs: number;
}

export async function runFleet(count = 1_000): Promise<RunFleetFigures> {
  const world = fleetWorld(count, Date.now());
  const sandbox = await startSandbox({ streams: world.streams, rateLimitPerSecond: 30, recordRequests: false });
  const entries = readStreamsFile(world.yaml, { env: world.env, readSecretFile: () => '' });
  const client = new ZoomLiveStreamClient({
    auth: SANDBOX_CLIENT,
    apiBaseUrl: sandbox.apiBaseUrl,
    oauthTokenUrl: sandbox.oauthTokenUrl,
    requestsPerSecond: 25,
  });
  let reconciledAt = 0;
  const controller = new FleetController(client, entries, {
    clock: client.clock,
    pollIntervalMs: 15_000,
    dueMs: 20 * 60_000,
    watchEveryMs: 15_000,
    reconcileEveryMs: 10 * 60_000,
    maxRestarts: 3,
    onTransition: () => undefined,
    log: (line) => {
      if (line.startsWith('reconciled')) reconciledAt ||= performance.now();
    },
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  try {
    const began = performance.now();
    loop.enable();
    controller.start();
    await until(() => reconciledAt > 0, 'the first reconcile', 300_000);
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
    const rssMb = process.memoryUsage().rss / 2 ** 20;
    const cpu = process.cpuUsage();
    const idleFrom = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    const used = process.cpuUsage(cpu);
    const idleCpuPercent = ((used.user + used.system) / 1000 / (performance.now() - idleFrom)) * 100;
    const latencies: number[] = [];
    for (const record of world.streams.filter((s) => s.kind === 'meeting' && s.configured).slice(0, 20)) {
      const before = sandbox.apiRequestCount;
      sandbox.hostStarts('meeting', record.id);
      const sent = performance.now();
      controller.notify({ event: 'meeting.started', kind: 'meeting', id: record.id, payload: {} });
      await until(() => sandbox.apiRequestCount > before && sandbox.stream('meeting', record.id)!.live, 'the start', 30_000).catch(
        () => undefined,
      );
      latencies.push(performance.now() - sent);
    }
    loop.disable();
    return {
      entries: count,
      reconcileSeconds: round((reconciledAt - began) / 1000, 1),
      rateLimited: sandbox.rateLimited,
      rssMb: round(rssMb, 0),
      idleCpuPercent: round(idleCpuPercent, 2),
      maxLoopBlockMs: round(loop.max / 1e6, 1),
      eventToStartMs: round(median(latencies), 0),
    };
  } finally {
    await controller.stop();
    client.close();
    await sandbox.close();
  }
}

/** The benchmark table's rows. */
export const runFleetRows = (r: RunFleetFigures): string[] => [
  `| run: ${r.entries} entries, first reconcile at 25/s (sandbox limit 30/s) | ${r.reconcileSeconds} s, ${r.rateLimited} 429s | no 429: ${r.rateLimited === 0 ? 'met' : 'NOT met'} |`,
  `| run: resident memory with ${r.entries} entries (sandbox in the same process) | ${r.rssMb} MB | under 150 MB: ${r.rssMb < 150 ? 'met' : 'NOT met'} |`,
  `| run: CPU while nothing changes (20 s) | ${r.idleCpuPercent} % of a core | under 2 %: ${r.idleCpuPercent < 2 ? 'met' : 'NOT met'} |`,
  `| run: the event loop's longest block (whole run) | ${r.maxLoopBlockMs} ms | under 50 ms: ${r.maxLoopBlockMs < 50 ? 'met' : 'NOT met'} |`,
  `| run: meeting.started to the start request reaching Zoom, median of 20 | ${r.eventToStartMs} ms | under 100 ms: ${r.eventToStartMs < 100 ? 'met' : 'NOT met'} |`,
];

await printWhenRun(import.meta.url, async () => runFleetRows(await runFleet()));
