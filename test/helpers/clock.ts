/** A clock whose sleeps return at once and advance time, recording every wait. */
import { CancelledError, type Clock } from '../../core/index.js';

export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public t = Date.parse('2026-11-23T12:00:00Z')) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new CancelledError();
    this.sleeps.push(ms);
    this.t += ms;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * A clock whose sleeps wait until the test moves time on: `next()` jumps to the earliest wake-up.
 * With every loop of a resident process asleep (`sleeping`), the process is idle and the test
 * decides what happens next, however busy the machine.
 */
export class ManualClock implements Clock {
  private sleepers: { at: number; ms: number; wake: () => void }[] = [];
  constructor(public t = Date.now()) {}
  now(): number {
    return this.t;
  }
  get sleeping(): number {
    return this.sleepers.length;
  }
  /** Someone sleeps for exactly this long (a wait the test knows by its length). */
  sleepingFor(ms: number): boolean {
    return this.sleepers.some((s) => s.ms === ms);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError());
      const sleeper = {
        at: this.t + Math.max(0, ms),
        ms,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(new CancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
    });
  }
  /** Moves time to the earliest wake-up (or `maxStepMs` on, if sooner) and wakes every sleeper due by then. */
  next(maxStepMs = Infinity): void {
    if (!this.sleepers.length) return;
    this.t = Math.max(this.t, Math.min(this.t + maxStepMs, ...this.sleepers.map((s) => s.at)));
    const due = this.sleepers.filter((s) => s.at <= this.t);
    this.sleepers = this.sleepers.filter((s) => s.at > this.t);
    for (const s of due) s.wake();
  }
}
