/**
 * The abuse suite, secrets and sizes: answers that echo secrets in every field Zoom (or a proxy)
 * fills, a redactor fed for weeks, dry runs of awkward keys, and values far too large to be input.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { parseTarget, type ZoomError } from '../../core/index.js';
import { describeValue } from '../../core/text.js';
import { MASK, Redactor } from '../../core/http/redactor.js';
import { maskStreamConfig } from '../../core/zoom/redact.js';
import { updateOperation } from '../../core/zoom/operations.js';
import { validateUpdate } from '../../core/zoom/validate.js';
import { API, CREDS, OAUTH, TOKEN, unitClient, useNock } from '../helpers/nock.js';

const STATUS = '/v2/meetings/85746065123/livestream/status';
const KEY = 'live-key-SECRET-9876';
const MEETING_TARGET = parseTarget('85746065123', 'meeting');

describe('abuse suite: secrets in echoed fields, and huge values', () => {
  useNock();

  const everything = (err: ZoomError) => [err.message, err.stack, JSON.stringify(err), err.hint].join('\n');

  it('a string code, a field name and a tracking id that echo the token are redacted', async () => {
    nock(API)
      .patch(STATUS)
      .reply(
        400,
        { code: `proxy saw Bearer ${TOKEN}`, message: 'denied', errors: [{ field: `stream_key=${KEY}`, message: 'bad' }] },
        { 'x-zm-trackingid': `trk ${TOKEN}` },
      );
    nock(API).patch('/v2/meetings/85746065123/livestream').reply(204);
    const { client } = unitClient({ maxRetries: 0 });
    // The key becomes known to the client as it sends this update.
    await client.updateLiveStream('85746065123', { stream_url: 'rtmp://h/a', stream_key: KEY, page_url: 'https://p' });
    const err = (await client.setLiveStreamStatus('85746065123', { action: 'stop' }).catch((e: unknown) => e)) as ZoomError;
    assert.equal(err.code, `proxy saw Bearer ${MASK}`);
    assert.equal(err.errors?.[0]?.field, `stream_key=${MASK}`);
    assert.equal(err.trackingId, `trk ${MASK}`);
    for (const secret of [TOKEN, KEY]) assert.ok(!everything(err).includes(secret), `leaked ${secret}`);
  });

  it("OAuth's error and reason that echo the client secret are redacted", async () => {
    nock(OAUTH)
      .post('/oauth/token')
      .reply(401, { error: `invalid_client:${CREDS.clientSecret}`, reason: `secret ${CREDS.clientSecret} refused` });
    const { client } = unitClient({ auth: CREDS, maxRetries: 0 });
    const err = (await client.getLiveStream('85746065123').catch((e: unknown) => e)) as ZoomError;
    assert.equal(err.code, `invalid_client:${MASK}`);
    assert.equal(err.zoomMessage, `secret ${MASK} refused`);
    assert.ok(!everything(err).includes(CREDS.clientSecret));
  });

  it('text from the network is bounded: a huge code, message and error list stay short', async () => {
    nock(API)
      .patch(STATUS)
      .reply(400, {
        code: 'c'.repeat(100_000),
        message: 'm'.repeat(100_000),
        errors: Array.from({ length: 400 }, () => ({ field: 'f'.repeat(500), message: 'x'.repeat(1000) })),
      });
    const { client } = unitClient({ maxRetries: 0 });
    const err = (await client.setLiveStreamStatus('85746065123', { action: 'stop' }).catch((e: unknown) => e)) as ZoomError;
    assert.ok(JSON.stringify(err).length < 40_000, `the error is ${JSON.stringify(err).length} characters`);
    assert.ok(String(err.code).length <= 103);
    assert.ok(err.errors!.length <= 20);
  });

  it('a page snippet is redacted before it is folded and cut: no prefix of a straddling token, no folded key', async () => {
    const spacedKey = 'spaced  key\u00a0with  gaps';
    // The token starts at character 110 of the visible text, so the 120-character cut splits it.
    nock(API)
      .patch(STATUS)
      .reply(502, `<html><body>${'x'.repeat(109)} ${TOKEN} and ${spacedKey}</body></html>`, { 'content-type': 'text/html' });
    nock(API).patch('/v2/meetings/85746065123/livestream').reply(204);
    const { client } = unitClient({ maxRetries: 0 });
    await client.updateLiveStream('85746065123', { stream_url: 'rtmp://h/a', stream_key: spacedKey, page_url: 'https://p' });
    const err = (await client.setLiveStreamStatus('85746065123', { action: 'stop' }).catch((e: unknown) => e)) as ZoomError;
    assert.ok(!err.message.includes(TOKEN.slice(0, 8)), err.message);
    assert.match(err.message, /x \*\*\* and \*\*\)$/, 'the cut falls after redaction');
    nock(API).patch(STATUS).reply(502, `<p>${spacedKey}</p>`);
    const again = (await client.setLiveStreamStatus('85746065123', { action: 'stop' }).catch((e: unknown) => e)) as ZoomError;
    assert.ok(!again.message.includes('spaced key with gaps'), again.message);
  });

  it('the redactor never forgets credentials, however many passing secrets follow', () => {
    const r = new Redactor();
    r.add(CREDS.clientSecret, true);
    r.add(TOKEN, true);
    // 12 days of hourly tokens and then some, and hundreds of stream keys.
    for (let i = 0; i < 1000; i++) r.add(`passing-secret-${i}`);
    assert.equal(r.redact(`${CREDS.clientSecret} ${TOKEN}`), `${MASK} ${MASK}`);
    assert.equal(r.redact('passing-secret-999'), MASK);
    assert.equal(r.redact('passing-secret-0'), 'passing-secret-0', 'passing secrets stay bounded');
  });

  it('a client that refreshed its token 300 times still redacts its client secret', async () => {
    const { client, clock } = unitClient({ auth: CREDS, maxRetries: 0 });
    for (let i = 0; i < 300; i++) {
      nock(OAUTH)
        .post('/oauth/token')
        .reply(200, { access_token: `token-${i}-abcdef`, expires_in: 3599 });
      nock(API)
        .get('/v2/meetings/85746065123/livestream')
        .reply(200, { stream_url: 'rtmp://h/a', stream_key: `key-${i}-abc`, page_url: 'https://p' });
      await client.getLiveStream('85746065123');
      clock.advance(3_600_000);
    }
    assert.equal(client.redact(`${CREDS.clientSecret} token-299-abcdef`), `${MASK} ${MASK}`);
  });

  for (const key of ['a"quote\\slash', 'abc', 'k\u2028y']) {
    it(`a dry run masks the stream_key field itself: ${JSON.stringify(key)}`, async () => {
      for (const encoding of ['json', 'multipart'] as const) {
        const { client } = unitClient({ encoding });
        const op = updateOperation(MEETING_TARGET, { stream_url: 'rtmp://h/a', stream_key: key, page_url: 'https://p' });
        const prepared = await client.prepare(op);
        assert.ok(!prepared.body!.includes(key) && !prepared.body!.includes(JSON.stringify(key).slice(1, -1)), prepared.body);
        assert.ok(prepared.body!.includes(MASK));
      }
    });
  }

  it('a stream URL that embeds the key shows it nowhere: not in a dry run, not in its validation error', async () => {
    const { client } = unitClient();
    const prepared = await client.prepare(
      updateOperation(MEETING_TARGET, { stream_url: `rtmp://h/app/${KEY}`, stream_key: KEY, page_url: 'https://p' }),
    );
    assert.ok(!prepared.body!.includes(KEY), prepared.body);
    assert.ok(prepared.body!.includes(`rtmp://h/app/${MASK}`), prepared.body);
    assert.throws(
      () => validateUpdate({ stream_url: `h/app/${KEY}`, stream_key: KEY, page_url: 'https://p' }),
      (e: unknown) => (e as ZoomError).message === `stream_url: "h/app/${MASK}" is not an absolute URL.`,
    );
  });

  it('maskStreamConfig blanks the key in the stream URL too', () => {
    assert.deepEqual(maskStreamConfig({ stream_url: `rtmp://h/app/${KEY}?k=${KEY}`, stream_key: KEY, page_url: 'https://p' }), {
      stream_url: `rtmp://h/app/${MASK}?k=${MASK}`,
      stream_key: MASK,
      page_url: 'https://p',
    });
    assert.deepEqual(maskStreamConfig({ stream_url: 'rtmp://h', stream_key: '', page_url: '' }).stream_key, '');
  });

  it('a 100-million-character stream_key is refused by its length, and quoted nowhere', () => {
    const huge = 'k'.repeat(100_000_000);
    // How fast is the bench's to say; here, that the message names the length and quotes none of it.
    assert.throws(
      () => validateUpdate({ stream_url: 'rtmp://h/a', stream_key: huge, page_url: 'https://p' }),
      (e: unknown) => (e as ZoomError).message === 'stream_key: is 100000000 characters long; Zoom allows at most 512.',
    );
  });

  it('a 1 MB target and huge values are quoted as short prefixes', () => {
    const err = (() => {
      try {
        parseTarget('1'.repeat(1_000_000));
      } catch (e) {
        return e as ZoomError;
      }
    })()!;
    assert.ok(err.message.length < 200, err.message);
    assert.ok(JSON.stringify(err).length < 1_000);
    for (const value of [
      'x'.repeat(1e6),
      Array(1e6).fill(1),
      { ...Object.fromEntries(Array.from({ length: 1e4 }, (_, i) => [`k${i}`, 'v'.repeat(100)])) },
    ]) {
      assert.ok(describeValue(value).length < 100, describeValue(value));
    }
  });
});
