/** Client options, checked up front so a typo fails before any request, with defaults applied. */
import type { OAuthCredentials } from './auth.js';
import type { Clock } from '../http/clock.js';
import { ENCODINGS, type Encoding } from '../http/encode.js';
import { ValidationError } from '../errors.js';
import { setting } from '../words.js';
import { describeValue } from '../text.js';
import type { Priority } from '../http/fair-queue.js';
import type { Logger, RetryInfo } from '../http/transport.js';

export const DEFAULT_API_BASE_URL = 'https://api.zoom.us/v2';
export const DEFAULT_OAUTH_TOKEN_URL = 'https://zoom.us/oauth/token';

export type AuthOptions = { accessToken: string } | OAuthCredentials;

export interface ClientOptions {
  auth: AuthOptions;
  apiBaseUrl?: string;
  oauthTokenUrl?: string;
  encoding?: Encoding;
  /** Retries after the first try (default 3). */
  maxRetries?: number;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** Total time spent waiting between retries (default 60 s, enough for one 30 s start back-off). */
  maxWaitMs?: number;
  logger?: Logger;
  userAgent?: string;
  clock?: Clock;
  random?: () => number;
  /** Secrets the caller knows that the request may not carry (a stream key set for another action): blanked out of every text too. */
  secrets?: readonly string[];
  /** Told of every secret the client learns (credentials, OAuth tokens, stream keys). */
  onSecret?: (secret: string) => void;
  onRetry?: (info: RetryInfo) => void;
  /**
   * Paces API requests to this many per second before they are sent (Zoom's per-account limit;
   * share one client to share the pace). Unset: no pacing, 429s are retried as they come.
   */
  requestsPerSecond?: number;
  /**
   * Resolves at an API request's turn under a pace kept outside the client (several clients of one
   * Zoom account share the account's limit whatever their credentials); wins over requestsPerSecond.
   */
  pace?: (signal?: AbortSignal, priority?: Priority, source?: string) => Promise<void>;
}

export interface ResolvedOptions {
  auth: AuthOptions;
  apiBaseUrl: string;
  oauthTokenUrl: string;
  encoding: Encoding;
  maxRetries: number;
  timeoutMs: number;
  maxWaitMs: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https only, except loopback (tests, the sandbox): a token must not cross a network in clear. */
export function checkServiceUrl(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(field, 'must be a URL.', `Leave ${setting(field)} unset for Zoom's default.`);
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ValidationError(
      field,
      `"${value}" is not a URL.`,
      `Give a full URL such as ${field === 'oauthTokenUrl' ? DEFAULT_OAUTH_TOKEN_URL : DEFAULT_API_BASE_URL}.`,
    );
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!secure) {
    throw new ValidationError(
      field,
      `must use https (got ${url.protocol}//${url.host}).`,
      'Use https://; plain http is only allowed on loopback for local testing.',
    );
  }
  if (url.username || url.password) {
    throw new ValidationError(field, 'must not carry credentials.', 'Put credentials in the auth options, not the URL.');
  }
  return url.toString().replace(/\/+$/, '');
}

function checkInteger(value: unknown, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(
      field,
      `must be a whole number from ${min} to ${max}, got ${describeValue(value)}.`,
      `Set ${setting(field)} within ${min}-${max}, or leave it unset for ${fallback}.`,
    );
  }
  return value;
}

function checkCredential(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(field, 'is missing.', `Set ${setting(field)} from the Zoom app's credentials page.`);
  }
  if (/\s/.test(value)) {
    throw new ValidationError(
      field,
      'contains white space or a line break.',
      `Copy ${setting(field)} again without spaces or a trailing newline.`,
    );
  }
  return value;
}

function checkAuth(auth: unknown): AuthOptions {
  const value = (auth ?? {}) as Record<string, unknown>;
  const hasToken = value.accessToken !== undefined && value.accessToken !== '';
  const oauthKeys = ['accountId', 'clientId', 'clientSecret'].filter((k) => value[k] !== undefined && value[k] !== '');
  if (hasToken && oauthKeys.length > 0) {
    throw new ValidationError(
      'auth',
      'has both an access token and OAuth credentials.',
      'Give either an access token, or account ID + client ID + client secret.',
    );
  }
  if (hasToken) return { accessToken: checkCredential(value.accessToken, 'accessToken') };
  if (oauthKeys.length === 0) {
    throw new ValidationError(
      'auth',
      'is missing.',
      'Give Server-to-Server OAuth credentials (account ID, client ID, client secret) or an access token.',
    );
  }
  return {
    accountId: checkCredential(value.accountId, 'accountId'),
    clientId: checkCredential(value.clientId, 'clientId'),
    clientSecret: checkCredential(value.clientSecret, 'clientSecret'),
  };
}

export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const encoding = options.encoding ?? 'json';
  if (!ENCODINGS.includes(encoding)) {
    throw new ValidationError('encoding', `${describeValue(encoding)} is not an encoding.`, 'Use json (default) or multipart.');
  }
  return {
    auth: checkAuth(options.auth),
    apiBaseUrl: checkServiceUrl(options.apiBaseUrl ?? DEFAULT_API_BASE_URL, 'apiBaseUrl'),
    oauthTokenUrl: checkServiceUrl(options.oauthTokenUrl ?? DEFAULT_OAUTH_TOKEN_URL, 'oauthTokenUrl'),
    encoding,
    maxRetries: checkInteger(options.maxRetries, 'maxRetries', 0, 10, 3),
    timeoutMs: checkInteger(options.timeoutMs, 'timeoutMs', 100, 600_000, 30_000),
    maxWaitMs: checkInteger(options.maxWaitMs, 'maxWaitMs', 0, 3_600_000, 60_000),
  };
}
