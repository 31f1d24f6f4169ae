/**
 * The core's requests on the wire: how many each operation sends, how many token requests 1,000
 * operations cost, and a call's time against a bare `fetch` of the same PATCH (alternated, medians).
 */
import { parseTarget, ZoomLiveStreamClient, type Task } from '../core/index.js';
import { runTask } from '../harness/run-task.js';
import { SANDBOX_CLIENT, SANDBOX_TOKEN, type Sandbox } from '../sandbox/server.js';
import type { StreamRecord } from '../sandbox/streams.js';
import { alternate, median, round } from './stats.js';

export const MEETING = '85746065123';
export const STREAM = {
  stream_url: 'rtmp://live.example.com/app',
  stream_key: 'bench-stream-key-0001',
  page_url: 'https://example.com/live',
};

/** `count` meetings for the sandbox (86000000000 on), running, configured, not live, after MEETING. */
export function sandboxMeetings(count: number): StreamRecord[] {
  const base: StreamRecord = { kind: 'meeting', id: MEETING, running: true, configured: true, live: false, ...STREAM, settings: {} };
  return [base, ...Array.from({ length: count }, (_, i) => ({ ...base, id: String(86_000_000_000 + i) }))];
}

const client = (sandbox: Sandbox) =>
  new ZoomLiveStreamClient({ auth: SANDBOX_CLIENT, apiBaseUrl: sandbox.apiBaseUrl, oauthTokenUrl: sandbox.oauthTokenUrl, maxRetries: 0 });

export async function wireRequests(sandbox: Sandbox) {
  const zoom = client(sandbox);
  const target = parseTarget(MEETING);
  const tasks: [string, Task][] = [
    ['update', { action: 'update', target, stream: STREAM }],
    ['start', { action: 'start', target }],
    ['get', { action: 'get', target }],
    ['mode', { action: 'mode', target, settings: { layout: 'gallery_view' } }],
    ['stop', { action: 'stop', target }],
    ['start with update', { action: 'start', target, stream: STREAM }],
  ];
  await zoom.getLiveStream(target); // token fetched once, outside the counts
  const perOperation: Record<string, number> = {};
  for (const [name, task] of tasks) {
    const before = sandbox.apiRequests.length;
    await runTask(zoom, task);
    perOperation[name] = sandbox.apiRequests.length - before;
  }
  await zoom.setLiveStreamStatus(target, { action: 'stop' });
  const tokensBefore = sandbox.tokenRequests;
  const fresh = client(sandbox);
  for (let i = 0; i < 1000; i++) await fresh.getLiveStream(target);
  zoom.close();
  fresh.close();
  return { perOperation, tokenRequestsPer1000Operations: sandbox.tokenRequests - tokensBefore };
}

export async function coreVsFetch(sandbox: Sandbox, n = 600) {
  const zoom = new ZoomLiveStreamClient({ auth: { accessToken: SANDBOX_TOKEN }, apiBaseUrl: sandbox.apiBaseUrl });
  const url = `${sandbox.apiBaseUrl}/meetings/${MEETING}/livestream/status`;
  const body = JSON.stringify({ action: 'stop' });
  const bare = async () => {
    const res = await fetch(url, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${SANDBOX_TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
      body,
    });
    await res.arrayBuffer();
    if (res.status !== 204) throw new Error(`fetch got ${res.status}`);
  };
  const ours = async () => {
    await zoom.setLiveStreamStatus(MEETING, { action: 'stop' });
  };
  await alternate(50, ours, bare); // warm-up: connections, JIT
  const [core, raw] = await alternate(n, ours, bare);
  zoom.close();
  return {
    samples: n,
    coreMedianMs: round(median(core), 3),
    fetchMedianMs: round(median(raw), 3),
    ratio: round(median(core) / median(raw)),
  };
}
