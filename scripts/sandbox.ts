/**
 * `npm run sandbox`: the Zoom sandbox alone, on a fixed port (ZOOM_SANDBOX_PORT, default 8910),
 * until Ctrl-C: to run the bundled Action (or your own code) against, as when debugging a workflow.
 * Its credentials are made up and work nowhere else, so they are printed.
 * `-- --start-after N`: the host of the meeting and webinar that have not started starts them N
 * seconds after it is up (its lines printed), to try wait-for-start. A live stream is published for real to its stream
 * URL (ffmpeg), so --confirm can be tried against an RTMP server of yours. Beside it, the YouTube
 * stand-in (its ingest a Node-Media-Server from npm), for --youtube-broadcast and --confirm youtube.
 */
import { npmFfmpeg, startNodeMediaServer } from '../harness/node-media-server.js';
import { nodeMediaServerBytes, youtubeEnv } from '../harness/youtube.js';
import { startYouTubeStandIn } from '../sandbox/youtube.js';
import { SANDBOX_CLIENT, SANDBOX_TOKEN, sandboxPort, startSandbox } from '../sandbox/server.js';
import { exitOnPortTaken } from './port-taken.js';

const LATE = [
  ['meeting', '81000000001'],
  ['webinar', '93000000001'],
] as const;

/** `--start-after N` or `--start-after=N`: whole seconds, or undefined when absent. */
function startAfter(argv: string[]): number | undefined {
  const at = argv.findIndex((a) => a === '--start-after' || a.startsWith('--start-after='));
  if (at < 0) return undefined;
  const raw = argv[at]!.includes('=') ? argv[at]!.split('=')[1] : argv[at + 1];
  const seconds = Number(raw);
  if (!/^\d+$/.test(raw ?? '') || seconds > 86_400) {
    console.error(`--start-after takes whole seconds (0 to 86400), got ${JSON.stringify(raw ?? '')}`);
    process.exit(2);
  }
  return seconds;
}

const after = startAfter(process.argv.slice(2));
// As Zoom does, a live stream is published (real RTMP, ffmpeg from npm) to its stream URL and key.
const sandbox = await startSandbox({ port: sandboxPort(), ffmpeg: npmFfmpeg(), log: (line) => console.log(`sandbox: ${line}`) }).catch(
  exitOnPortTaken,
);
// YouTube's stand-in: a stream is active only while the sandbox's ffmpeg pushes bytes to its ingest.
const ingest = await startNodeMediaServer('live2');
const youtube = await startYouTubeStandIn({ ingestionAddress: ingest.rtmpUrl, receivedBytes: nodeMediaServerBytes(ingest, 'live2') });
const youtubeVariables = Object.entries(youtubeEnv(youtube))
  .map(([name, value]) => `${name}=${value}`)
  .join(' ');
// Counted from when all is up and said (the stand-ins take a while on a busy machine), not from the launch.
if (after !== undefined) for (const [kind, id] of LATE) sandbox.hostStarts(kind, id, after * 1000);
const control = `${sandbox.origin}/sandbox/meetings/81000000001`;
console.log(`Zoom sandbox on ${sandbox.origin}
  API base URL:   ${sandbox.apiBaseUrl}
  OAuth token URL: ${sandbox.oauthTokenUrl}
  account ID ${SANDBOX_CLIENT.accountId}, client ID ${SANDBOX_CLIENT.clientId}, client secret ${SANDBOX_CLIENT.clientSecret}
  or the access token ${SANDBOX_TOKEN}
  meetings: 85746065123 (running), 12345678901234567 (running), 81000000001 (not started); webinars: 92345678901 (running), 93000000001 (not started)${
    after !== undefined ? `\n  the host starts meeting 81000000001 and webinar 93000000001 in ${after} s` : ''
  }

Run the bundled Action against it, as the runner would (see the README, "Debug a workflow locally"):
  env 'INPUT_MEETING-ID=85746065123' INPUT_ACTION=get 'INPUT_ACCESS-TOKEN=${SANDBOX_TOKEN}' 'INPUT_API-BASE-URL=${sandbox.apiBaseUrl}' node action/dist/index.js
Play the host (meetings or webinars; after= is in seconds):
  curl -X POST -H 'content-type: application/json' '${control}/start?after=30'
  curl -X POST -H 'content-type: application/json' ${control}/end
YouTube's stand-in on ${youtube.url} (its ingest ${ingest.rtmpUrl}), with its made-up OAuth client:
  env ${youtubeVariables} ZOOM_ACCESS_TOKEN=${SANDBOX_TOKEN} ZOOM_API_BASE_URL=${sandbox.apiBaseUrl} \\
    node cli/dist/index.js start --meeting 85746065123 --youtube-broadcast create --confirm-url ${youtube.url}
A live stream is published to its stream URL and key (ffmpeg), as Zoom does; to play a host whose
client cannot reach the destination:
  curl -X POST -H 'content-type: application/json' -d '{"blocked": true}' ${control}/publisher
Ctrl-C to stop.`);

const stop = async () => {
  await sandbox.close();
  await youtube.close();
  await ingest.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
