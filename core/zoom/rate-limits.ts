/**
 * Zoom's rate limits, read from its 429s: which limit was met (X-RateLimit-Type, the message's
 * wording), what it concerns, and how long Zoom wants between repeated stream starts.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { firstHeader } from '../http/headers.js';
import { parseJsonObject } from '../http/json.js';
import type { RateLimitScope } from '../http/retry.js';
import type { HttpRequest, RateLimitJudgement } from '../http/transport.js';
import { MAX_RATE, MIN_RATE } from '../http/pace.js';
import { ValidationError } from '../errors.js';
import { describeValue } from '../text.js';

/** Zoom's Light limit on a Pro account (the live stream calls are Light: 80/s on Business and up, 4 on Free). */
export const DEFAULT_REQUESTS_PER_SECOND = 30;

/** A pace people set, checked: requests per second the account's paced clients keep to. */
export function checkRequestsPerSecond(value: unknown, field = 'requestsPerSecond'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < MIN_RATE || value > MAX_RATE) {
    throw new ValidationError(
      field,
      `must be a number of requests per second from ${MIN_RATE} to ${MAX_RATE}, got ${describeValue(value)}.`,
      "Use Zoom's Light limit for the account's plan: 30 on Pro, 80 on Business and up (4 on Free).",
    );
  }
  return value;
}

/** Zoom asks for 30 s between repeated stream starts and may not say so in Retry-After. */
export const STREAM_START_RETRY_MS = 30_000;

/** The request tag of a stream start (operations.ts sets it; the policy below reads it). */
export const STREAM_START = 'stream-start';

/**
 * What a 429 concerns. `target`: one meeting or webinar (Zoom's rule for repeated starts of one
 * stream, "Too many requests submitted to start the live stream of this meeting"): only that
 * target's next try waits. `account`: the account's per-second or daily quota, or its concurrency
 * (Zoom says so with X-RateLimit-Type: QPS or Daily-limit, or "Too many concurrent requests"):
 * every request of the account waits. A 429 that says neither is the account's, except on a
 * stream start, where Zoom's own rule is the repeated start.
 */
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

/** The transport's rate-limit policy for Zoom's API (transport.ts, RateLimitPolicy). */
export function judgeZoom429(answer: { headers: IncomingHttpHeaders; body: string }, request: HttpRequest): RateLimitJudgement {
  const rateLimitType = firstHeader(answer.headers['x-ratelimit-type']);
  const isStreamStart = request.tag === STREAM_START;
  const perSecond = isPerSecondLimit(429, rateLimitType);
  const message = parseJsonObject(answer.body)?.message;
  return {
    perSecond,
    // Zoom's 30 s is for repeated starts of one stream; a per-second limit passes within a second.
    ...(isStreamStart && !perSecond ? { waitMs: STREAM_START_RETRY_MS } : {}),
    scope: rateLimitScope(rateLimitType, typeof message === 'string' ? message : undefined, isStreamStart),
  };
}
