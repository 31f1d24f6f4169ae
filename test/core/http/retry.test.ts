import assert from 'node:assert/strict';
import nock from 'nock';
import { systemClock } from '../../../core/index.js';
import { backoffDelay, parseRetryAfter } from '../../../core/http/retry.js';
import { NetworkError, TimeoutError, ZoomApiError } from '../../../core/errors.js';
import { STREAM_START_RETRY_MS } from '../../../core/zoom/rate-limits.js';
import { API, unitClient, useNock } from '../../helpers/nock.js';
import { FakeClock } from '../../helpers/clock.js';
import { sandboxClient, useSandbox } from '../../helpers/sandbox.js';

const STATUS = '/v2/meetings/85746065123/livestream/status';
const GET = '/v2/meetings/85746065123/livestream';
const CONFIG = { stream_url: 'rtmp://h/a', stream_key: 'kkkk', page_url: 'https://p' };

describe('core/retry: policy', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  it('parses Retry-After as seconds, decimals, an HTTP date and an ISO date', () => {
    assert.equal(parseRetryAfter('2', now), 2000);
    assert.equal(parseRetryAfter('1.5', now), 1500);
    assert.equal(parseRetryAfter('Mon, 23 Nov 2026 12:00:07 GMT', now), 7000);
    assert.equal(parseRetryAfter('2026-11-23T12:00:03Z', now), 3000);
    assert.equal(parseRetryAfter('2026-11-23T11:00:00Z', now), 0, 'a past date means now');
    assert.equal(parseRetryAfter(['4'], now), 4000);
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(' ', now), undefined);
  });

  it('reads only delta-seconds and real dates: garbage and negatives are not dates in the past', () => {
    // Each of these was a date to Date.parse ("-5" is the year -5), so the client retried at once.
    for (const junk of ['-5', 'junk 99', '99 junk', '1e3', '0x10', '5 s', 'Mon', 'Tuesday 12', '12:00:05']) {
      assert.equal(parseRetryAfter(junk, now), undefined, junk);
    }
    assert.equal(parseRetryAfter('Monday, 23-Nov-26 12:00:05 GMT', now), 5000, 'RFC 850 date');
    assert.equal(parseRetryAfter('Mon Nov 23 12:00:06 2026', now), 6000, 'asctime date, GMT');
    assert.equal(parseRetryAfter('2026-11-23T13:00:02+01:00', now), 2000, 'ISO date with an offset');
  });

  it('backs off exponentially with jitter, capped', () => {
    assert.equal(
      backoffDelay(1, () => 0),
      250,
    );
    assert.equal(
      backoffDelay(1, () => 1),
      500,
    );
    assert.equal(
      backoffDelay(2, () => 1),
      1000,
    );
    assert.equal(
      backoffDelay(3, () => 0.5),
      1500,
    );
    assert.equal(
      backoffDelay(10, () => 1),
      8000,
    );
  });
});

