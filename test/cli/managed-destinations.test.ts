/**
 * Confirmed live at managed services (Mux, Cloudflare Stream, Twitch): `confirm` and `start
 * --confirm KIND --confirm-id ID`, the credentials from each service's own variables (or NAME_FILE),
 * `--confirm-url` naming the stand-ins' scheme and host; on a fake clock. A missing credential is a
 * usage error naming the variable before anything is sent; a refused one exit 3 naming the
 * variables; no credential in any output.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS, CLOUDFLARE, MUX, startManagedServices, TWITCH, type ManagedServices } from '../../harness/managed-services.js';
import { cli } from '../helpers/cli.js';
import { FakeClock } from '../helpers/clock.js';
import { cliOAuthEnv, useSandbox } from '../helpers/sandbox.js';

const MEETING = '85746065123';
const SECRETS = [
  AWS.secretAccessKey,
  MUX.secret,
  CLOUDFLARE.token,
  TWITCH.secret,
  'twitch-app-token-1',
  'twitch-app-token-2',
  'stream-key-managed-1',
];

describe('cli: confirmed live at managed services', () => {
  const ctx = useSandbox();
  let services: ManagedServices;
  let dir: string;
  beforeEach(async () => {
    services = await startManagedServices();
    dir = mkdtempSync(join(tmpdir(), 'managed-'));
    const update = await cli(
      [
        'update',
        '--meeting',
        MEETING,
        '--stream-url',
        'rtmp://global-live.mux.com:5222/app',
        '--stream-key',
        'stream-key-managed-1',
        '--page-url',
        'https://e.com/l',
      ],
      cliOAuthEnv(ctx.sandbox),
    );
    assert.equal(update.code, 0, update.stderr);
  });
  afterEach(async () => {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const confirm = (kind: string, id: string, env: Record<string, string>, more: string[] = []) =>
    cli(
      [
        'confirm',
        '--meeting',
        MEETING,
        '--confirm',
        kind,
        '--confirm-id',
        id,
        '--confirm-url',
        services.url,
        '--confirm-timeout',
        '10s',
        ...more,
      ],
      { ...cliOAuthEnv(ctx.sandbox), ...env },
      undefined,
      new FakeClock(),
    );
  const noSecret = (text: string) => {
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} shown`);
  };

  it('mux: active is receiving (exit 0), idle is not live (exit 7), a refused secret exit 3 naming the variables', async () => {
    const env = { MUX_TOKEN_ID: MUX.id, MUX_TOKEN_SECRET: MUX.secret };
    services.state.set('ls-1', 'active');
    const live = await confirm('mux', 'ls-1', env, ['--json']);
    assert.equal(live.code, 0, live.stderr);
    assert.equal((JSON.parse(live.stdout) as { confirmation: { confirmed: string } }).confirmation.confirmed, 'receiving');
    services.state.set('ls-1', 'idle');
    const idle = await confirm('mux', 'ls-1', env);
    assert.equal(idle.code, 7, idle.stderr);
    const refused = await confirm('mux', 'ls-1', { ...env, MUX_TOKEN_SECRET: 'wrong-secret-9' });
    assert.equal(refused.code, 3, refused.stderr);
    assert.match(refused.stderr, /refused the credentials\. Check MUX_TOKEN_ID and MUX_TOKEN_SECRET/);
    const unknown = await confirm('mux', 'ls-404', env);
    assert.equal(unknown.code, 7);
    assert.match(unknown.stderr, /HTTP 404: nothing there has the ID ls-404\. Check --confirm-id: the live stream's ID/);
    for (const run of [live, idle, refused, unknown]) noSecret(run.stdout + run.stderr);
  });

  it("mux's disconnected (its reconnect window) is not judged; a credential from NAME_FILE works", async () => {
    const file = join(dir, 'mux-secret');
    writeFileSync(file, `${MUX.secret}\n`);
    services.state.set('ls-2', 'disconnected');
    const waiting = await confirm('mux', 'ls-2', { MUX_TOKEN_ID: MUX.id, MUX_TOKEN_SECRET_FILE: file });
    assert.equal(waiting.code, 7, waiting.stderr);
    assert.match(waiting.stderr, /reconnect window: not judged yet/);
    services.state.set('ls-2', 'active');
    assert.equal((await confirm('mux', 'ls-2', { MUX_TOKEN_ID: MUX.id, MUX_TOKEN_SECRET_FILE: file })).code, 0);
  });

  it('a missing credential or ID is a usage error naming it, before anything is sent to Zoom', async () => {
    const before = ctx.sandbox.apiRequests.length;
    const missing = await confirm('mux', 'ls-1', { MUX_TOKEN_ID: MUX.id });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /MUX_TOKEN_SECRET: is not set: mux's API is read with MUX_TOKEN_ID and MUX_TOKEN_SECRET/);
    const noId = await cli(['confirm', '--meeting', MEETING, '--confirm', 'twitch'], {
      ...cliOAuthEnv(ctx.sandbox),
      TWITCH_CLIENT_ID: TWITCH.id,
      TWITCH_CLIENT_SECRET: TWITCH.secret,
    });
    assert.equal(noId.code, 2);
    assert.match(noId.stderr, /--confirm-id: is missing: twitch is read by the channel's login name/);
    const stray = await cli(
      ['confirm', '--meeting', MEETING, '--confirm', 'mediamtx', '--confirm-url', services.url, '--confirm-id', 'x'],
      cliOAuthEnv(ctx.sandbox),
    );
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /--confirm-id: is not used by mediamtx/);
    assert.equal(ctx.sandbox.apiRequests.length, before);
    assert.equal(services.requests.length, 0);
  });

  it("cloudflare: connected is receiving (its schema's string and its dashboard's object), reconnecting is not judged", async () => {
    const env = { CLOUDFLARE_API_TOKEN: CLOUDFLARE.token, CLOUDFLARE_ACCOUNT_ID: CLOUDFLARE.account };
    services.state.set('uid-1', 'connected');
    assert.equal((await confirm('cloudflare', 'uid-1', env)).code, 0);
    services.state.set('uid-1', { current: { state: 'reconnected' } });
    assert.equal((await confirm('cloudflare', 'uid-1', env)).code, 0);
    services.state.set('uid-1', 'reconnecting');
    const reconnecting = await confirm('cloudflare', 'uid-1', env);
    assert.equal(reconnecting.code, 7);
    assert.match(reconnecting.stderr, /reconnecting: not judged yet/);
    services.state.set('uid-1', 'client_disconnect');
    assert.equal((await confirm('cloudflare', 'uid-1', env)).code, 7);
    const refused = await confirm('cloudflare', 'uid-1', { ...env, CLOUDFLARE_API_TOKEN: 'wrong-token' });
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /Check CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID/);
    noSecret(refused.stdout + refused.stderr + reconnecting.stderr);
  });

  it('twitch: an app token by client credentials, a live entry is receiving, an empty list is not; a revoked token is renewed once', async () => {
    const env = {
      TWITCH_CLIENT_ID: TWITCH.id,
      TWITCH_CLIENT_SECRET: TWITCH.secret,
      TWITCH_OAUTH_TOKEN_URL: `${services.url}/oauth2/token`,
    };
    services.state.set('acme_live', 'live');
    const live = await confirm('twitch', 'acme_live', env);
    assert.equal(live.code, 0, live.stderr);
    services.state.set('acme_live', 'offline');
    assert.equal((await confirm('twitch', 'acme_live', env)).code, 7);
    // Twitch revokes the app token after its first read: the reader asks for a new one once, and goes on.
    services.revokeTwitchTokensAfter = 1;
    services.state.set('acme_live', 'live');
    const renewed = await confirm('twitch', 'acme_live', env, ['--confirm-level', 'publishing']);
    assert.equal(renewed.code, 0, renewed.stderr);
    services.state.set('acme_live', 'offline');
    const tokensBefore = services.twitchTokens.size;
    assert.equal((await confirm('twitch', 'acme_live', env)).code, 7);
    assert.ok(services.twitchTokens.size >= tokensBefore + 2, 'a new token after the revoked one');
    const refused = await confirm('twitch', 'acme_live', { ...env, TWITCH_CLIENT_SECRET: 'wrong' });
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /Check TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET/);
    noSecret(live.stdout + live.stderr + refused.stdout + refused.stderr);
  });

  it('ivs: signed with Signature Version 4 (the stand-in recomputes it): LIVE and HEALTHY receiving, STARVING only publishing, ChannelNotBroadcasting not live', async () => {
    const arn = 'arn:aws:ivs:us-west-2:123456789012:channel/abcdEFGH1234';
    const env = { AWS_ACCESS_KEY_ID: AWS.accessKeyId, AWS_SECRET_ACCESS_KEY: AWS.secretAccessKey };
    services.state.set(arn, 'HEALTHY');
    const live = await confirm('ivs', arn, env);
    assert.equal(live.code, 0, live.stderr);
    services.state.set(arn, 'STARVING');
    assert.equal((await confirm('ivs', arn, env)).code, 7);
    assert.equal((await confirm('ivs', arn, env, ['--confirm-level', 'publishing'])).code, 0);
    services.state.set(arn, 'offline');
    const offline = await confirm('ivs', arn, env);
    assert.equal(offline.code, 7);
    assert.doesNotMatch(offline.stderr, /no such channel/);
    const refused = await confirm('ivs', arn, { ...env, AWS_SECRET_ACCESS_KEY: 'not-the-key' });
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    const notArn = await confirm('ivs', 'channel-1', env);
    assert.equal(notArn.code, 2);
    assert.match(notArn.stderr, /--confirm-id: "channel-1" is not a channel ARN/);
    noSecret(live.stdout + live.stderr + refused.stdout + refused.stderr + offline.stderr);
  });

  it('start --confirm mux: Zoom starts the stream, then Mux says it is active', async () => {
    services.state.set('ls-3', 'active');
    const run = await cli(
      ['start', '--meeting', MEETING, '--confirm', 'mux', '--confirm-id', 'ls-3', '--confirm-url', services.url],
      { ...cliOAuthEnv(ctx.sandbox), MUX_TOKEN_ID: MUX.id, MUX_TOKEN_SECRET: MUX.secret },
      undefined,
      new FakeClock(),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Confirmed receiving/);
    noSecret(run.stdout + run.stderr);
  });
});
