import assert from 'node:assert/strict';
import nock from 'nock';
import { ZoomError } from '../../../core/index.js';
import { AuthError, ZoomApiError } from '../../../core/errors.js';
import { hintFor, ZOOM_ERROR_HINTS } from '../../../core/zoom/hints.js';
import { API, unitClient, useNock } from '../../helpers/nock.js';

const PATH = '/v2/meetings/85746065123/livestream/status';

/** Every documented status/code pair for the live stream endpoints (zoom-api.md, Errors). */
const documented: [number, number, string, typeof ZoomApiError | typeof AuthError, RegExp][] = [
  [300, 300, 'Invalid meeting ID.', ZoomApiError, /ID is missing or invalid/],
  [400, 300, 'Validation Failed.', ZoomApiError, /ID is missing or invalid/],
  [400, 200, 'Webinar 92345678901 has not started.', ZoomApiError, /webinar has not started/],
  [400, 1010, 'User does not belong to this account: abc.', ZoomApiError, /host's Zoom account/],
  [400, 3000, 'Cannot access webinar info.', ZoomApiError, /Run the update action/],
  [400, 3001, 'Webinar does not exist: 92345678901.', ZoomApiError, /does not exist/],
  [400, 3161, 'Meeting hosting and scheduling capabilities are not allowed for your user account.', ZoomApiError, /meeting capabilities/],
  [401, 124, 'Invalid access token.', AuthError, /access token is invalid or expired/],
  [404, 1001, 'User does not exist: u1.', ZoomApiError, /host user does not exist/],
  [404, 3001, 'Meeting does not exist: 85746065123.', ZoomApiError, /does not exist/],
  [400, 4711, 'Invalid access token, does not contain scopes:[meeting:update:livestream:admin].', AuthError, /lacks a required scope/],
  [400, 4927, 'Meeting 85746065123 has not started.', ZoomApiError, /host must start the meeting first/],
  [400, 4400, 'End-to-end encrypted meetings do not support live streaming.', ZoomApiError, /end-to-end encryption/],
];

describe('core/errors: every documented Zoom error becomes a typed error with a hint', () => {
  useNock();

  for (const [status, code, message, Type, hint] of documented) {
    it(`HTTP ${status} code ${code} -> ${Type.name}`, async () => {
      nock(API).patch(PATH).reply(status, { code, message }, { 'x-zm-trackingid': 'trk-42' });
      const { client } = unitClient({ maxRetries: 0 });
      // A stop of a stream that has not started is "nothing to stop", and a start that meets 300 "already live".
      const action = code === 300 ? 'stop' : 'start';
      const err = await client.setLiveStreamStatus('85746065123', { action }).catch((e: unknown) => e);
      assert.ok(err instanceof Type, `expected ${Type.name}, got ${String(err)}`);
      assert.ok(err instanceof ZoomError);
      assert.equal(err.status, status);
      assert.equal(err.code, code);
      assert.equal(err.zoomMessage, message);
      assert.equal(err.trackingId, 'trk-42');
      assert.equal(err.retryable, false);
      assert.match(err.hint, hint);
      assert.equal(err.message, `${action} meeting 85746065123 failed: HTTP ${status}, Zoom code ${code}: ${message}`);
      assert.deepEqual(JSON.parse(JSON.stringify(err)).code, code);
    });
  }

  it("a start that meets code 300, whatever Zoom's wording, is already live; a stop before the start is nothing to stop; mode's 300 says not running", async () => {
    const { client } = unitClient({ maxRetries: 0 });
    for (const message of [
      'The live stream settings can only be updated while the stream is stopped.',
      'Live stream already started.',
      'Validation Failed.',
    ]) {
      nock(API).patch(PATH).reply(400, { code: 300, message });
      const started = await client.setLiveStreamStatus('85746065123', { action: 'start' });
      assert.equal(started.state, 'already live', message);
    }
    // A field error is not "running": Zoom lists the field.
    nock(API)
      .patch(PATH)
      .reply(400, { code: 300, message: 'Validation Failed.', errors: [{ field: 'settings', message: 'bad' }] });
    await assert.rejects(client.setLiveStreamStatus('85746065123', { action: 'start' }), /Validation Failed/);
    for (const [code, message, kind] of [
      [4927, 'Meeting 85746065123 has not started.', 'meeting'],
      [200, 'Webinar 92345678901 has not started.', 'webinar'],
    ] as const) {
      nock(API)
        .patch(kind === 'meeting' ? PATH : '/v2/webinars/92345678901/livestream/status')
        .reply(400, { code, message });
      const stopped = await client.setLiveStreamStatus(kind === 'meeting' ? '85746065123' : { kind, id: '92345678901' }, {
        action: 'stop',
      });
      assert.equal(stopped.state, 'nothing to stop');
      assert.match(stopped.note!, new RegExp(`the ${kind} has not started`));
    }
    nock(API).patch(PATH).reply(400, { code: 300, message: 'The live stream is not running.' });
    const mode = await client
      .setLiveStreamStatus('85746065123', { action: 'mode', settings: { layout: 'gallery_view' } })
      .catch((e: unknown) => e);
    assert.ok(mode instanceof ZoomApiError);
    assert.match(mode.hint, /not running: mode changes the view of a running stream/);
  });

  it('429 after the retries: retryable, with retryAfterMs and the start advice', async () => {
    nock(API).patch(PATH).times(2).reply(
      429,
      {
        code: 429,
        message:
          'Too many requests submitted to start the live stream of this meeting: 85746065123. If the live stream has not already started, retry making a new request after 30 seconds.',
      },
      { 'retry-after': '5' },
    );
    const { client } = unitClient({ maxRetries: 1 });
    const err = (await client.setLiveStreamStatus('85746065123', { action: 'start' }).catch((e: unknown) => e)) as ZoomApiError;
    assert.ok(err instanceof ZoomApiError);
    assert.equal(err.status, 429);
    assert.equal(err.retryable, true);
    assert.equal(err.retryAfterMs, 5000);
    assert.equal(err.attempts, 2);
    assert.match(err.message, /after 2 attempts/);
    assert.match(err.hint, /30 s/);
  });

  it('Zoom field errors are listed in the message and kept as data', async () => {
    nock(API)
      .patch('/v2/meetings/85746065123/livestream')
      .reply(400, { code: 300, message: 'Validation Failed.', errors: [{ field: 'page_url', message: 'Invalid field.' }] });
    const { client } = unitClient();
    const err = (await client
      .updateLiveStream('85746065123', { stream_url: 'rtmp://h/a', stream_key: 'kkkk', page_url: 'https://p' })
      .catch((e: unknown) => e)) as ZoomApiError;
    assert.deepEqual(err.errors, [{ field: 'page_url', message: 'Invalid field.' }]);
    assert.match(err.message, /\[page_url: Invalid field\.\]/);
  });

  it('an HTML 5xx page never hides the status', async () => {
    nock(API).patch(PATH).reply(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'content-type': 'text/html' });
    const { client } = unitClient({ maxRetries: 0 });
    const err = (await client.setLiveStreamStatus('85746065123', { action: 'stop' }).catch((e: unknown) => e)) as ZoomApiError;
    assert.ok(err instanceof ZoomApiError);
    assert.equal(err.status, 502);
    assert.equal(err.code, undefined);
    assert.equal(err.retryable, true);
    assert.match(err.message, /HTTP 502 \(502 Bad Gateway\)/);
    assert.match(err.hint, /server error/);
  });

  it('a 200 without a configuration is an error, not an empty result', async () => {
    nock(API).get('/v2/meetings/85746065123/livestream').reply(200, 'OK');
    const err = await unitClient()
      .client.getLiveStream('85746065123')
      .catch((e: unknown) => e);
    assert.ok(err instanceof ZoomApiError);
    assert.match((err as ZoomApiError).message, /without a live stream configuration/);
  });

  it('hintFor: OAuth codes 4700-4741 share a hint, statuses fall back', () => {
    assert.match(hintFor(4702), /OAuth error 4702/);
    assert.match(hintFor(undefined, 403), /scopes/);
    assert.match(hintFor(undefined, 404), /could not find/);
    assert.match(hintFor(undefined, 503), /server error/);
    assert.match(hintFor(99999, 418), /tracking id/);
    for (const [code, hint] of Object.entries(ZOOM_ERROR_HINTS)) assert.equal(hintFor(code), hint);
  });
});
