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

/**
 * Why the sandbox will not publish to a stream URL, or undefined when it will: only RTMP(S) to this
 * machine's loopback. A real destination (the docs' rtmp://a.rtmp.youtube.com/live2 with a real key)
 * would get a test pattern on a real channel, and file:, tcp: or udp: would let a local process
 * make the sandbox write files or send packets.
 */
export function notPublishable(streamUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(streamUrl);
  } catch {
    return 'the stream URL is not a URL';
  }
  if (url.protocol !== 'rtmp:' && url.protocol !== 'rtmps:') return `it publishes RTMP only, not ${url.protocol.slice(0, 12)}`;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  return loopback ? undefined : `it publishes only to this machine's loopback (127.0.0.1, ::1), not ${host.slice(0, 64)}`;
}

/** Only the protocols an RTMP(S) publish needs: ffmpeg refuses any other the URL would lead it to. */
const PROTOCOLS = ['-protocol_whitelist', 'rtmp,rtmps,tcp,tls'];

/**
 * ffmpeg under a watchdog shell: the shell's stdin is a pipe from this process, so when this process
 * ends (killed, crashed, a test runner's timeout), the pipe closes, `read` returns and ffmpeg is
 * killed with it. The group is killed on stop.
 */
const WATCHDOG =
  // A background list's stdin is /dev/null in sh: the pipe is handed to the watcher as fd 3.
  'exec 3<&0; ffmpeg="$1"; shift; "$ffmpeg" "$@" </dev/null 3<&- & p=$!; (read _ <&3; kill -9 $p 2>/dev/null) & w=$!; exec 3<&-; wait $p; s=$?; kill $w 2>/dev/null; exit $s';

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
  /** The streams whose URL was refused, with the URL: said once each. */
  private readonly refused = new Map<string, string>();
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
      stopChild(current.child);
    }
    if (url === undefined) return;
    const why = notPublishable(url);
    if (why === undefined) return this.spawn(key, url);
    if (this.refused.get(key) !== url) this.options.log?.(`publisher for ${key}: not publishing: ${why}`);
    this.refused.set(key, url);
  }

  private spawn(key: string, url: string): void {
    const args = [...TEST_PATTERN, ...PROTOCOLS, url];
    const child =
      process.platform === 'win32'
        ? spawn(this.options.ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] })
        : spawn('/bin/sh', ['-c', WATCHDOG, 'sh', this.options.ffmpeg, ...args], { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
    child.stdin?.on('error', () => undefined);
    const entry = { child, url };
    const began = Date.now();
    this.running.set(key, entry);
    let said = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (said.length < 500) said += chunk.toString('utf8');
    });
    child.on('error', (error) => this.options.log?.(`publisher for ${key} could not start: ${error.message}`));
    child.on('exit', (code, signal) => {
      if (this.running.get(key) !== entry) return;
      this.running.delete(key);
      // The key is the stream's secret: never in the log, nor the URL that carries it.
      const why = said ? said.split(url).join('***').trim().slice(0, 200) : signal ? `signal ${signal}` : `exit code ${String(code)}`;
      this.options.log?.(`publisher for ${key} ended: ${why}`);
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
            stopChild(child);
          }),
      ),
    );
  }
}

/** Ends a publisher: its whole group (the watchdog shell, ffmpeg, the watcher) where it has one. */
function stopChild(child: ChildProcess): void {
  try {
    if (process.platform !== 'win32' && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // Gone already.
  }
}
