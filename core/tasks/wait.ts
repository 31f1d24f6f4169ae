/**
 * A start that waits for the host. Zoom starts a live stream only while the meeting or webinar runs
 * and says "has not started" before that (4927 for meetings, code 200 for webinars). The probe is
 * the start call itself: one request per poll that both asks and, once the host is in, does the
 * job, so it needs no scope beyond the live stream ones and goes live within one poll interval.
 */
import type { Clock } from '../http/clock.js';
import { ZoomApiError, ZoomError } from '../errors.js';
import { clockTime } from '../text.js';
import { setting } from '../words.js';
import { saysNotStarted } from '../zoom/responses.js';
import { STREAM_START_RETRY_MS } from '../zoom/rate-limits.js';

export interface WaitForStart {
  /** How long to wait for the host, in ms; 0 does not wait. At most 6 hours. */
  timeoutMs: number;
  /** Between the starts of two tries (default 15 s, at least 5 s). */
  pollIntervalMs?: number;
}

/** What a waiting start tells its caller before each pause. */
export interface WaitProgress {
  /** Since the first try. */
  waitedMs: number;
  timeoutMs: number;
  /** Start requests sent so far. */
  tries: number;
  /** The pause before the next try: the poll interval, or longer when Zoom asked for it (429). */
  nextTryInMs: number;
  /** When it gives up, on the client's clock. */
  deadline: number;
  /** Zoom's answer to the last try ("has not started", or a 429). */
  last: ZoomError;
}

export function isNotStarted(error: unknown): error is ZoomApiError {
  return error instanceof ZoomApiError && saysNotStarted(error.status, error.code, error.zoomMessage);
}

/** A rate limit that outlasted the transport's retries: the wait goes on, stretched. */
function isRateLimited(error: unknown): error is ZoomApiError {
  return error instanceof ZoomApiError && error.status === 429;
}

/**
 * A failure that may pass within the wait: a Zoom outage (5xx), a dropped connection, a timeout. The
 * transport has retried it already; the wait then goes on, so a short outage cannot end a wait that
 * still has time (the host may start the meeting meanwhile).
 */
function isPassing(error: unknown): error is ZoomError {
  if (!(error instanceof ZoomError)) return false;
  return error.kind === 'network' || error.kind === 'timeout' || (error.kind === 'api' && (error.status ?? 0) >= 500);
}

/** The host is not in yet, as the meeting's own status says (the meeting probe's "not started"). */
export class HostNotInError extends ZoomApiError {}

/** The start was still refused when the wait ran out. */
export class NotStartedError extends ZoomError {
  constructor(label: string, kind: string, last: ZoomError, waitedMs: number, tries: number) {
    // Zoom's answer from its fields, never cut back out of a formatted message; no answer (a dropped
    // connection, a timeout) is said as what happened.
    const answer =
      last.status === undefined
        ? last.message
        : `HTTP ${last.status}${last.code !== undefined ? `, Zoom code ${last.code}` : ''}: ${last.zoomMessage ?? last.message}`;
    super(
      'timeout',
      `${label}: the ${kind} had not started after waiting ${clockTime(waitedMs)} (${tries} tries). Zoom's last answer: ${answer}`,
      {
        status: last.status,
        code: last.code,
        zoomMessage: last.zoomMessage,
        trackingId: last.trackingId,
        operation: label,
        attempts: tries,
        retryable: true,
        waitedMs,
        hint: `The host did not start the ${kind} within the wait. Check its time and host; start it, or wait longer (${setting('waitForStart')}).`,
      },
    );
  }
}

export interface WaitContext {
  clock: Clock;
  label: string;
  kind: string;
  signal?: AbortSignal;
  onWait?: (progress: WaitProgress) => void;
}

/**
 * Calls `tryStart` until it succeeds, or fails with something other than "has not started" (or a
 * 429, or a failure that may pass: a 5xx, the network, a timeout), or the deadline passes (the last try is made at the deadline). `tryStart` is given the deadline so that
 * its own retries never run past it, and a hook to call as its request leaves: tries are spaced
 * from there, so no two start requests are ever closer than the poll interval. Returns the value, the time waited and the tries made.
 */
export async function untilStarted<T>(
  tryStart: (deadline: number, onSend: () => void, repeat: boolean) => Promise<T>,
  wait: Required<WaitForStart>,
  ctx: WaitContext,
): Promise<{ value: T; waitedMs: number; tries: number }> {
  // The wait counts from the first start request leaving (a token request before it is not waiting).
  const called = ctx.clock.now();
  let began: number | undefined;
  const since = () => began ?? called;
  for (let tries = 1; ; tries++) {
    // When the start request itself left (after any token request or pacing), not when the try began.
    let sentAt = ctx.clock.now();
    const onSend = () => {
      sentAt = ctx.clock.now();
      began ??= sentAt;
    };
    let last: ZoomError;
    try {
      const value = await tryStart(since() + wait.timeoutMs, onSend, tries > 1);
      return { value, waitedMs: ctx.clock.now() - since(), tries };
    } catch (error) {
      if (!isNotStarted(error) && !isRateLimited(error) && !(error instanceof HostNotInError) && !isPassing(error)) throw error;
      last = error;
    }
    const now = ctx.clock.now();
    const deadline = since() + wait.timeoutMs;
    // Requests leave a poll interval apart, however long each try took; Zoom's own wait (Retry-After, or
    // its 30 s between stream starts, counted from its answer) only ever pushes the next one later.
    const asked = last.status === 429 ? (last.retryAfterMs ?? STREAM_START_RETRY_MS) : 0;
    // The last try is made at the deadline itself, so the wait uses all the time it was given; only a
    // wait that Zoom itself pushes past the deadline (or one already there) ends now.
    if (now >= deadline || now + asked > deadline) throw new NotStartedError(ctx.label, ctx.kind, last, now - since(), tries);
    const nextAt = Math.min(Math.max(sentAt + wait.pollIntervalMs, now + asked), deadline);
    const nextTryInMs = nextAt - now;
    ctx.onWait?.({ waitedMs: now - since(), timeoutMs: wait.timeoutMs, tries, nextTryInMs, deadline, last });
    await ctx.clock.sleep(nextTryInMs, ctx.signal);
  }
}
