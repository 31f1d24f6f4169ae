/** When to try again, and how long to wait first. Pure functions of the answer and the clock. */
import { firstHeader } from './headers.js';

/** Statuses worth another try: rate limited, or a server error that may pass. */
export const RETRY_STATUSES: readonly number[] = [429, 500, 502, 503, 504];

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
/** The shortest wait before any retry (the backoff's own lowest value): never retry 0 ms apart. */
export const MIN_RETRY_DELAY_MS = BACKOFF_BASE_MS / 2;

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/**
 * The date forms Retry-After may take: RFC 9110's HTTP-date (IMF-fixdate, the obsolete RFC 850 and
 * asctime forms) and ISO 8601 with a zone (which some APIs document). Anything else is not a date,
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

/**
 * What a 429 concerns: `target`, only the request's own target (its next try waits), or `account`,
 * every request under the same limit (all of them wait). The API's rate-limit policy says which.
 */
export type RateLimitScope = 'target' | 'account';

export interface RetryContext {
  attempt: number;
  now: number;
  random: () => number;
  /** A 429 that names no time waits this long (the API's own rule), else it backs off. */
  waitOn429Ms?: number;
}

/** The wait before another try after this status, or undefined when it should not be retried. */
export function delayForStatus(status: number, retryAfter: string | string[] | undefined, ctx: RetryContext): number | undefined {
  if (!RETRY_STATUSES.includes(status)) return undefined;
  if (status === 429) {
    const told = parseRetryAfter(retryAfter, ctx.now);
    if (told !== undefined) return Math.max(told, MIN_RETRY_DELAY_MS);
    if (ctx.waitOn429Ms !== undefined) return ctx.waitOn429Ms;
  }
  return backoffDelay(ctx.attempt, ctx.random);
}
