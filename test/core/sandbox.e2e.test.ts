import assert from 'node:assert/strict';
import { AuthError, parseTarget, ZoomApiError, type ZoomError } from '../../core/index.js';
import { ERROR_IDS } from '../../sandbox/state.js';
import { STREAM } from '../helpers/secrets.js';
import { sandboxClient, useSandbox } from '../helpers/sandbox.js';

describe('core end to end against the sandbox (real HTTP on 127.0.0.1)', () => {
  const ctx = useSandbox();

  for (const encoding of ['json', 'multipart'] as const) {
    for (const [kind, id] of [
      ['meeting', '85746065123'],
      ['webinar', '92345678901'],
    ] as const) {
      it(`${kind} (${encoding}): update, start with settings, get, stop`, async () => {
        const client = sandboxClient(ctx.sandbox, { encoding });
        const target = parseTarget(id, kind);
        await client.updateLiveStream(target, { ...STREAM, resolution: '720p' });
        await client.setLiveStreamStatus(target, { action: 'start', settings: { active_speaker_name: true, display_name: 'Keynote' } });
        const record = ctx.sandbox.stream(kind, id)!;
        assert.equal(record.live, true);
        assert.deepEqual(record.settings, { active_speaker_name: true, display_name: 'Keynote' });
        const config = await client.getLiveStream(target);
        assert.deepEqual({ ...config, trackingId: undefined }, { ...STREAM, resolution: '720p', status: 200, trackingId: undefined });
        assert.match(config.trackingId!, /^sbx_/);
        await client.setLiveStreamStatus(target, { action: 'stop' });
        assert.equal(record.live, false);
        assert.equal(ctx.sandbox.tokenRequests, 1);
        assert.equal(ctx.sandbox.apiRequests.length, 4, 'one request per operation');
        client.close();
      });
    }
  }

  it('a 17-digit meeting id works end to end', async () => {
    const client = sandboxClient(ctx.sandbox, { token: true });
    await client.updateLiveStream('12345678901234567', STREAM);
    assert.equal(ctx.sandbox.apiRequests[0]!.path, '/v2/meetings/12345678901234567/livestream');
  });

  it('settings can only change while the stream is stopped; mode works while live', async () => {
    const client = sandboxClient(ctx.sandbox, { token: true });
    await client.updateLiveStream('85746065123', STREAM);
    await client.setLiveStreamStatus('85746065123', { action: 'start' });
    const err = (await client
      .setLiveStreamStatus('85746065123', { action: 'start', settings: { display_name: 'x' } })
      .catch((e: unknown) => e)) as ZoomApiError;
    assert.equal(err.code, 300);
    assert.match(err.zoomMessage!, /only be updated while the stream is stopped/);
    await client.setLiveStreamStatus('85746065123', { action: 'mode', settings: { layout: 'gallery_view' } });
    assert.equal(ctx.sandbox.stream('meeting', '85746065123')!.settings.layout, 'gallery_view');
  });

  const failures: [string, string, string, number, number | string, typeof ZoomApiError | typeof AuthError][] = [
    ['a webinar that has not started', 'webinar', '93000000001', 400, 200, ZoomApiError],
    ['a meeting that has not started', 'meeting', '81000000001', 400, 4927, ZoomApiError],
    ['a stream never configured', 'meeting', '85746065123', 400, 3000, ZoomApiError],
    ['an unknown meeting', 'meeting', '89999999999', 404, 3001, ZoomApiError],
    ['an unknown webinar', 'webinar', '99999999999', 400, 3001, ZoomApiError],
    ...Object.entries(ERROR_IDS).map(
      ([id, e]) =>
        [`planted error ${e.code}`, 'meeting', id, e.status, e.code, ZoomApiError] as [
          string,
          string,
          string,
          number,
          number,
          typeof ZoomApiError,
        ],
    ),
  ];
  for (const [what, kind, id, status, code, Type] of failures) {
    it(`start on ${what}: HTTP ${status} code ${code}`, async () => {
      const client = sandboxClient(ctx.sandbox);
      const err = (await client
        .setLiveStreamStatus({ kind: kind as 'meeting', id }, { action: 'start' })
        .catch((e: unknown) => e)) as ZoomError;
      assert.ok(err instanceof Type, String(err));
      assert.equal(err.status, status);
      assert.equal(err.code, code);
      assert.match(err.trackingId!, /^sbx_/);
      assert.ok(err.hint.length > 20);
    });
  }

  it('a bad static token: 401/124 AuthError', async () => {
    const client = sandboxClient(ctx.sandbox, { auth: { accessToken: 'not-a-valid-token' } });
    const err = (await client.getLiveStream('85746065123').catch((e: unknown) => e)) as AuthError;
    assert.ok(err instanceof AuthError);
    assert.equal(err.code, 124);
  });

  it('bad OAuth credentials: invalid_client from the token endpoint', async () => {
    const client = sandboxClient(ctx.sandbox, {
      auth: { accountId: 'sandbox-account', clientId: 'sandbox-client-id', clientSecret: 'wrong-secret' },
    });
    const err = (await client.getLiveStream('85746065123').catch((e: unknown) => e)) as AuthError;
    assert.equal(err.code, 'invalid_client');
    assert.equal(ctx.sandbox.apiRequests.length, 0);
  });

  it('a token that expires in the middle of a run is refreshed once', async () => {
    const client = sandboxClient(ctx.sandbox);
    await client.updateLiveStream('85746065123', STREAM);
    ctx.sandbox.inject({ fault: { kind: 'expire-token' } });
    await client.setLiveStreamStatus('85746065123', { action: 'start' });
    assert.equal(ctx.sandbox.tokenRequests, 2);
    assert.equal(ctx.sandbox.stream('meeting', '85746065123')!.live, true);
  });

  it('50 concurrent calls on one client: one token request', async () => {
    const client = sandboxClient(ctx.sandbox);
    await Promise.all(Array.from({ length: 50 }, () => client.getLiveStream('85746065123')));
    assert.equal(ctx.sandbox.tokenRequests, 1);
    assert.equal(ctx.sandbox.apiRequests.length, 50);
  });

  it('429 with Retry-After from the server, then success', async () => {
    ctx.sandbox.inject({ fault: { kind: 'status', status: 429, retryAfter: '1' } });
    const client = sandboxClient(ctx.sandbox, { token: true });
    await client.getLiveStream('85746065123');
    assert.equal(ctx.sandbox.apiRequests.length, 2);
  });

  it('a slow answer past the timeout, then a fast one', async () => {
    ctx.sandbox.inject({ fault: { kind: 'delay', ms: 1_000 } });
    const client = sandboxClient(ctx.sandbox, { token: true, timeoutMs: 150 });
    assert.equal((await client.getLiveStream('85746065123')).status, 200);
    assert.equal(ctx.sandbox.apiRequests.length, 2);
  });
});
