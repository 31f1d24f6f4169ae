/**
 * What Zoom does once a stream starts: it publishes RTMP to the configured stream URL and key. The
 * sandbox does it for real, with ffmpeg pushing a test pattern, until the stream stops or the meeting
 * ends. The host's client can also fail to reach the destination (`blocked`): then nothing is
 * published, as when a key is wrong or a firewall is in the way. A publisher that ends on its own
 * (the destination restarted) is started again while the stream is meant to be on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Timers } from './timers.js';

export interface PublisherOptions {
  /** The ffmpeg to run. */
  ffmpeg: string;
  log?: (line: string) => void;
}

/** The URL ffmpeg publishes to: the stream URL, then the key as the stream's name. */
export function publishUrl(streamUrl: string, streamKey: string): string {
  return `${streamUrl.replace(/\/+$/, '')}/${streamKey}`;
}

/** A small test pattern and a tone: cheap to encode on a busy machine, real H.264 and AAC. */
const TEST_PATTERN = [
  '-hide_banner',
  '-loglevel',
  'error',
  '-nostdin',
  '-re',
  '-f',
  'lavfi',
  '-i',
  'testsrc=size=320x180:rate=15',
  '-f',
  'lavfi',
  '-i',
  'sine=frequency=440:sample_rate=44100',
  '-c:v',
  'libx264',
  '-preset',
  'ultrafast',
  '-tune',
  'zerolatency',
  '-g',
  '30',
  '-b:v',
  '300k',
  '-c:a',
  'aac',
  '-b:a',
  '64k',
  '-f',
  'flv',
];

/** Between a publisher that ended on its own and the next: doubled after each quick end, up to a cap. */
const RESTART_MS = 1_000;
const MAX_RESTART_MS = 30_000;
/** A publisher that ran this long was working: the next restart waits the shortest again. */
const HEALTHY_MS = 10_000;

export class Publishers {
  private readonly running = new Map<string, { child: ChildProcess; url: string }>();
  private readonly wanted = new Map<string, string>();
  private readonly blocked = new Set<string>();
  /** Quick ends in a row, per stream: an unreachable destination is retried ever more slowly. */
  private readonly failures = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly options: PublisherOptions,
    private readonly timers: Timers,
  ) {}

  /** Publishing to `url` for `key` (kind:id) from now on, or not (`url` undefined). */
  want(key: string, url: string | undefined): void {
    if (url === undefined) this.wanted.delete(key);
    else this.wanted.set(key, url);
    this.sync(key);
  }

  /** The host's client cannot reach the destination (true), or can again (false). */
  block(key: string, blocked: boolean): void {
    if (blocked) this.blocked.add(key);
    else this.blocked.delete(key);
    this.sync(key);
  }

  isPublishing(key: string): boolean {
    return this.running.has(key);
  }

  private sync(key: string): void {
    const url = this.closed || this.blocked.has(key) ? undefined : this.wanted.get(key);
    const current = this.running.get(key);
    if (current && current.url === url) return;
    if (current) {
      this.running.delete(key);
      current.child.kill('SIGKILL');
    }
    if (url !== undefined) this.spawn(key, url);
  }

  private spawn(key: string, url: string): void {
    const child = spawn(this.options.ffmpeg, [...TEST_PATTERN, url], { stdio: ['ignore', 'ignore', 'pipe'] });
    const entry = { child, url };
    const began = Date.now();
    this.running.set(key, entry);
    let said = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (said.length < 500) said += chunk.toString('utf8');
    });
    child.on('error', (error) => this.options.log?.(`publisher for ${key} could not start: ${error.message}`));
    child.on('exit', () => {
      if (this.running.get(key) !== entry) return;
      this.running.delete(key);
      // The key is the stream's secret: never in the log, nor the URL that carries it.
      this.options.log?.(`publisher for ${key} ended${said ? `: ${said.split(url).join('***').trim().slice(0, 200)}` : ''}`);
      const quick = Date.now() - began < HEALTHY_MS ? (this.failures.get(key) ?? 0) + 1 : 0;
      this.failures.set(key, quick);
      this.timers.later(Math.min(RESTART_MS * 2 ** Math.max(quick - 1, 0), MAX_RESTART_MS), () => this.sync(key));
    });
  }

  /** Stops every publisher and waits for them to exit. */
  async close(): Promise<void> {
    this.closed = true;
    const children = [...this.running.values()].map((r) => r.child);
    this.running.clear();
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
  }
}
