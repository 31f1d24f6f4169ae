/**
 * Streams as code: plan and apply of a 200-entry streams file against the sandbox (Zoom's Pro limit
 * of 30 requests a second), at the default pace of 10 a second: requests sent, time, 429s drawn.
 * The expected figures: plan reads each entry's meeting and stream and each host once (about 2 per
 * entry); apply reads each stream and updates only the differing ones; both at the pace, no 429.
 * Run alone: `node build/bench/fleet-file.js`.
 */
import { ZoomLiveStreamClient } from '../core/index.js';
import { readStreamsFile } from '../core/fleet/file.js';
import { runFleet } from '../core/fleet/run.js';
import type { FleetCommand } from '../core/fleet/commands.js';
import { fleetWorld } from '../harness/streams-fleet.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';
import { printWhenRun, round } from './stats.js';

export interface FleetFileRun {
  command: FleetCommand;
  entries: number;
  requests: number;
  updates: number;
  seconds: number;
  rateLimited: number;
  changed: number;
}

export async function fleetFile(count = 200, rate = 10): Promise<FleetFileRun[]> {
  const world = fleetWorld(count, Date.now());
  const sandbox = await startSandbox({ streams: world.streams, rateLimitPerSecond: 30, recordRequests: true });
  const entries = readStreamsFile(world.yaml, { env: world.env, readSecretFile: () => '' });
  const out: FleetFileRun[] = [];
  try {
    for (const command of ['plan', 'apply'] as const) {
      const client = new ZoomLiveStreamClient({
        auth: SANDBOX_CLIENT,
        apiBaseUrl: sandbox.apiBaseUrl,
        oauthTokenUrl: sandbox.oauthTokenUrl,
        requestsPerSecond: rate,
      });
      const before = sandbox.apiRequests.length;
      const updatesBefore = sandbox.apiRequests.filter((r) => r.method === 'PATCH').length;
      const limitedBefore = sandbox.rateLimited;
      const began = performance.now();
      const report = await runFleet(client, command, entries);
      out.push({
        command,
        entries: count,
        requests: sandbox.apiRequests.length - before,
        updates: sandbox.apiRequests.filter((r) => r.method === 'PATCH').length - updatesBefore,
        seconds: round((performance.now() - began) / 1000, 1),
        rateLimited: sandbox.rateLimited - limitedBefore,
        changed: report.changed,
      });
      client.close();
    }
  } finally {
    await sandbox.close();
  }
  return out;
}

/** One command's row of the benchmark table. */
export const fleetFileRow = (r: FleetFileRun) =>
  `| streams file: ${r.command} of ${r.entries} entries at the default pace (10/s), sandbox limit 30/s | ${r.requests} requests (${r.updates} updates, ${r.changed} ${r.command === 'plan' ? 'differ' : 'updated'}), ${r.seconds} s, ${r.rateLimited} 429s | no 429, about requests / 10 s: ${r.rateLimited === 0 && r.seconds <= (r.requests / 10) * 1.3 + 1 ? 'met' : 'NOT met'} |`;

await printWhenRun(import.meta.url, async () => (await fleetFile()).map(fleetFileRow));
