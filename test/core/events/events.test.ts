/** Webhook verification against vectors computed here with node:crypto, not by the code under test. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { DeliveryMemory, type ZoomEvent } from '../../../core/index.js';
import { parseEvent } from '../../../core/events/events.js';
import { signDelivery, urlValidationAnswer, verifyDelivery } from '../../../core/events/signature.js';

const SECRET = 'wh-secret-token-abc123';
const NOW = Date.parse('2026-11-24T12:00:00Z');
const TS = String(NOW / 1000);
const BODY =
  '{"event":"meeting.started","event_ts":1795521600000,"payload":{"account_id":"acc","object":{"id":85746065123,"uuid":"u1=="}}}';
/** Zoom's scheme, written out independently of core/events/signature.ts. */
const sign = (body: string, ts = TS, secret = SECRET) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
const headers = (body = BODY, ts = TS, secret = SECRET) => ({ 'x-zm-request-timestamp': ts, 'x-zm-signature': sign(body, ts, secret) });

describe('core/webhooks: deliveries verified as Zoom signs them', () => {
  it('accepts a delivery signed over v0:{timestamp}:{raw body} with the secret token', () => {
    assert.deepEqual(verifyDelivery(BODY, headers(), SECRET, NOW), { ok: true });
    assert.deepEqual(verifyDelivery(Buffer.from(BODY), headers(), SECRET, NOW), { ok: true }, 'raw bytes too');
  });

  it('signDelivery produces what Zoom would send', () => {
    assert.deepEqual(signDelivery(BODY, SECRET, NOW), headers());
  });

  const refused: [string, string, Record<string, string | undefined>, number, string][] = [
    ['another secret', BODY, headers(BODY, TS, 'other-secret'), NOW, 'bad-signature'],
    ['a body changed by one space (re-serialised JSON)', BODY.replace(',', ', '), headers(), NOW, 'bad-signature'],
    ['a signature without v0=', BODY, { ...headers(), 'x-zm-signature': sign(BODY).slice(3) }, NOW, 'bad-signature'],
    ['a short signature', BODY, { ...headers(), 'x-zm-signature': 'v0=abcd' }, NOW, 'bad-signature'],
    ['no signature', BODY, { 'x-zm-request-timestamp': TS }, NOW, 'no-signature'],
    ['no timestamp', BODY, { 'x-zm-signature': sign(BODY) }, NOW, 'no-timestamp'],
    ['a timestamp that is not seconds', BODY, { ...headers(), 'x-zm-request-timestamp': '2026-11-24' }, NOW, 'no-timestamp'],
    ['a timestamp 301 s old (a replay)', BODY, headers(), NOW + 301_000, 'stale-timestamp'],
    ['a timestamp 301 s ahead', BODY, headers(), NOW - 301_000, 'stale-timestamp'],
    ['a replay re-signed with an old timestamp', BODY, headers(BODY, String(NOW / 1000 - 3600)), NOW, 'stale-timestamp'],
  ];
  for (const [what, body, given, now, reason] of refused) {
    it(`refuses ${what}`, () => {
      const verdict = verifyDelivery(body, given, SECRET, now);
      assert.equal(verdict.ok, false);
      assert.equal(!verdict.ok && verdict.reason, reason);
      assert.ok(!JSON.stringify(verdict).includes(SECRET));
    });
  }

  it('allows a clock 299 s apart either way', () => {
    assert.equal(verifyDelivery(BODY, headers(), SECRET, NOW + 299_000).ok, true);
    assert.equal(verifyDelivery(BODY, headers(), SECRET, NOW - 299_000).ok, true);
  });

  it('answers URL validation with the hex HMAC-SHA256 of the plain token', () => {
    const plainToken = 'qgg8vlvZRS6UYooatFL8Aw';
    assert.deepEqual(urlValidationAnswer(plainToken, SECRET), {
      plainToken,
      encryptedToken: createHmac('sha256', SECRET).update(plainToken).digest('hex'),
    });
  });
});

