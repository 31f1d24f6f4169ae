/** Values quoted in messages: short, whatever their size or type; durations as people read them. */

/** C0 and C1 controls: a terminal's escapes (ESC, OSC 52 clipboard writes), CR, line breaks that start a runner command. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\uE000\uE001]/g;

/** Text from the network (or a file) made safe to print on one line: every control character becomes U+FFFD. */
export function printable(text: string): string {
  return text.replace(CONTROLS, '\ufffd');
}

/** How much of a bad value a message quotes: enough to recognise it, never a page (or a megabyte). */
const QUOTE_CHARS = 40;

/** A string as a short quoted prefix; only the prefix is ever copied or escaped, whatever the length. */
export function quote(text: string): string {
  if (text.length <= QUOTE_CHARS) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, QUOTE_CHARS))}... (${text.length} characters)`;
}

/**
 * Any value as short text for a message: never throws (objects without toString, BigInt, cycles),
 * and costs the same for a huge value as for a small one (no serialising of whole objects).
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'function') return 'a function';
  const keys: string[] = [];
  for (const key in value) {
    if (keys.length === 3) {
      keys.push('...');
      break;
    }
    keys.push(key.length > 20 ? `${key.slice(0, 20)}...` : key);
  }
  return keys.length ? `an object {${keys.join(', ')}}` : 'an empty object';
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** 75_000 -> "1:15", 2h -> "2:00:00": the m:ss (or h:mm:ss) people read on a clock. */
export function clockTime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** 90_000 -> "90 s", 2_700_000 -> "45 min", 7_200_000 -> "2 h": a limit as people say it. */
export function durationText(ms: number): string {
  if (ms % HOUR === 0 && ms >= HOUR) return `${ms / HOUR} h`;
  if (ms % MINUTE === 0 && ms >= MINUTE) return `${ms / MINUTE} min`;
  return `${Math.round(ms / 100) / 10} s`;
}

/** Levenshtein distance, for "did you mean"; the names compared are short, so the table is tiny. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The known name nearest a typo (at most 2 edits away), for "did you mean"; bounded so a long input costs nothing. */
export function nearest(typed: string, known: readonly string[]): string | undefined {
  const word = typed.slice(0, 40);
  const best = known.map((k) => [k, distance(word, k)] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= 2 ? best[0] : undefined;
}

/** A time as Zoom and people write it: ISO 8601 in UTC, to the second ("2026-12-06T10:00:00Z"). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
