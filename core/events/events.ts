/** Zoom's events, parsed into a small typed value with every stream key masked. */
import { MASK } from '../http/redactor.js';
import { isPlainObject } from '../http/json.js';

/** The events this project reads the shape of; any other passes through as Zoom sent it. */
export const KNOWN_EVENTS = [
  'meeting.started',
  'meeting.ended',
  'webinar.started',
  'webinar.ended',
  'meeting.live_streaming_started',
  'meeting.live_streaming_stopped',
] as const;

export const URL_VALIDATION_EVENT = 'endpoint.url_validation';

/** A delivery read: Zoom's event with the meeting or webinar it is about. Stream keys are masked. */
export interface ZoomEvent {
  event: string;
  /** Zoom's event_ts (ms since the epoch). */
  eventTs?: number;
  /** The meeting or webinar, for the known events (and any other whose object says so). */
  kind?: 'meeting' | 'webinar';
  /** Its ID, as a string of digits: Zoom sends a JSON number that can pass 2^53. */
  id?: string;
  uuid?: string;
  hostId?: string;
  topic?: string;
  startTime?: string;
  endTime?: string;
  accountId?: string;
  /** Zoom's payload ({account_id, object, ...}) with every stream key masked. */
  payload: Record<string, unknown>;
  /** For `endpoint.url_validation`. */
  plainToken?: string;
}

/** Long integers become strings before parsing, so that a 17-digit ID keeps its last digits. */
function parseKeepingIds(text: string): unknown {
  return JSON.parse(text.replace(/("(?:id|meeting_id|webinar_id)"\s*:\s*)(\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
}

/** Zoom's events nest a few levels and name one stream key; far more is not Zoom's, and is refused. */
export const MAX_EVENT_DEPTH = 32;
const MAX_STREAM_KEYS = 8;

/** How deep a JSON text nests, in one pass (brackets inside strings do not count); stops past `max`. */
function nestingDepth(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      deepest = Math.max(deepest, ++depth);
      if (deepest > max) return deepest;
    } else if (c === 125 || c === 93) depth--;
  }
  return deepest;
}

/** Every `stream_key` value in a payload (at any depth), for masking; undefined past MAX_STREAM_KEYS. */
function streamKeys(value: unknown, found: Set<string> = new Set()): Set<string> | undefined {
  if (Array.isArray(value)) {
    for (const item of value) if (!streamKeys(item, found)) return undefined;
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'stream_key' && typeof item === 'string' && item) found.add(item);
      else if (!streamKeys(item, found)) return undefined;
    }
  }
  return found.size > MAX_STREAM_KEYS ? undefined : found;
}

/** A copy with each stream key, and each string that contains one (a URL with the key in it), masked. */
function masked(value: unknown, keys: Set<string>): unknown {
  if (typeof value === 'string') {
    let text = value;
    for (const key of keys) text = text.split(key).join(MASK);
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => masked(item, keys));
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'stream_key' && v ? MASK : masked(v, keys)]));
  return value;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Reads a verified delivery's body; undefined when it is not Zoom's JSON shape, or nests deeper than
 * MAX_EVENT_DEPTH, or names more stream keys than an event has: the work is linear in its size.
 */
export function parseEvent(raw: string): ZoomEvent | undefined {
  if (nestingDepth(raw, MAX_EVENT_DEPTH) > MAX_EVENT_DEPTH) return undefined;
  let body: unknown;
  try {
    body = parseKeepingIds(raw);
  } catch {
    return undefined;
  }
  if (!isPlainObject(body) || typeof body.event !== 'string') return undefined;
  const payload = isPlainObject(body.payload) ? body.payload : {};
  const keys = streamKeys(payload);
  if (!keys) return undefined;
  const event: ZoomEvent = { event: body.event, payload: masked(payload, keys) as Record<string, unknown> };
  if (typeof body.event_ts === 'number') event.eventTs = body.event_ts;
  if (body.event === URL_VALIDATION_EVENT) {
    if (typeof payload.plainToken === 'string') event.plainToken = payload.plainToken;
    return event;
  }
  if (typeof payload.account_id === 'string') event.accountId = payload.account_id;
  const object = isPlainObject(payload.object) ? payload.object : undefined;
  const kind = body.event.startsWith('webinar.') ? 'webinar' : body.event.startsWith('meeting.') ? 'meeting' : undefined;
  const id = object?.id;
  if (kind && (typeof id === 'string' || typeof id === 'number') && /^\d{1,19}$/.test(String(id))) {
    event.kind = kind;
    event.id = String(id);
  }
  if (object) {
    const fields: [keyof ZoomEvent, unknown][] = [
      ['uuid', object.uuid],
      ['hostId', object.host_id],
      ['topic', object.topic],
      ['startTime', object.start_time],
      ['endTime', object.end_time],
    ];
    for (const [name, value] of fields) if (text(value) !== undefined) Object.assign(event, { [name]: value });
  }
  return event;
}
