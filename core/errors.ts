/**
 * Typed errors that people can act on: what failed (kind), Zoom's status, code and message,
 * the tracking id for Zoom support, whether a retry may help, and a hint saying what to do.
 * Messages are built from redacted text only; see redact.ts.
 */

/** `bug`: a failure of the product itself, never of Zoom or the network. */
export type ErrorKind = 'validation' | 'auth' | 'api' | 'network' | 'timeout' | 'cancelled' | 'overloaded' | 'bug';

/**
 * What a task that failed had done, operation by operation: the report says exactly what reached
 * Zoom, and what may have.
 */
export interface StepsReport {
  /** Completed, in order: "update meeting 857...". */
  done: string[];
  /** Sent with no certain answer (a timeout, a dropped connection, a cancellation after it left): Zoom may have applied it. */
  mayHaveApplied?: string;
  /** Answered with a refusal: not applied. */
  failed?: string;
  /** Never sent. */
  notDone: string[];
}

export interface ZoomErrorDetails {
  status?: number;
  code?: number | string;
  zoomMessage?: string;
  trackingId?: string;
  retryable?: boolean;
  hint?: string;
  field?: string;
  errors?: { field?: string; message?: string }[];
  retryAfterMs?: number;
  operation?: string;
  attempts?: number;
  /** How long a start waited for the host before this. */
  waitedMs?: number;
  /** A task's failure: each of its operations done, maybe applied, refused or not sent. */
  steps?: StepsReport;
}

/** The optional details an error carries (retryable and hint are always set). */
const DETAIL_KEYS = [
  'status',
  'code',
  'zoomMessage',
  'trackingId',
  'field',
  'errors',
  'retryAfterMs',
  'operation',
  'attempts',
  'waitedMs',
  'steps',
] as const;

export class ZoomError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly code?: number | string;
  readonly zoomMessage?: string;
  readonly trackingId?: string;
  readonly retryable: boolean;
  readonly hint: string;
  readonly field?: string;
  readonly errors?: { field?: string; message?: string }[];
  readonly retryAfterMs?: number;
  readonly operation?: string;
  readonly attempts?: number;
  readonly waitedMs?: number;
  readonly steps?: StepsReport;

  constructor(kind: ErrorKind, message: string, details: ZoomErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.kind = kind;
    this.retryable = details.retryable ?? false;
    this.hint = details.hint ?? '';
    // Only defined fields are set, so errors print and serialise without noise.
    for (const key of DETAIL_KEYS) {
      if (details[key] !== undefined) Object.assign(this, { [key]: details[key] });
    }
  }

  /** Plain data for outputs, msg.error and logs. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, kind: this.kind, message: this.message };
    for (const key of [...DETAIL_KEYS, 'retryable', 'hint'] as const) {
      if (this[key] !== undefined && this[key] !== '') out[key] = this[key];
    }
    return out;
  }
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

/** Zoom's OAuth codes for a token without a scope the call needs (4711 and its neighbours). */
export function isScopeCode(code: unknown): boolean {
  return typeof code === 'number' && code >= 4700 && code <= 4741;
}

/** Zoom refused a call for want of a scope (403, or one of its OAuth scope codes). */
export function lacksScope(error: unknown): boolean {
  return error instanceof ZoomError && (error.status === 403 || isScopeCode(error.code));
}

/** Rethrows what a check cannot record as an item: a cancellation, or anything not from Zoom. */
export function rethrowUnlessZoom(caught: unknown): asserts caught is ZoomError {
  if (!(caught instanceof ZoomError) || caught.kind === 'cancelled') throw caught;
}

/** The first value of a header Node gives as a string or a list. */
export const firstHeader = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** An input was wrong; nothing was sent. */
export class ValidationError extends ZoomError {
  /** What is wrong, without the field's name: a face re-addresses the error to its own names with it. */
  readonly reason: string;
  constructor(field: string, message: string, hint: string) {
    super('validation', `${field}: ${message}`, { field, hint, retryable: false });
    this.reason = message;
  }
}

/** Credentials were refused (token endpoint) or an access token was rejected. */
export class AuthError extends ZoomError {
  constructor(message: string, details: ZoomErrorDetails) {
    super('auth', message, details);
  }
}

/** Zoom answered with an error status. */
export class ZoomApiError extends ZoomError {
  constructor(message: string, details: ZoomErrorDetails) {
    super('api', message, details);
  }
}

/** The connection failed or dropped before a complete answer. */
export class NetworkError extends ZoomError {
  constructor(message: string, details: ZoomErrorDetails) {
    super('network', message, { retryable: true, ...details });
  }
}

/** No complete answer within the per-request timeout. */
export class TimeoutError extends ZoomError {
  constructor(message: string, details: ZoomErrorDetails) {
    super('timeout', message, { retryable: true, ...details });
  }
}

/** Too much is waiting already (a queue at its bound): refused at once, before any request; worth a retry later. */
export class OverloadedError extends ZoomError {
  constructor(message: string, hint: string) {
    super('overloaded', message, { hint, retryable: true });
  }
}

