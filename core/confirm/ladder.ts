/**
 * How far a start is proven, lowest first: Zoom answered it; Zoom's own event said the stream
 * started (meetings only); the destination lists a publisher on the stream's name; the destination's
 * received byte count grew between two reads at least RECEIVING_WINDOW_MS apart (or a managed
 * service says it receives); a YouTube broadcast bound to the stream is live for its viewers.
 */
export const LADDER = ['accepted', 'zoom-event', 'publishing', 'receiving', 'on-air'] as const;
export type LadderLevel = (typeof LADDER)[number];

/** The levels a user may ask a start to reach: only the destination proves a stream live. */
export const CONFIRM_LEVELS = ['publishing', 'receiving'] as const;
export type ConfirmLevel = (typeof CONFIRM_LEVELS)[number];

/** Destinations read through their own HTTP API: servers people run, then managed services (read by an ID). */
export const DESTINATION_KINDS = [
  'nginx-rtmp',
  'mediamtx',
  'srs',
  'node-media-server',
  'mux',
  'cloudflare',
  'twitch',
  'ivs',
  'youtube',
] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/** Two reads at least this far apart, the later with more bytes: the destination is receiving. */
export const RECEIVING_WINDOW_MS = 5_000;

export function rank(level: LadderLevel): number {
  return LADDER.indexOf(level);
}

/** The higher of two levels. */
export function higher(a: LadderLevel, b: LadderLevel): LadderLevel {
  return rank(a) >= rank(b) ? a : b;
}
