/**
 * Part of `npm start`: one meeting going on air on the YouTube stand-in, from the command line (the
 * bundle), with nothing but a broadcast asked for: the stream created, the broadcast created and
 * bound, Zoom given YouTube's address and key and started (the sandbox publishes real RTMP to the
 * stand-in's ingest, Node-Media-Server), `active`, `on-air`, then the stop completing it, and the
 * quota units each spent.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { MediaServer } from '../harness/node-media-server.js';
import { ROOT } from '../harness/root.js';
import { nodeMediaServerBytes, youtubeEnv } from '../harness/youtube.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';
import { startYouTubeStandIn } from '../sandbox/youtube.js';

const MEETING = '85746065123';

/** Runs the demo; resolves false when something did not happen as it should. */
export async function demoYouTube(media: MediaServer, ffmpeg: string): Promise<boolean> {
  const app = 'live2';
  const youtube = await startYouTubeStandIn({
    ingestionAddress: media.rtmpUrl.replace(/\/[^/]+$/, `/${app}`),
    receivedBytes: nodeMediaServerBytes(media, app),
  });
  const sandbox = await startSandbox({ ffmpeg });
  const env = {
    PATH: process.env.PATH ?? '',
    ZOOM_ACCOUNT_ID: SANDBOX_CLIENT.accountId,
    ZOOM_CLIENT_ID: SANDBOX_CLIENT.clientId,
    ZOOM_CLIENT_SECRET: SANDBOX_CLIENT.clientSecret,
    ZOOM_API_BASE_URL: sandbox.apiBaseUrl,
    ZOOM_OAUTH_TOKEN_URL: sandbox.oauthTokenUrl,
    ...youtubeEnv(youtube),
  };
  let ok = true;
  try {
    for (const args of [
      ['start', '--meeting', MEETING, '--youtube-broadcast', 'create', '--youtube-title', 'Weekly all-hands', '--confirm-url', youtube.url],
      ['stop', '--meeting', MEETING, '--youtube-broadcast', 'create', '--confirm-url', youtube.url],
    ]) {
      // Not spawnSync: the sandbox and the stand-in answer from this process's event loop.
      const run = await new Promise<{ code: number; output: string }>((resolve) =>
        execFile(process.execPath, [join(ROOT, 'cli', 'dist', 'index.js'), ...args], { env }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
        ),
      );
      console.log(`$ zoom-livestream ${args.join(' ')}  (exit ${run.code})`);
      for (const line of run.output.trim().split('\n')) console.log(`    ${line}`);
      console.log('');
      if (run.code !== 0) ok = false;
    }
    const [broadcast] = youtube.broadcasts.values();
    console.log(
      `YouTube stand-in: ${youtube.streams.size} stream, broadcast "${broadcast?.title}" ${broadcast?.lifeCycleStatus}; ${youtube.units} of 10,000 daily units spent.`,
    );
    if (broadcast?.lifeCycleStatus !== 'complete') ok = false;
  } finally {
    await sandbox.close();
    await youtube.close();
  }
  return ok;
}