/** The caller aborted (Node-RED redeploy, process shutdown). */
export class CancelledError extends ZoomError {
  /** `why`, when the caller knows it, ends the message ("a stop for the same meeting came"). */
  constructor(operation?: string, why?: string) {
    super('cancelled', `${operation ? `${operation}: ` : ''}cancelled before it completed${why ? `: ${why}` : ''}.`, {
      operation,
      hint: 'Nothing to fix: the caller cancelled it (for example a Node-RED redeploy, or a stop for the same target).',
    });
  }
}

/** For 4927 and a webinar's "has not started" (code 200): what to do, and how to stop doing it by hand. */
export const NOT_STARTED_HINT =
  'The meeting or webinar has not started yet: Zoom starts a live stream only while it runs. The host must start the meeting first; then run start again, or let start wait for the host: wait-for-start in the Action, the wait option (msg.waitForStart) in Node-RED.';

/**
 * Every documented Zoom code for the live stream endpoints and the token endpoint, with what the
 * user should do. Keys are Zoom's `code` values (numbers) or OAuth `error` strings.
 */
export const ZOOM_ERROR_HINTS: Readonly<Record<string, string>> = {
  '124':
    'The access token is invalid or expired. Use Server-to-Server OAuth credentials (refreshed automatically) or generate a new token.',
  '200':
    'Custom live streaming is not available here: the webinar has not started, the plan lacks it (webinars need the Webinar add-on), or "Allow live streaming meetings > Custom Live Streaming Service" is off in the Zoom web settings. Start the meeting or webinar and enable custom streaming for the account and host.',
  '300':
    'The meeting or webinar ID is missing or invalid, or a field failed Zoom validation. Check the ID (a webinar needs webinar-id) and the fields listed in the error.',
  '1001':
    "The meeting's host user does not exist in this account. Check that the meeting belongs to a user of the account the app is installed on.",
  '1010': "The user does not belong to this account. Use credentials of an app installed on the meeting host's Zoom account.",
  '3000':
    "Zoom cannot access this meeting or webinar, or it has no custom streaming service configured. Run the update action (stream URL, key and page URL) first, and check the app belongs to the host's account.",
  '3001':
    'The meeting or webinar does not exist (or has expired). Check the ID, and whether it is a webinar (use webinar-id / kind webinar).',
  '3161': "The host is not allowed to host or schedule meetings. Ask a Zoom admin to enable the host's meeting capabilities.",
  '4400':
    'The meeting uses end-to-end encryption, and Zoom cannot live stream end-to-end encrypted meetings. Switch the meeting to enhanced encryption (meeting settings, Security) and try again.',
  '4927': NOT_STARTED_HINT,
  '429':
    'Zoom rate limit. After a stream start Zoom asks for 30 s before another try; otherwise retry later or lower the call rate (limits are per account, shared by all apps).',
  '4711':
    'The access token lacks a required scope. Add meeting:update:livestream:admin, meeting:update:livestream_status:admin and meeting:read:livestream:admin (or the webinar equivalents, or classic meeting:write:admin) to the Server-to-Server OAuth app.',
  invalid_client:
    'Zoom refused the client ID or client secret. Copy both again from the Server-to-Server OAuth app (App credentials) and make sure the app is activated.',
  invalid_request: 'Zoom refused the token request. Check the account ID (App credentials page of the Server-to-Server OAuth app).',
  invalid_grant: 'Zoom refused the account ID for these credentials. Check the account ID on the App credentials page.',
  unsupported_grant_type:
    'The token endpoint does not accept account_credentials. Use a Server-to-Server OAuth app (not a general OAuth app) and the default oauth-token-url.',
  access_denied: 'Zoom denied the token request. Check the Server-to-Server OAuth app is activated and not deactivated by an admin.',
};

/** Zoom's OAuth codes 4700-4741 that are not listed above share one hint. */
const TOKEN_CODE_HINT =
  'Zoom refused the credentials (OAuth error {code}). Check the account ID, client ID and client secret of the Server-to-Server OAuth app and that the app is activated.';

const STATUS_HINTS: Readonly<Record<number, string>> = {
  400: 'Zoom rejected the request. Check the fields named in the error.',
  401: 'Zoom rejected the credentials. Check the access token or the OAuth app credentials.',
  403: 'Zoom refused access. Check the app has the live stream scopes and the host has custom live streaming enabled.',
  404: 'Zoom could not find it. Check the meeting or webinar ID and whether it is a webinar.',
  429: ZOOM_ERROR_HINTS['429']!,
};

/** The hint for a Zoom `code` (or OAuth error string), falling back on the HTTP status. */
export function hintFor(code: number | string | undefined, status?: number): string {
  if (code !== undefined) {
    const known = ZOOM_ERROR_HINTS[String(code)];
    if (known) return known;
    if (isScopeCode(code)) {
      return TOKEN_CODE_HINT.replace('{code}', String(code));
    }
  }
  if (status !== undefined) {
    if (STATUS_HINTS[status]) return STATUS_HINTS[status];
    if (status >= 500) return 'Zoom had a server error. If it persists, check status.zoom.us and try again later (max-retries retries it).';
  }
  return 'Unexpected answer from Zoom. Check the tracking id with Zoom support.';
}
