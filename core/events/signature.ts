/**
 * Zoom's webhook deliveries, trusted only as Zoom signs them: `x-zm-signature` is `v0=` and the hex
 * HMAC-SHA256 (keyed with the app's secret token) of `v0:{x-zm-request-timestamp}:{raw body}`.
 * Verified over the raw bytes (never re-serialised JSON), compared in constant time, and refused
 * when the timestamp is further from now than the endpoint's window (a replayed capture).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { firstHeader } from '../http/headers.js';

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
