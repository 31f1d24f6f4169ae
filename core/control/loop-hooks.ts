/** What an entry's loop is given: its options, the client, and where it tells of changes. */
import { ZoomError } from '../errors.js';
import type { Clock } from '../http/clock.js';
import { printable } from '../text.js';
import { coreWords, worded, type Words } from '../words.js';
import type { DestinationReader } from '../confirm/reader.js';
import type { ZoomLiveStreamClient } from '../zoom/client.js';
import type { FleetEntry } from '../fleet/file.js';
import type { EntryYouTube } from './entry-youtube.js';
import type { AlertEvent, EntryStatus, StreamState } from './states.js';

/** A meeting whose window is closed is read again this often at most (its calendar may change). */
export const CALENDAR_REREAD_MS = 10 * 60_000;

export interface LoopOptions {
  clock: Clock;
  pollIntervalMs: number;
  dueMs: number;
  watchEveryMs: number;
  /** Unset: a drop is only reported, never restarted. */
  restartAfterMs?: number;
  maxRestarts: number;
  /** The face's words for the settings a message names (run: the streams file's fields); the core's names unless given. */
  words?: Words;
}

export interface LoopHooks {
  client: ZoomLiveStreamClient;
  options: LoopOptions;
  signal: AbortSignal;
  /** The destination's reader for an entry that has `confirm:`. */
  readerFor: (entry: FleetEntry) => DestinationReader;
  /** The YouTube side of an entry that has `youtube:`. */
  youtubeFor: (entry: FleetEntry) => EntryYouTube;
  onChange: (status: EntryStatus, from: StreamState, reason: string) => void;
  onAlert: (status: EntryStatus, event: AlertEvent, reason: string) => void;
  log: (line: string) => void;
}

/** A Zoom error or any failure, as one bounded line in the face's words. */
export const why = (error: unknown, words: Words = coreWords) =>
  printable(worded(error instanceof ZoomError ? error.worded(words).message : String((error as Error)?.message ?? error), words)).slice(
    0,
    300,
  );
