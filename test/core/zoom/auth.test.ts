import assert from 'node:assert/strict';
import nock from 'nock';
import { AuthError } from '../../../core/errors.js';
import { API, CREDS, OAUTH, unitClient, useNock } from '../../helpers/nock.js';

const GET = '/v2/meetings/85746065123/livestream';
const CONFIG = { stream_url: 'rtmp://h/a', stream_key: 'kkkk', page_url: 'https://p' };

function tokenEndpoint(token: string, expiresIn = 3599) {
  const seen: { auth?: string; type?: string; body?: string; query?: string } = {};
  const scope = nock(OAUTH)
    .post('/oauth/token')
    .reply(function (uri, body) {
      Object.assign(seen, {
        auth: this.req.headers.authorization,
        type: this.req.headers['content-type'],
        body: String(body),
        query: new URL(uri, OAUTH).search,
      });
      return [200, { access_token: token, token_type: 'bearer', expires_in: expiresIn, scope: 'meeting:read:livestream:admin' }];
    });
  return { seen, scope };
}

describe('core/auth: Server-to-Server OAuth', () => {
  useNock();

  it('asks with Basic auth and a form body (never the query string), then uses the bearer token', async () => {
    const { seen } = tokenEndpoint('tok-A-123456');
    nock(API).get(GET).matchHeader('authorization', 'Bearer tok-A-123456').reply(200, CONFIG);
    const { client } = unitClient({ auth: CREDS });
    await client.getLiveStream('85746065123');
    assert.equal(seen.auth, `Basic ${Buffer.from(`${CREDS.clientId}:${CREDS.clientSecret}`).toString('base64')}`);
    assert.equal(seen.type, 'application/x-www-form-urlencoded');
    assert.equal(seen.body, 'grant_type=account_credentials&account_id=acc-123');
    assert.equal(seen.query, '');
    assert.equal(client.tokenRequests, 1);
  });

  it('N concurrent calls cause exactly one token request', async () => {
    tokenEndpoint('tok-B-123456');
    nock(API).get(GET).times(25).reply(200, CONFIG);
    const { client } = unitClient({ auth: CREDS });
    await Promise.all(Array.from({ length: 25 }, () => client.getLiveStream('85746065123')));
    assert.equal(client.tokenRequests, 1);
  });

  it('caches the token, and refreshes one minute before it expires', async () => {
    tokenEndpoint('tok-C-123456', 3600);
    nock(API).get(GET).times(2).matchHeader('authorization', 'Bearer tok-C-123456').reply(200, CONFIG);
    const { client, clock } = unitClient({ auth: CREDS });
    await client.getLiveStream('85746065123');
    clock.advance(3600_000 - 60_000 - 1);
    await client.getLiveStream('85746065123');
    assert.equal(client.tokenRequests, 1);
    clock.advance(1);
    tokenEndpoint('tok-D-123456', 3600);
    nock(API).get(GET).matchHeader('authorization', 'Bearer tok-D-123456').reply(200, CONFIG);
    await client.getLiveStream('85746065123');
    assert.equal(client.tokenRequests, 2);
  });

  it('on 401/124 refreshes once and resends', async () => {
    tokenEndpoint('tok-old-1234');
    tokenEndpoint('tok-new-1234');
    nock(API).get(GET).matchHeader('authorization', 'Bearer tok-old-1234').reply(401, { code: 124, message: 'Invalid access token.' });
    nock(API).get(GET).matchHeader('authorization', 'Bearer tok-new-1234').reply(200, CONFIG);
    const { client } = unitClient({ auth: CREDS });
    assert.equal((await client.getLiveStream('85746065123')).status, 200);
    assert.equal(client.tokenRequests, 2);
  });

  it('code 124 under another status also refreshes once', async () => {
    tokenEndpoint('tok-old-5678');
    tokenEndpoint('tok-new-5678');
    nock(API).get(GET).matchHeader('authorization', 'Bearer tok-old-5678').reply(400, { code: 124, message: 'Invalid access token.' });
    nock(API).get(GET).matchHeader('authorization', 'Bearer tok-new-5678').reply(200, CONFIG);
    const { client } = unitClient({ auth: CREDS });
    assert.equal((await client.getLiveStream('85746065123')).status, 200);
    assert.equal(client.tokenRequests, 2);
  });

  it('a second 401 after the refresh is an AuthError, not a loop', async () => {
    tokenEndpoint('tok-x1-1234');
    tokenEndpoint('tok-x2-1234');
    nock(API).get(GET).times(2).reply(401, { code: 124, message: 'Invalid access token.' });
    const { client } = unitClient({ auth: CREDS });
    const err = await client.getLiveStream('85746065123').catch((e: unknown) => e);
    assert.ok(err instanceof AuthError);
    assert.equal((err as AuthError).code, 124);
    assert.equal(client.tokenRequests, 2);
  });

  it('a static token is not refreshed: 401 is an AuthError at once', async () => {
    nock(API).get(GET).reply(401, { code: 124, message: 'Invalid access token.' });
    const err = await unitClient()
      .client.getLiveStream('85746065123')
      .catch((e: unknown) => e);
    assert.ok(err instanceof AuthError);
    assert.match((err as AuthError).hint, /invalid or expired/);
  });

  it('invalid_client: an AuthError with the OAuth error and a hint, secret not in it', async () => {
    nock(OAUTH).post('/oauth/token').reply(400, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
    const err = (await unitClient({ auth: CREDS })
      .client.getLiveStream('85746065123')
      .catch((e: unknown) => e)) as AuthError;
    assert.ok(err instanceof AuthError);
    assert.equal(err.status, 400);
    assert.equal(err.code, 'invalid_client');
    assert.equal(err.zoomMessage, 'Invalid client_id or client_secret');
    assert.match(err.hint, /client ID or client secret/);
    assert.ok(!JSON.stringify(err).includes(CREDS.clientSecret));
  });

  it('OAuth code 4700-range bodies map to the credentials hint', async () => {
    nock(OAUTH).post('/oauth/token').reply(401, { code: 4702, message: 'Invalid client' });
    const err = (await unitClient({ auth: CREDS })
      .client.getLiveStream('85746065123')
      .catch((e: unknown) => e)) as AuthError;
    assert.equal(err.code, 4702);
    assert.match(err.hint, /OAuth error 4702/);
  });

  it('token endpoint 5xx is retried, then reported as retryable', async () => {
    nock(OAUTH).post('/oauth/token').times(2).reply(503, 'Service Unavailable');
    const { client, clock } = unitClient({ auth: CREDS, maxRetries: 1 });
    const err = (await client.getLiveStream('85746065123').catch((e: unknown) => e)) as AuthError;
    assert.ok(err instanceof AuthError);
    assert.equal(err.status, 503);
    assert.equal(err.retryable, true);
    assert.deepEqual(clock.sleeps, [375]);
    assert.match(err.hint, /server error/);
  });

  it('a 200 without access_token is an error', async () => {
    nock(OAUTH).post('/oauth/token').reply(200, { token_type: 'bearer' });
    const err = await unitClient({ auth: CREDS })
      .client.getLiveStream('85746065123')
      .catch((e: unknown) => e);
    assert.match(String(err), /no access_token/);
  });

  it('a caller that aborts while the shared token request runs is cancelled alone', async () => {
    nock(OAUTH).post('/oauth/token').delay(100).reply(200, { access_token: 'tok-S-123456', expires_in: 3599 });
    nock(API).get(GET).reply(200, CONFIG);
    const { client } = unitClient({ auth: CREDS });
    const controller = new AbortController();
    const aborted = client.getLiveStream('85746065123', { signal: controller.signal });
    const other = client.getLiveStream('85746065123');
    controller.abort();
    await assert.rejects(aborted, (e: unknown) => (e as { kind?: string }).kind === 'cancelled');
    assert.equal((await other).status, 200);
    assert.equal(client.tokenRequests, 1);
  });
});
