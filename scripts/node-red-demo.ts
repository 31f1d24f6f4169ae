/**
 * `npm run node-red`: Node-RED on http://127.0.0.1:1880 with this package and the example flows,
 * wired to the local Zoom sandbox (its built-in credentials, on its fixed port), so the inject
 * buttons work without a Zoom account, and the sandbox is subscribed to the webhook example, so a
 * host starting the sandbox meeting makes its stream go live. The user directory (.node-red-demo/, ignored by git, or
 * ZOOM_DEMO_DIR) is kept: flows built here are still there next time. Ctrl-C stops both.
 */
import { join } from 'node:path';
import { ROOT } from '../harness/root.js';
import { exampleFlows } from '../harness/flows.js';
import { startNodeRed } from '../harness/node-red-runner.js';
import { npmFfmpeg, startNodeMediaServer } from '../harness/node-media-server.js';
import { SANDBOX_CLIENT, sandboxPort, startSandbox } from '../sandbox/server.js';
import { until } from '../harness/until.js';
import { exitOnPortTaken } from './port-taken.js';

const port = Number(process.env.PORT ?? 1880);
const userDir = process.env.ZOOM_DEMO_DIR ?? join(ROOT, '.node-red-demo');
// A real RTMP server for the "confirmed live" tab, and the sandbox publishing to it while a stream is live.
const media = await startNodeMediaServer();
const sandbox = await startSandbox({ port: sandboxPort(), ffmpeg: npmFfmpeg(), log: (line) => console.log(`sandbox: ${line}`) }).catch(
  async (error: unknown) => {
    await media.stop();
    return exitOnPortTaken(error);
  },
);

/** The demo's Zoom app secret token: the sandbox signs its deliveries with it, the webhook node checks them. */
const WEBHOOK_SECRET = 'demo-webhook-secret-token-0123';
const flows = exampleFlows(
  { apiBaseUrl: sandbox.apiBaseUrl, oauthTokenUrl: sandbox.oauthTokenUrl },
  { kind: 'node-media-server', url: media.apiUrl, streamUrl: media.rtmpUrl },
);
const hooks = flows.filter((n) => n.type === 'zoom-webhook');
const destinations = flows.filter((n) => n.type === 'zoom-destination');
const red = await startNodeRed({
  port,
  userDir,
  // The examples and the sandbox account seed a new user directory; later runs keep what is there.
  keepFlows: true,
  flows,
  credentials: {
    zoomacc: { ...SANDBOX_CLIENT },
    ...Object.fromEntries(hooks.map((n) => [n.id, { secretToken: WEBHOOK_SECRET }])),
    ...Object.fromEntries(destinations.map((n) => [n.id, { user: media.user, password: media.password }])),
  },
  // Node-RED's own log shows here, and no test probe is deployed with the flows.
  interactive: true,
}).catch(async (error: unknown) => {
  await sandbox.close();
  await media.stop();
  return exitOnPortTaken(error, `port ${port} is taken (another Node-RED?): choose another with PORT=...`);
});
// The sandbox plays the Zoom app's event subscription: URL validation now, signed events later.
const subscribed: string[] = [];
for (const hook of hooks) {
  const url = `${red.url}${String(hook.url)}`;
  // Zoom's own signed URL validation, tried until its tab has started: no unsigned probe for the node to warn of.
  const validated = await until(() => sandbox.subscribe(url, WEBHOOK_SECRET), `${url} to answer Zoom's URL validation`).then(
    () => true,
    () => false,
  );
  if (validated) subscribed.push(url);
}
console.log(`Zoom sandbox: ${sandbox.origin} (meeting 85746065123 runs; webinar 93000000001 has not started)`);
console.log(`  for a new zoom-account: API base URL ${sandbox.apiBaseUrl}, token URL ${sandbox.oauthTokenUrl},`);
console.log(`  account ID ${SANDBOX_CLIENT.accountId}, client ID ${SANDBOX_CLIENT.clientId}, client secret ${SANDBOX_CLIENT.clientSecret}`);
console.log(`Node-RED:     ${red.url}  - open it, click the inject buttons, watch the debug sidebar and node status.`);
console.log(`  flows are kept in ${userDir} (delete it to start again from the examples)`);
if (subscribed.length) {
  console.log(`Webhooks:     the sandbox sends its events to ${subscribed.join(', ')} (secret token ${WEBHOOK_SECRET});`);
  console.log(
    `  be the host: curl -X POST -H 'content-type: application/json' ${sandbox.origin}/sandbox/meetings/81000000001/start   and watch the "go live" tab.`,
  );
}
console.log(`RTMP server: ${media.rtmpUrl} (Node-Media-Server; the "confirmed live" tab confirms its streams there)`);
console.log('Ctrl-C to stop.');

const stop = async () => {
  await red.stop();
  await sandbox.close();
  await media.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
