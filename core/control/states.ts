/**
 * What the controller says of each entry: its state, and every change of it as one line, with the
 * reason. A recovery is the move from `dropped` back to `publishing`, `receiving` or `on-air` (a
 * YouTube entry whose broadcast is live).
 */
export const STREAM_STATES = [
  'scheduled',
  'waiting',
  'starting',
  'accepted',
  'publishing',
  'receiving',
  'on-air',
  'dropped',
  'restarting',
  'stopped',
  'failed',
  'unknown',
] as const;
export type StreamState = (typeof STREAM_STATES)[number];

/** One change of an entry's state: stdout's JSON line. */
export interface Transition {
  time: string;
  stream: string;
  /** `meeting 85746065123`, `webinar 9123`. */
  target: string;
  from: StreamState;
  to: StreamState;
  reason: string;
}

/** What a person is told of (alerts): a drop, its end, restarts, and what needs them. */
export type AlertEvent = 'dropped' | 'recovered' | 'failed' | 'not confirmed' | 'restarting';

export interface Alert {
  event: AlertEvent;
  time: string;
  stream: string;
  target: string;
  state: StreamState;
  reason: string;
  /** One line a chat webhook shows as it is. */
  text: string;
}

/** An entry as the status page, /api/streams and the metrics show it. */
export interface EntryStatus {
  stream: string;
  target: string;
  state: StreamState;
  /** When it entered the state (client clock, ms). */
  sinceMs: number;
  restarts: number;
  /** The destination's kind, when the entry is confirmed at one. */
  destination?: string;
  receivedBytes?: number;
  bitsPerSecond?: number;
  /** A YouTube entry's quota units spent since it joined. */
  youtubeUnits?: number;
  /** The last problem, with its fix where one is known. */
  problem?: string;
}
