/**
 * `zoom-livestream plan --file` over 1,000 entries at `--max-rate 30`, the bundled command as cron
 * runs it, against the sandbox (Zoom's Pro limit, 30/s): its time against the time the pace implies
 * (requests / 30), and its peak resident memory per entry (the peak at 1,000 entries less the peak
 * at 10, over the 990 between: what the entries cost, not Node). PLAN_NODE_FLAGS adds Node flags to
 * the command (`--max-semi-space-size=1`: the young generation's share, docs/benchmarks.md).
 * Alone: `node build/bench/fleet-plan.js`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { actionNode } from '../harness/runtimes.js';
import { ROOT } from '../harness/root.js';
import { fleetWorld } from '../harness/streams-fleet.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';
import { printWhenRun, round } from './stats.js';

const run = promisify(execFile);
const RATE = 30;

export interface FleetPlan {
  entries: number;
  /** Pairs of plans (10 entries, then `entries`): the figures are their medians. */
  runs: number;
  requests: number;
  seconds: number;
  /** The time the pace implies: requests / RATE. */
  paceSeconds: number;
  rateLimited: number;
  peakMb: number;
  bytesPerEntry: number;
  /** Each pair's KB per entry, in order. */
  bytesPerEntryRuns: number[];
}

/** One plan of a `count`-entry file: requests, seconds, 429s, peak RSS in KB. */
async function plan(count: number, dir: string, preload: string) {
  const world = fleetWorld(count, Date.now());
  const sandbox = await startSandbox({ streams: world.streams, rateLimitPerSecond: RATE, recordRequests: false });
  const file = join(dir, `streams-${count}.yml`);
  writeFileSync(file, world.yaml);
  try {
    const env = {
      ...process.env,
      ...world.env,
      ZOOM_ACCOUNT_ID: SANDBOX_CLIENT.accountId,
      ZOOM_CLIENT_ID: SANDBOX_CLIENT.clientId,
      ZOOM_CLIENT_SECRET: SANDBOX_CLIENT.clientSecret,
      ZOOM_API_BASE_URL: sandbox.apiBaseUrl,
      ZOOM_OAUTH_TOKEN_URL: sandbox.oauthTokenUrl,
      NODE_OPTIONS: `--require ${preload} ${process.env.PLAN_NODE_FLAGS ?? ''}`,
    };
    const began = performance.now();
    // plan exits 8 on drift (the fleet world has some): an answer, not a failure.
    const { stderr } = await run(
      actionNode(),
      [join(ROOT, 'cli', 'dist', 'index.js'), 'plan', '--file', file, '--max-rate', String(RATE)],
      {
        env,
        maxBuffer: 64 * 2 ** 20,
      },
    ).catch((error: { code?: number; stderr?: string }) => {
      if (error.code !== 8) throw error;
      return { stderr: error.stderr ?? '' };
    });
    return {
      requests: sandbox.apiRequestCount,
      seconds: (performance.now() - began) / 1000,
      rateLimited: sandbox.rateLimited,
      peakKb: Number(/zoomls-peak-kb (\d+)/.exec(stderr)![1]),
    };
  } finally {
    await sandbox.close();
  }
}

export async function fleetPlan(count = 1_000, runs = 3): Promise<FleetPlan> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-plan-'));
  const preload = join(dir, 'peak.cjs');
  writeFileSync(
    preload,
    "process.on('exit', () => require('fs').writeSync(2, '\\nzoomls-peak-kb ' + process.resourceUsage().maxRSS + '\\n'));\n",
  );
  try {
    // A peak moves with when V8 happens to collect: the median of `runs` pairs, each measured the same way.
    const pairs = [];
    for (let i = 0; i < runs; i++) {
      const small = await plan(10, dir, preload);
      const big = await plan(count, dir, preload);
      pairs.push({ big, bytesPerEntry: ((big.peakKb - small.peakKb) * 1024) / (count - 10) });
    }
    const middle = [...pairs].sort((a, b) => a.bytesPerEntry - b.bytesPerEntry)[Math.floor(runs / 2)]!;
    const typical = pairs.map((p) => p.big).sort((a, b) => a.seconds - b.seconds)[Math.floor(runs / 2)]!;
    return {
      entries: count,
      runs,
      requests: typical.requests,
      seconds: round(typical.seconds, 1),
      paceSeconds: round(typical.requests / RATE, 1),
      rateLimited: Math.max(...pairs.map((p) => p.big.rateLimited)),
      peakMb: round(middle.big.peakKb / 1024, 0),
      bytesPerEntry: Math.round(middle.bytesPerEntry),
      bytesPerEntryRuns: pairs.map((p) => Math.round(p.bytesPerEntry / 1024)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function fleetPlanRows(f: FleetPlan): string[] {
  const ratio = round(f.seconds / f.paceSeconds);
  return [
    `| streams file: \`plan\` of ${f.entries} entries at --max-rate ${RATE} (the bundled command), sandbox limit ${RATE}/s, the median of ${f.runs} runs | ${f.seconds} s for ${f.requests} requests, the pace implies ${f.paceSeconds} s: ${ratio}x; ${f.rateLimited} 429s | <= 1.15x: ${ratio <= 1.15 ? 'met' : 'NOT met'} |`,
    `| the same plan: peak memory per entry (peak at ${f.entries} less peak at 10) | ${Math.round(f.bytesPerEntry / 1024)} KB (peak ${f.peakMb} MB; runs: ${f.bytesPerEntryRuns.join(', ')} KB) | < 40 KB: ${f.bytesPerEntry < 40 * 1024 ? 'met' : 'NOT met'} |`,
  ];
}

await printWhenRun(import.meta.url, async () => fleetPlanRows(await fleetPlan()));
