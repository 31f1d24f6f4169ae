/** The pre-flight check against the sandbox (real HTTP) and, for Zoom answers it cannot give, nock. */
import assert from 'node:assert/strict';
import nock from 'nock';
import { parseTarget, ZoomLiveStreamClient, type Checklist, type CheckState } from '../../../core/index.js';
import { checkTarget } from '../../../core/check/check.js';
import { NARROW_CLIENT, SANDBOX_CLIENT } from '../../../sandbox/server.js';
import { API, CREDS, OAUTH, unitClient, useNock } from '../../helpers/nock.js';
import { sandboxClient, useSandbox } from '../../helpers/sandbox.js';
import { STREAM } from '../../helpers/secrets.js';

const states = (list: Checklist) => Object.fromEntries(list.items.map((i) => [i.name, i.state])) as Record<string, CheckState>;
const item = (list: Checklist, name: string) => list.items.find((i) => i.name === name)!;

describe('core/check: the pre-flight checklist against the sandbox', () => {
  const ctx = useSandbox();
  /** Runs the check and asserts it sent no write. */
  async function check(id: string, kind: 'meeting' | 'webinar' = 'meeting', client = sandboxClient(ctx.sandbox)) {
    const before = ctx.sandbox.apiRequests.length;
    const list = await checkTarget(client, parseTarget(id, kind));
    const sent = ctx.sandbox.apiRequests.slice(before);
    assert.deepEqual(
      sent.filter((r) => r.method !== 'GET').map((r) => r.path),
      [],
      'no write',
    );
    assert.equal(list.reads.length, sent.length, 'every request is listed');
    return list;
  }

  it('a meeting ready to stream: every item ok, the host and start time named, the key only as present', async () => {
    await sandboxClient(ctx.sandbox).updateLiveStream('85746065123', STREAM);
    const list = await check('85746065123');
    assert.deepEqual(states(list), {
      credentials: 'ok',
      scopes: 'ok',
      meeting: 'ok',
      encryption: 'ok',
      'host: live streaming': 'ok',
      'host: custom live streaming service': 'ok',
      stream: 'ok',
    });
    assert.deepEqual([list.ok, list.problems, list.unknown], [7, 0, 0]);
    assert.match(
      item(list, 'meeting').found,
      /^scheduled meeting 85746065123 on this account: "Sandbox meeting 85746065123", host "sandbox-host", started, starts \d{4}-/,
    );
    assert.ok(!JSON.stringify(list).includes(STREAM.stream_key), 'the key is never shown');
  });

  const problems: [string, string, 'meeting' | 'webinar', string, RegExp][] = [
    ['a stream never configured', '81000000001', 'meeting', 'stream', /Run update/],
    ['an end-to-end encrypted meeting', '81000000003', 'meeting', 'encryption', /enhanced encryption/],
    ['a host without live streaming', '81000000002', 'meeting', 'host: live streaming', /Allow livestreaming of meetings/],
    ['a host without the custom service', '81000000002', 'meeting', 'host: custom live streaming service', /Custom Live Streaming Service/],
    ['a webinar host without webinar streaming', '93000000002', 'webinar', 'host: webinar live streaming', /Webinar add-on/],
    ['a meeting that does not exist', '89999999999', 'meeting', 'meeting', /Check the ID/],
  ];
  for (const [what, id, kind, name, fix] of problems) {
    it(`names ${what} and its fix`, async () => {
      const list = await check(id, kind);
      assert.equal(item(list, name).state, 'problem', JSON.stringify(list.items));
      assert.match(item(list, name).fix!, fix);
      assert.ok(list.problems >= 1);
    });
  }

  it('an app with only the live stream scopes: the reads it may not make are unknown (code 4711), not problems', async () => {
    await sandboxClient(ctx.sandbox).updateLiveStream('85746065123', STREAM);
    const narrow = sandboxClient(ctx.sandbox, { auth: NARROW_CLIENT });
    const list = await check('85746065123', 'meeting', narrow);
    assert.equal(list.problems, 0, JSON.stringify(list.items));
    assert.equal(item(list, 'scopes').state, 'ok');
    assert.equal(item(list, 'meeting').state, 'unknown');
    assert.match(item(list, 'meeting').fix!, /meeting:read:meeting:admin/);
    assert.equal(item(list, 'encryption').state, 'unknown');
    assert.equal(item(list, 'stream').state, 'ok');
  });

  it('wrong credentials: one problem with the hint, the rest not checked', async () => {
    const list = await check('85746065123', 'meeting', sandboxClient(ctx.sandbox, { auth: { ...SANDBOX_CLIENT, clientSecret: 'wrong' } }));
    assert.equal(item(list, 'credentials').state, 'problem');
    assert.match(item(list, 'credentials').fix!, /client ID or client secret/);
    assert.equal(list.unknown, list.items.length - 1);
    assert.ok(!JSON.stringify(list).includes('wrong'));
  });

  it('a static access token: credentials and scopes unknown, the reads tell the rest', async () => {
    const list = await check('85746065123', 'meeting', sandboxClient(ctx.sandbox, { token: true }));
    assert.equal(item(list, 'credentials').state, 'unknown');
    assert.equal(item(list, 'scopes').state, 'unknown');
    assert.equal(item(list, 'meeting').state, 'ok');
  });
});

