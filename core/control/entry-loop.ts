/**
 * One entry kept live, on its own (one meeting's trouble never slows another's): it waits for its
 * host, starts the stream once, confirms it at the destination and watches it (`dropped`,
 * `recovered`, `unknown`), restarts a lasting drop a limited number of times per meeting, and
 * forgets it when the meeting ends. It never stops a stream on its own account. A YouTube entry
 * (entry-youtube.ts) gets its stream and broadcast before the start, goes `on-air`, is watched every
 * 40 s at least (each read costs quota), and has its broadcast completed when the meeting ends.
 */
import { CancelledError } from '../errors.js';
import type { Clock } from '../http/clock.js';
import { coreWords, worded } from '../words.js';
import { isProblem, type DestinationReader, type ReadProblem } from '../confirm/reader.js';
import type { ConfirmRequest } from '../confirm/request.js';
import { YOUTUBE_WATCH_MS } from '../confirm/youtube.js';
import { isNotStarted } from '../tasks/wait.js';
import type { FleetEntry } from '../fleet/file.js';
import type { EntryStatus, StreamState } from './states.js';
import { CALENDAR_REREAD_MS, why, type LoopHooks } from './loop-hooks.js';
import { STREAM_START_RETRY_MS } from '../zoom/rate-limits.js';
import { confirmEntry } from './confirm-entry.js';
import type { EntryYouTube } from './entry-youtube.js';
import { Drop } from './drops.js';
import { ReadingJudge } from './reading-judge.js';
import { endOf, readTargetState, type TargetState } from './target-state.js';

