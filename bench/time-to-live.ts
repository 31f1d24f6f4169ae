/**
 * Time to live: from the moment the sandbox's host starts a meeting to its stream being live, for
 * starts that were already waiting for the host. The bundled Action (one process per meeting) and
 * the Node-RED node (one real Node-RED, one message per meeting) each run 20 meetings side by side;
 * the hosts start them at offsets spread evenly over one poll interval, so every phase of the poll
 * is hit. The expected figure is half a poll interval at the median and one at worst. The webhook
 * path has no poll: the host's start is pushed to a zoom-webhook node wired to the start.
 */
import { runAction } from '../harness/action-runner.js';
import { liveStreamFlowNode, sandboxAccountNode } from '../harness/flows.js';
import { startNodeRed } from '../harness/node-red-runner.js';
import { SANDBOX_CLIENT, SANDBOX_TOKEN, startSandbox, type Sandbox } from '../sandbox/server.js';
import { streamRecord } from '../sandbox/streams.js';
import { median, percentile, round } from './stats.js';

const STREAM = { stream_url: 'rtmp://live.example.com/app', stream_key: 'ttl-stream-key-0001', page_url: 'https://example.com/live' };
/** Time for every waiter to send its first try before any host starts. */
const LEAD_MS = 2_000;

export interface TimeToLive {
  runs: number;
  pollSeconds: number;
  medianMs: number;
  worstMs: number;
  /** Start requests per meeting, on average: one per poll while waiting, plus the one that worked. */
  triesPerMeeting: number;
}

/** Meetings that have not started, with their stream configured. */
function lateMeetings(sandbox: Sandbox, first: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const id = String(first + i);
    sandbox.streams.set(`meeting:${id}`, { ...streamRecord('meeting', id, false), ...STREAM, configured: true });
    return id;
  });
}

