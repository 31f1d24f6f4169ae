/**
 * Climbs the ladder (ladder.ts) after Zoom accepted a start: reads the destination until it lists a
 * publisher and, asked for receiving, until its byte count grew across RECEIVING_WINDOW_MS, or until
 * the deadline, which covers every read. Zoom's own event, where a face hears it, is a rung too.
 */
import { CancelledError } from '../errors.js';
import type { Clock } from '../http/clock.js';
import { higher, rank, RECEIVING_WINDOW_MS, type DestinationKind, type LadderLevel } from './ladder.js';
import { destinationReader, isProblem, type DestinationReader, type TokenSource } from './reader.js';
import type { Reading } from './destinations.js';
import type { ConfirmRequest } from './request.js';
import type { DestinationStream } from './stream-name.js';
import type { QuotaMeter } from './quota.js';
import type { ReadBatches } from './read-batches.js';

export interface Confirmation {
  destination: DestinationKind;
  /** The level asked for (on-air: a YouTube broadcast, asked by its lifecycle, not by a confirm level). */
  asked: LadderLevel;
  /** The highest level reached. */
  confirmed: LadderLevel;
  /** Reached the level asked for. */
  live: boolean;
  /** Each level reached, in order, with the time since Zoom accepted the start. */
  ladder: { level: LadderLevel; afterMs: number }[];
  /** The destination's count of bytes received from the publisher, at the last read. */
  receivedBytes?: number;
  /** Between the two reads that proved receiving (or the destination's own average). */
  bitsPerSecond?: number;
  timeoutMs: number;
  /** The last problem reading the destination (its settings marked for each face to word). */
  problem?: string;
  /** What the last problem was: the credentials refused, the API not answering, its daily quota spent, or another answer. */
  problemKind?: 'refused' | 'unreachable' | 'quota' | 'other';
  /** What the destination says is wrong with the video it gets, at the last read (YouTube's configuration issues). */
  issues?: string[];
}

export interface ConfirmOptions {
  clock: Clock;
  signal?: AbortSignal;
  /** Zoom's meeting.live_streaming_started for this target: calls `heard` when it arrives; returns the unsubscribe. */
  zoomEvent?: (heard: () => void) => () => void;
  /** Told of each level as it is reached. */
  onLevel?: (level: LadderLevel, afterMs: number) => void;
  /** Between reads until a publisher shows (default 1 s). */
  readIntervalMs?: number;
}

/** Two readings of one publisher: receiving when the later holds more bytes, at least the window later. */
export interface Sample {
  at: number;
  reading: Reading;
}

/**
 * Bits per second between two samples of a publisher, or undefined when the later one shows no
 * growth. A managed service that says itself whether it receives (Mux's `active`) is taken at its
 * word, at once: its rate is its own, or 0 when it gives none (receiving, its rate unknown: never
 * shown as 0 kbit/s).
 */
export function growth(first: Sample, last: Sample): number | undefined {
  if (last.reading.receiving !== undefined) return last.reading.receiving ? (last.reading.bitsPerSecond ?? 0) : undefined;
  const elapsed = last.at - first.at;
  if (elapsed < RECEIVING_WINDOW_MS) return undefined;
  const { bytes: before } = first.reading;
  const { bytes: after, bitsPerSecond } = last.reading;
  if (before !== undefined && after !== undefined) return after > before ? ((after - before) * 8 * 1000) / elapsed : undefined;
  // No byte count (an SRS without recv_bytes): its own 30 s average says whether bytes arrive.
  return bitsPerSecond !== undefined && bitsPerSecond > 0 ? bitsPerSecond : undefined;
}

export async function confirmStream(reader: DestinationReader, request: ConfirmRequest, options: ConfirmOptions): Promise<Confirmation> {
  const { clock, signal } = options;
  const began = clock.now();
  const deadline = began + request.timeoutMs;
  const result: Confirmation = {
    destination: request.destination.kind,
    asked: request.level,
    confirmed: 'accepted',
    live: false,
    ladder: [{ level: 'accepted', afterMs: 0 }],
    timeoutMs: request.timeoutMs,
  };
  const reach = (level: LadderLevel) => {
    if (result.ladder.some((l) => l.level === level)) return;
    const afterMs = clock.now() - began;
    result.ladder.push({ level, afterMs });
    result.ladder.sort((a, b) => rank(a.level) - rank(b.level));
    result.confirmed = higher(result.confirmed, level);
    options.onLevel?.(level, afterMs);
  };
  const unsubscribe = options.zoomEvent?.(() => reach('zoom-event'));
  let first: Sample | undefined;
  try {
    for (;;) {
      // The deadline ends a read in flight too (in real time: a read is real I/O).
      const remaining = Math.max(deadline - clock.now(), 1);
      const bounded = AbortSignal.any([AbortSignal.timeout(remaining), ...(signal ? [signal] : [])]);
      let outcome;
      try {
        outcome = await reader.read(bounded);
      } catch (error) {
        if (signal?.aborted || !(error instanceof CancelledError)) throw error;
        break;
      }
      const now = clock.now();
      if (isProblem(outcome)) {
        result.problem = outcome.problem;
        result.problemKind = outcome.refused ? 'refused' : outcome.quota ? 'quota' : outcome.unreachable ? 'unreachable' : 'other';
        // No retry fixes refused credentials, and a spent quota stays spent until its reset.
        if (outcome.refused || outcome.quota) break;
      } else {
        delete result.problem;
        delete result.problemKind;
        result.receivedBytes = outcome.bytes ?? result.receivedBytes;
        if (outcome.issues) result.issues = outcome.issues;
        else delete result.issues;
        if (!outcome.publishing) first = undefined;
        else {
          reach('publishing');
          const sample = { at: now, reading: outcome };
          if (!first) first = sample;
          const rate = growth(first, sample);
          if (rate !== undefined) {
            if (rate) result.bitsPerSecond = Math.round(rate);
            reach('receiving');
          }
        }
      }
      if (rank(result.confirmed) >= rank(request.level)) break;
      // Once a publisher shows, the next read that can prove receiving is at the window's end.
      const interval = options.readIntervalMs ?? 1_000;
      const pause = first ? Math.max(first.at + RECEIVING_WINDOW_MS - now, interval) : interval;
      if (now + pause > deadline) break;
      await clock.sleep(pause, signal);
    }
  } finally {
    unsubscribe?.();
  }
  result.live = rank(result.confirmed) >= rank(request.level);
  return result;
}

export interface ConfirmAtOptions extends ConfirmOptions {
  userAgent?: string;
  quota?: QuotaMeter;
  batches?: ReadBatches;
  /** The service's token, held by its API client (YouTube's), not fetched again by the reader. */
  tokens?: TokenSource;
}

/**
 * Confirms a stream Zoom accepted, at the destination its configuration names: reads it there
 * until the level asked for, or the deadline.
 */
export async function confirmAt(request: ConfirmRequest, stream: DestinationStream, options: ConfirmAtOptions): Promise<Confirmation> {
  const reader = destinationReader(request.destination, stream, {
    clock: options.clock,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...(options.quota ? { quota: options.quota } : {}),
    ...(options.batches ? { batches: options.batches } : {}),
    ...(options.tokens ? { tokens: options.tokens } : {}),
  });
  try {
    return await confirmStream(reader, request, options);
  } finally {
    reader.close();
  }
}
