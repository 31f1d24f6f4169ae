/**
 * The controller side of bench/run-fleet.ts, in its own process so that its memory, CPU and event
 * loop are its own (the sandbox stays in the bench's process). Driven over IPC: it starts at once
 * and says when the first reconcile ended; `idle` measures resident memory and CPU over `ms`;
 * `notify` hands it a meeting.started as an event source would; `stop` ends it with the event
 * loop's longest block over the whole run.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FleetController, ZoomLiveStreamClient } from '../core/index.js';
import { readStreamsFile } from '../core/fleet/file.js';
import { fleetWorld } from '../harness/streams-fleet.js';
import { SANDBOX_CLIENT } from '../sandbox/credentials.js';

export type ToController = { type: 'idle'; ms: number } | { type: 'notify'; id: string } | { type: 'stop' };
export type FromController =
  | { type: 'reconciled'; afterMs: number }
  | { type: 'idle'; rssMb: number; cpuPercent: number }
  | { type: 'stopped'; maxLoopBlockMs: number; firstTurnMs: number };

const { count, now, apiBaseUrl, oauthTokenUrl } = JSON.parse(process.env.ZOOMLS_BENCH_RUN!) as {
  count: number;
  now: number;
  apiBaseUrl: string;
  oauthTokenUrl: string;
};
const tell = (message: FromController) => process.send!(message);
const world = fleetWorld(count, now);
const client = new ZoomLiveStreamClient({ auth: SANDBOX_CLIENT, apiBaseUrl, oauthTokenUrl, requestsPerSecond: 25 });
const began = performance.now();
let reconciled = false;
const controller = new FleetController(client, readStreamsFile(world.yaml, { env: world.env, readSecretFile: () => '' }), {
  clock: client.clock,
  pollIntervalMs: 15_000,
  dueMs: 20 * 60_000,
  watchEveryMs: 15_000,
  reconcileEveryMs: 10 * 60_000,
  maxRestarts: 3,
  onTransition: () => undefined,
  log: (line) => {
    if (reconciled || !line.startsWith('reconciled')) return;
    reconciled = true;
    tell({ type: 'reconciled', afterMs: performance.now() - began });
  },
});
// The first turn (start() up to its first await: the first batch of entries, and V8 compiling
// their code paths) is timed apart; the histogram covers everything after it.
const loop = monitorEventLoopDelay({ resolution: 10 });
const starting = performance.now();
controller.start();
let firstTurnMs = 0;
setImmediate(() => {
  firstTurnMs = performance.now() - starting;
  loop.enable();
});

process.on('message', (message: ToController) => {
  if (message.type === 'notify') controller.notify({ event: 'meeting.started', kind: 'meeting', id: message.id, payload: {} });
  if (message.type === 'idle') {
    const cpu = process.cpuUsage();
    const from = performance.now();
    setTimeout(() => {
      const used = process.cpuUsage(cpu);
      const cpuPercent = ((used.user + used.system) / 1000 / (performance.now() - from)) * 100;
      tell({ type: 'idle', rssMb: process.memoryUsage().rss / 2 ** 20, cpuPercent });
    }, message.ms);
  }
  if (message.type === 'stop') {
    loop.disable();
    void controller.stop().then(() => {
      client.close();
      tell({ type: 'stopped', maxLoopBlockMs: loop.max / 1e6, firstTurnMs });
      process.disconnect();
    });
  }
});
