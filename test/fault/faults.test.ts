/**
 * The fault suite: each fault the sandbox can inject, against the core over real loopback HTTP,
 * ends in the documented outcome (success after the documented wait, or one clear error) with the
 * waits asserted on an injected clock. Every loop is bounded by maxRetries and the test timeout.
 */
import assert from 'node:assert/strict';
import { type ZoomError, type ZoomLiveStreamClient } from '../../core/index.js';
import { AuthError, NetworkError, TimeoutError, ZoomApiError } from '../../core/errors.js';
import type { FaultRule } from '../../sandbox/server.js';
import { FakeClock } from '../helpers/clock.js';
import { sandboxClient, useSandbox } from '../helpers/sandbox.js';
import { STREAM } from '../helpers/secrets.js';

const MEETING = '85746065123';
type Call = (client: ZoomLiveStreamClient) => Promise<unknown>;
const get: Call = (c) => c.getLiveStream(MEETING);
const start: Call = (c) => c.setLiveStreamStatus(MEETING, { action: 'start' });

interface Case {
  name: string;
  faults: (clock: FakeClock) => FaultRule[];
  call?: Call;
  /** Expected waits in ms, in order. */
  waits: number[];
  /** Requests that reach the API. */
  apiRequests: number;
  tokenRequests?: number;
  error?: { type: new (...args: never[]) => ZoomError; status?: number; code?: number | string; message: RegExp };
  timeoutMs?: number;
}

const http429 = (retryAfter?: string): FaultRule => ({
  fault: { kind: 'status', status: 429, ...(retryAfter !== undefined ? { retryAfter } : {}) },
});

const cases: Case[] = [
  { name: '429 with Retry-After in seconds', faults: () => [http429('2')], waits: [2000], apiRequests: 2 },
  {
    name: '429 with Retry-After as an HTTP date',
    faults: (clock) => [http429(new Date(clock.now() + 3000).toUTCString())],
    waits: [3000],
    apiRequests: 2,
  },
  {
    name: '429 with Retry-After as an ISO date',
    faults: (clock) => [http429(new Date(clock.now() + 4000).toISOString())],
    waits: [4000],
    apiRequests: 2,
  },
  { name: '429 without Retry-After on a stream start', faults: () => [http429()], call: start, waits: [30_000], apiRequests: 2 },
  { name: '429 without Retry-After elsewhere', faults: () => [http429()], waits: [375], apiRequests: 2 },
  // Garbage is not a date in the past: the normal backoff applies, never a 0 ms retry.
  { name: '429 with a negative Retry-After', faults: () => [http429('-5')], waits: [375], apiRequests: 2 },
  { name: '429 with a garbage Retry-After', faults: () => [http429('junk 99')], waits: [375], apiRequests: 2 },
  { name: '429 with Retry-After 0', faults: () => [http429('0')], waits: [250], apiRequests: 2 },
  {
    name: '429 with Retry-After a date in the past',
    faults: (clock) => [http429(new Date(clock.now() - 60_000).toUTCString())],
    waits: [250],
    apiRequests: 2,
  },
  {
    name: '429 that persists',
    faults: () => [{ ...http429('1'), times: 10 }],
    waits: [1000, 1000, 1000],
    apiRequests: 4,
    error: { type: ZoomApiError, status: 429, code: 429, message: /HTTP 429, Zoom code 429: .* \(after 4 attempts\)/ },
  },
  { name: '500', faults: () => [{ fault: { kind: 'status', status: 500 } }], waits: [375], apiRequests: 2 },
  { name: '502 with an HTML page', faults: () => [{ fault: { kind: 'html', status: 502 } }], waits: [375], apiRequests: 2 },
  { name: '503 twice', faults: () => [{ fault: { kind: 'status', status: 503 }, times: 2 }], waits: [375, 750], apiRequests: 3 },
  {
    name: '503 that persists',
    faults: () => [{ fault: { kind: 'status', status: 503 }, times: 10 }],
    waits: [375, 750, 1500],
    apiRequests: 4,
    error: { type: ZoomApiError, status: 503, message: /HTTP 503.*after 4 attempts/ },
  },
  { name: 'connection reset', faults: () => [{ fault: { kind: 'drop' } }], waits: [375], apiRequests: 2 },
  {
    name: 'connection reset that persists',
    faults: () => [{ fault: { kind: 'drop' }, times: 10 }],
    waits: [375, 750, 1500],
    apiRequests: 4,
    error: { type: NetworkError, message: /get meeting 85746065123: connection failed/ },
  },
  {
    name: 'a response slower than the timeout',
    faults: () => [{ fault: { kind: 'delay', ms: 2000 } }],
    waits: [375],
    apiRequests: 2,
    timeoutMs: 150,
  },
  {
    name: 'responses always slower than the timeout',
    faults: () => [{ fault: { kind: 'delay', ms: 2000 }, times: 10 }],
    waits: [375, 750, 1500],
    apiRequests: 4,
    timeoutMs: 150,
    error: { type: TimeoutError, message: /no complete answer within 150 ms/ },
  },
  {
    name: 'token endpoint 5xx once',
    faults: () => [{ fault: { kind: 'status', status: 503 }, on: 'token' }],
    waits: [375],
    apiRequests: 1,
    tokenRequests: 2,
  },
  {
    name: 'token endpoint 5xx that persists',
    faults: () => [{ fault: { kind: 'status', status: 500 }, on: 'token', times: 10 }],
    waits: [375, 750, 1500],
    apiRequests: 0,
    tokenRequests: 4,
    error: { type: AuthError, status: 500, message: /OAuth token request failed: HTTP 500/ },
  },
  // One refresh: the rejected call, one new token, the call again.
  {
    name: '401 in the middle of a run (token expired)',
    faults: () => [{ fault: { kind: 'expire-token' } }],
    waits: [],
    apiRequests: 2,
    tokenRequests: 1,
  },
];