/** Hosts start the meetings at offsets spread over one poll interval; resolves when all are live. */
async function hostsStart(sandbox: Sandbox, ids: string[], pollMs: number, timeoutMs: number): Promise<TimeToLive> {
  ids.forEach((id, i) => sandbox.hostStarts('meeting', id, LEAD_MS + (i * pollMs) / ids.length));
  const until = Date.now() + LEAD_MS + pollMs + timeoutMs;
  const records = ids.map((id) => sandbox.stream('meeting', id)!);
  while (!records.every((r) => r.live)) {
    if (Date.now() > until) throw new Error(`${records.filter((r) => !r.live).length} of ${ids.length} meetings never went live`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const samples = records.map((r) => r.liveAt! - r.startedAt!);
  // A try is a start request, or a read of the meeting's status (the meeting probe).
  const tries = sandbox.apiRequests.filter(
    (r) => (r.path.endsWith('/status') || /^\/v2\/meetings\/\d+$/.test(r.path)) && ids.some((id) => r.path.includes(id)),
  ).length;
  return {
    runs: ids.length,
    pollSeconds: pollMs / 1000,
    medianMs: round(median(samples), 0),
    worstMs: round(percentile(samples, 100), 0),
    triesPerMeeting: round(tries / ids.length, 1),
  };
}

/**
 * The Action's time to live. With `pollMs` unset, at the defaults of the probe its credentials
 * allow: OAuth with the meeting read scope reads the meeting every 5 s; a static token (whose
 * scopes are unknown) tries the start every 15 s.
 */
export async function actionTimeToLive(runs = 20, pollMs?: number, auth: 'oauth' | 'token' = 'oauth'): Promise<TimeToLive> {
  const sandbox = await startSandbox();
  const interval = pollMs ?? (auth === 'oauth' ? 5_000 : 15_000);
  try {
    const ids = lateMeetings(sandbox, 87_000_000_000, runs);
    const credentials: Record<string, string> =
      auth === 'oauth'
        ? { 'account-id': SANDBOX_CLIENT.accountId, 'client-id': SANDBOX_CLIENT.clientId, 'client-secret': SANDBOX_CLIENT.clientSecret }
        : { 'access-token': SANDBOX_TOKEN };
    const inputs = (id: string): Record<string, string> => ({
      'meeting-id': id,
      action: 'start',
      'wait-for-start': '5m',
      ...(pollMs ? { 'poll-interval': `${pollMs / 1000}s` } : {}),
      ...credentials,
      'api-base-url': sandbox.apiBaseUrl,
      'oauth-token-url': sandbox.oauthTokenUrl,
    });
    const finished = Promise.all(ids.map((id) => runAction(inputs(id))));
    const figures = await hostsStart(sandbox, ids, interval, 30_000);
    const failed = (await finished).filter((run) => run.code !== 0);
    if (failed.length) throw new Error(`${failed.length} Action runs failed:\n${failed[0]!.stdout}`);
    return figures;
  } finally {
    await sandbox.close();
  }
}

/** One Node-RED, one zoom-livestream node; a function node fans one inject out to one message per meeting. */
export async function nodeTimeToLive(runs = 20, pollMs = 5_000): Promise<TimeToLive> {
  const sandbox = await startSandbox();
  const ids = lateMeetings(sandbox, 88_000_000_000, runs);
  const red = await startNodeRed({
    flows: [
      { id: 't', type: 'tab', label: 'time to live' },
      sandboxAccountNode(sandbox),
      { id: 'go', z: 't', type: 'inject', payloadType: 'json', payload: JSON.stringify(ids), wires: [['fan']] },
      {
        id: 'fan',
        z: 't',
        type: 'function',
        func: `return [msg.payload.map((id) => ({ meetingId: id, waitForStart: 300, pollInterval: ${pollMs / 1000} }))];`,
        outputs: 1,
        wires: [['z']],
      },
      liveStreamFlowNode('z', { z: 't' }),
    ],
    credentials: { acc: SANDBOX_CLIENT },
  });
  try {
    const injected = await fetch(`${red.url}/inject/go`, { method: 'POST' });
    if (injected.status !== 200) throw new Error(`inject answered ${injected.status}`);
    return await hostsStart(sandbox, ids, pollMs, 30_000);
  } finally {
    await red.stop();
    await sandbox.close();
  }
}

/** Through Zoom's push: the sandbox's signed meeting.started reaches a zoom-webhook node wired to a start. */
export async function webhookTimeToLive(runs = 20): Promise<Omit<TimeToLive, 'pollSeconds'>> {
  const sandbox = await startSandbox();
  const ids = lateMeetings(sandbox, 89_000_000_000, runs);
  const secretToken = 'bench-webhook-secret';
  const red = await startNodeRed({
    flows: [
      { id: 't', type: 'tab', label: 'go live' },
      sandboxAccountNode(sandbox),
      { id: 'hook', z: 't', type: 'zoom-webhook', url: '/zoom', events: ['meeting.started'], wires: [['z']] },
      liveStreamFlowNode('z', { z: 't' }),
    ],
    credentials: { acc: SANDBOX_CLIENT, hook: { secretToken } },
  });
  try {
    if (!(await sandbox.subscribe(`${red.url}/zoom`, secretToken))) throw new Error('URL validation failed');
    const samples: number[] = [];
    // One meeting at a time: each figure is one event's path, with nothing queued ahead of it.
    for (const id of ids) {
      const record = sandbox.hostStarts('meeting', id);
      const until = Date.now() + 10_000;
      while (!record.live) {
        if (Date.now() > until) throw new Error(`meeting ${id} never went live`);
        await new Promise((r) => setTimeout(r, 1));
      }
      samples.push(record.liveAt! - record.startedAt!);
    }
    const tries = sandbox.apiRequests.filter((r) => r.path.endsWith('/status')).length;
    return {
      runs,
      medianMs: round(median(samples), 1),
      worstMs: round(percentile(samples, 100), 1),
      triesPerMeeting: round(tries / runs, 1),
    };
  } finally {
    await red.stop();
    await sandbox.close();
  }
}