describe('core/webhooks: events parsed, stream keys masked, repeats recognised', () => {
  it('reads a meeting event: kind, ID as a string (17 digits intact), host, topic, times', () => {
    const raw =
      '{"event":"meeting.started","event_ts":1795521600123,"payload":{"account_id":"acc-1","object":{"id":12345678901234567,"uuid":"abc==","host_id":"h1","topic":"All-hands","type":2,"start_time":"2026-11-24T12:00:00Z","duration":60,"timezone":"UTC"}}}';
    const event = parseEvent(raw)!;
    assert.equal(event.event, 'meeting.started');
    assert.equal(event.eventTs, 1795521600123);
    assert.equal(event.kind, 'meeting');
    assert.equal(event.id, '12345678901234567');
    assert.equal((event.payload.object as { id: string }).id, '12345678901234567');
    assert.deepEqual(
      [event.uuid, event.hostId, event.topic, event.startTime, event.accountId],
      ['abc==', 'h1', 'All-hands', '2026-11-24T12:00:00Z', 'acc-1'],
    );
  });

  it('reads webinar events as webinars', () => {
    const event = parseEvent(
      '{"event":"webinar.ended","event_ts":1,"payload":{"object":{"id":92345678901,"end_time":"2026-11-24T13:00:00Z"}}}',
    )!;
    assert.deepEqual([event.kind, event.id, event.endTime], ['webinar', '92345678901', '2026-11-24T13:00:00Z']);
  });

  it('masks the stream key of a live streaming event, also inside the stream URL', () => {
    const key = 'live-key-9f8e7d6c';
    const raw = JSON.stringify({
      event: 'meeting.live_streaming_started',
      event_ts: 2,
      payload: {
        object: {
          id: 85746065123,
          live_streaming: {
            service: 'Custom_Live_Streaming_Service',
            custom_live_streaming_settings: { stream_url: `rtmp://live.example.com/app/${key}`, stream_key: key, page_url: 'https://p' },
          },
        },
      },
    });
    const event = parseEvent(raw)!;
    assert.ok(!JSON.stringify(event).includes(key));
    const settings = (event.payload.object as { live_streaming: { custom_live_streaming_settings: Record<string, string> } }).live_streaming
      .custom_live_streaming_settings;
    assert.equal(settings.stream_key, '***');
    assert.equal(settings.stream_url, 'rtmp://live.example.com/app/***');
    assert.equal(event.id, '85746065123');
  });

  it('passes other events through as Zoom sent them', () => {
    const event = parseEvent('{"event":"recording.completed","event_ts":3,"payload":{"object":{"id":1,"files":[1,2]}}}')!;
    assert.equal(event.event, 'recording.completed');
    assert.equal(event.kind, undefined);
    assert.deepEqual(event.payload, { object: { id: 1, files: [1, 2] } });
  });

  it('reads URL validation', () => {
    const event = parseEvent('{"event":"endpoint.url_validation","event_ts":4,"payload":{"plainToken":"pt-1"}}')!;
    assert.equal(event.plainToken, 'pt-1');
  });

  it('refuses what is not Zoom JSON', () => {
    for (const raw of ['', 'not json', '[]', '{"payload":{}}', '{"event":5}']) assert.equal(parseEvent(raw), undefined, raw);
  });

  it('a repeat of an event is recognised, also re-spaced; another event at the same instant is not', () => {
    const memory = new DeliveryMemory();
    const a = parseEvent(BODY)!;
    assert.equal(memory.firstTime(a, NOW), true);
    assert.equal(memory.firstTime(parseEvent(BODY.replace(/,/g, ', '))!, NOW + 5 * 60_000), false);
    const ended = parseEvent(BODY.replace('meeting.started', 'meeting.ended'))!;
    assert.equal(memory.firstTime(ended, NOW), true);
  });

  it('remembers a bounded number of events for a bounded time, forgetting none that could still be replayed', () => {
    const memory = new DeliveryMemory(3, 60_000);
    const event = (n: number): ZoomEvent => ({ event: 'meeting.started', eventTs: n, payload: {} });
    for (let n = 0; n < 3; n++) assert.equal(memory.remember(event(n), NOW), 'new');
    assert.equal(memory.remember(event(3), NOW), 'full', 'all three are inside the signature window');
    const later = NOW + 6 * 60_000;
    assert.equal(memory.remember(event(3), later, later), 'new', 'the oldest, past the window, made room');
    assert.equal(memory.firstTime(event(3), later + 1_000), false);
    assert.equal(memory.firstTime(event(3), later + 6 * 60_000), true, 'forgotten after its time');
    assert.ok(memory.size <= 3);
  });
});
