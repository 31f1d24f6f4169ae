/**
 * What users ask for (update, start, stop, get, mode, check), checked and turned into a plan: the
 * operations to perform, in order, and the wait for the host. Pure data, built once by the face
 * before anything is sent (a dry run shows it; tasks.ts performs it). `start` with stream fields
 * updates the stream first, then starts it; fields that an action does not use are refused.
 */
import { unhandled, ValidationError } from '../errors.js';
import { setting } from '../words.js';
import { describeValue } from '../text.js';
import { checkReads } from '../check/check.js';
import { getOperation, statusOperation, updateOperation, type Operation } from '../zoom/operations.js';
import { resolveTarget, type TargetInput } from '../zoom/targets.js';
import { settingField } from '../zoom/validate.js';
import { isPlainObject } from '../http/json.js';
import type { LiveStreamSettings, LiveStreamUpdate, Target } from '../zoom/types.js';
import { type WaitForStart } from './wait.js';
import { checkDurationMs, MAX_POLL_INTERVAL_MS, MAX_WAIT_FOR_START_MS, MIN_POLL_INTERVAL_MS } from './durations.js';
import { checkConfirm, type ConfirmInput, type ConfirmRequest } from '../confirm/request.js';
import { destinationStream } from '../confirm/stream-name.js';
import { DESTINATION_KINDS } from '../confirm/ladder.js';

export const TASK_ACTIONS = ['update', 'start', 'stop', 'get', 'mode', 'check', 'confirm'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export interface Task {
  action: TaskAction;
  target: TargetInput;
  /** stream_url, stream_key, page_url, resolution. */
  stream?: Partial<LiveStreamUpdate>;
  /** Zoom's status settings (active_speaker_name, display_name, layout, close_caption). */
  settings?: Record<string, unknown>;
  /** start only: wait this long for the host to start the meeting or webinar. */
  waitForStart?: WaitForStart;
  /** start and confirm: read the destination until the stream is proven live there. */
  confirm?: ConfirmInput;
}

export interface TaskPlan {
  readonly action: TaskAction;
  readonly target: Target;
  /** In order; a check's are the reads it starts with (the host's settings follow once the target names its host). */
  readonly operations: readonly Operation[];
  /**
   * A start that waits for the host, checked; `pollIntervalMs` only when asked for, since the
   * default depends on the probe the token allows (waiting-start.ts).
   */
  readonly wait?: WaitForStart;
  /** start and confirm: the destination to read once Zoom accepted the start (confirm: at once). */
  readonly confirm?: ConfirmRequest;
}

/** The fields given (an object with at least one defined value), or undefined; a non-object is refused. */
function given<T extends object>(value: T | undefined, field: string, example: string): T | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    throw new ValidationError(field, `must be an object, got ${describeValue(value)}.`, `Pass ${setting(field)} like ${example}.`);
  }
  // Only undefined means "not set": an explicit empty string is checked, and refused, by validation.
  return Object.values(value).some((v) => v !== undefined) ? value : undefined;
}

export function checkAction(value: unknown): TaskAction {
  if (typeof value === 'string' && (TASK_ACTIONS as readonly string[]).includes(value)) return value as TaskAction;
  const near = typeof value === 'string' ? TASK_ACTIONS.find((a) => a === value.trim().toLowerCase()) : undefined;
  const unset = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  throw new ValidationError(
    'action',
    unset
      ? `is empty or unset: say which of ${TASK_ACTIONS.join(', ')} to do.`
      : `${describeValue(value)} is not one of ${TASK_ACTIONS.join(', ')}.`,
    near ? `Write it as "${near}" (lower case).` : `Use one of: ${TASK_ACTIONS.join(', ')}.`,
  );
}

/**
 * The fields each action takes, in one record: a new action fails tsc here until it says which, and
 * a field an action does not take is refused before anything is sent (never sent, or dropped).
 */
export const ACTION_FIELDS = {
  update: { stream: true, settings: false, wait: false, confirm: false },
  start: { stream: true, settings: true, wait: true, confirm: true },
  stop: { stream: false, settings: false, wait: false, confirm: false },
  get: { stream: false, settings: false, wait: false, confirm: false },
  mode: { stream: false, settings: true, wait: false, confirm: false },
  check: { stream: false, settings: false, wait: false, confirm: false },
  confirm: { stream: false, settings: false, wait: false, confirm: true },
} as const satisfies Record<TaskAction, Record<'stream' | 'settings' | 'wait' | 'confirm', boolean>>;