describe('core/retry: against Zoom answers (fake clock, no real waits)', () => {
  useNock();

  it('429 with Retry-After in seconds: waits exactly that, then succeeds', async () => {
    nock(API).patch(STATUS).reply(429, { code: 429, message: 'rate' }, { 'retry-after': '3' }).patch(STATUS).reply(204);
    const { client, clock } = unitClient();
    assert.equal((await client.setLiveStreamStatus('85746065123', { action: 'stop' })).status, 204);
    assert.deepEqual(clock.sleeps, [3000]);
  });

  it('a call hears of its own retries through onRetry', async () => {
    nock(API).patch(STATUS).reply(503, { code: 503, message: 'down' }).patch(STATUS).reply(204);
    const { client } = unitClient();
    const heard: unknown[] = [];
    await client.setLiveStreamStatus('85746065123', { action: 'stop' }, { onRetry: (info) => heard.push(info) });
    assert.deepEqual(heard, [{ status: 503, delayMs: 375, label: 'stop meeting 85746065123' }]);
  });

  it('429 with Retry-After as a date: waits until then', async () => {
    const { client, clock } = unitClient();
    const at = new Date(clock.now() + 4000).toUTCString();
    nock(API).get(GET).reply(429, { code: 429, message: 'rate' }, { 'retry-after': at }).get(GET).reply(200, CONFIG);
    await client.getLiveStream('85746065123');
    assert.deepEqual(clock.sleeps, [4000]);
  });

  it('429 on a stream start without Retry-After: waits 30 s as Zoom asks', async () => {
    nock(API).patch(STATUS).reply(429, { code: 429, message: 'Too many requests submitted to start' }).patch(STATUS).reply(204);
    const { client, clock } = unitClient();
    await client.setLiveStreamStatus('85746065123', { action: 'start' });
    assert.deepEqual(clock.sleeps, [STREAM_START_RETRY_MS]);
  });

  it('429 elsewhere without Retry-After: exponential backoff', async () => {
    nock(API).get(GET).times(2).reply(429, { code: 429, message: 'rate' }).get(GET).reply(200, CONFIG);
    const { client, clock } = unitClient();
    await client.getLiveStream('85746065123');
    assert.deepEqual(clock.sleeps, [375, 750]);
  });

  for (const status of [500, 502, 503, 504]) {
    it(`${status}: retried with backoff`, async () => {
      nock(API).patch(STATUS).reply(status, { code: status, message: 'oops' }).patch(STATUS).reply(204);
      const { client, clock } = unitClient();
      await client.setLiveStreamStatus('85746065123', { action: 'stop' });
      assert.deepEqual(clock.sleeps, [375]);
    });
  }

  it('400 and 404 are not retried', async () => {
    nock(API).patch(STATUS).reply(400, { code: 300, message: 'bad' });
    const { client, clock } = unitClient();
    await assert.rejects(client.setLiveStreamStatus('85746065123', { action: 'stop' }), ZoomApiError);
    assert.deepEqual(clock.sleeps, []);
  });

  it('respects the cap on total wait: a Retry-After beyond it is not waited for', async () => {
    nock(API).patch(STATUS).reply(429, { code: 429, message: 'rate' }, { 'retry-after': '120' });
    const { client, clock } = unitClient({ maxWaitMs: 60_000 });
    const err = (await client.setLiveStreamStatus('85746065123', { action: 'stop' }).catch((e: unknown) => e)) as ZoomApiError;
    assert.equal(err.status, 429);
    assert.equal(err.retryAfterMs, 120_000);
    assert.deepEqual(clock.sleeps, []);
  });

  it('a response body past 1 MiB is refused, not buffered', async () => {
    nock(API)
      .get(GET)
      .reply(200, 'x'.repeat(2 * 1024 * 1024));
    const { client } = unitClient({ maxRetries: 0 });
    await assert.rejects(
      client.getLiveStream('85746065123'),
      (e: unknown) => e instanceof NetworkError && /larger than 1048576 bytes/.test(e.message),
    );
  });

  it('maxRetries 0 sends once', async () => {
    nock(API).patch(STATUS).reply(503, { code: 503, message: 'down' });
    const { client, clock } = unitClient({ maxRetries: 0 });
    await assert.rejects(client.setLiveStreamStatus('85746065123', { action: 'stop' }), /HTTP 503/);
    assert.deepEqual(clock.sleeps, []);
  });

  it('a response slower than the timeout is a TimeoutError after the retries', async () => {
    nock(API).get(GET).times(2).delay(300).reply(200, CONFIG);
    const { client } = unitClient({ timeoutMs: 100, maxRetries: 1 });
    const err = (await client.getLiveStream('85746065123').catch((e: unknown) => e)) as TimeoutError;
    assert.ok(err instanceof TimeoutError, String(err));
    assert.equal(err.attempts, 2);
    assert.match(err.message, /within 100 ms/);
  });

  it('an abort signal cancels a request in flight and a wait', async () => {
    nock(API).get(GET).delay(5_000).reply(200, CONFIG);
    const { client } = unitClient();
    const controller = new AbortController();
    const pending = client.getLiveStream('85746065123', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(pending, (e: unknown) => (e as { kind?: string }).kind === 'cancelled');
  });
});

// nock cannot emulate a dropped socket under http-client (the request never settles), so these
// run against a real loopback server that destroys the connection.
describe('core/retry: dropped connections (sandbox)', () => {
  const ctx = useSandbox();

  it('a dropped connection is retried, then succeeds', async () => {
    ctx.sandbox.inject({ fault: { kind: 'drop' } });
    const client = sandboxClient(ctx.sandbox, { token: true });
    const clock = client['clock'] as FakeClock;
    assert.equal((await client.getLiveStream('85746065123')).status, 200);
    assert.deepEqual(clock.sleeps, [375]);
    assert.equal(ctx.sandbox.apiRequests.length, 2);
    client.close();
  });

  it('gives up after maxRetries with a NetworkError carrying the attempts', async () => {
    ctx.sandbox.inject({ fault: { kind: 'drop' }, times: 3 });
    const client = sandboxClient(ctx.sandbox, { token: true, maxRetries: 2 });
    const err = (await client.getLiveStream('85746065123').catch((e: unknown) => e)) as NetworkError;
    assert.ok(err instanceof NetworkError, String(err));
    assert.equal(err.attempts, 3);
    assert.equal(err.retryable, true);
    assert.match(err.message, /connection failed \((ECONNRESET|socket hang up)/);
    assert.deepEqual((client['clock'] as FakeClock).sleeps, [375, 750]);
    client.close();
  });
});

describe('core/clock: the system clock', () => {
  it('sleeps for real, and an abort ends the sleep early', async () => {
    const started = Date.now();
    await systemClock.sleep(20);
    assert.ok(Date.now() - started >= 15);
    const controller = new AbortController();
    const sleeping = systemClock.sleep(10_000, controller.signal);
    controller.abort();
    await assert.rejects(sleeping, (e: unknown) => (e as { kind?: string }).kind === 'cancelled');
    controller.abort();
    await assert.rejects(systemClock.sleep(10, controller.signal), /cancelled/);
  });
});
