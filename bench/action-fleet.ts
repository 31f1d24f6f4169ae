/**
 * The fleet as a workflow matrix runs it: 100 Action processes started at once against one sandbox
 * account that enforces Zoom's 30 requests a second. Processes share no pace, so 429s come and are
 * retried after Zoom's Retry-After; the figure is whether all succeed, and how long the last takes.
 */
import { runAction } from '../harness/action-runner.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';
import { streamRecord } from '../sandbox/streams.js';
import { round } from './stats.js';

export interface ActionFleet {
  processes: number;
  succeeded: number;
  lastLiveSeconds: number;
  rateLimited: number;
}

export async function actionFleet(processes = 100): Promise<ActionFleet> {
  const sandbox = await startSandbox({ rateLimitPerSecond: 30, recordRequests: false });
  try {
    const ids = Array.from({ length: processes }, (_, i) => String(89_100_000_000 + i));
    for (const id of ids) sandbox.streams.set(`meeting:${id}`, { ...streamRecord('meeting', id, true) });
    const began = performance.now();
    const runs = await Promise.all(
      ids.map((id) =>
        runAction({
          'meeting-id': id,
          action: 'start',
          'stream-url': 'rtmp://live.example.com/app',
          'stream-key': `fleet-key-${id}`,
          'page-url': 'https://example.com/live',
          'wait-for-start': '5m',
          'account-id': SANDBOX_CLIENT.accountId,
          'client-id': SANDBOX_CLIENT.clientId,
          'client-secret': SANDBOX_CLIENT.clientSecret,
          'api-base-url': sandbox.apiBaseUrl,
          'oauth-token-url': sandbox.oauthTokenUrl,
        }),
      ),
    );
    return {
      processes,
      succeeded: runs.filter((r) => r.code === 0).length,
      lastLiveSeconds: round((performance.now() - began) / 1000, 1),
      rateLimited: sandbox.rateLimited,
    };
  } finally {
    await sandbox.close();
  }
}
