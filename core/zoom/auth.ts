/**
 * Access tokens: a static one, or Server-to-Server OAuth with a cache refreshed a minute early and
 * one in-flight token request shared by every concurrent caller.
 */
import { untilAborted } from '../http/abort.js';
import type { Clock } from '../http/clock.js';
import { AuthError, CancelledError } from '../errors.js';
import { hintFor } from './hints.js';
import type { Redactor } from '../http/redactor.js';
import { MAX_MESSAGE_CHARS, trackingIdOf, untrusted, zoomCode } from './responses.js';
import { parseJsonObject } from '../http/json.js';
import { RETRY_STATUSES } from '../http/retry.js';
import type { Transport } from '../http/transport.js';
import { setting } from '../words.js';

export interface OAuthCredentials {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

export interface TokenProvider {
  /** True when a rejected token can be replaced by asking again. */
  readonly refreshable: boolean;
  /** Token requests sent so far (benchmarks and tests count them). */
  readonly tokenRequests: number;
  getToken(signal?: AbortSignal): Promise<string>;
  /** Drops `token` if it is still the cached one, so concurrent 401s cause one refresh. */
  invalidate(token: string): void;
  /** The scopes the current token grants (OAuth's `scope`), or undefined when unknown (a static token). */
  readonly scopes?: readonly string[];
}

export class StaticTokenProvider implements TokenProvider {
  readonly refreshable = false;
  readonly tokenRequests = 0;
  constructor(private readonly token: string) {}
  getToken(): Promise<string> {
    return Promise.resolve(this.token);
  }
  invalidate(): void {}
}

const REFRESH_MARGIN_MS = 60_000;
const DEFAULT_EXPIRES_IN_S = 3600;

export class ServerToServerOAuth implements TokenProvider {
  readonly refreshable = true;
  private cached?: { token: string; refreshAt: number };
  private inFlight?: Promise<string>;
  private requests = 0;
  scopes?: readonly string[];

  constructor(
    private readonly credentials: OAuthCredentials,
    private readonly tokenUrl: string,
    private readonly transport: Transport,
    private readonly clock: Clock,
    private readonly redactor: Redactor,
  ) {
    redactor.add(credentials.clientSecret, true);
    redactor.add(this.basic(), true);
  }

  get tokenRequests(): number {
    return this.requests;
  }

  getToken(signal?: AbortSignal): Promise<string> {
    // An aborted call sends nothing, not even a token request whose failure nobody would hear.
    if (signal?.aborted) return Promise.reject(new CancelledError('token request'));
    if (this.cached && this.clock.now() < this.cached.refreshAt) return Promise.resolve(this.cached.token);
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return untilAborted(this.inFlight, signal, () => new CancelledError('token request'));
  }

  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private basic(): string {
    const { clientId, clientSecret } = this.credentials;
    return Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
  }

  private async fetchToken(): Promise<string> {
    this.requests++;
    const body = new URLSearchParams({ grant_type: 'account_credentials', account_id: this.credentials.accountId });
    const response = await this.transport.send({
      method: 'POST',
      url: this.tokenUrl,
      headers: {
        authorization: `Basic ${this.basic()}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: body.toString(),
      label: 'OAuth token request',
      urlSetting: setting('oauthTokenUrl'),
      paced: false,
    });
    const redact = (text: string) => this.redactor.redact(text);
    const json = parseJsonObject(response.body);
    const token = json?.access_token;
    if (response.status === 200 && typeof token === 'string' && token !== '') {
      this.redactor.add(token);
      // Bounded: a scope list is a few dozen names, never a page.
      if (typeof json?.scope === 'string') {
        this.scopes = json.scope
          .split(/\s+/)
          .filter((name) => name && name.length <= 100)
          .slice(0, 500);
      }
      const expiresIn = Number(json?.expires_in);
      const lifetimeMs = (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_S) * 1000;
      this.cached = { token, refreshAt: this.clock.now() + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2) };
      return token;
    }
    const code = zoomCode(json?.error ?? json?.code, redact);
    const redacted = untrusted(json?.reason ?? json?.message ?? json?.error_description, redact, MAX_MESSAGE_CHARS);
    const what = response.status === 200 ? 'no access_token in the answer' : `HTTP ${response.status}`;
    throw new AuthError(`OAuth token request failed: ${what}${code !== undefined ? `, ${code}` : ''}${redacted ? `: ${redacted}` : ''}.`, {
      status: response.status,
      code,
      zoomMessage: redacted,
      trackingId: trackingIdOf(response, redact),
      retryable: RETRY_STATUSES.includes(response.status),
      hint: code === undefined && response.status < 500 ? hintFor('invalid_client') : hintFor(code, response.status),
      operation: 'OAuth token request',
      attempts: response.attempts,
    });
  }
}
