/**
 * Part of `npm start`: one meeting going on air on the YouTube stand-in, from the command line (the
 * bundle), with nothing but a broadcast asked for: the stream created, the broadcast created and
 * bound, Zoom given YouTube's address and key and started (the sandbox publishes real RTMP to the
 * stand-in's ingest, Node-Media-Server), `active`, `on-air`, then the stop completing it, and the
 * quota units each spent.
 */
import type { MediaServer } from '../harness/node-media-server.js';
import { nodeMediaServerBytes, youtubeEnv } from '../harness/youtube.js';
import { startSandbox } from '../sandbox/server.js';
import { sandboxCliEnv, showCli } from './demo-cli.js';
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
  const env = { ...sandboxCliEnv(sandbox), ...youtubeEnv(youtube) };
  let ok = true;
  try {
    for (const args of [
      ['start', '--meeting', MEETING, '--youtube-broadcast', 'create', '--youtube-title', 'Weekly all-hands', '--confirm-url', youtube.url],
      ['stop', '--meeting', MEETING, '--youtube-broadcast', 'create', '--confirm-url', youtube.url],
    ]) {
      if (!(await showCli(args, env))) ok = false;
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