/** The wait asked for, checked; undefined when the task does not wait. */
export function checkWait(wait: WaitForStart | undefined, action: TaskAction): WaitForStart | undefined {
  if (wait === undefined) return undefined;
  if (!isPlainObject(wait)) {
    throw new ValidationError('waitForStart', `must be an object, got ${describeValue(wait)}.`, 'Pass { timeoutMs, pollIntervalMs }.');
  }
  const timeoutMs = checkDurationMs(wait.timeoutMs, 'waitForStart', 0, MAX_WAIT_FOR_START_MS);
  const asked = wait.pollIntervalMs;
  const pollIntervalMs =
    asked === undefined ? undefined : checkDurationMs(asked, 'pollInterval', MIN_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS);
  if (timeoutMs === 0) return undefined;
  if (!ACTION_FIELDS[action].wait) {
    throw new ValidationError(
      'waitForStart',
      `is not used by action "${action}".`,
      'Only start waits for the host; leave the wait at 0 (unset) for other actions.',
    );
  }
  return pollIntervalMs === undefined ? { timeoutMs } : { timeoutMs, pollIntervalMs };
}

/** The operations of an action, fields already checked against the action. */
function operationsFor(
  action: TaskAction,
  target: Target,
  stream: Partial<LiveStreamUpdate> | undefined,
  settings: Record<string, unknown> | undefined,
  confirm: ConfirmRequest | undefined,
): Operation[] {
  switch (action) {
    case 'get':
    case 'confirm':
      return [getOperation(target)];
    case 'check':
      return checkReads(target);
    case 'update':
      return [updateOperation(target, stream as LiveStreamUpdate)];
    case 'start':
    case 'stop':
    case 'mode': {
      const status = statusOperation(target, { action, ...(settings ? { settings: settings as LiveStreamSettings } : {}) });
      const operations = stream ? [updateOperation(target, stream as LiveStreamUpdate), status] : [status];
      // A confirmed start reads the stream's name at the destination from Zoom unless it writes both parts.
      return confirm && !(stream?.stream_url && stream.stream_key) ? [getOperation(target), ...operations] : operations;
    }
    default:
      return unhandled(action);
  }
}

/** The confirmation asked for, checked, with the stream URL it names when the task gives one. */
function planConfirm(task: Task, action: TaskAction, stream: Partial<LiveStreamUpdate> | undefined): ConfirmRequest | undefined {
  const asked = task.confirm;
  if (asked === undefined) {
    if (action !== 'confirm') return undefined;
    throw new ValidationError(
      'confirm',
      'is not set: the confirm action reads a destination.',
      `Set ${setting('confirm')} to one of ${DESTINATION_KINDS.join(', ')}.`,
    );
  }
  if (!ACTION_FIELDS[action].confirm) {
    throw new ValidationError(
      'confirm',
      `is not used by action "${action}".`,
      `Only start and confirm read the destination; leave ${setting('confirm')} unset (none) for ${action}.`,
    );
  }
  const checked = checkConfirm(asked);
  // A stream URL given here is the one the destination is read by: one without an application fails now.
  if (stream?.stream_url) destinationStream(stream.stream_url, stream.stream_key ?? 'key');
  return checked;
}

/** Checks a task and returns its plan; sends nothing, changes nothing. */
export function planTask(task: Task): TaskPlan {
  const action = checkAction(task.action);
  const wait = checkWait(task.waitForStart, action);
  const stream = given(task.stream, 'stream', '{ "stream_url": "rtmp://...", "stream_key": "...", "page_url": "https://..." }');
  const settings = given(task.settings, 'settings', '{ "display_name": "Town hall" }');
  const takes = ACTION_FIELDS[action];
  if (stream && !takes.stream) {
    const field = Object.keys(stream).find((k) => stream[k as keyof LiveStreamUpdate] !== undefined)!;
    throw new ValidationError(
      field,
      `is not used by action "${action}".`,
      'Stream URL, key and page URL go with update (or start, which updates first).',
    );
  }
  if (settings && !takes.settings) {
    const key = Object.keys(settings).find((k) => settings[k] !== undefined)!;
    throw new ValidationError(
      settingField(key),
      `is not used by action "${action}".`,
      `Settings go with start (or mode, for ${setting('settings.layout')} and ${setting('settings.close_caption')}).`,
    );
  }
  const confirm = planConfirm(task, action, stream);
  const target = resolveTarget(task.target);
  return {
    action,
    target,
    operations: operationsFor(action, target, stream, settings, confirm),
    ...(wait ? { wait } : {}),
    ...(confirm ? { confirm } : {}),
  };
}