export class EntryLoop {
  readonly status: EntryStatus;
  private lastStartAt = -Infinity;
  private reader?: DestinationReader;
  private youtubeSide?: EntryYouTube;
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
      ...(entry.confirm || entry.youtube ? { destination: entry.youtube ? 'youtube' : entry.confirm!.destination.kind } : {}),
    };
  }

  /** The file was read again: the entry's new settings apply from the next step (the state stays; YouTube's meeting too, its settings unchanged). */
  replace(entry: FleetEntry): void {
    if (JSON.stringify(entry.youtube) !== JSON.stringify(this.entry.youtube)) this.closeYouTube();
    this.entry = entry;
    this.closeReader();
  }

  /** The status with the YouTube units the entry spent. */
  snapshot(): EntryStatus {
    return { ...this.status, ...(this.youtubeSide ? { youtubeUnits: this.youtubeSide.units } : {}) };
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
      this.closeYouTube();
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

  /** The entry's YouTube side, when it streams to YouTube. */
  private get youtube(): EntryYouTube | undefined {
    if (this.entry.youtube) this.youtubeSide ??= this.hooks.youtubeFor(this.entry);
    return this.youtubeSide;
  }

  /** Where the entry is confirmed and watched: its confirm:, or YouTube's. */
  private get confirmRequest(): ConfirmRequest | undefined {
    return this.youtube?.confirm ?? this.entry.confirm;
  }

  /** The entry's reader, or why there is none now (a YouTube entry finds its stream first: a refusal, the quota's, is a problem). */
  private async destination(): Promise<DestinationReader | ReadProblem | undefined> {
    if (this.reader) return this.reader;
    const youtube = this.youtube;
    if (!youtube) return (this.reader = this.entry.confirm ? this.hooks.readerFor(this.entry) : undefined);
    try {
      return (this.reader = await youtube.reader(this.hooks.signal));
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      return { problem: why(error, this.hooks.options.words) };
    }
  }

  private closeReader(): void {
    this.reader?.close();
    this.reader = undefined;
  }

  private closeYouTube(): void {
    this.youtubeSide?.close();
    this.youtubeSide = undefined;
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
      await this.youtube?.beforeStart(this.hooks.signal);
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
    if (!accepted && (await this.adopted())) return true;
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

  /** A stream the destination already receives (run started again while it was live): adopted, not restarted. */
  private async adopted(): Promise<boolean> {
    try {
      const reader = await this.destination();
      if (!reader) return false;
      const reading = 'problem' in reader ? reader : await reader.read(this.hooks.signal);
      if (isProblem(reading) || !reading.publishing) return false;
      await this.youtube?.adopt(this.hooks.signal);
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      this.status.problem = why(error, this.hooks.options.words);
      return false;
    }
    if (this.youtube?.onAir) this.move('on-air', 'already on air at YouTube: adopted, not restarted');
    else {
      this.move('publishing', 'already publishing at the destination: adopted, not restarted');
      await this.airAdopted();
    }
    return true;
  }

  /**
   * A YouTube stream adopted without a broadcast on air (the last run stopped before it went live,
   * or it was ended in YouTube Studio): one is made, Zoom given its watch URL, and put on air.
   */
  private async airAdopted(): Promise<void> {
    const youtube = this.youtube;
    const request = this.confirmRequest;
    if (!youtube?.createsBroadcasts || !request) return;
    let problem: string | undefined;
    try {
      await youtube.beforeStart(this.hooks.signal);
      problem = await this.putOnAir(this.clock.now() + request.timeoutMs);
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      problem = `YouTube's broadcast could not be made: ${why(error, this.hooks.options.words)}`;
    }
    if (!problem) return;
    this.status.problem = problem;
    this.hooks.onAlert(this.status, 'not confirmed', problem);
  }

  /** `alert`: a start not confirmed (or not on air) is told; after a restart, the watch's next drop or recovery says it. */
  private async confirm(alert: boolean): Promise<void> {
    const reader = await this.destination();
    const request = this.confirmRequest;
    if (!reader || !request) return;
    const { words } = this.hooks.options;
    const options = { clock: this.clock, signal: this.hooks.signal, onLevel: this.move.bind(this), ...(words ? { words } : {}) };
    const deadline = this.clock.now() + request.timeoutMs;
    const notLive =
      'problem' in reader
        ? `not confirmed: ${reader.problem}`
        : ((await confirmEntry(reader, request, this.status, options)) ?? (await this.putOnAir(deadline)));
    if (notLive) this.status.problem = notLive;
    if (notLive && alert) this.hooks.onAlert(this.status, 'not confirmed', notLive);
  }

  /** A YouTube entry's broadcast put on air once its stream receives; why not, if it is not. */
  private async putOnAir(deadline: number): Promise<string | undefined> {
    const youtube = this.youtube;
    if (!youtube) return undefined;
    try {
      const notOnAir = await youtube.putOnAir(deadline, this.hooks.signal);
      if (!notOnAir && youtube.onAir) this.move('on-air', "YouTube's broadcast is live");
      return notOnAir;
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      return `YouTube's broadcast could not go on air: ${why(error, this.hooks.options.words)}`;
    }
  }

  /** The meeting is over: a YouTube entry's broadcast completed (the reason says which), a failure alerted. */
  private async ending(ended: string): Promise<void> {
    this.lastStartAt = -Infinity;
    const youtube = this.youtube;
    let done;
    try {
      done = await youtube?.complete(this.hooks.signal);
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      this.move('stopped', ended);
      const problem = (this.status.problem = `YouTube's broadcast could not be completed: ${why(error, this.hooks.options.words)}`);
      this.hooks.onAlert(this.status, 'failed', problem);
      return;
    }
    const completed = [...(done?.completed ?? []), ...(done?.alreadyComplete ?? [])];
    this.move('stopped', completed.length ? `${ended}; YouTube broadcast ${completed.join(', ')} complete` : ended);
  }

  /** Watches until the meeting ends: drops, recoveries, restarts. */
  private async whileRunning(): Promise<void> {
    const { pollIntervalMs, restartAfterMs, maxRestarts } = this.hooks.options;
    // Each of YouTube's reads costs a unit of its daily quota.
    const watchEveryMs = this.entry.youtube ? Math.max(this.hooks.options.watchEveryMs, YOUTUBE_WATCH_MS) : this.hooks.options.watchEveryMs;
    let lastRead = this.clock.now();
    const judge = new ReadingJudge();
    const drop = new Drop(restartAfterMs, maxRestarts);
    this.status.restarts = 0;
    for (;;) {
      const confirm = this.confirmRequest;
      await this.sleep(confirm ? watchEveryMs : pollIntervalMs);
      const heard = this.heard;
      this.heard = undefined;
      const readNow = this.clock.now() - lastRead >= pollIntervalMs || !confirm;
      if (readNow) lastRead = this.clock.now();
      const ended = heard === 'ended' ? `Zoom's event: the ${this.entry.target.kind} ended` : readNow ? await this.ended() : undefined;
      if (ended) return this.ending(ended);
      const reader = await this.destination();
      if (!reader || !confirm) continue;
      const reading = 'problem' in reader ? reader : await reader.read(this.hooks.signal);
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
        // A drop leaves YouTube's broadcast live (it is never stopped automatically): on air again once video is back.
        this.move(this.youtube?.onAir ? 'on-air' : level, was === 'dropped' ? 'recovered' : `${level} at ${confirm.destination.kind}`);
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
