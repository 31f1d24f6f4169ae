/** The sandbox's made-up app credentials and the scopes its tokens carry (they work nowhere else). */
export interface SandboxClient {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

/** Built-in credentials that work against the sandbox (and nowhere else). */
export const SANDBOX_CLIENT: SandboxClient = {
  accountId: 'sandbox-account',
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret-0123456789',
};
export const SANDBOX_TOKEN = 'sandbox-static-access-token-0123456789';

/** An app with the live stream scopes only: the pre-flight check cannot read the meeting or its host. */
export const NARROW_CLIENT: SandboxClient = {
  accountId: 'sandbox-account',
  clientId: 'sandbox-narrow-client-id',
  clientSecret: 'sandbox-narrow-client-secret-0123',
};

export const LIVE_STREAM_SCOPES = ['meeting', 'webinar'].flatMap((k) => [
  `${k}:update:livestream:admin`,
  `${k}:update:livestream_status:admin`,
  `${k}:read:livestream:admin`,
]);
/** What the sandbox's own app may do: the live stream and the check's reads. */
export const FULL_SCOPES = [...LIVE_STREAM_SCOPES, 'meeting:read:meeting:admin', 'webinar:read:webinar:admin', 'user:read:settings:admin'];

/**
 * Where `npm run sandbox` and `npm run node-red` put the sandbox: a fixed port, so that commands,
 * saved flows and workflow runs pointed at it keep working between runs. ZOOM_SANDBOX_PORT moves it.
 */
export function sandboxPort(env: NodeJS.ProcessEnv = process.env): number {
  const port = Number(env.ZOOM_SANDBOX_PORT ?? 8910);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`ZOOM_SANDBOX_PORT must be a port number, got ${env.ZOOM_SANDBOX_PORT}`);
  return port;
}
