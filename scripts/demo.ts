/**
 * `npm start`: the bundled Action, run as GitHub runs it, against the local Zoom sandbox: update,
 * start, get, stop. No Zoom account needed; the sandbox's built-in credentials are used.
 */
import { runAction } from '../sandbox/action-runner.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';

const sandbox = await startSandbox();
const common = {
  'meeting-id': 'https://us02web.zoom.us/j/85746065123?pwd=demo',
  'account-id': SANDBOX_CLIENT.accountId,
  'client-id': SANDBOX_CLIENT.clientId,
  'client-secret': SANDBOX_CLIENT.clientSecret,
  'api-base-url': sandbox.apiBaseUrl,
  'oauth-token-url': sandbox.oauthTokenUrl,
};
const steps: [string, Record<string, string>][] = [
  [
    'update',
    {
      action: 'update',
      'stream-url': 'rtmp://live.example.com/app',
      'stream-key': 'demo-stream-key-123',
      'page-url': 'https://example.com/live',
      resolution: '1080p',
    },
  ],
  ['start', { action: 'start', 'display-name': 'Weekly all-hands', 'active-speaker-name': 'true', layout: 'speaker_view' }],
  ['get', { action: 'get' }],
  ['stop', { action: 'stop' }],
];

console.log(`Zoom sandbox on ${sandbox.origin}; running action/dist/index.js for meeting 85746065123\n`);
let failed = false;
for (const [name, inputs] of steps) {
  const run = await runAction({ ...common, ...inputs });
  const log = run.stdout
    .split('\n')
    .filter((l) => l && !l.startsWith('::add-mask::'))
    .map((l) => `    ${l}`)
    .join('\n');
  console.log(`$ action: ${name}  (exit ${run.code}, ${Math.round(run.ms)} ms)\n${log}`);
  console.log(
    `    outputs: status=${run.outputs.status} tracking-id=${run.outputs['tracking-id']}${run.outputs['stream-url'] ? ` stream-url=${run.outputs['stream-url']}` : ''}\n`,
  );
  if (run.code !== 0) failed = true;
}
const record = sandbox.stream('meeting', '85746065123')!;
console.log(`Sandbox state: configured=${record.configured} live=${record.live} display_name=${String(record.settings.display_name)}`);
console.log(
  `Requests: ${sandbox.apiRequests.length} API calls, ${sandbox.tokenRequests} token requests (one per Action run: each run is a fresh process).`,
);
await sandbox.close();
process.exit(failed ? 1 : 0);
