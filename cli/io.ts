/** What the command writes to and listens on: the process, or a test's capture. */
import type { Clock } from '../core/index.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour only for a terminal (and never with NO_COLOR). */
  colour: boolean;
  /** Calls `handler` on SIGINT or SIGTERM until the returned function is called. */
  onSignal(handler: (signal: 'SIGINT' | 'SIGTERM') => void): () => void;
  /** Calls `handler` on SIGHUP (run reads its file again) until the returned function is called. */
  onReload?(handler: () => void): () => void;
  /** What the command waits by (a test's fake clock; unset: the real one). */
  clock?: Clock;
  /** A streams file's run is about to begin: the process may tune itself for it (from-process.ts). */
  beforeFleet?(): void;
}
