/**
 * Run as a child process by the stall tests (no nock in it, so requests really go through
 * HTTPS_PROXY): `core` makes one client call, `account` sends ten messages to ten meetings
 * through one Node-RED account. Prints one JSON line with what happened, then returns without
 * exiting: the parent checks that nothing (a tunnel socket, a timer) keeps the process alive.
 */
import { planTask, ZoomLiveStreamClient, type ZoomError } from '../../core/index.js';
import { AccountService } from '../../node-red/account-service.js';
import { FakeClock } from './clock.js';

const scenario = process.argv[2];
const started = performance.now();
const outcome = (e: unknown) => ({ kind: (e as ZoomError).kind, attempts: (e as ZoomError).attempts });

if (scenario === 'core') {
  const client = new ZoomLiveStreamClient({
    auth: { accessToken: 'proxy-test-token-123' },
    apiBaseUrl: 'https://api.zoom.test/v2',
    timeoutMs: 300,
    maxRetries: 1,
    clock: new FakeClock(),
  });
  const error = await client.getLiveStream('85746065123').then(() => undefined, outcome);
  client.close();
  console.log(JSON.stringify({ ms: performance.now() - started, errors: [error] }));
} else {
  const service = new AccountService({
    authType: 'token',
    credentials: { accessToken: 'proxy-test-token-123' },
    apiBaseUrl: 'https://api.zoom.test/v2',
    timeoutMs: 300,
    clock: new FakeClock(),
    log: () => undefined,
  });
  const signal = new AbortController().signal;
  const errors = await Promise.all(
    Array.from({ length: 10 }, (_, i) => {
      const id = String(85746065100 + i);
      return service
        .run(planTask({ action: 'get', target: { kind: 'meeting', id } }), `meeting:${id}`, signal)
        .then(() => undefined, outcome);
    }),
  );
  service.close();
  console.log(JSON.stringify({ ms: performance.now() - started, errors }));
}
