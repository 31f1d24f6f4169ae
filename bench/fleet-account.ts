/**
 * A fleet on one account (issue: no meeting waits behind another): one Node-RED account service,
 * in process, against a sandbox that enforces Zoom's 30 requests a second with 429s.
 * - 1,000 starts waiting for their hosts, then a stop, a get and a first start of other meetings:
 *   how long each takes, and the poll rate the waits use against their budget (half the pace).
 * - One meeting under the repeated-start 429: how long another meeting's get takes meanwhile.
 * - 100 starts through two config nodes of one Zoom account: the 429s drawn (they share one pace).
 * - Memory per queued message.
 */
import { planTask } from '../core/index.js';
import { acquireAccount } from '../node-red/account-registry.js';
import { AccountService } from '../node-red/account-service.js';
import { SANDBOX_CLIENT, startSandbox, type Sandbox } from '../sandbox/server.js';
import { streamRecord } from '../sandbox/streams.js';
import { median, percentile, round } from './stats.js';

const configured = (kind: 'meeting', id: string, running: boolean) => ({
  ...streamRecord(kind, id, running),
  configured: true,
  stream_url: 'rtmp://live.example.com/app',
  stream_key: `fleet-key-${id}`,
  page_url: 'https://example.com/live',
});

const accountSettings = (sandbox: Sandbox) => ({
  credentials: { ...SANDBOX_CLIENT },
  apiBaseUrl: sandbox.apiBaseUrl,
  oauthTokenUrl: sandbox.oauthTokenUrl,
  requestsPerSecond: 30,
  log: () => undefined,
});

const timed = async (run: () => Promise<unknown>) => {
  const began = performance.now();
  await run();
  return performance.now() - began;
};

export interface FleetAccount {
  waiting: number;
  /** ms for each of the calls made while the waits run. */
  stop: { medianMs: number; worstMs: number };
  get: { medianMs: number; worstMs: number };
  firstStart: { medianMs: number; worstMs: number };
  /** Meeting reads per second by the waits, against their budget. */
  pollsPerSecond: number;
  pollBudgetPerSecond: number;
  rateLimited: number;
  /** A get of another meeting while one meeting is under the repeated-start 429 (Retry-After 30 s). */
  getDuringMeeting429Ms: number;
  twoConfigNodes: { starts: number; rateLimited: number; failed: number };
  bytesPerQueuedMessage: number;
}

async function thousandWaits(
  samples = 10,
): Promise<Omit<FleetAccount, 'getDuringMeeting429Ms' | 'twoConfigNodes' | 'bytesPerQueuedMessage'>> {
  const sandbox = await startSandbox({ rateLimitPerSecond: 30, recordRequests: false });
  const waiting = Array.from({ length: 1_000 }, (_, i) => String(81_100_000_000 + i));
  const others = Array.from({ length: samples * 3 }, (_, i) => String(82_100_000_000 + i));
  for (const id of waiting) sandbox.streams.set(`meeting:${id}`, configured('meeting', id, false));
  for (const id of others) sandbox.streams.set(`meeting:${id}`, configured('meeting', id, true));
  const service = new AccountService(accountSettings(sandbox));
  const controllers = waiting.map(() => new AbortController());
  try {
    waiting.forEach((id, i) => {
      service
        .run(
          planTask({ action: 'start', target: { kind: 'meeting', id }, waitForStart: { timeoutMs: 600_000 } }),
          `meeting:${id}`,
          controllers[i]!.signal,
        )
        .catch(() => undefined);
    });
    // Each wait's first try (its configuration read and its first meeting read) is first-class like a
    // stop: 2,000 requests at 30/s. Measured once they are all polling.
    const settled = Date.now() + 180_000;
    while (sandbox.apiRequestCount < 2 * waiting.length && Date.now() < settled) await new Promise((r) => setTimeout(r, 200));
    const pollsFrom = sandbox.apiRequestCount;
    await new Promise((r) => setTimeout(r, 10_000));
    const pollsPerSecond = round((sandbox.apiRequestCount - pollsFrom) / 10, 1);
    const run = (action: 'stop' | 'get' | 'start', id: string) =>
      timed(() => service.run(planTask({ action, target: { kind: 'meeting', id } }), `meeting:${id}`, new AbortController().signal));
    const stop: number[] = [];
    const get: number[] = [];
    const first: number[] = [];
    for (let i = 0; i < samples; i++) {
      stop.push(await run('stop', others[i]!));
      get.push(await run('get', others[samples + i]!));
      first.push(await run('start', others[2 * samples + i]!));
      await new Promise((r) => setTimeout(r, 300));
    }
    const figure = (ms: number[]) => ({ medianMs: round(median(ms), 0), worstMs: round(percentile(ms, 100), 0) });
    return {
      waiting: waiting.length,
      stop: figure(stop),
      get: figure(get),
      firstStart: figure(first),
      pollsPerSecond,
      pollBudgetPerSecond: 15,
      rateLimited: sandbox.rateLimited,
    };
  } finally {
    for (const c of controllers) c.abort();
    service.close();
    await sandbox.close();
  }
}

