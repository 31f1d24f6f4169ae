/**
 * One entry kept live, on its own (one meeting's trouble never slows another's): it waits for its
 * host, starts the stream once, confirms it at the destination and watches it (`dropped`,
 * `recovered`, `unknown`), restarts a lasting drop a limited number of times per meeting, and
 * forgets it when the meeting ends. It never stops a stream on its own account.
 */
import { CancelledError } from '../errors.js';
import type { Clock } from '../http/clock.js';
import { coreWords, worded } from '../words.js';
import { isProblem, type DestinationReader } from '../confirm/reader.js';
import { isNotStarted } from '../tasks/wait.js';
import type { FleetEntry } from '../fleet/file.js';
import type { EntryStatus, StreamState } from './states.js';
import { CALENDAR_REREAD_MS, why, type LoopHooks } from './loop-hooks.js';
import { STREAM_START_RETRY_MS } from '../zoom/rate-limits.js';
import { confirmEntry } from './confirm-entry.js';
import { Drop } from './drops.js';
import { ReadingJudge } from './reading-judge.js';
import { endOf, readTargetState, type TargetState } from './target-state.js';

export class EntryLoop {
  readonly status: EntryStatus;
  private lastStartAt = -Infinity;
  private reader?: DestinationReader;
  /** The last failure of a start, alerted once. */
  private lastFailure?: string;
  /** What Zoom's event said, for the loop's next step. */
  private heard?: 'started' | 'ended';
  /** Ends the loop's current pause (an event, or a read asked for after a reconnect). */
  private wake?: () => void;

  constructor(
    private entry: FleetEntry,
    private readonly hooks: LoopHooks,
  ) {
    this.status = {
      stream: entry.name,
      target: `${entry.target.kind} ${entry.target.id}`,
      state: 'scheduled',
      sinceMs: hooks.options.clock.now(),
      restarts: 0,
      ...(entry.confirm ? { destination: entry.confirm.destination.kind } : {}),
    };
  }

  /** The file was read again: the entry's new settings apply from the next step (the state stays). */
  replace(entry: FleetEntry): void {
    this.entry = entry;
    this.closeReader();
  }

  /** Zoom's event for this entry's meeting or webinar: acted on at once, whatever its window. */
  hear(what: 'started' | 'ended'): void {
    this.heard = what;
    this.wake?.();
  }

  /** Reads Zoom now rather than at the next poll (events may have been missed meanwhile). */
  recheck(): void {
    this.wake?.();
  }

  /** Runs until the controller ends; settles, never rejects. */
  async run(): Promise<void> {
    try {
      for (;;) {
        if (await this.goLive(await this.untilRunning())) await this.whileRunning();
      }
    } catch (error) {
      if (!(error instanceof CancelledError) && !this.hooks.signal.aborted)
        this.hooks.log(`${this.entry.name}: stopped watching: ${why(error, this.hooks.options.words)}`);
    } finally {
      this.closeReader();
    }
  }

  private get clock(): Clock {
    return this.hooks.options.clock;
  }

  private move(to: StreamState, reason: string): void {
    const from = this.status.state;
    if (from === to) return;
    this.status.state = to;
    this.status.sinceMs = this.clock.now();
    this.hooks.onChange(this.status, from, reason);
  }

  /** A pause that an event or a recheck ends early; the controller's end rejects it (cancelled). */
  private sleep(ms: number): Promise<void> {
    if (this.heard) return Promise.resolve();
    // A listener removed after each pause, not a composite signal per pause (there are millions).
    const nap = new AbortController();
    const { signal } = this.hooks;
    const end = () => nap.abort();
    if (signal.aborted) end();
    else signal.addEventListener('abort', end, { once: true });
    this.wake = end;
    return this.clock
      .sleep(ms, nap.signal)
      .catch((error: unknown) => {
        if (signal.aborted) throw error;
      })
      .finally(() => {
        this.wake = undefined;
        signal.removeEventListener('abort', end);
      });
  }

