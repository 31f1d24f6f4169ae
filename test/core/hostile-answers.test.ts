/** Round two of trying to break the core (issue 18): each case failed before its fix. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import nock from 'nock';
import { answerDelivery, DeliveryMemory, Pacer, type Clock } from '../../core/index.js';
import { checkTarget } from '../../core/check/check.js';
import { parseEvent } from '../../core/events/events.js';
import { runTask } from '../../harness/run-task.js';
import { ZoomApiError } from '../../core/errors.js';
import { FakeClock } from '../helpers/clock.js';
import { API, TOKEN, unitClient, useNock } from '../helpers/nock.js';

const SECRET = 'hardening-secret-token-1234';
const signed = (body: string, at: number) => {
  const ts = String(Math.floor(at / 1000));
  return { 'x-zm-request-timestamp': ts, 'x-zm-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}` };
};
const event = (n: number) => `{"event":"meeting.started","event_ts":${n},"payload":{"object":{"id":85746065123,"uuid":"u${n}"}}}`;

describe('core: hostile answers, bodies and volumes', () => {
  useNock();

  it('an error page of 1 MB of "<" is summarised in linear time, its status kept', async () => {
    const { client } = unitClient({ maxRetries: 0 });
    nock(API)
      .get('/v2/meetings/85746065123/livestream')
      .reply(502, '<'.repeat(1024 * 1024), { 'content-type': 'text/html' });
    const began = performance.now();
    const error = (await client.getLiveStream('85746065123').catch((e: unknown) => e)) as ZoomApiError;
    // Linear takes milliseconds; the quadratic strip took minutes. The bound is far from both.
    assert.ok(performance.now() - began < 5_000, `${Math.round(performance.now() - began)} ms`);
    assert.equal(error.status, 502);
    assert.match(error.message, /^get meeting 85746065123 failed: HTTP 502/);
  });

  it('the check quotes no secret that Zoom echoes in its answers (token, client secret, stream key)', async () => {
    const { client } = unitClient();
    const key = 'echoed-stream-key-998877';
    nock(API)
      .get('/v2/meetings/85746065123')
      .reply(200, {
        topic: `standup ${TOKEN}`,
        host_id: 'host1',
        status: `waiting ${key}`,
        type: 2,
        start_time: TOKEN,
        settings: { encryption_type: key },
      })
      .get('/v2/users/host1/settings')
      .reply(200, { in_meeting: { allow_live_streaming: true, custom_live_streaming_service: true } })
      .get('/v2/meetings/85746065123/livestream')
      .reply(200, { stream_url: 'rtmp://a.example/live', stream_key: key, page_url: 'https://p.example' });
    const list = await checkTarget(client, { kind: 'meeting', id: '85746065123' });
    const text = JSON.stringify(list);
    assert.ok(!text.includes(TOKEN), text);
    assert.ok(!text.includes(key), text);
    assert.match(list.items.find((i) => i.name === 'meeting')!.found, /standup \*\*\*/);
  });

  it('the check gives the tracking id of its last read', async () => {
    const { client } = unitClient();
    nock(API)
      .get('/v2/meetings/85746065123')
      .reply(404, { code: 3001, message: 'Meeting does not exist' })
      .get('/v2/meetings/85746065123/livestream')
      .reply(404, { code: 3001, message: 'Meeting does not exist' }, { 'x-zm-trackingid': 'last-read-id' });
    const result = await runTask(client, { action: 'check', target: '85746065123' });
    assert.equal(result.trackingId, 'last-read-id');
  });

  it('the wait makes its last try at the deadline: 8 s with a 5 s poll tries at 0, 5 and 8 s', async () => {
    const { client, clock } = unitClient();
    const began = clock.now();
    const at: number[] = [];
    nock(API)
      .get('/v2/meetings/81000000001/livestream')
      .reply(200, { stream_url: 'rtmp://a.example/live', stream_key: 'kk-1234', page_url: 'https://p.example' });
    const scope = nock(API)
      .patch('/v2/meetings/81000000001/livestream/status')
      .times(2)
      .reply(400, { code: 4927, message: 'Meeting 81000000001 has not started.' })
      .patch('/v2/meetings/81000000001/livestream/status')
      .reply(204);
    scope.on('request', () => at.push(clock.now() - began));
    const result = await runTask(client, {
      action: 'start',
      target: '81000000001',
      waitForStart: { timeoutMs: 8_000, pollIntervalMs: 5_000 },
    });
    assert.deepEqual(at, [0, 5_000, 8_000]);
    assert.equal(result.tries, 3);
  });

  it('a body nested 20,000 deep, or naming 5,000 stream keys, is refused at once', () => {
    const deep = `{"event":"x","payload":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const keys = `{"event":"x","payload":{"a":[${Array.from({ length: 5_000 }, (_, i) => `{"stream_key":"key-${i}-abcdef","s":"key-${i}-abcdef"}`).join(',')}]}}`;
    for (const body of [deep, keys]) {
      assert.equal(parseEvent(body), undefined);
      const answer = answerDelivery(Buffer.from(body), signed(body, Date.now()), SECRET, Date.now(), new DeliveryMemory());
      assert.equal(answer.status, 400);
      assert.equal(answer.event, undefined);
    }
  });

  it('a replay inside the signature window is a repeat after 25,000 other events; memory stays bounded', () => {
    const memory = new DeliveryMemory(30_000);
    let now = Date.parse('2026-12-01T09:00:00Z');
    const first = event(0);
    const firstHeaders = signed(first, now);
    assert.equal(answerDelivery(Buffer.from(first), firstHeaders, SECRET, now, memory).status, 204);
    for (let n = 1; n <= 25_000; n++) answerDelivery(Buffer.from(event(n)), signed(event(n), now), SECRET, now, memory);
    now += 4 * 60_000; // still inside the 5-minute window
    const replay = answerDelivery(Buffer.from(first), firstHeaders, SECRET, now, memory);
    assert.equal(replay.status, 204);
    assert.equal(replay.event, undefined, 'recognised as a repeat');
    assert.ok(memory.size <= 30_000);
  });

  it('a memory full of deliveries that could still be replayed refuses new ones (503) instead of forgetting', () => {
    const memory = new DeliveryMemory(3);
    const now = Date.now();
    for (let n = 0; n < 3; n++) assert.equal(answerDelivery(Buffer.from(event(n)), signed(event(n), now), SECRET, now, memory).status, 204);
    assert.equal(answerDelivery(Buffer.from(event(3)), signed(event(3), now), SECRET, now, memory).status, 503);
    const later = now + 6 * 60_000;
    assert.equal(
      answerDelivery(Buffer.from(event(4)), signed(event(4), later), SECRET, later, memory).status,
      204,
      'room once the window passed',
    );
  });

  it('the pace never lets more than `rate` into any sliding second, even when timers fire late', async () => {
    // Every third sleep overruns by up to 60 ms, as on a busy event loop.
    let n = 0;
    const base = new FakeClock();
    const late: Clock = { now: () => base.now(), sleep: (ms, signal) => base.sleep(ms + (n++ % 3 === 0 ? (n * 37) % 60 : 0), signal) };
    const pacer = new Pacer(30, late);
    const sent: number[] = [];
    await Promise.all(
      Array.from({ length: 300 }, async () => {
        await pacer.turn();
        sent.push(base.now());
      }),
    );
    sent.sort((a, b) => a - b);
    let most = 0;
    for (let i = 0, j = 0; i < sent.length; i++) {
      while (sent[i]! - sent[j]! >= 1000) j++;
      most = Math.max(most, i - j + 1);
    }
    assert.ok(most <= 30, `${most} in one second`);
  });

  it("a per-second 429 (X-RateLimit-Type: QPS) is retried past max-retries, within max-wait: a fleet's burst passes", async () => {
    const { client, clock } = unitClient({ maxRetries: 3 });
    const qps = { 'x-ratelimit-type': 'QPS' };
    nock(API)
      .get('/v2/meetings/85746065123/livestream')
      .times(6)
      .reply(429, { code: 429, message: 'You have reached the maximum per-second rate limit for this API.' }, qps)
      .get('/v2/meetings/85746065123/livestream')
      .reply(200, { stream_url: 'rtmp://a.example/live', stream_key: 'kk-1234', page_url: 'https://p.example' });
    const began = clock.now();
    await client.getLiveStream('85746065123');
    assert.ok(clock.now() - began <= 60_000, 'within max-wait');
    const { client: none } = unitClient({ maxRetries: 0 });
    nock(API).get('/v2/meetings/85746065123/livestream').reply(429, { code: 429, message: 'rate' }, qps);
    await assert.rejects(none.getLiveStream('85746065123'), /HTTP 429/, 'max-retries 0 still means no retry');
  });
});
