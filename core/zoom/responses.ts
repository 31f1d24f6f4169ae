/** Reads Zoom's answers: a typed error for every failure, the stream configuration for a get. */
import { parseJsonObject } from '../http/json.js';
import { AuthError, ZoomApiError, type ZoomError } from '../errors.js';
import { firstHeader } from '../http/headers.js';
import { hintFor, NOT_STARTED_HINT } from './hints.js';
import { isScopeCode } from './scopes.js';
import { setting } from '../words.js';
import { printable } from '../text.js';
import { parseRetryAfter, RETRY_STATUSES } from '../http/retry.js';
import type { HttpResponse } from '../http/transport.js';
import type { LiveStreamConfig } from './types.js';

/** Bounds on text copied from an answer into an error: enough for Zoom's, never a page. */
export const MAX_MESSAGE_CHARS = 500;
export const MAX_CODE_CHARS = 100;
/** Zoom's own limits on the stream fields (zoom-api.md). */
const MAX_URL_CHARS = 1024;
const MAX_KEY_CHARS = 512;
const MAX_FIELD_ERRORS = 20;
const SNIPPET_CHARS = 120;

/**
 * Text that came from the network, fit to keep in an error: secrets redacted first, then cut, so
 * a secret straddling the cut cannot leave its prefix behind. Non-strings are dropped.
 */
export function untrusted(value: unknown, redact: (t: string) => string, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const clean = printable(redact(value));
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}

/** Zoom's `code` (or OAuth's `error`): a number as it is, a string redacted and bounded. */
export function zoomCode(value: unknown, redact: (t: string) => string): number | string | undefined {
  return typeof value === 'number' ? value : untrusted(value, redact, MAX_CODE_CHARS);
}

export function trackingIdOf(response: Pick<HttpResponse, 'headers'>, redact: (t: string) => string): string | undefined {
  const value = response.headers['x-zm-trackingid'];
  return untrusted(firstHeader(value), redact, MAX_CODE_CHARS);
}

/** True when Zoom rejected the access token: HTTP 401, or its code 124 under any status. */
export function isRejectedToken(response: Pick<HttpResponse, 'status' | 'body'>): boolean {
  if (response.status === 401) return true;
  return response.status >= 400 && parseJsonObject(response.body)?.code === 124;
}

/** Auth failures are told apart: a bad token (401/124) or missing scopes (OAuth codes 47xx). */
function isAuthFailure(status: number, code: unknown): boolean {
  return status === 401 || code === 124 || isScopeCode(code);
}

/** How much of a page is looked at for its snippet: a few times what is kept, whatever its size. */
const SNIPPET_WINDOW = 16 * SNIPPET_CHARS;

/**
 * The start of a page's text: redacted whole (split and join, linear), so no secret's shape changes
 * first; then cut to a small window before tags are stripped and space is folded, with patterns
 * that cannot backtrack (a tag is `<` up to the next `<` or `>`), so a hostile page costs linear time.
 */
export function pageSnippet(body: string, redact: (t: string) => string): string {
  return printable(
    redact(body)
      .slice(0, SNIPPET_WINDOW)
      .replace(/<[^<>]*>?/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, SNIPPET_CHARS),
  );
}

/**
 * The typed error for a non-success answer. A body that is not Zoom's JSON (a proxy's HTML page)
 * never hides the status: the message then quotes the start of the text instead.
 */
