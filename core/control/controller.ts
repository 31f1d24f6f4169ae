/**
 * The resident controller (`zoom-livestream run`): keeps a whole streams file live by itself, as a
 * Kubernetes controller keeps its objects. Zoom is kept in line with the file (`apply`) at start and
 * every reconcile interval; each entry runs its own loop (entry-loop.ts). Reading the file again
 * lets new entries join and removed ones go (no longer watched, never stopped); the controller's
 * end stops watching and leaves every stream as it is. YouTube entries share one quota meter and
 * their reads (entry-youtube.ts).
 */
import { setMaxListeners } from 'node:events';
import { CancelledError } from '../errors.js';
import { isoSeconds } from '../text.js';
import { destinationReader } from '../confirm/reader.js';
import { destinationStream } from '../confirm/stream-name.js';
import type { ZoomLiveStreamClient } from '../zoom/client.js';
import type { FleetEntry } from '../fleet/file.js';
import type { ZoomEvent } from '../events/events.js';
import { runFleet } from '../fleet/run.js';
import { startInTurns } from '../http/turns.js';
import { EntryLoop } from './entry-loop.js';
import { EntryYouTube, YouTubeShared } from './entry-youtube.js';
import { why, type LoopOptions } from './loop-hooks.js';
import type { Alert, AlertEvent, EntryStatus, StreamState, Transition } from './states.js';

export interface ControllerOptions extends LoopOptions {
  reconcileEveryMs: number;
  onTransition: (transition: Transition) => void;
  onAlert?: (alert: Alert) => void;
  /** Human lines (stderr). */
  log: (line: string) => void;
}

/** How long stop() waits for the loops to let go of their requests. */
export const STOP_GRACE_MS = 5_000;

interface Running {
  loop: EntryLoop;
  stop: AbortController;
  done: Promise<void>;
}

export class FleetController {
  private readonly loops = new Map<string, Running>();
  private readonly stopping = new AbortController();
  /** YouTube's quota and reads, shared by every YouTube entry. */
  private readonly youtube = new YouTubeShared();
  private reconciling?: Promise<void>;
  /** The entries' loops run (after the first reconcile). */
  private running = false;
  /** Why the controller cannot work now (Zoom's token refused); unset when it can. */
  private notReady?: string = 'the first reconcile with Zoom has not finished';

  constructor(
    private readonly client: ZoomLiveStreamClient,
    private entries: FleetEntry[],
    private readonly options: ControllerOptions,
  ) {
    // One listener per entry's loop: a fleet has hundreds by design.
    setMaxListeners(0, this.stopping.signal);
  }

  /** Reconciles first (a stream started before its configuration is applied would go to the old place), then runs every entry. */
  start(): void {
    this.reconciling = this.reconcileLoop(() => {
      this.running = true;
      // A batch per turn; an entry a reload removed meanwhile, or one it already added, is passed over.
      startInTurns(this.entries, (entry) => {
        if (!this.stopping.signal.aborted && !this.loops.has(entry.name) && this.entries.includes(entry)) this.add(entry);
      }).catch((error: unknown) => this.options.log(`the entries could not all start: ${why(error, this.options.words)}`));
    });
  }

  /** Ready: the last reconcile reached Zoom with a token (readyz). */
  readiness(): { ready: boolean; reason?: string } {
    return this.notReady === undefined ? { ready: true } : { ready: false, reason: this.notReady };
  }

  /** Every entry as it stands, in the file's order. */
  statuses(): EntryStatus[] {
    return this.entries.flatMap((e) => {
      const running = this.loops.get(e.name);
      return running ? [running.loop.snapshot()] : [];
    });
  }

  /** The YouTube quota units every entry's calls spent since the controller started; unset while no entry streams to YouTube. */
  get youtubeUnits(): number | undefined {
    const { units } = this.youtube.quota;
    return units || this.entries.some((e) => e.youtube) ? units : undefined;
  }

