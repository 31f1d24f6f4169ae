/**
 * What differs between an entry and what Zoom holds: the stream URL, page URL and resolution with
 * both values, the key only as "differs" (neither key is ever shown).
 */
import { maskKeyIn, maskStreamConfig } from '../zoom/redact.js';
import type { LiveStreamConfig } from '../zoom/types.js';
import type { FleetEntry } from './file.js';

export interface Difference {
  field: 'stream-url' | 'stream-key' | 'page-url' | 'resolution';
  /** As Zoom holds it, and as the file wants it; the key's never. */
  from?: string;
  to?: string;
}

/** Compares the expanded values; shows the file's URLs as written (`${NAME}`, not the value it holds). */
export function differences(entry: Pick<FleetEntry, 'stream' | 'written'>, held: LiveStreamConfig | undefined): Difference[] {
  const { stream: wanted, written } = entry;
  // A YouTube entry's stream is YouTube's, given at each start: nothing in the file to compare.
  if (!wanted || !written) return [];
  const out: Difference[] = [];
  const shown = held ? maskStreamConfig(held) : undefined;
  // A URL that embeds either key is shown with it masked where it stands as the key.
  const mask = (url: string) => [wanted.stream_key, held?.stream_key ?? ''].reduce((u: string, k) => maskKeyIn(u, k), url);
  if ((held?.stream_url ?? '') !== wanted.stream_url)
    out.push({ field: 'stream-url', from: mask(shown?.stream_url ?? ''), to: mask(written.stream_url) });
  if ((held?.stream_key ?? '') !== wanted.stream_key) out.push({ field: 'stream-key' });
  if ((held?.page_url ?? '') !== wanted.page_url) out.push({ field: 'page-url', from: held?.page_url ?? '', to: written.page_url });
  if (wanted.resolution !== undefined && (held?.resolution ?? '') !== wanted.resolution) {
    out.push({ field: 'resolution', from: held?.resolution ?? '', to: wanted.resolution });
  }
  return out;
}

/** "stream-url: rtmp://old → rtmp://new", "stream-key: differs". */
export function differenceText(d: Difference): string {
  return d.field === 'stream-key' ? 'stream-key: differs' : `${d.field}: ${d.from || '(none)'} → ${d.to}`;
}
