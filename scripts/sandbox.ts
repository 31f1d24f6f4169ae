/**
 * `npm run sandbox`: the Zoom sandbox alone, on a fixed port (ZOOM_SANDBOX_PORT, default 8910),
 * until Ctrl-C: to run the bundled Action (or your own code) against, as when debugging a workflow.
 * Its credentials are made up and work nowhere else, so they are printed.
 */
import { SANDBOX_CLIENT, SANDBOX_TOKEN, sandboxPort, startSandbox } from '../sandbox/server.js';

const sandbox = await startSandbox({ port: sandboxPort(), log: (line) => console.log(`sandbox: ${line}`) });
console.log(`Zoom sandbox on ${sandbox.origin}
  API base URL:   ${sandbox.apiBaseUrl}
  OAuth token URL: ${sandbox.oauthTokenUrl}
  account ID ${SANDBOX_CLIENT.accountId}, client ID ${SANDBOX_CLIENT.clientId}, client secret ${SANDBOX_CLIENT.clientSecret}
  or the access token ${SANDBOX_TOKEN}
  meetings: 85746065123 (running), 12345678901234567 (running), 81000000001 (not started); webinars: 92345678901 (running), 93000000001 (not started)

Run the bundled Action against it, as the runner would (see the README, "Debug a workflow locally"):
  env 'INPUT_MEETING-ID=85746065123' INPUT_ACTION=get 'INPUT_ACCESS-TOKEN=${SANDBOX_TOKEN}' 'INPUT_API-BASE-URL=${sandbox.apiBaseUrl}' node action/dist/index.js
Ctrl-C to stop.`);

const stop = async () => {
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
