/**
 * `zoom-livestream run` in this process on a manual clock that the test moves: its stdout's JSON
 * lines, its stderr, SIGTERM and SIGHUP as the test sends them, and time moved on only while every
 * loop sleeps (the controller is idle), however busy the machine.
 */
import { main } from '../../cli/main.js';
import { until } from '../../harness/until.js';
import { ManualClock } from './clock.js';

export interface Transition {
  time: string;
  stream: string;
  from: string;
  to: string;
  reason: string;
}

export interface RunInProcess {
  /** The status server's base URL (with --listen). */
  base: string;
  clock: ManualClock;
  out(): string;
  err(): string;
  /** stdout's transitions so far. */
  lines(): Transition[];
  reload(): void;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number>;
  /**
   * Moves time to the next wake-up whenever `loops` loops sleep, until `done`. While `hold` says so
   * (something real, such as RTMP bytes, has not happened yet), time stands still.
   */
  advanceUntil(done: () => boolean, loops: number, what: string, hold?: () => boolean | Promise<boolean>): Promise<void>;
}

/** Starts `run` with `args` and `env`; resolves once it runs (its status server listening), or refused to run. `context` adds to a timeout's message. */
export async function runInProcess(args: string[], env: Record<string, string>, context: () => string = () => ''): Promise<RunInProcess> {
  let stdout = '';
  let stderr = '';
  let terminate: ((s: 'SIGTERM') => void) | undefined;
  let reload: (() => void) | undefined;
  const clock = new ManualClock();
  const exit = main(['run', ...args], env, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    colour: false,
    clock,
    onSignal: (handler) => {
      terminate = handler;
      return () => undefined;
    },
    onReload: (handler) => {
      reload = handler;
      return () => (reload = undefined);
    },
  });
  await until(() => /^running \d+ entries/m.test(stderr) || /zoom-livestream:/.test(stderr), 'the controller running');
  return {
    base: /at (http:\S+)/.exec(stderr)?.[1] ?? '',
    clock,
    out: () => stdout,
    err: () => stderr,
    lines: () =>
      stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Transition),
    reload: () => reload?.(),
    stop: () => {
      terminate?.('SIGTERM');
      return exit;
    },
    advanceUntil: async (done, loops, what, hold) => {
      for (let steps = 0; !done(); steps++) {
        if (steps > 1_000) throw new Error(`never: ${what}\n${stdout}\n${stderr}`);
        await until(
          async () => done() || (clock.sleeping >= loops && !(await hold?.())),
          `${what} (${clock.sleeping} asleep, ${context()})\n${stderr}\n${stdout}`,
          60_000,
        );
        if (!done()) clock.next();
      }
    },
  };
}
