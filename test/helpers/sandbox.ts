/** A sandbox per test suite, and clients wired to it. */
import { FakeClock } from './clock.js';
import { SANDBOX_CLIENT, SANDBOX_TOKEN, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { ZoomLiveStreamClient, type ClientOptions } from '../../core/index.js';

export function useSandbox(): { sandbox: Sandbox } {
  const ctx = {} as { sandbox: Sandbox };
  beforeEach(async () => {
    ctx.sandbox = await startSandbox();
  });
  afterEach(async () => {
    await ctx.sandbox.close();
  });
  return ctx;
}

export function sandboxClient(sandbox: Sandbox, options: Partial<ClientOptions> & { token?: boolean } = {}): ZoomLiveStreamClient {
  const { token, ...rest } = options;
  return new ZoomLiveStreamClient({
    auth: token ? { accessToken: SANDBOX_TOKEN } : SANDBOX_CLIENT,
    apiBaseUrl: sandbox.apiBaseUrl,
    oauthTokenUrl: sandbox.oauthTokenUrl,
    clock: new FakeClock(),
    random: () => 0.5,
    ...rest,
  });
}

/** The command line's environment for the sandbox: Server-to-Server OAuth credentials and its URLs. */
export function cliOAuthEnv(sandbox: Sandbox): Record<string, string> {
  return {
    ZOOM_ACCOUNT_ID: SANDBOX_CLIENT.accountId,
    ZOOM_CLIENT_ID: SANDBOX_CLIENT.clientId,
    ZOOM_CLIENT_SECRET: SANDBOX_CLIENT.clientSecret,
    ZOOM_API_BASE_URL: sandbox.apiBaseUrl,
    ZOOM_OAUTH_TOKEN_URL: sandbox.oauthTokenUrl,
  };
}

/** The Action's credential inputs for the sandbox: Server-to-Server OAuth, or its static token. */
export function actionOAuthInputs(sandbox: Sandbox): Record<string, string> {
  return {
    'account-id': SANDBOX_CLIENT.accountId,
    'client-id': SANDBOX_CLIENT.clientId,
    'client-secret': SANDBOX_CLIENT.clientSecret,
    'api-base-url': sandbox.apiBaseUrl,
    'oauth-token-url': sandbox.oauthTokenUrl,
  };
}

export function actionTokenInputs(sandbox: Sandbox): Record<string, string> {
  return { 'access-token': SANDBOX_TOKEN, 'api-base-url': sandbox.apiBaseUrl };
}
