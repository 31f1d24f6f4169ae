/**
 * YouTube's access token from the refresh token, held once for every call and read that shares it
 * (a start's API calls and its confirmation's reads; every YouTube entry of `run`): fetched once
 * however many ask at the same moment, renewed a minute before it expires or when Google refuses
 * it. Google's refusal is an error with a hint (an expired refresh token: run youtube-login again).
 */
import { AuthError, CancelledError, ZoomApiError } from '../errors.js';
import { untilAborted } from '../http/abort.js';
import { parseJsonObject } from '../http/json.js';
import type { Redactor } from '../http/redactor.js';
import type { Transport } from '../http/transport.js';
import type { TokenSource } from '../confirm/reader.js';
import { googleTransport, type GoogleTransportOptions } from './google-transport.js';
import { googleError, refreshTokenRequest, RELOGIN_HINT, YOUTUBE_VARIABLES } from '../confirm/youtube.js';

export type YouTubeTokensOptions = GoogleTransportOptions;

export class YouTubeTokens implements TokenSource {
  private readonly transport: Transport;
  private readonly redactor: Redactor;
  private held: { value: string; expiresAt: number } | undefined;
  /** The request under way: whoever asks meanwhile waits for it. */
  private coming: Promise<string> | undefined;

  constructor(private readonly options: YouTubeTokensOptions) {
    ({ transport: this.transport, redactor: this.redactor } = googleTransport(options));
  }

  /** A token still good for a minute; throws an AuthError (refused) or a ZoomApiError (Google out of service). */
  token(signal?: AbortSignal): Promise<string> {
    if (this.held && this.options.clock.now() < this.held.expiresAt) return Promise.resolve(this.held.value);
    // Shared by every asker, each of whom may stop waiting on its own without cancelling it for the others.
    this.coming ??= this.fetch().finally(() => (this.coming = undefined));
    return untilAborted(this.coming, signal, () => new CancelledError());
  }

  /** Google refused it: the next asker gets a fresh one. */
  refused(token: string): void {
    if (this.held?.value === token) this.held = undefined;
  }

  close(): void {
    this.transport.close();
  }

  private async fetch(): Promise<string> {
    const now = this.options.clock.now();
    const sent = refreshTokenRequest(this.options.credentials);
    const answer = await this.transport.send({
      method: 'POST',
      url: sent.url,
      headers: { 'content-type': sent.contentType, accept: 'application/json' },
      body: sent.body,
      label: "YouTube's refresh token",
      urlSetting: 'YOUTUBE_OAUTH_TOKEN_URL',
      paced: false,
    });
    const json = parseJsonObject(answer.body);
    if (answer.status !== 200 || typeof json?.access_token !== 'string' || json.access_token.length > 4096) {
      const { reason } = googleError(answer.body);
      const message = `Google refused YouTube's refresh token: HTTP ${answer.status}${reason ? `, Google's code ${reason}` : ''}.`;
      const details = { status: answer.status, ...(reason ? { code: reason } : {}) };
      if (answer.status >= 500)
        throw new ZoomApiError(message, { ...details, retryable: true, hint: 'Google is out of service for now: run again later.' });
      throw new AuthError(message, {
        ...details,
        hint: reason === 'invalid_grant' ? RELOGIN_HINT : `Check ${YOUTUBE_VARIABLES.join(', ')}.`,
      });
    }
    this.redactor.add(json.access_token);
    const ttl = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 3599;
    // Renewed a minute early: a call never goes out with a token about to expire.
    this.held = { value: json.access_token, expiresAt: now + Math.max(ttl - 60, 30) * 1000 };
    return json.access_token;
  }
}

/** One YouTubeTokens per credentials, for a run whose entries share them (`run`, a streams file's start and stop). */
export class YouTubeTokenRegistry {
  private readonly held = new Map<string, YouTubeTokens>();

  /** The first asker's options make it (clock, timeout, masking): a run's entries share those. */
  tokensFor(options: YouTubeTokensOptions): YouTubeTokens {
    const key = JSON.stringify(options.credentials);
    let tokens = this.held.get(key);
    if (!tokens) this.held.set(key, (tokens = new YouTubeTokens(options)));
    return tokens;
  }

  close(): void {
    for (const tokens of this.held.values()) tokens.close();
    this.held.clear();
  }
}
