/**
 * `npm start`: the bundled Action, run as GitHub runs it, against the local Zoom sandbox: update,
 * start, get, check, stop; then a scheduled start that fires before the host, waits, and goes live when
 * the host starts the meeting. No Zoom account needed; the sandbox's built-in credentials are used.
 */
import { runAction } from '../harness/action-runner.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';

const sandbox = await startSandbox();
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
  'stream-url': 'rtmp://live.example.com/app',
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
const record = sandbox.stream('meeting', '85746065123')!;
console.log(
  `Meeting 85746065123 in the sandbox: configured=${record.configured} live=${record.live} display_name=${String(record.settings.display_name)}`,
);
console.log(
  `Requests: ${sandbox.apiRequests.length} API calls, ${sandbox.tokenRequests} token requests (one per Action run: each run is a fresh process).`,
);
await sandbox.close();
process.exit(failed ? 1 : 0);
