/** When to try again, and how long to wait first. Pure functions of the answer and the clock. */
import { firstHeader } from './errors.js';

/** Statuses worth another try: rate limited, or a server error that may pass. */
export const RETRY_STATUSES: readonly number[] = [429, 500, 502, 503, 504];

/** Zoom asks for 30 s between repeated stream starts and may not say so in Retry-After. */
export const STREAM_START_RETRY_MS = 30_000;

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
/** The shortest wait before any retry (the backoff's own lowest value): never retry 0 ms apart. */
export const MIN_RETRY_DELAY_MS = BACKOFF_BASE_MS / 2;

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/**
 * The date forms Retry-After may take: RFC 9110's HTTP-date (IMF-fixdate, the obsolete RFC 850 and
 * asctime forms) and ISO 8601 with a zone (Zoom's documented example). Anything else is not a date,
 * however leniently Date.parse would read it ("-5" is the year -5 to it).
 */
const RETRY_DATES = [
  new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`),
  new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`),
  new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`),
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/,
];

/** Retry-After as delta-seconds ("2", "1.5") or as a date (HTTP date or ISO 8601); ms from now. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = firstHeader(value);
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  // asctime dates are in GMT but carry no zone; Date.parse would read them as local time.
  const at = RETRY_DATES.some((form) => form.test(trimmed)) ? Date.parse(/\d{4}$/.test(trimmed) ? `${trimmed} GMT` : trimmed) : NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Exponential backoff with jitter: attempt 1 waits 250-500 ms, then doubles up to the cap. */
export function backoffDelay(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export interface RetryContext {
  attempt: number;
  now: number;
  random: () => number;
  isStreamStart: boolean;
  /** Zoom's X-RateLimit-Type on a 429: QPS (per second) or a daily limit. */
  rateLimitType?: string;
}

/**
 * What a 429 concerns. `target`: one meeting or webinar (Zoom's rule for repeated starts of one
 * stream, "Too many requests submitted to start the live stream of this meeting"): only that
 * target's next try waits. `account`: the account's per-second or daily quota, or its concurrency
 * (Zoom says so with X-RateLimit-Type: QPS or Daily-limit, or "Too many concurrent requests"):
 * every request of the account waits. A 429 that says neither is the account's, except on a
 * stream start, where Zoom's own rule is the repeated start.
 */
export type RateLimitScope = 'target' | 'account';

export function rateLimitScope(rateLimitType: string | undefined, zoomMessage: string | undefined, isStreamStart: boolean): RateLimitScope {
  if (rateLimitType) return 'account';
  const message = (zoomMessage ?? '').slice(0, 500);
  if (/concurrent/i.test(message)) return 'account';
  if (/\b(?:this|the) (?:meeting|webinar)\b|start the live stream/i.test(message)) return 'target';
  return isStreamStart ? 'target' : 'account';
}

/** Zoom's per-second limit: a 429 with X-RateLimit-Type QPS, which passes within a second. */
export function isPerSecondLimit(status: number, rateLimitType: string | undefined): boolean {
  return status === 429 && rateLimitType?.toUpperCase() === 'QPS';
}

/** The wait before another try after this status, or undefined when it should not be retried. */
export function delayForStatus(status: number, retryAfter: string | string[] | undefined, ctx: RetryContext): number | undefined {
  if (!RETRY_STATUSES.includes(status)) return undefined;
  if (status === 429) {
    const told = parseRetryAfter(retryAfter, ctx.now);
    if (told !== undefined) return Math.max(told, MIN_RETRY_DELAY_MS);
    // Zoom's 30 s is for repeated starts of one stream; a per-second limit passes within a second.
    if (ctx.isStreamStart && !isPerSecondLimit(status, ctx.rateLimitType)) return STREAM_START_RETRY_MS;
  }
  return backoffDelay(ctx.attempt, ctx.random);
}
