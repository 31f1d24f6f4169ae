/**
 * Request scheduling for many tasks on one account (a Node-RED account, a file's entries):
 * one queue per key, so a start and a stop for the same target never race; a cap on requests in
 * flight, held only while a request runs (a start waiting for its host holds none in between); and a
 * pause of the whole account while the API rate-limits it.
 */
import { CancelledError } from '../errors.js';
import { systemClock, type Clock } from './clock.js';
import { FairQueue, type Priority } from './fair-queue.js';

/** Runs requests inside one of the account's slots; a `poll` waits behind every other request for one. */
export type InSlot = <T>(send: () => Promise<T>, priority?: Priority) => Promise<T>;

export class Scheduler {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Requests waiting for a slot: `first` ones ahead of polls, and the nodes taking turns (fair-queue.ts). */
  private readonly waiting = new FairQueue<() => void>();
  private running = 0;
  private pausedUntil = 0;

  constructor(
    private readonly maxInFlight = 8,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The API said 429: nothing new starts on this account until the wait is over. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /** Runs `send` in one of the slots (after any rate-limit pause): a job that needs no key's queue. */
  inSlot<T>(send: () => Promise<T>, priority: Priority = 'first', signal?: AbortSignal): Promise<T> {
    return this.run(send, priority, '', signal);
  }

  /**
   * Runs `job` after every earlier job for the same key has settled. The job sends its requests
   * through `inSlot`, which holds one of the account's slots (after any rate-limit pause, which
   * `onPaused` hears of) only while they run: a start waiting for its host holds none in between.
   */
  schedule<T>(
    key: string,
    job: (inSlot: InSlot) => Promise<T>,
    signal?: AbortSignal,
    onPaused?: (ms: number) => void,
    source = '',
  ): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const inSlot: InSlot = (send, priority = 'first') => this.run(send, priority, source, signal, onPaused);
    const run = () => (signal?.aborted ? Promise.reject(new CancelledError()) : job(inSlot));
    const next = previous.then(run, run);
    this.tails.set(key, next);
    const settle = () => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(settle, settle);
    return next;
  }

  private async run<T>(
    job: () => Promise<T>,
    priority: Priority,
    source: string,
    signal?: AbortSignal,
    onPaused?: (ms: number) => void,
  ): Promise<T> {
    if (signal?.aborted) throw new CancelledError();
    await this.slot(priority, source, signal);
    try {
      const wait = this.pausedUntil - this.clock.now();
      if (wait > 0) {
        onPaused?.(wait);
        await this.clock.sleep(wait, signal);
      }
      return await job();
    } finally {
      this.running--;
      this.waiting.next()?.();
    }
  }

  private slot(priority: Priority, source: string, signal?: AbortSignal): Promise<void> {
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
        this.waiting.remove(take);
        reject(new CancelledError());
      };
      this.waiting.push(take, priority, source);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
