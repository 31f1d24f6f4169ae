/** Waits as people write and read them, and the bounds on waiting for a host. */
import { ValidationError } from '../errors.js';
import { describeValue, durationText, quote } from '../text.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** A GitHub job runs at most 6 hours, so no wait is longer. */
export const MAX_WAIT_FOR_START_MS = 6 * HOUR;
export const DEFAULT_POLL_INTERVAL_MS = 15 * SECOND;
/** Zoom's Light limit is per account and shared: a wait must not become a flood. */
export const MIN_POLL_INTERVAL_MS = 5 * SECOND;
export const MAX_POLL_INTERVAL_MS = HOUR;

/** A wait in ms within [min, max]; `field` names the setting in the message. */
export function checkDurationMs(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const got = typeof value === 'number' && Number.isFinite(value) ? durationText(value) : describeValue(value);
    const range = `from ${min === 0 ? '0' : durationText(min)} to ${durationText(max)}`;
    throw new ValidationError(field, `must be ${range}, got ${got}.`, `Give a duration ${range}.`);
  }
  return Math.round(value);
}

const UNIT_MS: Readonly<Record<string, number>> = { h: HOUR, m: MINUTE, s: SECOND };

/**
 * A duration as people write it in a workflow: seconds ("90"), or numbers with units, largest first
 * ("90s", "45m", "2h", "1h30m"). Returns ms; `name` is the setting named in the message; the range
 * is the caller's to check.
 */
export function parseDuration(name: string, value: string): number {
  const text = value.replace(/\s+/g, '').toLowerCase();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const parts = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!text || !parts) {
    throw new ValidationError(
      name,
      `${quote(value)} is not a duration.`,
      `Write seconds (90) or a number with a unit: 90s, 45m, 2h (or 1h30m).`,
    );
  }
  return ['h', 'm', 's'].reduce((ms, unit, i) => ms + Number(parts[i + 1] ?? 0) * UNIT_MS[unit]!, 0);
}
