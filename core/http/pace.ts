/**
 * Requests paced before they are sent: an API that limits an account per second answers 429 past
 * it. A pacer hands out send times 1/rate apart and at most `rate` per second and a margin, so a
 * burst of requests at 09:00 spreads over rate-sized seconds instead of drawing 429s.
 */
import type { Clock } from './clock.js';
import { CancelledError } from '../errors.js';
import { FairQueue, type Priority } from './fair-queue.js';

export type { Priority } from './fair-queue.js';

/** The rates a pacer can keep: a timer cannot space requests much closer than this. */
export const MIN_RATE = 1;
export const MAX_RATE = 10_000;

/**
 * Requests leave 1/rate apart, and never more than `rate` within a second plus this margin: what is
 * sent evenly can still arrive bunched (a busy event loop, the network), and the server counts arrivals.
 */
const WINDOW_MARGIN_MS = 100;

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class Pacer {
  private gapMs = 0;
  private perWindow = 0;
  /** Polls in any second at most: half the pace, so polls can never crowd out what people asked for. */
  private pollsPerWindow = 0;
  /** When the last `perWindow` requests really left (after their sleeps, which may run late), oldest first. */
  private sent: number[] = [];
  private pollsSent: number[] = [];
  /** `first`, then `wait`, then `poll`; within a class the sources take turns (fair-queue.ts). */
  private readonly queue = new FairQueue<Waiter>();
  private pumping = false;
  private rate = 0;

  constructor(
    requestsPerSecond: number,
    private readonly clock: Clock,
  ) {
    this.setRate(requestsPerSecond);
  }

  get requestsPerSecond(): number {
    return this.rate;
  }

  /** Paces at a new rate from the next turn on (the config nodes of an account changed). */
  setRate(requestsPerSecond: number): void {
    // The caller checks the value people gave (with a message for them); this is the pacer's own bound.
    if (!(requestsPerSecond >= MIN_RATE && requestsPerSecond <= MAX_RATE))
      throw new RangeError(`a pace of ${requestsPerSecond} requests/s`);
    this.rate = requestsPerSecond;
    this.gapMs = 1000 / requestsPerSecond;
    this.perWindow = Math.max(1, Math.floor(requestsPerSecond));
    this.pollsPerWindow = Math.max(1, Math.floor(this.perWindow / 2));
    this.sent = this.sent.slice(-this.perWindow);
    this.pollsSent = this.pollsSent.slice(-this.pollsPerWindow);
  }

  /** Requests waiting for a turn, by class (status and benchmarks). */
  get waiting(): Record<Priority, number> {
    return { first: this.queue.sizeOf('first'), wait: this.queue.sizeOf('wait'), poll: this.queue.sizeOf('poll') };
  }

  /**
   * Resolves at this request's turn. The spacing is measured from the times the earlier turns really
   * came (a timer that fires late must not let the next one in early), so no sliding second, margin
   * included, ever holds more than `rate` of them; a poll's turn comes only when no other request
   * waits and polls have used less than half of the last second.
   */
  turn(signal?: AbortSignal, priority: Priority = 'first', source = ''): Promise<void> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          this.queue.remove(waiter);
          reject(new CancelledError());
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter, priority, source);
      void this.pump();
    });
  }

  /** Hands out turns one at a time while anyone waits. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        if (this.queue.size === 0) return;
        const priority: Priority = this.queue.sizeOf('first') ? 'first' : this.queue.sizeOf('wait') ? 'wait' : 'poll';
        const poll = priority === 'poll';
        const wait = Math.max(this.waitMs(), poll ? this.pollWaitMs() : 0);
        // A timer cannot wait less than a millisecond: a shorter gap (rates past 1,000/s) is not
        // waited for, and the sliding window alone keeps the second within the rate.
        if (wait >= 1) {
          // Then look again: a request of the other class may have come meanwhile.
          await this.clock.sleep(wait);
          continue;
        }
        const waiter = this.queue.shift(priority)!;
        const now = this.clock.now();
        this.sent.push(now);
        if (this.sent.length > this.perWindow) this.sent.shift();
        if (poll) {
          this.pollsSent.push(now);
          if (this.pollsSent.length > this.pollsPerWindow) this.pollsSent.shift();
        }
        if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.resolve();
      }
    } finally {
      this.pumping = false;
    }
  }

  private waitMs(): number {
    const now = this.clock.now();
    const last = this.sent.at(-1);
    const gap = last === undefined ? 0 : last + this.gapMs - now;
    const window = this.sent.length === this.perWindow ? this.sent[0]! + 1000 + WINDOW_MARGIN_MS - now : 0;
    return Math.max(gap, window);
  }

  private pollWaitMs(): number {
    return this.pollsSent.length === this.pollsPerWindow ? this.pollsSent[0]! + 1000 + WINDOW_MARGIN_MS - this.clock.now() : 0;
  }
}
