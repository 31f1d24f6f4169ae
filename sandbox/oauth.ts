/** Server-to-Server OAuth as Zoom answers it: tokens for the sandbox's clients, with their scopes. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FULL_SCOPES, LIVE_STREAM_SCOPES, NARROW_CLIENT, SANDBOX_CLIENT, SANDBOX_TOKEN, type SandboxClient } from './credentials.js';
import { zoomError, type RecordedRequest, type Reply } from './requests.js';

export interface OAuthOptions {
  clients?: SandboxClient[];
  accessTokens?: string[];
  tokenTtlSeconds?: number;
}

export class TokenIssuer {
  private readonly issued = new Map<string, { expiresAt: number; scopes: string[] }>();

  constructor(
    private readonly options: OAuthOptions,
    private readonly now: () => number,
    private readonly origin: () => string,
  ) {}

  /** Every issued token stops working (as if an hour had passed). */
  expire(): void {
    this.issued.clear();
  }

  /** POST /oauth/token. */
  token(req: IncomingMessage, recorded: RecordedRequest, url: URL): Reply {
    if (req.method !== 'POST') return { status: 405, body: { reason: 'Method not allowed', error: 'invalid_request' } };
    if (url.search) return { status: 400, body: { reason: 'Parameters belong in the form body', error: 'invalid_request' } };
    const auth = String(req.headers.authorization ?? '');
    const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : '';
    const clients = this.options.clients ?? [SANDBOX_CLIENT, NARROW_CLIENT];
    const client = clients.find((c) => decoded === `${c.clientId}:${c.clientSecret}`);
    if (!client) return { status: 400, body: { reason: 'Invalid client_id or client_secret', error: 'invalid_client' } };
    const form = new Map(recorded.fields);
    if (!recorded.contentType.startsWith('application/x-www-form-urlencoded') || form.get('grant_type') !== 'account_credentials') {
      return { status: 400, body: { reason: 'Unsupported grant type', error: 'unsupported_grant_type' } };
    }
    if (form.get('account_id') !== client.accountId)
      return { status: 400, body: { reason: 'Invalid account_id', error: 'invalid_request' } };
    const ttl = this.options.tokenTtlSeconds ?? 3599;
    const token = `sbx_at_${randomBytes(16).toString('hex')}`;
    const scopes = client.clientId === NARROW_CLIENT.clientId ? LIVE_STREAM_SCOPES : FULL_SCOPES;
    this.issued.set(token, { expiresAt: this.now() + ttl * 1000, scopes });
    return {
      status: 200,
      body: { access_token: token, token_type: 'bearer', expires_in: ttl, scope: scopes.join(' '), api_url: this.origin() },
    };
  }

  /** The scopes of the request's token, or undefined when it is not a valid token. */
  tokenScopes(req: IncomingMessage): string[] | undefined {
    const auth = String(req.headers.authorization ?? '');
    return auth.startsWith('Bearer ') ? this.scopesOf(auth.slice(7)) : undefined;
  }

  /** The scopes of a token, or undefined when it is not valid (the WebSocket takes it in its URL). */
  scopesOf(token: string): string[] | undefined {
    // A static token stands for a classic app with every scope.
    if ((this.options.accessTokens ?? [SANDBOX_TOKEN]).includes(token)) return FULL_SCOPES;
    const issued = this.issued.get(token);
    return issued && this.now() < issued.expiresAt ? issued.scopes : undefined;
  }

  tokenValid(req: IncomingMessage): boolean {
    return this.tokenScopes(req) !== undefined;
  }

  /** Zoom's answer to a token without the scope a read needs: 400, code 4711. */
  missingScope(req: IncomingMessage, scope: string): Reply | undefined {
    if (this.tokenScopes(req)!.includes(scope)) return undefined;
    return zoomError(400, 4711, `Invalid access token, does not contain scopes:[${scope}].`);
  }
}