  /** The file read again: new entries join, removed ones are no longer watched (not stopped), the others take their new settings. */
  reload(entries: FleetEntry[]): { added: string[]; removed: string[] } {
    const names = new Set(entries.map((e) => e.name));
    const removed = [...this.loops.keys()].filter((name) => !names.has(name));
    for (const name of removed) {
      this.loops.get(name)!.stop.abort();
      this.loops.delete(name);
    }
    const added: string[] = [];
    for (const entry of entries) {
      const running = this.loops.get(entry.name);
      if (running) running.loop.replace(entry);
      else {
        added.push(entry.name);
        // Before the first reconcile has ended, start() runs it with the rest.
        if (!this.stopping.signal.aborted && this.running) this.add(entry);
      }
    }
    this.entries = entries;
    return { added, removed };
  }

  /** Zoom's event: the entry of its meeting or webinar acts on it at once. Returns whether an entry was its. */
  notify(event: ZoomEvent): boolean {
    const what =
      event.event.endsWith('.started') && !event.event.includes('live_streaming')
        ? 'started'
        : event.event.endsWith('.ended')
          ? 'ended'
          : undefined;
    if (!what || !event.kind || !event.id) return false;
    const entry = this.entries.find((e) => e.target.kind === event.kind && e.target.id === event.id);
    const running = entry && this.loops.get(entry.name);
    running?.loop.hear(what);
    return Boolean(running);
  }

  /** Every entry reads Zoom now: events may have been lost while the event source was down. */
  recheck(): void {
    for (const running of this.loops.values()) running.loop.recheck();
  }

  /** Stops watching, within the grace period; every stream is left as it is. */
  async stop(): Promise<void> {
    this.stopping.abort();
    const all = [...this.loops.values()].map((r) => r.done);
    if (this.reconciling) all.push(this.reconciling);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)));
    await Promise.race([Promise.allSettled(all), grace]);
    clearTimeout(timer);
    this.youtube.tokens.close();
  }

  private add(entry: FleetEntry): void {
    const stop = new AbortController();
    const signal = AbortSignal.any([this.stopping.signal, stop.signal]);
    const { clock } = this.options;
    const loop = new EntryLoop(entry, {
      client: this.client,
      options: this.options,
      signal,
      // An entry with confirm: and without youtube: has a stream of its own.
      readerFor: (e) => destinationReader(e.confirm!.destination, destinationStream(e.stream!.stream_url, e.stream!.stream_key), { clock }),
      youtubeFor: (e) => new EntryYouTube(e, this.client, this.youtube),
      onChange: (status, from, reason) => this.options.onTransition(this.transition(status, from, reason)),
      onAlert: (status, event, reason) => this.options.onAlert?.(this.alert(status, event, reason)),
      log: this.options.log,
    });
    this.loops.set(entry.name, { loop, stop, done: loop.run() });
  }

  private transition(status: EntryStatus, from: StreamState, reason: string): Transition {
    return { time: isoSeconds(this.options.clock.now()), stream: status.stream, target: status.target, from, to: status.state, reason };
  }

  private alert(status: EntryStatus, event: AlertEvent, reason: string): Alert {
    return {
      event,
      time: isoSeconds(this.options.clock.now()),
      stream: status.stream,
      target: status.target,
      state: status.state,
      reason,
      text: `${status.stream} (${status.target}): ${event}: ${reason}`,
    };
  }

  /** apply at start and every reconcile interval: one update per entry that differs, none for the rest. */
  private async reconcileLoop(afterFirst: () => void): Promise<void> {
    const signal = this.stopping.signal;
    try {
      for (let first = true; ; first = false) {
        const report = await runFleet(this.client, 'apply', this.entries, { signal });
        if (signal.aborted) return;
        if (first) afterFirst();
        const auth = report.entries.find((e) => e.error?.kind === 'auth');
        this.notReady = auth ? `Zoom's token cannot be had: ${why(auth.error, this.options.words)}` : undefined;
        const notes = [`${report.changed} updated`, ...(report.failed ? [`${report.failed} failed`] : [])];
        this.options.log(`reconciled ${report.entries.length} entries with Zoom: ${notes.join(', ')}`);
        for (const entry of report.entries.filter((e) => e.outcome === 'failed'))
          this.options.log(`reconcile: ${entry.name}: ${entry.error ? why(entry.error, this.options.words) : 'failed'}`);
        await this.options.clock.sleep(this.options.reconcileEveryMs, signal);
      }
    } catch (error) {
      if (!(error instanceof CancelledError) && !signal.aborted) this.options.log(`reconcile stopped: ${why(error, this.options.words)}`);
    }
  }
}
