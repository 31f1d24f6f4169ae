/**
 * Keeps reading a confirmed (or not yet confirmed) stream at its destination and says, once per
 * change, when it stops receiving (`dropped`) and when it receives again (`recovered`). A read that
 * fails says nothing either way: an API that is down is not a stream that dropped.
 */
import type { Clock } from '../http/clock.js';
import { growth, type Sample } from './confirm.js';
import type { LadderLevel } from './ladder.js';
import { isProblem, type DestinationReader } from './reader.js';

export const WATCH_INTERVAL_MS = 15_000;

export interface WatchEvent {
  event: 'dropped' | 'recovered';
  /** What the destination shows now: receiving, publishing (a publisher, no bytes), or accepted (no publisher). */
  level: LadderLevel;
  receivedBytes?: number;
  bitsPerSecond?: number;
}

export interface Watch {
  /** Ends the watch; `done` settles once the read in flight has ended. */
  stop(): void;
  done: Promise<void>;
}

export interface WatchOptions {
  clock: Clock;
  /** Receiving when the watch begins (a confirmed start): the first change is then a drop. */
  receiving: boolean;
  onEvent: (event: WatchEvent) => void;
  intervalMs?: number;
}

export function watchStream(reader: DestinationReader, options: WatchOptions): Watch {
  const { clock, onEvent, intervalMs = WATCH_INTERVAL_MS } = options;
  const stopping = new AbortController();
  let receiving = options.receiving;
  let last: Sample | undefined;
  const loop = async () => {
    while (!stopping.signal.aborted) {
      await clock.sleep(intervalMs, stopping.signal);
      const outcome = await reader.read(stopping.signal);
      if (isProblem(outcome)) continue;
      const sample = { at: clock.now(), reading: outcome };
      // A publisher seen for the first time cannot be judged yet: its bytes need a read to compare with.
      const previous = last;
      last = outcome.publishing ? sample : undefined;
      if (outcome.publishing && !previous) continue;
      const rate = outcome.publishing && previous ? growth(previous, sample) : undefined;
      const now = rate !== undefined;
      if (now === receiving) continue;
      receiving = now;
      onEvent({
        event: now ? 'recovered' : 'dropped',
        level: now ? 'receiving' : outcome.publishing ? 'publishing' : 'accepted',
        ...(outcome.bytes !== undefined ? { receivedBytes: outcome.bytes } : {}),
        ...(rate ? { bitsPerSecond: Math.round(rate) } : {}),
      });
    }
  };
  // Ends when stopped (the sleep or the read is cancelled) or if the reader fails: never unobserved.
  const done = loop().catch(() => undefined);
  return {
    stop: () => stopping.abort(),
    done,
  };
}