describe('core/check: Zoom answers the sandbox does not give', () => {
  useNock();

  it('a token without the live stream scopes: a problem naming each missing scope; a 403 on the host read is unknown', async () => {
    const client = new ZoomLiveStreamClient({
      ...unitClient().client.options,
      auth: CREDS,
      oauthTokenUrl: `${OAUTH}/oauth/token`,
      random: () => 0.5,
    });
    nock(OAUTH)
      .post('/oauth/token')
      .reply(200, { access_token: 'tok-scopes-1', expires_in: 3600, scope: 'meeting:read:meeting:admin meeting:read:livestream:admin' });
    nock(API)
      .get('/v2/meetings/85746065123')
      .reply(200, { id: 85746065123, host_id: 'h1', topic: 'T', status: 'waiting', settings: { encryption_type: 'enhanced_encryption' } })
      .get('/v2/users/h1/settings')
      .reply(403, { code: 403, message: 'Forbidden' })
      .get('/v2/meetings/85746065123/livestream')
      .reply(200, { stream_url: 'ftp://x/app', stream_key: 'k', page_url: 'not a url' });
    const list = await checkTarget(client, parseTarget('85746065123'));
    const scopes = item(list, 'scopes');
    assert.equal(scopes.state, 'problem');
    assert.match(scopes.found, /cannot update the stream, start and stop it$/);
    assert.match(scopes.fix!, /^Add meeting:update:livestream:admin, meeting:update:livestream_status:admin to the/);
    assert.equal(item(list, 'host: live streaming').state, 'unknown');
    assert.match(item(list, 'host: live streaming').fix!, /user:read:settings:admin/);
    assert.equal(item(list, 'stream').state, 'problem');
    assert.match(
      item(list, 'stream').found,
      /not an rtmp:\/\/ or rtmps:\/\/ address; the page URL is not an http\(s\) URL \(stream key present\)/,
    );
  });

  it('a webinar token with classic scopes is enough', async () => {
    const client = new ZoomLiveStreamClient({ ...unitClient().client.options, auth: CREDS, oauthTokenUrl: `${OAUTH}/oauth/token` });
    nock(OAUTH)
      .post('/oauth/token')
      .reply(200, { access_token: 'tok-classic', expires_in: 3600, scope: 'webinar:write:admin webinar:read:admin' });
    nock(API)
      .get('/v2/webinars/92345678901')
      .reply(404, { code: 3001, message: 'Webinar does not exist.' })
      .get('/v2/webinars/92345678901/livestream')
      .reply(404, { code: 3001, message: 'Webinar does not exist.' });
    const list = await checkTarget(client, parseTarget('92345678901', 'webinar'));
    assert.equal(item(list, 'scopes').state, 'ok');
    assert.equal(item(list, 'webinar').state, 'problem');
    assert.equal(item(list, 'host: webinar live streaming').state, 'unknown');
  });
});