  private destination(): DestinationReader | undefined {
    if (!this.entry.confirm) return undefined;
    this.reader ??= this.hooks.readerFor(this.entry);
    return this.reader;
  }

  private closeReader(): void {
    this.reader?.close();
    this.reader = undefined;
  }

  private readTarget(): Promise<TargetState> {
    return readTargetState(this.hooks.client, this.entry.target, { ...this.hooks.options, signal: this.hooks.signal });
  }

  /**
   * Until the host starts it: a meeting's read says `started`; a webinar's read has no status, so
   * within its window a start is tried, at most every 30 s. Returns true when that start was accepted.
   */
  private async untilRunning(): Promise<boolean> {
    const { pollIntervalMs } = this.hooks.options;
    let pause: number;
    for (; ; await this.sleep(pause)) {
      pause = pollIntervalMs;
      const heard = this.heard;
      this.heard = undefined;
      if (heard === 'started') {
        if (this.entry.target.kind === 'meeting') return false;
        if ((await this.start("Zoom's event: the webinar started")) === 'accepted') return true;
        continue;
      }
      let target;
      try {
        target = await this.readTarget();
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        this.status.problem = why(error, this.hooks.options.words);
        continue;
      }
      if (target.started) return false;
      this.move(target.open ? 'waiting' : 'scheduled', target.open ? 'its window is open: waiting for the host' : 'not due yet');
      // A closed window is read again when it opens, or in 10 minutes (its calendar may change): a fleet's reads stay few.
      if (!target.open) pause = Math.max(pollIntervalMs, Math.min(CALENDAR_REREAD_MS, (target.opensAt ?? Infinity) - this.clock.now()));
      else if (this.entry.target.kind === 'webinar' && this.clock.now() - this.lastStartAt >= STREAM_START_RETRY_MS) {
        if ((await this.start('the webinar is due: trying its start')) === 'accepted') return true;
      }
    }
  }

  /** Sends the start (with the entry's settings). A failure is alerted once while it stays the same (retries follow every poll). */
  private async start(reason: string): Promise<'accepted' | 'not started' | 'failed'> {
    const wait = this.lastStartAt + STREAM_START_RETRY_MS - this.clock.now();
    if (wait > 0) await this.sleep(wait);
    if (this.status.state !== 'failed') this.move('starting', reason);
    this.lastStartAt = this.clock.now();
    try {
      const settings = Object.keys(this.entry.settings).length ? { settings: this.entry.settings } : {};
      const answer = await this.hooks.client.setLiveStreamStatus(
        this.entry.target,
        { action: 'start', ...settings },
        { signal: this.hooks.signal },
      );
      this.status.problem = this.lastFailure = undefined;
      this.move('accepted', answer.state === 'already live' ? 'Zoom says it is already live: adopted' : 'Zoom accepted the start');
      return 'accepted';
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      if (isNotStarted(error)) {
        this.move('waiting', 'the host has not started it yet');
        return 'not started';
      }
      const problem = why(error, this.hooks.options.words);
      this.status.problem = problem;
      this.move('failed', `the start failed: ${problem}`);
      if (problem !== this.lastFailure) this.hooks.onAlert(this.status, 'failed', `the start failed: ${problem}`);
      this.lastFailure = problem;
      return 'failed';
    }
  }

  /** The stream on air (true): adopted when the destination already receives it, else started (again each poll while it fails) and confirmed; false when the host has not started it after all. */
  private async goLive(accepted: boolean): Promise<boolean> {
    const reader = this.destination();
    if (!accepted && reader) {
      const reading = await reader.read(this.hooks.signal);
      if (!isProblem(reading) && reading.publishing) {
        this.move('publishing', 'already publishing at the destination: adopted, not restarted');
        return true;
      }
    }
    for (
      let outcome = accepted ? 'accepted' : await this.start('the host started it');
      outcome !== 'accepted';
      outcome = await this.start('the host started it')
    ) {
      if (outcome === 'not started') return false;
      await this.sleep(this.hooks.options.pollIntervalMs);
    }
    await this.confirm(true);
    return true;
  }