async function getDuringMeeting429(): Promise<number> {
  const sandbox = await startSandbox({ recordRequests: false });
  sandbox.streams.set('meeting:83000000001', configured('meeting', '83000000001', true));
  const service = new AccountService(accountSettings(sandbox));
  try {
    sandbox.inject({
      path: '/83000000001/livestream/status',
      fault: {
        kind: 'status',
        status: 429,
        retryAfter: '30',
        message:
          'Too many requests submitted to start the live stream of this meeting: 83000000001. If the live stream has not already started, retry making a new request after 30 seconds.',
      },
    });
    const limited = service
      .run(
        planTask({ action: 'start', target: { kind: 'meeting', id: '83000000001' } }),
        'meeting:83000000001',
        new AbortController().signal,
      )
      .catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    const ms = await timed(() =>
      service.run(
        planTask({ action: 'get', target: { kind: 'meeting', id: '85746065123' } }),
        'meeting:85746065123',
        new AbortController().signal,
      ),
    );
    service.close();
    await limited;
    return round(ms, 0);
  } finally {
    service.close();
    await sandbox.close();
  }
}

async function twoConfigNodes(): Promise<FleetAccount['twoConfigNodes']> {
  const sandbox = await startSandbox({ rateLimitPerSecond: 30, recordRequests: false });
  const ids = Array.from({ length: 100 }, (_, i) => String(84_000_000_000 + i));
  for (const id of ids) sandbox.streams.set(`meeting:${id}`, configured('meeting', id, true));
  const a = acquireAccount({}, accountSettings(sandbox));
  const b = acquireAccount({}, accountSettings(sandbox));
  try {
    const results = await Promise.allSettled(
      ids.map((id, i) =>
        (i % 2 ? b : a).service.run(
          planTask({ action: 'start', target: { kind: 'meeting', id } }),
          `meeting:${id}`,
          new AbortController().signal,
        ),
      ),
    );
    return { starts: ids.length, rateLimited: sandbox.rateLimited, failed: results.filter((r) => r.status === 'rejected').length };
  } finally {
    a.release();
    b.release();
    await sandbox.close();
  }
}

/** Heap per message held in an account's queue: 10,000 messages for one meeting, behind a slow first. */
async function bytesPerQueuedMessage(): Promise<number> {
  const sandbox = await startSandbox({ recordRequests: false });
  sandbox.inject({ fault: { kind: 'delay', ms: 60_000 } });
  const service = new AccountService({ ...accountSettings(sandbox), maxQueued: 20_000 });
  const controllers: AbortController[] = [];
  try {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const n = 10_000;
    for (let i = 0; i < n; i++) {
      const controller = new AbortController();
      controllers.push(controller);
      service
        .run(planTask({ action: 'get', target: { kind: 'meeting', id: '85746065123' } }), 'meeting:85746065123', controller.signal)
        .catch(() => undefined);
    }
    gc?.();
    return round((process.memoryUsage().heapUsed - before) / n, 0);
  } finally {
    for (const c of controllers) c.abort();
    service.close();
    await sandbox.close();
  }
}

export async function fleetAccount(): Promise<FleetAccount> {
  return {
    ...(await thousandWaits()),
    getDuringMeeting429Ms: await getDuringMeeting429(),
    twoConfigNodes: await twoConfigNodes(),
    bytesPerQueuedMessage: await bytesPerQueuedMessage(),
  };
}
