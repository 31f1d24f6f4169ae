/**
 * Every managed service on real RTMP, in Node-RED's runtime: Mux, Cloudflare Stream, Twitch, AWS
 * IVS and YouTube stand-ins whose state follows a real nginx-rtmp's byte count for the stream (the sandbox
 * publishes with ffmpeg, as Zoom does), each zoom-destination with the service's credentials as its
 * own Node-RED credentials. Each start is confirmed receiving; when the host's client loses the
 * destination the watch says `dropped`, when it is back `recovered`. Skipped without nginx-rtmp or ffmpeg.
 */
import assert from 'node:assert/strict';
import { AWS, CLOUDFLARE, MUX, startManagedServices, TWITCH, type ManagedServices } from '../../harness/managed-services.js';
import { startNginxRtmp, type NginxRtmp } from '../../harness/nginx-rtmp.js';
import { ingestBytes } from '../../harness/youtube.js';
import { missingRtmp, SYSTEM_FFMPEG } from '../../harness/runtimes.js';
import { until } from '../../harness/until.js';
import { SANDBOX_CLIENT, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { defaultStreams, streamRecord } from '../../sandbox/streams.js';
import { helper, livestreamNode, zoomNodes } from '../helpers/node-red.js';
import { skipWithout } from '../helpers/skip.js';
import { startYouTubeStandIn, YOUTUBE_CLIENT, type YouTubeStandIn } from '../../sandbox/youtube.js';

type Msg = Record<string, unknown>;

const KINDS = [
  { kind: 'mux', id: 'mux-live-1', meeting: '86400000001', credentials: { MUX_TOKEN_ID: MUX.id, MUX_TOKEN_SECRET: MUX.secret } },
  {
    kind: 'cloudflare',
    id: 'cf-input-1',
    meeting: '86400000002',
    credentials: { CLOUDFLARE_API_TOKEN: CLOUDFLARE.token, CLOUDFLARE_ACCOUNT_ID: CLOUDFLARE.account },
  },
  {
    kind: 'twitch',
    id: 'zoomchannel',
    meeting: '86400000003',
    credentials: { TWITCH_CLIENT_ID: TWITCH.id, TWITCH_CLIENT_SECRET: TWITCH.secret },
  },
  {
    kind: 'ivs',
    id: 'arn:aws:ivs:us-west-2:123456789012:channel/abcDEF123',
    meeting: '86400000004',
    credentials: { AWS_ACCESS_KEY_ID: AWS.accessKeyId, AWS_SECRET_ACCESS_KEY: AWS.secretAccessKey },
  },
  {
    kind: 'youtube',
    id: 'yt-stream-watched',
    meeting: '86400000005',
    credentials: {
      YOUTUBE_CLIENT_ID: YOUTUBE_CLIENT.id,
      YOUTUBE_CLIENT_SECRET: YOUTUBE_CLIENT.secret,
      YOUTUBE_REFRESH_TOKEN: YOUTUBE_CLIENT.refreshToken,
    },
  },
] as const;

describe("node-red: every managed service on real RTMP, its credentials the node's own: receiving, dropped, recovered", function () {
  this.timeout(120_000);
  let nginx: NginxRtmp;
  let sandbox: Sandbox;
  let services: ManagedServices;
  let youtube: YouTubeStandIn;

  before(async function () {
    skipWithout(this, missingRtmp());
    nginx = await startNginxRtmp();
  });
  after(async () => {
    await nginx?.stop();
  });
  afterEach(async () => {
    await helper.unload();
    await sandbox?.close();
    await services?.close();
    await youtube?.close();
  });

  it('each kind says receiving while the publisher pushes, dropped when it stops, recovered when it is back; no credential shown', async () => {
    sandbox = await startSandbox({
      ffmpeg: SYSTEM_FFMPEG,
      streams: [...defaultStreams(), ...KINDS.map((k) => streamRecord('meeting', k.meeting, true))],
    });
    services = await startManagedServices();
    // Twitch's token endpoint is the stand-in's: an override from the environment, not a credential.
    const savedTokenUrl = process.env.TWITCH_OAUTH_TOKEN_URL;
    process.env.TWITCH_OAUTH_TOKEN_URL = `${services.url}/oauth2/token`;
    for (const k of KINDS) services.follow(k.id, `key-${k.kind}`, (name) => ingestBytes(nginx.statUrl, name, 'live'));
    // YouTube's stream whose ingestion name is the key Zoom has (its key set in Zoom: the destination only confirms).
    youtube = await startYouTubeStandIn({
      ingestionAddress: nginx.rtmpUrl,
      receivedBytes: (name) => ingestBytes(nginx.statUrl, name, 'live'),
    });
    youtube.streams.set('yt-stream-watched', { id: 'yt-stream-watched', title: 'watched', streamName: 'key-youtube', wasActive: false });
    const savedYouTubeTokenUrl = process.env.YOUTUBE_OAUTH_TOKEN_URL;
    process.env.YOUTUBE_OAUTH_TOKEN_URL = youtube.tokenUrl;
    const results: Msg[] = [];
    const events: Msg[] = [];
    try {
      await helper.load(
        zoomNodes,
        [
          { id: 'acc', type: 'zoom-account', authType: 'oauth', apiBaseUrl: sandbox.apiBaseUrl, oauthTokenUrl: sandbox.oauthTokenUrl },
          ...KINDS.map((k) => ({
            id: `dest-${k.kind}`,
            type: 'zoom-destination',
            kind: k.kind,
            url: k.kind === 'youtube' ? youtube.url : services.url,
            streamId: k.id,
            timeout: '60',
            watch: '5',
          })),
          ...KINDS.map((k) =>
            livestreamNode(`z-${k.kind}`, {
              target: k.meeting,
              streamUrl: nginx.rtmpUrl,
              pageUrl: 'https://example.com/live',
              destination: `dest-${k.kind}`,
              wires: [['out'], ['events']],
            }),
          ),
          { id: 'out', type: 'helper' },
          { id: 'events', type: 'helper' },
        ],
        {
          acc: { ...SANDBOX_CLIENT },
          ...Object.fromEntries(KINDS.map((k) => [`dest-${k.kind}`, k.credentials])),
          ...Object.fromEntries(KINDS.map((k) => [`z-${k.kind}`, { streamKey: `key-${k.kind}` }])),
        },
      );
      helper.getNode('out').on('input', (m) => results.push(m));
      helper.getNode('events').on('input', (m) => events.push(m));
      for (const k of KINDS) helper.getNode(`z-${k.kind}`).receive({});
      await until(() => results.length === KINDS.length, 'every start confirmed', 90_000);
      for (const r of results)
        assert.deepEqual([(r.payload as Msg).confirmed, (r.payload as Msg).live], ['receiving', true], JSON.stringify(r.payload));

      const of = (k: (typeof KINDS)[number], event: string) => events.some((e) => e.topic === event && e.meetingId === k.meeting);
      for (const k of KINDS) sandbox.hostClientBlocked('meeting', k.meeting, true);
      await until(() => KINDS.every((k) => of(k, 'dropped')), 'every stream dropped', 90_000);
      for (const k of KINDS) sandbox.hostClientBlocked('meeting', k.meeting, false);
      await until(() => KINDS.every((k) => of(k, 'recovered')), 'every stream recovered', 90_000);
      assert.deepEqual([...new Set(events.map((e) => (e.payload as Msg).destination))].sort(), KINDS.map((k) => k.kind).sort());
      const shown = JSON.stringify([results, events]);
      for (const secret of [
        MUX.secret,
        CLOUDFLARE.token,
        TWITCH.secret,
        AWS.secretAccessKey,
        ...services.twitchTokens.keys(),
        YOUTUBE_CLIENT.secret,
        YOUTUBE_CLIENT.refreshToken,
        ...youtube.accessTokens,
      ])
        assert.ok(!shown.includes(secret), `${secret.slice(0, 6)}... shown`);
    } finally {
      for (const [name, saved] of [
        ['TWITCH_OAUTH_TOKEN_URL', savedTokenUrl],
        ['YOUTUBE_OAUTH_TOKEN_URL', savedYouTubeTokenUrl],
      ] as const) {
        if (saved === undefined) delete process.env[name];
        else process.env[name] = saved;
      }
    }
  });
});
