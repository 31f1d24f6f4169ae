import assert from 'node:assert/strict';
import nock from 'nock';
import { ValidationError, ZoomLiveStreamClient, type ClientOptions } from '../../../core/index.js';
import { API, unitClient } from '../../helpers/nock.js';

const ok = { stream_url: 'rtmp://live.example.com/app', stream_key: 'abcd-1234', page_url: 'https://example.com/live' };
const long = (n: number) => 'x'.repeat(n);

type Call = (client: ZoomLiveStreamClient) => Promise<unknown>;
const update =
  (body: unknown, target: string = '85746065123'): Call =>
  (c) =>
    c.updateLiveStream(target, body as never);
const status =
  (body: unknown, target: string = '85746065123'): Call =>
  (c) =>
    c.setLiveStreamStatus(target, body as never);
const webinarStatus =
  (body: unknown): Call =>
  (c) =>
    c.setLiveStreamStatus({ kind: 'webinar', id: '92345678901' }, body as never);

/** [what, call, field named in the message, pattern] */
const badCalls: [string, Call, string, RegExp][] = [
  ['update without a body', update(undefined), 'livestream', /must be an object/],
  ['update with an array', update([]), 'livestream', /must be an object/],
  ['update missing stream_url', update({ ...ok, stream_url: undefined }), 'stream_url', /is empty or unset/],
  ['stream_url a number', update({ ...ok, stream_url: 42 }), 'stream_url', /must be a string, got number/],
  ['stream_url empty', update({ ...ok, stream_url: '' }), 'stream_url', /is empty/],
  ['stream_url blank', update({ ...ok, stream_url: '   ' }), 'stream_url', /is empty/],
  ['stream_url not a URL', update({ ...ok, stream_url: 'live.example.com/app' }), 'stream_url', /not an absolute URL/],
  ['stream_url over 1024', update({ ...ok, stream_url: `rtmp://h/${long(1020)}` }), 'stream_url', /at most 1024/],
  ['stream_url with a newline', update({ ...ok, stream_url: 'rtmp://h/app\n' }), 'stream_url', /control character/],
  ['stream_key missing', update({ ...ok, stream_key: undefined }), 'stream_key', /is empty or unset/],
  ['stream_key over 512', update({ ...ok, stream_key: long(513) }), 'stream_key', /at most 512/],
  ['stream_key with a tab', update({ ...ok, stream_key: 'ab\tcd' }), 'stream_key', /control character/],
  ['stream_key an object', update({ ...ok, stream_key: { k: 1 } }), 'stream_key', /must be a string, got object/],
  ['page_url missing', update({ ...ok, page_url: undefined }), 'page_url', /is empty or unset/],
  ['page_url not a URI', update({ ...ok, page_url: 'not a url' }), 'page_url', /not an absolute URL/],
  [
    'page_url javascript:',
    update({ ...ok, page_url: 'javascript:alert(1)' }),
    'page_url',
    /must be an http:\/\/ or https:\/\/ URL, not "javascript:"/,
  ],
  [
    'stream_url http:// (issue 25)',
    update({ ...ok, stream_url: 'http://live.example.com/app' }),
    'stream_url',
    /must be an rtmp:\/\/ or rtmps:\/\/ URL, not "http:"/,
  ],
  ['page_url over 1024', update({ ...ok, page_url: `https://h/${long(1020)}` }), 'page_url', /at most 1024/],
  ['resolution 4k', update({ ...ok, resolution: '4k' }), 'resolution', /not one of 720p, 1080p/],
  ['resolution 1080P (case)', update({ ...ok, resolution: '1080P' }), 'resolution', /not one of/],
  ['settings sent to an update', update({ ...ok, settings: {} }), 'settings', /not accepted here/],
  ['status without a body', status(undefined), 'status', /must be an object/],
  ['action missing', status({}), 'action', /is not one of start, stop, mode/],
  ['action Start (case)', status({ action: 'Start' }), 'action', /"Start" is not one of/],
  ['action STOP (case)', status({ action: 'STOP' }), 'action', /not one of/],
  ['action restart', status({ action: 'restart' }), 'action', /not one of/],
  ['mode for a webinar', webinarStatus({ action: 'mode', settings: { display_name: 'x' } }), 'action', /meetings only/],
  ['mode without settings', status({ action: 'mode' }), 'settings', /required for action "mode"/],
  ['stream fields sent to status', status({ action: 'start', stream_url: 'rtmp://x' }), 'stream_url', /not accepted here/],
  ['settings as a JSON string', status({ action: 'start', settings: '{"display_name":"x"}' }), 'settings', /must be a JSON object/],
  ['settings an array', status({ action: 'start', settings: [] }), 'settings', /must be a JSON object/],
  [
    'active_speaker_name "true"',
    status({ action: 'start', settings: { active_speaker_name: 'true' } }),
    'settings.active_speaker_name',
    /true or false/,
  ],
  ['display_name empty', status({ action: 'start', settings: { display_name: '' } }), 'settings.display_name', /is empty/],
  ['display_name 51 chars', status({ action: 'start', settings: { display_name: long(51) } }), 'settings.display_name', /at most 50/],
  [
    'display_name with a newline',
    status({ action: 'start', settings: { display_name: 'a\nb' } }),
    'settings.display_name',
    /control character/,
  ],
  ['layout grid', status({ action: 'start', settings: { layout: 'grid' } }), 'settings.layout', /not one of follow_host/],
  ['close_caption on', status({ action: 'start', settings: { close_caption: 'on' } }), 'settings.close_caption', /not one of burnt-in/],
  ['unknown setting', status({ action: 'start', settings: { colour: 'red' } }), 'settings.colour', /is not a live stream setting/],
  // Zoom's 2026 reference: the name overlay with start; the view with start or mode; nothing with stop.
  [
    'display_name with mode',
    status({ action: 'mode', settings: { display_name: 'x' } }),
    'settings.display_name',
    /not used by action "mode"/,
  ],
  [
    'active_speaker_name with mode',
    status({ action: 'mode', settings: { active_speaker_name: true, layout: 'gallery_view' } }),
    'settings.active_speaker_name',
    /not used by action "mode"/,
  ],
  ['layout with stop', status({ action: 'stop', settings: { layout: 'gallery_view' } }), 'settings.layout', /not used by action "stop"/],
  [
    'display_name with stop',
    status({ action: 'stop', settings: { display_name: 'x' } }),
    'settings.display_name',
    /not used by action "stop"/,
  ],
  [
    'layout for a webinar',
    webinarStatus({ action: 'start', settings: { layout: 'gallery_view' } }),
    'settings.layout',
    /webinars have no layout/,
  ],
  [
    'close_caption on a webinar stop',
    webinarStatus({ action: 'stop', settings: { close_caption: 'off' } }),
    'settings.close_caption',
    /not used by action "stop"/,
  ],
  ['target with letters', status({ action: 'stop' }, 'meeting-123'), 'target', /not a Zoom ID/],
  ['target beyond int64', status({ action: 'stop' }, '99999999999999999999'), 'target', /larger than a Zoom ID/],
  ['target link from another host', status({ action: 'stop' }, 'https://zoom.example.com/j/85746065123'), 'target', /not Zoom's/],
  ['target object with a bad kind', (c) => c.getLiveStream({ kind: 'room', id: '1' } as never), 'target.kind', /meeting" or "webinar/],
];

describe('core/validate: bad input fails with a clear message and sends nothing', () => {
  let sent = 0;
  before(() => nock.disableNetConnect());
  beforeEach(() => {
    sent = 0;
    // Any request at all would be counted here; other hosts are refused by disableNetConnect.
    const count = (): [number] => {
      sent++;
      return [204];
    };
    nock(API).persist().get(/.*/).reply(count).patch(/.*/).reply(count).post(/.*/).reply(count);
  });
  afterEach(() => nock.cleanAll());
  after(() => nock.enableNetConnect());

  it('counts a valid call (the counter works)', async () => {
    await unitClient().client.setLiveStreamStatus('85746065123', { action: 'stop' });
    assert.equal(sent, 1);
  });

  for (const [what, call, field, pattern] of badCalls) {
    it(`rejects ${what}`, async () => {
      const { client } = unitClient();
      await assert.rejects(call(client), (err: unknown) => {
        assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
        assert.equal(err.field, field);
        assert.match(err.message, pattern);
        assert.ok(err.message.startsWith(`${field}: `), 'the message names the field first');
        assert.ok(err.hint.length > 10, 'a hint says how to fix it');
        assert.equal(err.kind, 'validation');
        assert.equal(err.retryable, false);
        return true;
      });
      assert.equal(sent, 0, 'no request was sent');
    });
  }

  it('a case-insensitive near miss gets a hint with the exact spelling', async () => {
    const { client } = unitClient();
    await assert.rejects(client.setLiveStreamStatus('85746065123', { action: 'Start' as never }), /action/);
    try {
      await client.setLiveStreamStatus('85746065123', { action: 'Start' as never });
    } catch (err) {
      assert.match((err as ValidationError).hint, /exactly as "start".*case-sensitive/);
    }
  });
});

describe('core/options: client options are checked before any request', () => {
  const base: ClientOptions = { auth: { accessToken: 'tok-12345' } };
  const bad: [string, ClientOptions, RegExp][] = [
    ['no auth', { auth: undefined as never }, /^auth: is missing/],
    ['empty auth', { auth: {} as never }, /^auth: is missing/],
    ['both token and OAuth', { auth: { accessToken: 't-123', accountId: 'a' } as never }, /both an access token and OAuth/],
    ['OAuth without secret', { auth: { accountId: 'a', clientId: 'b' } as never }, /^clientSecret: is missing/],
    [
      'secret with a trailing newline',
      { auth: { accountId: 'a', clientId: 'b', clientSecret: 'sec\n' } },
      /^clientSecret: contains white space/,
    ],
    ['token with a space', { auth: { accessToken: 'ab cd' } }, /^accessToken: contains white space/],
    ['http API base off loopback', { ...base, apiBaseUrl: 'http://api.zoom.us/v2' }, /^apiBaseUrl: must use https/],
    ['API base not a URL', { ...base, apiBaseUrl: 'api.zoom.us' }, /^apiBaseUrl: "api.zoom.us" is not a URL/],
    ['API base with credentials', { ...base, apiBaseUrl: 'https://u:p@api.zoom.us/v2' }, /must not carry credentials/],
    ['token URL ftp', { ...base, oauthTokenUrl: 'ftp://zoom.us/oauth/token' }, /^oauthTokenUrl: must use https/],
    ['encoding xml', { ...base, encoding: 'xml' as never }, /^encoding: "xml" is not an encoding/],
    ['maxRetries -1', { ...base, maxRetries: -1 }, /^maxRetries: must be a whole number from 0 to 10/],
    ['maxRetries 2.5', { ...base, maxRetries: 2.5 }, /^maxRetries/],
    ['timeoutMs 0', { ...base, timeoutMs: 0 }, /^timeoutMs/],
    ['maxWaitMs "60"', { ...base, maxWaitMs: '60' as never }, /^maxWaitMs/],
  ];
  for (const [what, options, pattern] of bad) {
    it(`rejects ${what}`, () => {
      assert.throws(
        () => new ZoomLiveStreamClient(options),
        (err: unknown) => err instanceof ValidationError && pattern.test(err.message),
      );
    });
  }

  it('accepts http on loopback and strips a trailing slash', () => {
    const client = new ZoomLiveStreamClient({ ...base, apiBaseUrl: 'http://127.0.0.1:9/v2/' });
    assert.equal(client.options.apiBaseUrl, 'http://127.0.0.1:9/v2');
    assert.equal(client.options.encoding, 'json');
    assert.equal(client.options.maxRetries, 3);
  });
});
