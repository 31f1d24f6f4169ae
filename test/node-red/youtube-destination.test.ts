/**
 * A YouTube zoom-destination in Node-RED's runtime, its credentials the node's own (not the
 * environment): a start gives Zoom YouTube's stream, creates and binds a broadcast, confirms it
 * receiving and puts it on air (msg.payload.confirmed on-air, msg.payload.youtube); a stop completes
 * it. The stand-in's ingest is a counter here (test/rtmp has the real RTMP).
 */
import assert from 'node:assert/strict';
import { until } from '../../harness/until.js';
import { SANDBOX_CLIENT, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { startYouTubeStandIn, YOUTUBE_CLIENT, type YouTubeStandIn } from '../../sandbox/youtube.js';
import { helper, livestreamNode, zoomNodes } from '../helpers/node-red.js';

type Msg = Record<string, unknown>;

describe('node-red: a YouTube zoom-destination', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let yt: YouTubeStandIn;
  let bytes = 0;
  const results: Msg[] = [];

  beforeEach(async () => {
    sandbox = await startSandbox();
    yt = await startYouTubeStandIn({ ingestionAddress: 'rtmp://127.0.0.1:1/live2', receivedBytes: async () => (bytes += 10_000) });
    results.length = 0;
  });
  afterEach(async () => {
    await helper.unload();
    await Promise.all([sandbox.close(), yt.close()]);
  });

  const load = (action: 'start' | 'stop', credentials: Record<string, string>) =>
    helper.load(
      zoomNodes,
      [
        { id: 'acc', type: 'zoom-account', authType: 'oauth', apiBaseUrl: sandbox.apiBaseUrl, oauthTokenUrl: sandbox.oauthTokenUrl },
        {
          id: 'dest',
          type: 'zoom-destination',
          kind: 'youtube',
          url: yt.url,
          youtubeBroadcast: 'create',
          youtubeTitle: 'Town hall',
          youtubePrivacy: 'public',
          timeout: '20',
        },
        livestreamNode('z', { action, destination: 'dest', wires: [['out'], []] }),
        { id: 'out', type: 'helper' },
      ],
      { acc: { ...SANDBOX_CLIENT }, dest: credentials },
    );
  const credentials = {
    YOUTUBE_CLIENT_ID: YOUTUBE_CLIENT.id,
    YOUTUBE_CLIENT_SECRET: YOUTUBE_CLIENT.secret,
    YOUTUBE_REFRESH_TOKEN: YOUTUBE_CLIENT.refreshToken,
  };

  it("a start puts a broadcast on air with the node's own YouTube credentials; a stop completes it; no secret in any message", async () => {
    // The node's token endpoint is the stand-in's: Node-RED's environment names it (an override, not a credential).
    process.env.YOUTUBE_OAUTH_TOKEN_URL = yt.tokenUrl;
    try {
      await load('start', credentials);
      helper.getNode('out').on('input', (m) => results.push(m));
      helper.getNode('z').receive({});
      await until(() => results.length === 1, `the start\n${JSON.stringify(helper.getNode('z').error.args)}`);
      const payload = results[0]!.payload as {
        confirmed: string;
        live: boolean;
        youtube: { broadcastId: string; pageUrl: string; units: number };
      };
      assert.equal(payload.confirmed, 'on-air');
      assert.equal(payload.live, true);
      const broadcast = yt.broadcasts.get(payload.youtube.broadcastId)!;
      assert.deepEqual([broadcast.title, broadcast.privacy, broadcast.lifeCycleStatus], ['Town hall', 'public', 'live']);
      const zoom = sandbox.stream('meeting', '85746065123')!;
      assert.equal(zoom.stream_url, 'rtmp://127.0.0.1:1/live2');
      assert.equal(zoom.page_url, payload.youtube.pageUrl);
      await helper.unload();

      await load('stop', credentials);
      helper.getNode('out').on('input', (m) => results.push(m));
      helper.getNode('z').receive({});
      await until(() => results.length === 2, `the stop\n${JSON.stringify(helper.getNode('z').error.args)}`);
      assert.deepEqual((results[1]!.payload as { youtube: { completed: string[] } }).youtube.completed, [payload.youtube.broadcastId]);
      assert.equal(broadcast.lifeCycleStatus, 'complete');
      const shown = JSON.stringify(results);
      for (const secret of [
        YOUTUBE_CLIENT.secret,
        YOUTUBE_CLIENT.refreshToken,
        ...yt.accessTokens,
        ...[...yt.streams.values()].map((s) => s.streamName),
      ])
        assert.ok(!shown.includes(secret), `a secret (${secret.slice(0, 6)}...) is shown`);
    } finally {
      delete process.env.YOUTUBE_OAUTH_TOKEN_URL;
    }
  });

  it('a missing YouTube credential fails the message naming the variable, before anything is sent', async () => {
    await load('start', { YOUTUBE_CLIENT_ID: YOUTUBE_CLIENT.id, YOUTUBE_CLIENT_SECRET: YOUTUBE_CLIENT.secret });
    const z = helper.getNode('z');
    z.receive({});
    await until(() => z.error.args.length > 0, 'the failure');
    assert.match(String(z.error.args[0]![0]), /YOUTUBE_REFRESH_TOKEN/);
    assert.deepEqual(yt.calls, []);
    assert.deepEqual(sandbox.requests, []);
  });
});
