/** SIGINT and SIGTERM cancel what is in flight: the signal to pass on, which of them came, and its exit code. */
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';

export interface Interruption {
  signal: AbortSignal;
  /** The first of SIGINT and SIGTERM that came, if one did. */
  readonly by: 'SIGINT' | 'SIGTERM' | undefined;
  exitCode(): number;
  /** Stops listening (the command has ended). */
  stop(): void;
}

export function listenForInterruption(io: Io): Interruption {
  const controller = new AbortController();
  let by: Interruption['by'];
  const stop = io.onSignal((signal) => {
    by ??= signal;
    controller.abort();
  });
  return {
    signal: controller.signal,
    get by() {
      return by;
    },
    exitCode: () => (by === 'SIGINT' ? EXIT.sigint : EXIT.sigterm),
    stop,
  };
}
