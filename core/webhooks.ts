/**
 * Zoom's webhook deliveries, trusted only as Zoom signs them: `x-zm-signature` is `v0=` and the hex
 * HMAC-SHA256 (keyed with the app's secret token) of `v0:{x-zm-request-timestamp}:{raw body}`.
 * Verified over the raw bytes (never re-serialised JSON), compared in constant time, and refused
 * when the timestamp is more than five minutes from now (a replayed capture). Events are parsed into
 * a small typed value with every stream key masked, and repeats (Zoom retries a delivery it thinks
 * failed) are recognised within a bounded memory.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { firstHeader } from './errors.js';
import { MASK } from './redact.js';
import { isPlainObject } from './validate.js';

/** How far a delivery's timestamp may be from now, either way. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;
/**
 * The widest window a user may set. Zoom retries a failed delivery at about +5, +25 and +85 minutes,
 * and does not document whether a retry is signed anew: a window past 85 minutes accepts every retry.
 */
export const MAX_SIGNATURE_WINDOW_MS = 2 * 60 * 60_000;
/** Zoom's events are a few kilobytes; anything far larger is not Zoom and is not read. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

export type RefusalReason = 'no-signature' | 'bad-signature' | 'no-timestamp' | 'stale-timestamp' | 'not-json' | 'too-large';

/** Why a delivery was refused: a reason code for logs and a sentence for people; never a secret. */
export interface Refusal {
  ok: false;
  reason: RefusalReason;
  message: string;
}

export type Verdict = { ok: true } | Refusal;

function refuse(reason: RefusalReason, message: string): Refusal {
  return { ok: false, reason, message };
}

function hmacHex(secretToken: string, ...parts: (string | Buffer)[]): string {
  const hmac = createHmac('sha256', secretToken);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

/**
 * Checks a delivery: the signature over `v0:{timestamp}:{raw body}` and the timestamp's age.
 * `now` is in ms (injectable for tests); the headers as Node gives them (lower-case names).
 */
export function verifyDelivery(
  rawBody: Buffer | string,
  headers: Record<string, string | string[] | undefined>,
  secretToken: string,
  now: number,
  windowMs = SIGNATURE_TOLERANCE_MS,
): Verdict {
  const timestamp = firstHeader(headers['x-zm-request-timestamp']);
  const signature = firstHeader(headers['x-zm-signature']);
  if (!signature) return refuse('no-signature', 'no x-zm-signature header');
  if (!timestamp) return refuse('no-timestamp', 'no x-zm-request-timestamp header');
  if (!/^\d{1,12}$/.test(timestamp)) return refuse('no-timestamp', 'x-zm-request-timestamp is not a number of seconds');
  const skew = Math.abs(now - Number(timestamp) * 1000);
  if (skew > windowMs) {
    return refuse(
      'stale-timestamp',
      `x-zm-request-timestamp is ${Math.round(skew / 1000)} s from now (at most ${Math.round(windowMs / 1000)} s allowed)`,
    );
  }
  const match = /^v0=([0-9a-f]{64})$/i.exec(signature);
  if (!match) return refuse('bad-signature', 'x-zm-signature is not v0= and 64 hex digits');
  const expected = Buffer.from(hmacHex(secretToken, `v0:${timestamp}:`, rawBody), 'hex');
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  // Both are 32 bytes here, so the compare's time says nothing about the secret.
  if (!timingSafeEqual(expected, given)) return refuse('bad-signature', 'x-zm-signature does not match the body and the secret token');
  return { ok: true };
}

/** The headers Zoom would send with this body: for the sandbox and tests. */
export function signDelivery(rawBody: Buffer | string, secretToken: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'x-zm-request-timestamp': timestamp,
    'x-zm-signature': `v0=${hmacHex(secretToken, `v0:${timestamp}:`, rawBody)}`,
  };
}

/** The answer to `endpoint.url_validation`: the plain token and its hex HMAC-SHA256. */
export function urlValidationAnswer(plainToken: string, secretToken: string): { plainToken: string; encryptedToken: string } {
  return { plainToken, encryptedToken: hmacHex(secretToken, plainToken) };
}

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

/** What a delivery is to the memory: new, a repeat, or one it cannot take without forgetting. */
export type Recall = 'new' | 'repeat' | 'full';

/**
 * Recognises a delivery seen before: a replay of a captured one (same bytes, still inside the
 * signature window) and Zoom's own retries (new timestamp, same event, at about +5, +20 and +60
 * minutes when it did not get a 200 or 204 in time). Remembers a digest of each event (name,
 * event_ts, payload, so re-spaced JSON is still a repeat while two events at one instant are not)
 * for `ttlMs`, in at most `capacity` entries (about 150 bytes each). Entries are forgotten oldest
 * first when full, but never one whose signature could still be replayed (signed less than the
 * signature tolerance ago): then the memory says `full` and the delivery is refused (Zoom retries
 * it), so a replay inside the window is recognised whatever the volume.
 */
export class DeliveryMemory {
  private readonly seen = new Map<string, { at: number; replayableUntil: number }>();
  private window = SIGNATURE_TOLERANCE_MS;

  constructor(
    private readonly capacity = 50_000,
    private readonly ttlMs = 2 * 60 * 60_000,
    windowMs = SIGNATURE_TOLERANCE_MS,
  ) {
    this.windowMs = windowMs;
  }

  /** How old a signature may be (the endpoint's setting): every delivery signed within it is remembered. */
  get windowMs(): number {
    return this.window;
  }

  set windowMs(ms: number) {
    if (!Number.isFinite(ms) || ms < 1_000 || ms > MAX_SIGNATURE_WINDOW_MS) throw new RangeError(`a signature window of ${ms} ms`);
    this.window = ms;
  }

  /** Remembers the event; `signedAt` is its x-zm-request-timestamp in ms (default: now). */
  remember(event: ZoomEvent, now: number, signedAt = now): Recall {
    const digest = createHash('sha256')
      .update(JSON.stringify([event.event, event.eventTs ?? null, event.payload]))
      .digest('base64');
    const known = this.seen.get(digest);
    if (known && (now - known.at <= this.ttlMs || now <= known.replayableUntil)) return 'repeat';
    this.seen.delete(digest);
    // A Map iterates in insertion order: the first entries are the oldest.
    for (const [oldest, entry] of this.seen) {
      const expired = now - entry.at > this.ttlMs && now > entry.replayableUntil;
      const evictable = this.seen.size >= this.capacity && now > entry.replayableUntil;
      if (!expired && !evictable) break;
      this.seen.delete(oldest);
    }
    if (this.seen.size >= this.capacity) return 'full';
    this.seen.set(digest, { at: now, replayableUntil: signedAt + this.window });
    return 'new';
  }

  /** True the first time an event is seen (and remembers it); false for a repeat or when full. */
  firstTime(event: ZoomEvent, now: number, signedAt = now): boolean {
    return this.remember(event, now, signedAt) === 'new';
  }

  get size(): number {
    return this.seen.size;
  }
}
