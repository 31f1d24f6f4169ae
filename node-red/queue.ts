/**
 * Per-account request scheduling: one queue per target, so a start and a stop for the same meeting
 * never race; a cap on requests in flight; and a pause of the whole account while Zoom rate-limits it.
 */
import { CancelledError, systemClock, type Clock } from '../core/index.js';

/** Runs requests inside one of the account's slots. */
export type InSlot = <T>(send: () => Promise<T>) => Promise<T>;

export class AccountScheduler {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private pausedUntil = 0;

  constructor(
    private readonly maxInFlight = 8,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Zoom said 429: nothing new starts on this account until the wait is over. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /** Jobs queued or running (for status and tests). */
  get pending(): number {
    return this.tails.size;
  }

  /**
   * Runs `job` after every earlier job for the same key has settled. The job sends its requests
   * through `inSlot`, which holds one of the account's slots (after any rate-limit pause, which
   * `onPaused` hears of) only while they run: a start waiting for its host holds none in between.
   */
  schedule<T>(key: string, job: (inSlot: InSlot) => Promise<T>, signal?: AbortSignal, onPaused?: (ms: number) => void): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const inSlot: InSlot = (send) => this.run(send, signal, onPaused);
    const run = () => (signal?.aborted ? Promise.reject(new CancelledError()) : job(inSlot));
    const next = previous.then(run, run);
    this.tails.set(key, next);
    const settle = () => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(settle, settle);
    return next;
  }

  private async run<T>(job: () => Promise<T>, signal?: AbortSignal, onPaused?: (ms: number) => void): Promise<T> {
    if (signal?.aborted) throw new CancelledError();
    await this.slot(signal);
    try {
      const wait = this.pausedUntil - this.clock.now();
      if (wait > 0) {
        onPaused?.(wait);
        await this.clock.sleep(wait, signal);
      }
      return await job();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private slot(signal?: AbortSignal): Promise<void> {
    if (this.running < this.maxInFlight) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const take = () => {
        signal?.removeEventListener('abort', onAbort);
        this.running++;
        resolve();
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(take);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new CancelledError());
      };
      this.waiting.push(take);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
