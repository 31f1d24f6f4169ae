/** Repeats recognised: Zoom retries a delivery it thinks failed, and a capture may be replayed. */
import { createHash } from 'node:crypto';
import type { ZoomEvent } from './events.js';
import { MAX_SIGNATURE_WINDOW_MS, SIGNATURE_TOLERANCE_MS } from './signature.js';

/** What a delivery is to the memory: new, a repeat, or one it cannot take without forgetting. */
export type Recall = 'new' | 'repeat' | 'full';

/**
 * Recognises a delivery seen before: a replay of a captured one (same bytes, still inside the
 * signature window) and Zoom's own retries (new timestamp, same event, at about +5, +20 and +60
 * minutes when it did not get a 200 or 204 in time). Remembers a digest of each event (name,
 * event_ts, payload, so re-spaced JSON is still a repeat while two events at one instant are not)
 * for `ttlMs`, in at most `capacity` entries (about 150 bytes each). Entries are forgotten oldest
 * first when full, but never one whose signature could still be replayed (signed less than the
 * signature tolerance ago): then the memory says `full` and the delivery is refused (Zoom retries
 * it), so a replay inside the window is recognised whatever the volume.
 */
export class DeliveryMemory {
  private readonly seen = new Map<string, { at: number; replayableUntil: number }>();
  private window = SIGNATURE_TOLERANCE_MS;

  constructor(
    private readonly capacity = 50_000,
    private readonly ttlMs = 2 * 60 * 60_000,
    windowMs = SIGNATURE_TOLERANCE_MS,
  ) {
    this.windowMs = windowMs;
  }

  /** How old a signature may be (the endpoint's setting): every delivery signed within it is remembered. */
  get windowMs(): number {
    return this.window;
  }

  set windowMs(ms: number) {
    if (!Number.isFinite(ms) || ms < 1_000 || ms > MAX_SIGNATURE_WINDOW_MS) throw new RangeError(`a signature window of ${ms} ms`);
    this.window = ms;
  }

  /** Remembers the event; `signedAt` is its x-zm-request-timestamp in ms (default: now). */
  remember(event: ZoomEvent, now: number, signedAt = now): Recall {
    const digest = createHash('sha256')
      .update(JSON.stringify([event.event, event.eventTs ?? null, event.payload]))
      .digest('base64');
    const known = this.seen.get(digest);
    if (known && (now - known.at <= this.ttlMs || now <= known.replayableUntil)) return 'repeat';
    this.seen.delete(digest);
    // A Map iterates in insertion order: the first entries are the oldest.
    for (const [oldest, entry] of this.seen) {
      const expired = now - entry.at > this.ttlMs && now > entry.replayableUntil;
      const evictable = this.seen.size >= this.capacity && now > entry.replayableUntil;
      if (!expired && !evictable) break;
      this.seen.delete(oldest);
    }
    if (this.seen.size >= this.capacity) return 'full';
    this.seen.set(digest, { at: now, replayableUntil: signedAt + this.window });
    return 'new';
  }

  /** True the first time an event is seen (and remembers it); false for a repeat or when full. */
  firstTime(event: ZoomEvent, now: number, signedAt = now): boolean {
    return this.remember(event, now, signedAt) === 'new';
  }

  get size(): number {
    return this.seen.size;
  }
}
