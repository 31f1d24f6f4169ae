/**
 * YouTube's live streaming calls, as the lifecycle makes them: an access token from the refresh
 * token (tokens.ts: renewed when refused or expired, shared with the confirmation's reads), each
 * call's units counted on the run's QuotaMeter, no call while the quota is spent, and Google's
 * errors as values with a hint for each documented reason. Stream names (YouTube's stream keys),
 * tokens and secrets are blanked from every message.
 */
import { AuthError, ZoomApiError, ZoomError } from '../errors.js';
import { parseJsonObject, isPlainObject } from '../http/json.js';
import type { Redactor } from '../http/redactor.js';
import type { Transport } from '../http/transport.js';
import { setting } from '../words.js';
import { QuotaMeter } from '../confirm/quota.js';
import { YouTubeTokens, type YouTubeTokenRegistry } from './tokens.js';
import { googleTransport, type GoogleTransportOptions } from './google-transport.js';
import { googleError, RELOGIN_HINT, YOUTUBE_API_URL, YOUTUBE_UNITS, type GoogleError } from '../confirm/youtube.js';

export interface YouTubeApiOptions extends GoogleTransportOptions {
  /** The API's base: its scheme and host replace https://www.googleapis.com's (a stand-in's). */
  apiUrl?: string;
  /** The run's meter, shared with the confirmation's reads. */
  quota: QuotaMeter;
  /** A run's access tokens, one per credentials, shared with its other clients; unset, this client's own. */
  tokens?: YouTubeTokenRegistry;
}

/** What to do about each documented reason a call is refused. */
const HINTS: Readonly<Record<string, string>> = {
  errorStreamInactive: "The stream bound to the broadcast receives no video yet: start Zoom's stream first, then go live.",
  redundantTransition: 'The broadcast is already in that state.',
  invalidTransition:
    'The broadcast cannot move to that state from where it is (a completed broadcast cannot go live again): create a new one.',
  liveBroadcastBindingNotAllowed: 'The broadcast is live or complete and can no longer be bound: create a new broadcast.',
  liveBroadcastNotFound: `No broadcast of this channel has that ID: check ${setting('youtubeBroadcastId')}.`,
  liveStreamNotFound: `No live stream of this channel has that ID: check ${setting('youtubeStreamId')}.`,
  insufficientLivePermissions: 'The channel may not manage live broadcasts: check the channel authorized by youtube-login.',
  liveStreamingNotEnabled: 'Live streaming is not enabled on this channel: enable it in YouTube Studio (it takes up to 24 hours).',
  quotaExceeded:
    "The project's daily YouTube quota (10,000 units by default) is spent; it resets at midnight Pacific. Ask Google for more quota, or watch less often.",
  userRequestsExceedRateLimit: 'Too many calls in a short time: wait a minute and run again.',
  insufficientPermissions: 'The refresh token lacks the youtube scope: run zoom-livestream youtube-login again.',
};

export class YouTubeApi {
  private readonly transport: Transport;
  private readonly redactor: Redactor;
  private readonly base: string;
  /** The access token: the run's for these credentials (options.tokens), else this client's own. */
  readonly tokens: YouTubeTokens;
  private readonly ownTokens: boolean;

  constructor(private readonly options: YouTubeApiOptions) {
    this.base = new URL(options.apiUrl ?? YOUTUBE_API_URL).origin;
    ({ transport: this.transport, redactor: this.redactor } = googleTransport(options));
    this.ownTokens = !options.tokens;
    this.tokens = options.tokens?.tokensFor(options) ?? new YouTubeTokens(options);
  }

  get quota(): QuotaMeter {
    return this.options.quota;
  }

  /** A YouTube stream key learnt from an answer: blanked from every message from now on. */
  learnSecret(secret: string): void {
    this.redactor.add(secret, true);
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  close(): void {
    this.transport.close();
    if (this.ownTokens) this.tokens.close();
  }

  /**
   * One call, `name` as YouTube's reference names it (liveBroadcasts.transition): `path` under
   * /youtube/v3, `query` its parameters. Resolves with the answer's JSON; throws a ZoomError (status,
   * Google's reason as its code, a hint), the quota's included.
   */
  async call(
    name: string,
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string>,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<Record<string, unknown>> {
    const { clock, quota } = this.options;
    const what = `YouTube ${name}`;
    if (quota.closed(clock.now())) throw this.quotaSpent(what, 403);
    const url = `${this.base}/youtube/v3${path}?${new URLSearchParams(query).toString()}`;
    for (let attempt = 0; ; attempt++) {
      const token = await this.tokens.token(signal);
      this.redactor.add(token);
      const answer = await this.transport.send(
        {
          method,
          url,
          headers: {
            accept: 'application/json',
            authorization: `Bearer ${token}`,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          label: what,
          urlSetting: setting('confirmUrl'),
          paced: false,
        },
        { signal },
      );
      // Google counts every call, a refused one too.
      quota.spend(method === 'GET' ? YOUTUBE_UNITS.list : YOUTUBE_UNITS.write);
      if (answer.status === 401 && attempt === 0) {
        this.tokens.refused(token);
        continue;
      }
      const json = parseJsonObject(answer.body);
      if (answer.status === 200 && json) return json;
      throw this.refusal(what, answer.status, googleError(answer.body));
    }
  }

  /** No YouTube call until the quota's reset (midnight Pacific). */
  private quotaSpent(what: string, status: number): ZoomError {
    return new ZoomApiError(
      `${what}: YouTube's daily quota is spent (YouTube code quotaExceeded): no YouTube call ${this.options.quota.untilText()}.`,
      {
        status,
        code: 'quotaExceeded',
        hint: HINTS.quotaExceeded!,
      },
    );
  }

  private refusal(what: string, status: number, { reason, message }: GoogleError): ZoomError {
    if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') {
      this.options.quota.close(this.options.clock.now());
      return this.quotaSpent(what, status);
    }
    // "YouTube code": the faces add Zoom's code to a message that lacks "code X", and this one is YouTube's.
    const said = this.redact(`${reason ? `YouTube code ${reason}` : `HTTP ${status}`}${message ? `: ${message}` : ''}`);
    const details = { status, ...(reason ? { code: reason } : {}), ...(message ? { zoomMessage: this.redact(message) } : {}) };
    if (status === 401) return new AuthError(`${what}: Google refused the access token (${said}).`, { ...details, hint: RELOGIN_HINT });
    return new ZoomApiError(`${what}: YouTube refused it (${said}).`, {
      ...details,
      retryable: status >= 500 || reason === 'userRequestsExceedRateLimit',
      hint:
        (reason && HINTS[reason]) ??
        (status >= 500 ? 'YouTube is out of service for now: run again later.' : 'Check the YouTube settings.'),
    });
  }
}

/** The items of a list answer, each an object. */
export function items(answer: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(answer.items) ? answer.items.filter(isPlainObject) : [];
}

/** Google's reason of a refused call, from its code. */
export function reasonOf(error: unknown): string | undefined {
  return error instanceof ZoomError && typeof error.code === 'string' ? error.code : undefined;
}
