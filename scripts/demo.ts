/**
 * `npm start`: the bundled Action, run as GitHub runs it, against the local Zoom sandbox: update,
 * start, get, check, stop; then a scheduled start that fires before the host, waits, and goes live when
 * the host starts the meeting; then the command line (`zoom-livestream`) for a get, a start and a stop;
 * and last a start confirmed live at a real RTMP server: the sandbox publishes real video (ffmpeg) as
 * Zoom would, to Node-Media-Server, and the command reads it there (the ladder). Everything comes
 * from `npm ci` (node-media-server, @ffmpeg-installer/ffmpeg). It ends with `zoom-livestream run`
 * keeping three streams live by itself (demo-run.ts), after one meeting going on air on the YouTube
 * stand-in (demo-youtube.ts). No Zoom account needed; the sandbox's
 * built-in credentials are used.
 */
import { runAction } from '../harness/action-runner.js';
import { npmFfmpeg, startNodeMediaServer } from '../harness/node-media-server.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';
import { demoRun } from './demo-run.js';
import { demoYouTube } from './demo-youtube.js';
import { sandboxCliEnv, showCli } from './demo-cli.js';

// A real RTMP server for the streams, and the sandbox publishing to it while a stream is live.
const media = await startNodeMediaServer();
const sandbox = await startSandbox({ ffmpeg: npmFfmpeg() });
const LATE = '81000000001';
const HOST_LATE_MS = 3_000;
const credentials = {
  'account-id': SANDBOX_CLIENT.accountId,
  'client-id': SANDBOX_CLIENT.clientId,
  'client-secret': SANDBOX_CLIENT.clientSecret,
  'api-base-url': sandbox.apiBaseUrl,
  'oauth-token-url': sandbox.oauthTokenUrl,
};
const common = { 'meeting-id': 'https://us02web.zoom.us/j/85746065123?pwd=demo', ...credentials };
const stream = {
  'stream-url': media.rtmpUrl,
  'stream-key': 'demo-stream-key-123',
  'page-url': 'https://example.com/live',
};
const steps: [string, Record<string, string>][] = [
  ['update', { action: 'update', ...stream, resolution: '1080p' }],
  ['start', { action: 'start', 'display-name': 'Weekly all-hands', 'active-speaker-name': 'true', layout: 'speaker_view' }],
  ['get', { action: 'get' }],
  ['check', { action: 'check' }],
  ['stop', { action: 'stop' }],
];

/** Runs the bundled Action and prints its log (masks aside) and outputs. */
async function show(name: string, inputs: Record<string, string>): Promise<boolean> {
  const run = await runAction(inputs);
  const log = run.stdout
    .split('\n')
    .filter((l) => l && !l.startsWith('::add-mask::'))
    .map((l) => `    ${l}`)
    .join('\n');
  console.log(`$ action: ${name}  (exit ${run.code}, ${Math.round(run.ms)} ms)\n${log}`);
  const extra = [
    run.outputs['stream-url'] ? `stream-url=${run.outputs['stream-url']}` : '',
    run.outputs['waited-seconds'] && run.outputs['waited-seconds'] !== '0' ? `waited-seconds=${run.outputs['waited-seconds']}` : '',
  ].filter(Boolean);
  console.log(`    outputs: status=${run.outputs.status} tracking-id=${run.outputs['tracking-id']} ${extra.join(' ')}\n`);
  return run.code === 0;
}

console.log(`Zoom sandbox on ${sandbox.origin}; running action/dist/index.js for meeting 85746065123\n`);
let failed = false;
for (const [name, inputs] of steps) if (!(await show(name, { ...common, ...inputs }))) failed = true;

console.log(
  `A schedule that fires before the host: meeting ${LATE} has not started; its host starts it ${HOST_LATE_MS / 1000} s after the Action begins.\n`,
);
sandbox.hostStarts('meeting', LATE, HOST_LATE_MS);
const waited = await show('start, wait-for-start: 2m, poll-interval: 5s', {
  'meeting-id': LATE,
  ...credentials,
  action: 'start',
  ...stream,
  'wait-for-start': '2m',
  'poll-interval': '5s',
});
if (!waited) failed = true;
const late = sandbox.stream('meeting', LATE)!;
if (late.live) console.log(`Meeting ${LATE} went live ${late.liveAt! - late.startedAt!} ms after its host started it.\n`);
// The same tasks from the command line (cli/dist/index.js, the package's `zoom-livestream`), as cron
// or a Kubernetes CronJob runs it: credentials from the environment, the outcome on stdout.
console.log('The command line, as a scheduler runs it (credentials in ZOOM_* variables):\n');
const cliEnv = { ...sandboxCliEnv(sandbox), ZOOM_CONFIRM_USER: media.user, ZOOM_CONFIRM_PASSWORD: media.password };
for (const args of [
  ['get', '--meeting', '85746065123'],
  ['start', '--meeting', '85746065123', '--json'],
  ['stop', '--meeting', '85746065123'],
  // Confirmed live: Node-Media-Server's API is read until bytes arrive (its login from the environment).
  ['start', '--meeting', '85746065123', '--confirm', 'node-media-server', '--confirm-url', media.apiUrl],
]) {
  if (!(await showCli(args, cliEnv))) failed = true;
}
const record = sandbox.stream('meeting', '85746065123')!;
console.log(
  `Meeting 85746065123 in the sandbox: configured=${record.configured} live=${record.live} display_name=${String(record.settings.display_name)}`,
);
console.log(
  `Requests: ${sandbox.apiRequests.length} API calls, ${sandbox.tokenRequests} token requests (one per Action run: each run is a fresh process).`,
);
await sandbox.close();

console.log('\nYouTube end to end: no key to copy, a broadcast created, bound, put on air once video arrives, completed at stop:\n');
if (!(await demoYouTube(media, npmFfmpeg()))) failed = true;

console.log('\nThe fleet running itself: zoom-livestream run keeps a streams file live (state changes as JSON lines):\n');
if (!(await demoRun(media, npmFfmpeg()))) failed = true;
await media.stop();
process.exit(failed ? 1 : 0);
