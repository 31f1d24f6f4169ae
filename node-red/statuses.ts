/**
 * What a zoom-livestream node shows of a message's end: its status (done, checked, live, failed),
 * the error a Catch node gets, and msg.payload's part of a confirmation.
 */
import {
  isNotStarted,
  rateText,
  stepsText,
  worded,
  type Checklist,
  type Confirmation,
  type TaskAction,
  type TaskResult,
  type ZoomError,
} from '../core/index.js';
import type { NodeStatus } from './red-types.js';
import type { Texts } from './texts.js';
import { nodeWords } from './words.js';

/** Each action's status when it is done: its look, and its text in the catalog. */
/** A check's status is its checklist (checkStatus). */
const DONE_STATUS: Record<Exclude<TaskAction, 'check'>, NodeStatus & { key: string }> = {
  update: { fill: 'green', shape: 'ring', key: 'status.updated' },
  start: { fill: 'green', shape: 'dot', key: 'status.started' },
  stop: { fill: 'grey', shape: 'dot', key: 'status.stopped' },
  get: { fill: 'green', shape: 'ring', key: 'status.read' },
  mode: { fill: 'green', shape: 'dot', key: 'status.viewChanged' },
  confirm: { fill: 'green', shape: 'ring', key: 'status.read' },
};

/** A status change Zoom found done already. */
export const STATE_STATUS: Record<NonNullable<TaskResult['state']>, string> = {
  'already live': 'status.alreadyLive',
  'nothing to stop': 'status.nothingToStop',
};

export function doneStatus(action: Exclude<TaskAction, 'check'>, text: Texts): NodeStatus {
  const { key, ...look } = DONE_STATUS[action];
  return { ...look, text: text(key) };
}

/** "6 ok, 1 problem" (and how many the app may not read): red when a problem is certain. */
export function checkStatus(list: Checklist, text: Texts): NodeStatus {
  const vars = { ok: list.ok, count: list.problems, unknown: list.unknown };
  return {
    fill: list.problems ? 'red' : list.unknown ? 'yellow' : 'green',
    shape: list.problems ? 'ring' : 'dot',
    text: text(list.unknown ? 'status.checkedUnknown' : 'status.checked', vars),
  };
}

/**
 * The error a Catch node gets. Node-RED copies only message, code, stack and cause into msg.error
 * and shows a cause as text, so the cause is one line people can read; the fields themselves are in
 * msg.zoom.error.
 */
export function nodeRedError(error: ZoomError): Error {
  const worded = error.worded(nodeWords);
  let message = worded.message;
  const steps = stepsText(error.steps);
  if (steps) message += ` ${steps}`;
  if (worded.hint) message += ` Hint: ${worded.hint}`;
  const cause = [
    error.status !== undefined ? `HTTP ${error.status}` : `${error.kind} error`,
    error.code !== undefined ? `Zoom code ${String(error.code)}` : '',
    error.trackingId ? `tracking id ${error.trackingId}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return Object.assign(new Error(message), { code: error.code ?? error.kind, cause });
}

/** The red status of a failure, in Zoom's meaning: "has not started" is no HTTP OK (its code is 200). */
export function failureStatus(error: ZoomError, text: Texts): string {
  // The code is redacted by the core; cut so a long one cannot fill the canvas.
  const code = error.code !== undefined ? String(error.code).slice(0, 32) : undefined;
  const vars = { status: error.status ?? '', code: code ?? '', kind: error.kind };
  // Not a type guard here: a failure that is not "not started" is still any ZoomError.
  if ((isNotStarted as (e: unknown) => boolean)(error)) return text('status.notStarted', vars);
  if (error.status !== undefined) return text(code !== undefined ? 'status.httpCode' : 'status.http', vars);
  return text(code !== undefined ? 'status.errorCode' : 'status.error', vars);
}

/** msg.payload's part of a confirmation: live, the level reached, the bytes, and the ladder. */
export function confirmationPayload(c: Confirmation): Record<string, unknown> {
  return {
    live: c.live,
    confirmed: c.confirmed,
    receivedBytes: c.receivedBytes ?? 0,
    ...(c.bitsPerSecond !== undefined ? { bitsPerSecond: c.bitsPerSecond } : {}),
    // Its problem names settings in the node's words.
    confirmation: c.problem ? { ...c, problem: worded(c.problem, nodeWords) } : c,
  };
}

/** "live (receiving 2.3 Mbit/s)". */
export function liveStatus(level: string, bitsPerSecond: number | undefined, text: Texts): NodeStatus {
  const rate = level === 'receiving' && bitsPerSecond !== undefined ? ` ${rateText(bitsPerSecond)}` : '';
  return { fill: 'green', shape: 'dot', text: text('status.live', { level: `${level}${rate}` }) };
}

export function confirmationStatus(c: Confirmation, action: TaskAction, text: Texts): NodeStatus {
  if (c.live) return liveStatus(c.confirmed, c.bitsPerSecond, text);
  return {
    fill: 'yellow',
    shape: 'ring',
    text: text(action === 'start' ? 'status.notConfirmed' : 'status.notLive', { level: c.confirmed }),
  };
}
