/**
 * Zoom's webhook protocol as one decision: given a delivery's raw body and headers, the app's
 * secret token and the time, what to answer and which event (if any) to hand on. A face only
 * routes the request here and sends the answer, so any HTTP server can serve Zoom's webhooks.
 */
import { DeliveryMemory } from './memory.js';
import { parseEvent, URL_VALIDATION_EVENT, MAX_EVENT_DEPTH, type ZoomEvent } from './events.js';
import { urlValidationAnswer, verifyDelivery } from './signature.js';

/** Zoom's plainToken is a short random string; anything long is not Zoom's. */
const MAX_PLAIN_TOKEN_CHARS = 256;

export interface DeliveryAnswer {
  /** The HTTP status to answer with: 200 URL validation, 204 accepted, 4xx refused, 503 come back later. */
  status: number;
  /** The JSON body to answer with (URL validation, or the reason of a refusal); none for 204. */
  body?: Record<string, string>;
  /** A new event to emit (not a repeat, not URL validation). */
  event?: ZoomEvent;
  /** Why it was refused, for a log line; never a header, a token or the body. */
  refused?: string;
  /** URL validation was answered. */
  validated?: boolean;
}

function refuse(status: number, why: string): DeliveryAnswer {
  return { status, body: { error: why }, refused: why };
}

/**
 * Decides the answer to one delivery. `memory` recognises repeats (one per endpoint) and holds the
 * endpoint's signature window. Zoom waits 3 s
 * for it and retries without it, so the face sends it before running anything downstream.
 */
export function answerDelivery(
  rawBody: Buffer,
  headers: Record<string, string | string[] | undefined>,
  secretToken: string,
  now: number,
  memory: DeliveryMemory,
): DeliveryAnswer {
  if (!secretToken) return refuse(401, 'the endpoint has no secret token');
  const verdict = verifyDelivery(rawBody, headers, secretToken, now, memory.windowMs);
  if (!verdict.ok) return refuse(401, verdict.message);
  const event = parseEvent(rawBody.toString('utf8'));
  if (!event) return refuse(400, `the body is not a Zoom event (JSON with an "event" name, nested at most ${MAX_EVENT_DEPTH} deep)`);
  if (event.event === URL_VALIDATION_EVENT) {
    if (typeof event.plainToken !== 'string' || !event.plainToken || event.plainToken.length > MAX_PLAIN_TOKEN_CHARS) {
      return refuse(400, 'URL validation without a plainToken');
    }
    return { status: 200, body: urlValidationAnswer(event.plainToken, secretToken), validated: true };
  }
  // verifyDelivery checked the timestamp is digits.
  const signedAt = Number(headers['x-zm-request-timestamp']) * 1000;
  const recall = memory.remember(event, now, signedAt);
  if (recall === 'full') return refuse(503, 'too many deliveries within the signature window to tell repeats apart; Zoom retries later');
  return recall === 'new' ? { status: 204, event } : { status: 204 };
}
