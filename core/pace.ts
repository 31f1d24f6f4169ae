/**
 * Requests paced before they are sent: Zoom limits each account per second and per label (the live
 * stream calls are Light: 30/s on Pro, 80/s on Business and up) and answers 429 past it. A pacer
 * hands out send times 1/rate apart and at most `rate` per second and a margin, so a burst of
 * starts at 09:00 spreads over rate-sized seconds instead of drawing 429s.
 */
import { untilAborted } from './abort.js';
import type { Clock } from './clock.js';
import { CancelledError, describeValue, ValidationError } from './errors.js';

/** Zoom's Light limit on a Pro account. */
export const DEFAULT_REQUESTS_PER_SECOND = 30;

export function checkRequestsPerSecond(value: unknown, field = 'requestsPerSecond'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > 10_000) {
    throw new ValidationError(
      field,
      `must be a number of requests per second from 1 to 10000, got ${describeValue(value)}.`,
      "Use Zoom's Light limit for the account's plan: 30 on Pro, 80 on Business and up (4 on Free).",
    );
  }
  return value;
}

/**
 * Requests leave 1/rate apart, and never more than `rate` within a second plus this margin: what is
 * sent evenly can still arrive bunched (a busy event loop, the network), and Zoom counts arrivals.
 */
const WINDOW_MARGIN_MS = 100;

export class Pacer {
  private readonly gapMs: number;
  private readonly perWindow: number;
  /** When the last `perWindow` requests really left (after their sleeps, which may run late), oldest first. */
  private readonly sent: number[] = [];
  /** Turns are taken one after another, in the order asked for. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    requestsPerSecond: number,
    private readonly clock: Clock,
  ) {
    this.gapMs = 1000 / checkRequestsPerSecond(requestsPerSecond);
    this.perWindow = Math.max(1, Math.floor(requestsPerSecond));
  }

  /**
   * Resolves at this request's turn. The spacing is measured from the times the earlier turns really
   * came (a timer that fires late must not let the next one in early), so no sliding second, margin
   * included, ever holds more than `rate` of them.
   */
  async turn(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new CancelledError();
    const previous = this.tail;
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    // The next turn waits for this one and every one before it, even if this one is cancelled early.
    this.tail = previous.then(() => mine);
    try {
      await untilAborted(previous, signal, () => new CancelledError());
      for (let wait = this.waitMs(); wait > 0; wait = this.waitMs()) {
        await untilAborted(this.clock.sleep(wait, signal), signal, () => new CancelledError());
      }
      this.sent.push(this.clock.now());
      if (this.sent.length > this.perWindow) this.sent.shift();
    } finally {
      release();
    }
  }

  private waitMs(): number {
    const now = this.clock.now();
    const last = this.sent.at(-1);
    const gap = last === undefined ? 0 : last + this.gapMs - now;
    const window = this.sent.length === this.perWindow ? this.sent[0]! + 1000 + WINDOW_MARGIN_MS - now : 0;
    return Math.max(gap, window);
  }
}
