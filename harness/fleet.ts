/**
 * A fleet's starts: 100 meetings started at once through one Node-RED account (as 100 messages at
 * 09:00 would be), against a sandbox that enforces Zoom's per-account limit of 30 requests a second
 * with 429s. Paced (the account's rate) against unpaced (429s retried as they come), in one run.
 */
import { planTask } from '../core/index.js';
import { AccountService } from '../node-red/account-service.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';
import { streamRecord } from '../sandbox/streams.js';

export interface FleetRun {
  starts: number;
  requestsPerSecond?: number;
  seconds: number;
  failed: number;
  /** 429s the sandbox answered. */
  rateLimited: number;
  /** API requests sent, retries included. */
  requests: number;
  allLive: boolean;
}

export async function fleetStarts(requestsPerSecond: number | undefined, starts = 100, limit = 30): Promise<FleetRun> {
  const sandbox = await startSandbox({ rateLimitPerSecond: limit, recordRequests: false });
  const ids = Array.from({ length: starts }, (_, i) => String(86_200_000_000 + i));
  for (const id of ids) {
    sandbox.streams.set(`meeting:${id}`, {
      ...streamRecord('meeting', id, true),
      configured: true,
      stream_url: 'rtmp://live.example.com/app',
      stream_key: `fleet-key-${id}`,
      page_url: 'https://example.com/live',
    });
  }
  const service = new AccountService({
    credentials: { ...SANDBOX_CLIENT },
    apiBaseUrl: sandbox.apiBaseUrl,
    oauthTokenUrl: sandbox.oauthTokenUrl,
    ...(requestsPerSecond ? { requestsPerSecond } : {}),
    log: () => undefined,
  });
  try {
    const began = performance.now();
    const results = await Promise.allSettled(
      ids.map((id) =>
        service.run(planTask({ action: 'start', target: { kind: 'meeting', id } }), `meeting:${id}`, new AbortController().signal),
      ),
    );
    return {
      starts,
      ...(requestsPerSecond ? { requestsPerSecond } : {}),
      seconds: Math.round((performance.now() - began) / 10) / 100,
      failed: results.filter((r) => r.status === 'rejected').length,
      rateLimited: sandbox.rateLimited,
      requests: sandbox.apiRequestCount,
      allLive: ids.every((id) => sandbox.stream('meeting', id)!.live),
    };
  } finally {
    service.close();
    await sandbox.close();
  }
}
