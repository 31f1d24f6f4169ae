/** Values quoted in messages: short, whatever their size or type. */

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
