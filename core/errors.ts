/**
 * Typed errors that people can act on: what failed (kind), Zoom's status, code and message,
 * the tracking id for Zoom support, whether a retry may help, and a hint saying what to do.
 * Messages are built from redacted text only; see redact.ts.
 */

import { blamed, coreWords, worded, type Words } from './words.js';

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
  /** What was thrown underneath (a socket's error, a file's): for a debugger, never printed. */
  cause?: unknown;
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
  /** Set by runPlan as a task fails: what the task had done by then. */
  steps?: StepsReport;

  /** The message and hint with their settings marked (words.ts), for each face to word. */
  readonly #marked: { message: string; hint: string };

  constructor(kind: ErrorKind, message: string, details: ZoomErrorDetails = {}) {
    super(worded(message, coreWords), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.retryable = details.retryable ?? false;
    this.hint = worded(details.hint ?? '', coreWords);
    this.#marked = { message, hint: details.hint ?? '' };
    // Only defined fields are set, so errors print and serialise without noise.
    for (const key of DETAIL_KEYS) {
      if (details[key] !== undefined) Object.assign(this, { [key]: details[key] });
    }
  }

  /** The message and hint in a face's words. */
  worded(words: Words): { message: string; hint: string } {
    return { message: worded(this.#marked.message, words), hint: worded(this.#marked.hint, words) };
  }

  /** Plain data for outputs, msg.error and logs, in a face's words (the core's own by default). */
  toJSON(wording?: Words | string): Record<string, unknown> {
    // JSON.stringify calls toJSON with the property's key: only a function is a face's words.
    const words = typeof wording === 'function' ? wording : coreWords;
    const out: Record<string, unknown> = { name: this.name, kind: this.kind, message: this.worded(words).message };
    for (const key of [...DETAIL_KEYS, 'retryable', 'hint'] as const) {
      if (this[key] !== undefined && this[key] !== '') out[key] = this[key];
    }
    if (this.hint) out.hint = this.worded(words).hint;
    if (this.field !== undefined) out.field = words(this.field, true);
    return out;
  }
}

/** Rethrows what a check cannot record as an item: a cancellation, or anything not from Zoom. */
export function rethrowUnlessZoom(caught: unknown): asserts caught is ZoomError {
  if (!(caught instanceof ZoomError) || caught.kind === 'cancelled') throw caught;
}

/** An input was wrong; nothing was sent. */
export class ValidationError extends ZoomError {
  /** What is wrong, without the field's name, in the core's words (the fix is the hint). */
  readonly reason: string;
  /** `field` is a setting's name, worded by each face (words.ts); `message` and `hint` may mark others. */
  constructor(field: string, message: string, hint: string) {
    super('validation', `${blamed(field)}: ${message}`, { field, hint, retryable: false });
    this.reason = worded(message, coreWords);
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
      hint: 'Nothing to fix: it was cancelled before it completed (its run was ended, or a stop for the same target came first).',
    });
  }
}

/** A switch that handles every case: adding one to the union fails to compile here until it is handled. */
export function unhandled(value: never): never {
  throw new Error(`unhandled: ${String(value)}`);
}
