/**
 * `npm run node-red`: Node-RED on http://127.0.0.1:1880 with this package and the example flows,
 * wired to the local Zoom sandbox (its built-in credentials), so the inject buttons work without a
 * Zoom account. Ctrl-C stops both.
 */
import { exampleFlows, startNodeRed } from '../sandbox/node-red-runner.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';

const port = Number(process.env.PORT ?? 1880);
const sandbox = await startSandbox({ log: (line) => console.log(`sandbox: ${line}`) });

const flows = exampleFlows({ apiBaseUrl: sandbox.apiBaseUrl, oauthTokenUrl: sandbox.oauthTokenUrl });

const red = await startNodeRed({
  port,
  flows,
  credentials: { zoomacc: { ...SANDBOX_CLIENT } },
  env: { ZOOM_STREAM_KEY: 'demo-stream-key-123' },
});
console.log(`Zoom sandbox: ${sandbox.origin} (meeting 85746065123 runs; webinar 93000000001 has not started)`);
console.log(`  for a new zoom-account: API base URL ${sandbox.apiBaseUrl}, token URL ${sandbox.oauthTokenUrl},`);
// Even the sandbox's made-up secret is not printed; the README lists it.
console.log(`  account ID ${SANDBOX_CLIENT.accountId}, client ID ${SANDBOX_CLIENT.clientId}, client secret: the sandbox's (README)`);
console.log(`Node-RED:     ${red.url}  - open it, click the inject buttons, watch the debug sidebar and node status.`);
console.log('Ctrl-C to stop.');

const stop = async () => {
  await red.stop();
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
