/** Reads Zoom's answers: a typed error for every failure, the stream configuration for a get. */
import { AuthError, hintFor, ZoomApiError, type ZoomError } from './errors.js';
import { parseRetryAfter, RETRY_STATUSES } from './retry.js';
import type { HttpResponse } from './transport.js';
import type { LiveStreamConfig } from './types.js';
import { isPlainObject } from './validate.js';

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function trackingIdOf(response: Pick<HttpResponse, 'headers'>): string | undefined {
  const value = response.headers['x-zm-trackingid'];
  return Array.isArray(value) ? value[0] : value;
}

/** True when Zoom rejected the access token: HTTP 401, or its code 124 under any status. */
export function isRejectedToken(response: Pick<HttpResponse, 'status' | 'body'>): boolean {
  if (response.status === 401) return true;
  return response.status >= 400 && parseJsonObject(response.body)?.code === 124;
}

/** Auth failures are told apart: a bad token (401/124) or missing scopes (OAuth codes 47xx). */
function isAuthFailure(status: number, code: unknown): boolean {
  return status === 401 || code === 124 || (typeof code === 'number' && code >= 4700 && code <= 4741);
}

/**
 * The typed error for a non-success answer. A body that is not Zoom's JSON (a proxy's HTML page)
 * never hides the status: the message then quotes the start of the text instead.
 */
export function errorFromResponse(label: string, response: HttpResponse, redact: (t: string) => string, now: number): ZoomError {
  const json = parseJsonObject(response.body);
  const code = typeof json?.code === 'number' || typeof json?.code === 'string' ? json.code : undefined;
  const zoomMessage = typeof json?.message === 'string' ? redact(json.message) : undefined;
  const fieldErrors = Array.isArray(json?.errors)
    ? (json.errors as { field?: unknown; message?: unknown }[]).map((e) => ({
        field: typeof e?.field === 'string' ? e.field : undefined,
        message: typeof e?.message === 'string' ? redact(e.message) : undefined,
      }))
    : undefined;
  const snippet = json
    ? ''
    : redact(
        response.body
          .replace(/<[^>]*>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 120),
      );
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
    trackingId: trackingIdOf(response),
    retryable: RETRY_STATUSES.includes(response.status),
    hint: hintFor(code, response.status),
    errors: fieldErrors,
    retryAfterMs: response.status === 429 ? parseRetryAfter(response.headers['retry-after'], now) : undefined,
    operation: label,
    attempts: response.attempts,
  };
  return isAuthFailure(response.status, code) ? new AuthError(message, details) : new ZoomApiError(message, details);
}

/** GET .../livestream: Zoom's fields, checked to be there. */
export function parseLiveStreamConfig(label: string, response: HttpResponse, redact: (t: string) => string): LiveStreamConfig {
  const json = parseJsonObject(response.body);
  if (!json || typeof json.stream_url !== 'string') {
    throw new ZoomApiError(`${label}: Zoom answered 200 without a live stream configuration.`, {
      status: response.status,
      trackingId: trackingIdOf(response),
      zoomMessage: redact(response.body.slice(0, 120)),
      hint: 'Check api-base-url points at the Zoom API (https://api.zoom.us/v2).',
      operation: label,
    });
  }
  const config: LiveStreamConfig = {
    stream_url: json.stream_url,
    stream_key: typeof json.stream_key === 'string' ? json.stream_key : '',
    page_url: typeof json.page_url === 'string' ? json.page_url : '',
  };
  if (typeof json.resolution === 'string') config.resolution = json.resolution;
  return config;
}