describe('fault suite: every injected fault ends in the documented outcome', function () {
  this.timeout(15_000);
  const ctx = useSandbox();
  beforeEach(() => {
    ctx.sandbox.stream('meeting', MEETING)!.configured = true;
  });

  for (const c of cases) {
    it(`${c.name}: ${c.error ? `one ${c.error.type.name}` : 'success'} after waits [${c.waits.join(', ')}]`, async () => {
      const clock = new FakeClock();
      const client = sandboxClient(ctx.sandbox, { clock, ...(c.timeoutMs ? { timeoutMs: c.timeoutMs } : {}) });
      // The token comes first so that API faults hit the API call (token faults are set before).
      const tokenFaults = c.faults(clock).filter((f) => f.on === 'token');
      for (const f of tokenFaults) ctx.sandbox.inject(f);
      if (!tokenFaults.length) await client.getLiveStream(MEETING);
      const apiBefore = ctx.sandbox.apiRequests.length;
      const tokensBefore = tokenFaults.length ? 0 : ctx.sandbox.tokenRequests;
      for (const f of c.faults(clock).filter((f) => f.on !== 'token')) ctx.sandbox.inject(f);
      const outcome = await (c.call ?? get)(client).then(
        () => undefined,
        (e: unknown) => e as ZoomError,
      );
      if (c.error) {
        assert.ok(outcome instanceof c.error.type, `expected ${c.error.type.name}, got ${String(outcome)}`);
        assert.match(outcome.message, c.error.message);
        if (c.error.status) assert.equal(outcome.status, c.error.status);
        if (c.error.code) assert.equal(outcome.code, c.error.code);
        assert.ok(outcome.hint.length > 10);
      } else {
        assert.equal(outcome, undefined, `expected success, got ${String(outcome)}`);
      }
      assert.deepEqual(clock.sleeps, c.waits);
      assert.equal(ctx.sandbox.apiRequests.length - apiBefore, c.apiRequests);
      if (c.tokenRequests !== undefined) assert.equal(ctx.sandbox.tokenRequests - tokensBefore, c.tokenRequests);
      client.close();
    });
  }

  it('a bad client secret: one AuthError, no wait, nothing sent to the API', async () => {
    const clock = new FakeClock();
    const client = sandboxClient(ctx.sandbox, {
      clock,
      auth: { accountId: 'sandbox-account', clientId: 'sandbox-client-id', clientSecret: 'not-the-secret' },
    });
    const err = (await client.updateLiveStream(MEETING, STREAM).catch((e: unknown) => e)) as AuthError;
    assert.ok(err instanceof AuthError);
    assert.equal(err.code, 'invalid_client');
    assert.deepEqual(clock.sleeps, []);
    assert.equal(ctx.sandbox.apiRequests.length, 0);
    assert.equal(ctx.sandbox.tokenRequests, 1);
  });

  it('the cap on total wait stops retries that would wait too long', async () => {
    const clock = new FakeClock();
    const client = sandboxClient(ctx.sandbox, { clock, maxWaitMs: 5_000 });
    await client.getLiveStream(MEETING);
    ctx.sandbox.inject({ ...http429('3'), times: 10 });
    const err = (await client.getLiveStream(MEETING).catch((e: unknown) => e)) as ZoomApiError;
    assert.equal(err.status, 429);
    assert.deepEqual(clock.sleeps, [3000], 'a second 3 s wait would pass the 5 s cap');
  });
});