  /** `alert`: a start not confirmed is told; after a restart, the watch's next drop or recovery says it. */
  private async confirm(alert: boolean): Promise<void> {
    const reader = this.destination();
    if (!reader || !this.entry.confirm) return;
    const { words } = this.hooks.options;
    const options = { clock: this.clock, signal: this.hooks.signal, onLevel: this.move.bind(this), ...(words ? { words } : {}) };
    const notLive = await confirmEntry(reader, this.entry.confirm, this.status, options);
    if (notLive && alert) this.hooks.onAlert(this.status, 'not confirmed', (this.status.problem = notLive));
  }

  /** Watches until the meeting ends: drops, recoveries, restarts. */
  private async whileRunning(): Promise<void> {
    const { pollIntervalMs, watchEveryMs, restartAfterMs, maxRestarts } = this.hooks.options;
    let lastRead = this.clock.now();
    const judge = new ReadingJudge();
    const drop = new Drop(restartAfterMs, maxRestarts);
    this.status.restarts = 0;
    for (;;) {
      await this.sleep(this.entry.confirm ? watchEveryMs : pollIntervalMs);
      const heard = this.heard;
      this.heard = undefined;
      const readNow = this.clock.now() - lastRead >= pollIntervalMs || !this.entry.confirm;
      if (readNow) lastRead = this.clock.now();
      const ended = heard === 'ended' ? `Zoom's event: the ${this.entry.target.kind} ended` : readNow ? await this.ended() : undefined;
      if (ended) {
        this.move('stopped', ended);
        this.lastStartAt = -Infinity;
        return;
      }
      const reader = this.destination();
      const confirm = this.entry.confirm;
      if (!reader || !confirm) continue;
      const reading = await reader.read(this.hooks.signal);
      if (isProblem(reading)) {
        this.status.problem = worded(reading.problem, this.hooks.options.words ?? coreWords);
        this.move('unknown', `the destination could not be read: ${this.status.problem}`);
        continue;
      }
      if (reading.bytes !== undefined) this.status.receivedBytes = reading.bytes;
      const { level, up, bitsPerSecond } = judge.judge(reading, this.clock.now(), confirm.level);
      if (bitsPerSecond !== undefined) this.status.bitsPerSecond = bitsPerSecond;
      if (up) {
        const was = this.status.state;
        this.status.problem = undefined;
        this.move(level, was === 'dropped' ? 'recovered' : `${level} at ${confirm.destination.kind}`);
        if (was === 'dropped') this.hooks.onAlert(this.status, 'recovered', `${level} again at ${confirm.destination.kind}`);
        drop.over();
      } else if (up === false) {
        if (drop.begins(this.clock.now())) {
          const reason = `the destination ${reading.publishing ? 'receives no bytes' : 'lists no publisher'}`;
          this.move('dropped', reason);
          this.hooks.onAlert(this.status, 'dropped', reason);
        }
        const next = drop.next(this.clock.now(), this.status.restarts);
        if (next && 'spent' in next) {
          this.status.problem = next.spent;
          this.hooks.onAlert(this.status, 'failed', next.spent);
        } else if (next) {
          await this.restart();
          judge.reset();
        }
      }
    }
  }

  /** Why the meeting is over, or undefined while it runs (a failed read says nothing either way). */
  private async ended(): Promise<string | undefined> {
    try {
      return endOf(await this.readTarget());
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      this.status.problem = why(error, this.hooks.options.words);
      return undefined;
    }
  }

  private async restart(): Promise<void> {
    this.status.restarts++;
    const attempt = `restart ${this.status.restarts} of ${this.hooks.options.maxRestarts}`;
    this.move('restarting', attempt);
    this.hooks.onAlert(this.status, 'restarting', attempt);
    try {
      await this.hooks.client.setLiveStreamStatus(this.entry.target, { action: 'stop' }, { signal: this.hooks.signal });
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      this.hooks.log(`${this.entry.name}: the stop before ${attempt} failed: ${why(error, this.hooks.options.words)}`);
    }
    if ((await this.start(attempt)) === 'accepted') await this.confirm(false);
  }
}
