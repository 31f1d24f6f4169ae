/**
 * Zoom's own calendar as the schedule: a meeting's or webinar's start from its read (GET
 * /meetings/{id}, /webinars/{id}): `start_time` and `duration` (minutes); for recurring ones with a
 * fixed time (types 8 and 9) each of `occurrences` (a deleted one skipped). Instant, personal and
 * no-fixed-time ones (types 1, 3, 4, 6) have no time to be due at.
 */

export type Due =
  { due: true; startMs: number } | { due: false; nextStartMs?: number; why: 'not-yet' | 'over' | 'no-fixed-time' | 'no-schedule' };

const NO_FIXED_TIME = [1, 3, 4, 6];
const MINUTE = 60_000;
/** Zoom's default when a read has no duration. */
const DEFAULT_DURATION_MIN = 60;

function time(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

function minutes(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 100_000 ? value : DEFAULT_DURATION_MIN;
}

/** The starts Zoom lists for a read, earliest first, each with its end. */
export function startsOf(details: Record<string, unknown>): { startMs: number; endMs: number }[] | 'no-fixed-time' {
  if (NO_FIXED_TIME.includes(Number(details.type))) return 'no-fixed-time';
  const occurrences = Array.isArray(details.occurrences) ? (details.occurrences as unknown[]).slice(0, 1000) : [];
  const listed = occurrences
    .filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null && (o as Record<string, unknown>).status !== 'deleted')
    .map((o) => ({ start: time(o.start_time), duration: minutes(o.duration ?? details.duration) }));
  const all = listed.length ? listed : [{ start: time(details.start_time), duration: minutes(details.duration) }];
  return all
    .filter((s): s is { start: number; duration: number } => s.start !== undefined)
    .map((s) => ({ startMs: s.start, endMs: s.start + s.duration * MINUTE }))
    .sort((a, b) => a.startMs - b.startMs);
}

/** Due: it begins within `windowMs` from now, or began less than `windowMs` ago and is not over. */
export function dueAt(details: Record<string, unknown>, now: number, windowMs: number): Due {
  const starts = startsOf(details);
  if (starts === 'no-fixed-time') return { due: false, why: 'no-fixed-time' };
  if (!starts.length) return { due: false, why: 'no-schedule' };
  const hit = starts.find((s) => s.startMs - windowMs <= now && now <= s.startMs + windowMs && now < s.endMs);
  if (hit) return { due: true, startMs: hit.startMs };
  const next = starts.find((s) => s.startMs - windowMs > now);
  return next ? { due: false, why: 'not-yet', nextStartMs: next.startMs } : { due: false, why: 'over' };
}
