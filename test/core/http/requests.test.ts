import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import nock from 'nock';
import { parseTarget } from '../../../core/index.js';
import { encodeBody, formFieldValue } from '../../../core/http/encode.js';
import { updateOperation } from '../../../core/zoom/operations.js';
import { API, TOKEN, formFields, unitClient, useNock } from '../../helpers/nock.js';

const meeting = parseTarget('85746065123');
const webinar = parseTarget('92345678901', 'webinar');
const STREAM = {
  stream_url: 'rtmp://a.rtmp.youtube.com/live2',
  stream_key: 'key-123456',
  page_url: 'https://youtube.com/live',
  resolution: '1080p' as const,
};

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Intercepts one request and returns what was on the wire. */
function capture(method: string, path: string, status: number, reply?: object): Captured {
  const seen = {} as Captured;
  nock(API)
    .intercept(path, method)
    .reply(function (uri, body) {
      Object.assign(seen, { method, path: uri, headers: this.req.headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
      return [status, reply ? JSON.stringify(reply) : '', { 'x-zm-trackingid': 'track-1' }];
    });
  return seen;
}

describe('core: the exact request of each operation', () => {
  useNock();

  for (const target of [meeting, webinar]) {
    const base = `/v2/${target.kind}s/${target.id}/livestream`;

    it(`get ${target.kind}: GET ${base}, bearer token, parsed config with status and tracking id`, async () => {
      const seen = capture('GET', base, 200, { stream_url: 'rtmp://x', stream_key: 'k-abc', page_url: 'https://p', resolution: '720p' });
      const result = await unitClient().client.getLiveStream(target);
      assert.equal(seen.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(seen.body, '');
      assert.deepEqual(result, {
        stream_url: 'rtmp://x',
        stream_key: 'k-abc',
        page_url: 'https://p',
        resolution: '720p',
        status: 200,
        trackingId: 'track-1',
      });
    });

    for (const encoding of ['json', 'multipart'] as const) {
      it(`update ${target.kind} (${encoding}): PATCH ${base} with the four fields`, async () => {
        const seen = capture('PATCH', base, 204);
        const result = await unitClient({ encoding }).client.updateLiveStream(target, STREAM);
        assert.deepEqual(result, { status: 204, trackingId: 'track-1' });
        if (encoding === 'json') {
          assert.equal(seen.headers['content-type'], 'application/json');
          assert.equal(seen.body, JSON.stringify(STREAM));
        } else {
          assert.match(seen.headers['content-type']!, /^multipart\/form-data; boundary=/);
          assert.deepEqual(await formFields(seen.body, seen.headers['content-type']!), Object.entries(STREAM));
        }
      });

      const settings =
        target.kind === 'meeting'
          ? { active_speaker_name: true, display_name: 'Town hall', layout: 'gallery_view' as const, close_caption: 'burnt-in' as const }
          : { active_speaker_name: false, display_name: 'Webinar' };
      it(`start ${target.kind} (${encoding}): PATCH ${base}/status with action and settings`, async () => {
        const seen = capture('PATCH', `${base}/status`, 204);
        await unitClient({ encoding }).client.setLiveStreamStatus(target, { action: 'start', settings });
        const expected = { action: 'start', settings };
        if (encoding === 'json') assert.deepEqual(JSON.parse(seen.body), expected);
        else
          assert.deepEqual(await formFields(seen.body, seen.headers['content-type']!), [
            ['action', 'start'],
            ['settings', JSON.stringify(settings)],
          ]);
      });

      it(`stop ${target.kind} (${encoding}): only the action`, async () => {
        const seen = capture('PATCH', `${base}/status`, 204);
        await unitClient({ encoding }).client.setLiveStreamStatus(target, { action: 'stop' });
        if (encoding === 'json') assert.equal(seen.body, '{"action":"stop"}');
        else assert.deepEqual(await formFields(seen.body, seen.headers['content-type']!), [['action', 'stop']]);
      });
    }
  }

  it('mode (meetings): action mode with the view settings', async () => {
    const seen = capture('PATCH', '/v2/meetings/85746065123/livestream/status', 204);
    await unitClient().client.setLiveStreamStatus(meeting, { action: 'mode', settings: { layout: 'speaker_view' } });
    assert.deepEqual(JSON.parse(seen.body), { action: 'mode', settings: { layout: 'speaker_view' } });
  });

  it('a 17-digit id reaches the wire unchanged', async () => {
    const seen = capture('PATCH', '/v2/meetings/12345678901234567/livestream/status', 204);
    await unitClient().client.setLiveStreamStatus('123 4567 8901 234 567', { action: 'stop' });
    assert.equal(seen.path, '/v2/meetings/12345678901234567/livestream/status');
  });

  it('prepare() shows the request with the token and stream key masked, and sends nothing', async () => {
    const { client } = unitClient({ encoding: 'json' });
    const prepared = await client.prepare(updateOperation(meeting, STREAM));
    assert.equal(prepared.url, `${API}/v2/meetings/85746065123/livestream`);
    assert.equal(prepared.headers.authorization, 'Bearer ***');
    assert.ok(!prepared.body!.includes('key-123456'));
    assert.match(prepared.body!, /"stream_key":"\*\*\*"/);
  });
});

describe("core/encode: multipart matches the seeds' Postman items field by field", () => {
  const dir = new URL('test/fixtures/seeds/', pathToFileURL(process.cwd() + '/'));
  for (const file of readdirSync(dir)) {
    const seed = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as {
      formdata: { key: string; value: string }[];
      curlSettings?: string;
    };
    it(`${file}: same keys, same order, same values`, async () => {
      // Rebuild the body the seed describes (settings as the object its JSON text stands for).
      const body = Object.fromEntries(seed.formdata.map(({ key, value }) => [key, key === 'settings' ? JSON.parse(value) : value]));
      const { contentType, payload } = await encodeBody(body, 'multipart');
      const fields = await formFields(payload, contentType);
      assert.deepEqual(
        fields,
        seed.formdata.map(({ key, value }) => [key, value]),
      );
      if (seed.curlSettings) {
        // The seeds' generated code glues "start" onto the JSON; we must never do that.
        assert.match(seed.curlSettings, /settings=start\{/);
        assert.ok(!fields.some(([, v]) => v.startsWith('start{')));
      }
    });
  }

  it('formFieldValue: strings as they are, objects and booleans as JSON', () => {
    assert.equal(formFieldValue('start'), 'start');
    assert.equal(formFieldValue({ a: false }), '{"a":false}');
    assert.equal(formFieldValue(true), 'true');
  });
});
