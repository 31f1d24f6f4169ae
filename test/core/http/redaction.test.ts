import assert from 'node:assert/strict';
import nock from 'nock';
import { type ZoomError } from '../../../core/index.js';
import { MASK, Redactor } from '../../../core/http/redactor.js';
import { API, CREDS, OAUTH, TOKEN, unitClient, useNock } from '../../helpers/nock.js';

const KEY = 'live-key-SECRET-9876';
const STATUS = '/v2/meetings/85746065123/livestream/status';

describe('core/redact: no secret in a message, an error or a log line', () => {
  useNock();

  it('Redactor blanks every occurrence, longest secret first, and ignores tiny values', () => {
    const r = new Redactor();
    r.add('abcd');
    r.add('abcdefgh');
    r.add('xy');
    assert.equal(r.redact('abcdefgh abcd xy'), `${MASK} ${MASK} xy`);
  });

  it('Redactor keeps a bounded number of secrets', () => {
    const r = new Redactor();
    for (let i = 0; i < 300; i++) r.add(`secret-${i}`);
    assert.equal(r.redact('secret-299'), MASK);
    assert.equal(r.redact('secret-0'), 'secret-0');
  });

  it('Redactor blanks a secret learnt after it has redacted, and lets go of one it dropped', () => {
    const r = new Redactor();
    r.add('key-1');
    assert.equal(r.redact('key-1 key-12'), `${MASK} ${MASK}2`);
    r.add('key-12');
    assert.equal(r.redact('key-1 key-12'), `${MASK} ${MASK}`);
    for (let i = 0; i < 256; i++) r.add(`other-${i}`);
    assert.equal(r.redact('key-1 other-255'), `key-1 ${MASK}`);
  });

  it('echoed secrets in Zoom messages are blanked in errors, hints and logs', async () => {
    const logs: string[] = [];
    nock(OAUTH).post('/oauth/token').reply(200, { access_token: 'tok-LEAK-123456', expires_in: 3599 });
    nock(API)
      .patch('/v2/meetings/85746065123/livestream')
      .reply(503, { code: 503, message: `backend got key ${KEY} and token tok-LEAK-123456` })
      .patch('/v2/meetings/85746065123/livestream')
      .reply(400, {
        code: 300,
        message: `bad key ${KEY} / ${CREDS.clientSecret}`,
        errors: [{ field: 'stream_key', message: `value ${KEY}` }],
      });
    const { client } = unitClient({ auth: CREDS, logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m) } });
    const err = (await client
      .updateLiveStream('85746065123', { stream_url: 'rtmp://h/a', stream_key: KEY, page_url: 'https://p' })
      .catch((e: unknown) => e)) as ZoomError;
    const everything = [err.message, err.stack, JSON.stringify(err), String(err), ...logs].join('\n');
    for (const secret of [KEY, 'tok-LEAK-123456', CREDS.clientSecret]) assert.ok(!everything.includes(secret), `leaked ${secret}`);
    assert.match(err.message, /bad key \*\*\* \/ \*\*\*/);
    assert.equal(logs.length, 1, 'the retry was logged');
  });

  it('a stream key read by get is redacted from later messages', async () => {
    nock(API)
      .get('/v2/meetings/85746065123/livestream')
      .reply(200, { stream_url: 'rtmp://h', stream_key: 'read-key-77777', page_url: 'https://p' });
    nock(API).patch(STATUS).reply(400, { code: 300, message: 'key read-key-77777 rejected' });
    const { client } = unitClient();
    await client.getLiveStream('85746065123');
    const err = (await client.setLiveStreamStatus('85746065123', { action: 'stop' }).catch((e: unknown) => e)) as ZoomError;
    assert.equal(err.zoomMessage, 'key *** rejected');
  });

  it('the static token never appears in errors', async () => {
    nock(API)
      .patch(STATUS)
      .reply(401, { code: 124, message: `Invalid access token: ${TOKEN}` });
    const err = (await unitClient()
      .client.setLiveStreamStatus('85746065123', { action: 'stop' })
      .catch((e: unknown) => e)) as ZoomError;
    assert.ok(!JSON.stringify(err).includes(TOKEN));
    assert.ok(!String(err.stack).includes(TOKEN));
  });
});
