/**
 * A node's watches of its confirmed streams: one per target, begun only for the target's latest
 * start and only when it was confirmed live, ended by a stop (which also cancels a confirmation
 * still reading) or by close. Each drop and recovery is handed to `onEvent`.
 */
import {
  destinationReader,
  systemClock,
  watchStream,
  type Confirmation,
  type Target,
  type PendingConfirmation,
  type Watch,
  type WatchEvent,
} from '../core/index.js';

/** A start being confirmed: what a stop for its target aborts. */
export interface PendingStart {
  readonly signal: AbortSignal;
}

export class StreamWatches {
  private readonly watches = new Map<string, { watch: Watch; reader: ReturnType<typeof destinationReader> }>();
  /** Each target's latest start being confirmed, with the controller a stop aborts. */
  private readonly latest = new Map<string, AbortController>();
  private closed = false;

  constructor(private readonly onEvent: (target: Target, event: WatchEvent, confirmation: Confirmation) => void) {}

  /** A start of `key` that will be confirmed: the target's latest from now on. */
  started(key: string): PendingStart {
    const controller = new AbortController();
    this.latest.set(key, controller);
    return controller;
  }

  /** A stop of `key`: its watch ends at once (the drop it causes is not news), its confirmation too. */
  stopped(key: string): void {
    this.latest.get(key)?.abort();
    this.latest.delete(key);
    void this.end(key);
  }

  /**
   * A start's confirmation is over (`confirmation` undefined: it failed): a watch begins if the
   * start is still its target's latest and was confirmed live.
   */
  settled(
    key: string,
    start: PendingStart,
    confirmation?: Confirmation,
    watched?: { target: Target; pending: PendingConfirmation; intervalMs: number },
  ): void {
    if (this.latest.get(key) !== start) return;
    this.latest.delete(key);
    if (!confirmation || !watched || !confirmation.live || this.closed) return;
    void this.end(key);
    const { target, pending, intervalMs } = watched;
    const reader = destinationReader(pending.request.destination, pending.stream);
    const watch = watchStream(reader, {
      clock: systemClock,
      intervalMs,
      receiving: confirmation.confirmed === 'receiving',
      onEvent: (event) => this.onEvent(target, event, confirmation),
    });
    this.watches.set(key, { watch, reader });
  }

  /** Ends every watch; resolves once their reads are over (nothing left running after a redeploy). */
  async close(): Promise<void> {
    this.closed = true;
    for (const controller of this.latest.values()) controller.abort();
    this.latest.clear();
    await Promise.all([...this.watches.keys()].map((key) => this.end(key)));
  }

  private async end(key: string): Promise<void> {
    const current = this.watches.get(key);
    if (!current) return;
    this.watches.delete(key);
    current.watch.stop();
    await current.watch.done;
    current.reader.close();
  }
}