export function errorFromResponse(
  label: string,
  response: HttpResponse,
  redact: (t: string) => string,
  now: number,
  /** A stream status change's action: Zoom's code 300 there says whether the stream runs. */
  statusAction?: string,
): ZoomError {
  const json = parseJsonObject(response.body);
  const code = zoomCode(json?.code, redact);
  const zoomMessage = untrusted(json?.message, redact, MAX_MESSAGE_CHARS);
  const fieldErrors = Array.isArray(json?.errors)
    ? (json.errors as { field?: unknown; message?: unknown }[]).slice(0, MAX_FIELD_ERRORS).map((e) => ({
        field: untrusted(e?.field, redact, MAX_CODE_CHARS),
        message: untrusted(e?.message, redact, MAX_MESSAGE_CHARS),
      }))
    : undefined;
  const snippet = json ? '' : pageSnippet(response.body, redact);
  const parts = [`HTTP ${response.status}`];
  if (code !== undefined) parts.push(`Zoom code ${code}`);
  let message = `${label} failed: ${parts.join(', ')}`;
  if (zoomMessage) message += `: ${zoomMessage}`;
  else if (snippet) message += ` (${snippet})`;
  if (fieldErrors?.length) message += ` [${fieldErrors.map((e) => `${e.field ?? '?'}: ${e.message ?? ''}`).join('; ')}]`;
  if (response.attempts > 1) message += ` (after ${response.attempts} attempts)`;
  const details = {
    status: response.status,
    code,
    zoomMessage,
    trackingId: trackingIdOf(response, redact),
    retryable: RETRY_STATUSES.includes(response.status),
    hint: notZoomsAnswer(response.status, code)
      ? NOT_THE_API_HINT
      : saysNotStarted(response.status, code, zoomMessage)
        ? NOT_STARTED_HINT
        : statusAction === 'mode' && saysStreamRunning(code, fieldErrors)
          ? MODE_NOT_RUNNING_HINT
          : hintFor(code, response.status),
    errors: fieldErrors,
    retryAfterMs: response.status === 429 ? parseRetryAfter(response.headers['retry-after'], now) : undefined,
    operation: label,
    attempts: response.attempts,
  };
  return isAuthFailure(response.status, code) ? new AuthError(message, details) : new ZoomApiError(message, details);
}

/**
 * Zoom says 404 for a missing meeting with its own code (3001, 1001). A 404 without one (a web
 * server's page, or a bare "not found") means the path itself is wrong: usually the base URL.
 */
function notZoomsAnswer(status: number, code: number | string | undefined): boolean {
  return status === 404 && (code === undefined || code === 404);
}

/**
 * Zoom's "has not started": 4927 for a meeting; for a webinar code 200, which also covers a missing
 * plan or setting, so only with its "has not started" message. The one failure waiting cures.
 */
export function saysNotStarted(status: number | undefined, code: number | string | undefined, zoomMessage: string | undefined): boolean {
  return status === 400 && (code === 4927 || (code === 200 && /has not started/i.test(zoomMessage ?? '')));
}

/**
 * Zoom's code 300 on a stream status change, with no field errors: on a start, the stream is
 * running already; on a mode change, it is not running. Zoom words it several ways ("settings
 * can only be updated while the stream is stopped", "already started", or only "Validation Failed"),
 * so only the code counts; an invalid field comes with Zoom's list of field errors, and an invalid
 * ID never gets this far (the target is checked before anything is sent).
 */
export function saysStreamRunning(code: number | string | undefined, fieldErrors: readonly unknown[] | undefined): boolean {
  return code === 300 && !fieldErrors?.length;
}

const MODE_NOT_RUNNING_HINT =
  'Zoom answers code 300 to a mode change when the live stream is not running: mode changes the view of a running stream. Start it first.';

const NOT_THE_API_HINT = `The server answered 404 without Zoom's error code, so the request did not reach a Zoom API endpoint. Check ${setting('apiBaseUrl')}: Zoom's is https://api.zoom.us/v2 (with /v2).`;

/** GET .../livestream: Zoom's fields, checked to be there. */
export function parseLiveStreamConfig(label: string, response: HttpResponse, redact: (t: string) => string): LiveStreamConfig {
  const json = parseJsonObject(response.body);
  if (!json || typeof json.stream_url !== 'string') {
    throw new ZoomApiError(`${label}: Zoom answered 200 without a live stream configuration.`, {
      status: response.status,
      trackingId: trackingIdOf(response, redact),
      zoomMessage: untrusted(response.body, redact, SNIPPET_CHARS),
      hint: `Check ${setting('apiBaseUrl')} points at the Zoom API (https://api.zoom.us/v2).`,
      operation: label,
    });
  }
  // What Zoom echoes is untrusted: a token or secret in a URL is blanked, control characters made
  // visible, lengths bounded by Zoom's own limits. The stream key is kept for the caller to mask (or,
  // asked for explicitly, to show), and masked out of the URL by maskStreamConfig.
  const config: LiveStreamConfig = {
    stream_url: untrusted(json.stream_url, redact, MAX_URL_CHARS) ?? '',
    stream_key: typeof json.stream_key === 'string' ? json.stream_key.slice(0, MAX_KEY_CHARS) : '',
    page_url: untrusted(json.page_url, redact, MAX_URL_CHARS) ?? '',
  };
  const resolution = untrusted(json.resolution, redact, MAX_CODE_CHARS);
  if (resolution !== undefined) config.resolution = resolution;
  return config;
}
