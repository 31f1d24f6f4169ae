/** When to try again, and how long to wait first. Pure functions of the answer and the clock. */

/** Statuses worth another try: rate limited, or a server error that may pass. */
export const RETRY_STATUSES: readonly number[] = [429, 500, 502, 503, 504];

/** Zoom asks for 30 s between repeated stream starts and may not say so in Retry-After. */
export const STREAM_START_RETRY_MS = 30_000;

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;

/** Retry-After as delta-seconds ("2", "1.5") or as a date (HTTP date or ISO 8601); ms from now. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const trimmed = raw.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
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
}

/** The wait before another try after this status, or undefined when it should not be retried. */
export function delayForStatus(status: number, retryAfter: string | string[] | undefined, ctx: RetryContext): number | undefined {
  if (!RETRY_STATUSES.includes(status)) return undefined;
  if (status === 429) {
    const told = parseRetryAfter(retryAfter, ctx.now);
    if (told !== undefined) return told;
    if (ctx.isStreamStart) return STREAM_START_RETRY_MS;
  }
  return backoffDelay(ctx.attempt, ctx.random);
}
