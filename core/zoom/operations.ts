/**
 * The operations as data: what to send where, and which status means success. Built from what
 * users give (a target as text or a Target, fields as typed), checked as they are built; building
 * one sends nothing and changes nothing, so a plan can be shown (dry run) before it is performed.
 */
import type { LiveStreamStatusUpdate, LiveStreamUpdate, Target } from './types.js';
import { validateStatus, validateUpdate } from './validate.js';

export type OperationName = 'get' | 'update' | 'status' | 'read';

export interface Operation {
  name: OperationName;
  target: Target;
  method: 'GET' | 'PATCH';
  /** Relative to the API base, e.g. /meetings/857/livestream/status. */
  path: string;
  body?: Record<string, unknown>;
  expectedStatus: 200 | 204;
  /** Zoom asks for 30 s between stream starts, which shapes the 429 retry. */
  isStreamStart: boolean;
  /** For reads that are not of the target itself: what is read, for messages. */
  what?: string;
}

/** A meeting's or webinar's own path (/meetings/ID, /webinars/ID); `kind` reads the same ID as the other kind. */
export function targetPath(target: Target, kind: Target['kind'] = target.kind): string {
  return `/${kind}s/${encodeURIComponent(target.id)}`;
}

function streamPath(target: Target): string {
  return `${targetPath(target)}/livestream`;
}

// Builders take a checked Target: only planTask, the streams file and the client's entry points parse one.
export function getOperation(target: Target): Operation {
  return { name: 'get', target, method: 'GET', path: streamPath(target), expectedStatus: 200, isStreamStart: false };
}

export function updateOperation(target: Target, update: LiveStreamUpdate): Operation {
  return {
    name: 'update',
    target,
    method: 'PATCH',
    path: streamPath(target),
    body: { ...validateUpdate(update) },
    expectedStatus: 204,
    isStreamStart: false,
  };
}

export function statusOperation(target: Target, status: LiveStreamStatusUpdate): Operation {
  const checked = validateStatus(status, target.kind);
  return {
    name: 'status',
    target,
    method: 'PATCH',
    path: `${streamPath(target)}/status`,
    body: { ...checked },
    expectedStatus: 204,
    isStreamStart: checked.action === 'start',
  };
}

/**
 * A read beyond the live stream (the pre-flight check): the meeting or webinar itself, or its
 * host's settings. `what` names it in messages ("read meeting 857...", "read host settings of ...").
 */
/** A read of the meeting or webinar itself (its status, schedule, host), or of it as the other kind. */
export function readTargetOperation(target: Target, what?: string, kind: Target['kind'] = target.kind): Operation {
  return readOperation(target, targetPath(target, kind), what);
}

export function readOperation(target: Target, path: string, what?: string): Operation {
  return { name: 'read', target, method: 'GET', path, expectedStatus: 200, isStreamStart: false, ...(what ? { what } : {}) };
}

/** "update meeting 85746065123", "start webinar 9123" - for logs and summaries. */
export function describeOperation(op: Operation): string {
  if (op.what) return `${op.what} of ${op.target.kind} ${op.target.id}`;
  const verb = op.name === 'status' ? String(op.body?.action) : op.name;
  return `${verb} ${op.target.kind} ${op.target.id}`;
}
