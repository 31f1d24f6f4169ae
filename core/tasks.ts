/**
 * What users ask for (update, start, stop, get, mode) turned into Zoom operations, and run.
 * Shared by the Action and the Node-RED node so both behave the same: `start` with stream fields
 * updates the stream first, then starts it; fields that an action does not use are refused.
 */
import type { TargetInput, ZoomLiveStreamClient, CallOptions } from './client.js';
import { describeValue, ValidationError } from './errors.js';
import { checkTarget, type Checklist } from './check.js';
import { readOperation, type Operation } from './operations.js';
import { isPlainObject, settingField } from './validate.js';
import type { LiveStreamConfig, LiveStreamUpdate, ResponseMeta, TargetKind } from './types.js';
import type { Priority } from './pace.js';
import { waitingStart, type Probe } from './waiting-start.js';
import {
  checkDurationMs,
  DEFAULT_POLL_INTERVAL_MS,
  MAX_POLL_INTERVAL_MS,
  MAX_WAIT_FOR_START_MS,
  MIN_POLL_INTERVAL_MS,
  type WaitForStart,
  type WaitProgress,
} from './wait.js';

export const TASK_ACTIONS = ['update', 'start', 'stop', 'get', 'mode', 'check'] as const;
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
}

/** A task's hooks, besides the per-call ones (signal, retries). */
export interface TaskOptions extends CallOptions {
  /** A waiting start: told before each pause (how long it has waited, the next try, the deadline). */
  onWait?: (progress: WaitProgress) => void;
  /** Told as each operation of the task completes ("update meeting 857..."): what was done, if it is stopped. */
  onStepDone?: (operation: string) => void;
  /** A waiting start: told once which probe it uses (the meeting's status, or the start call) and how often. */
  onProbe?: (probe: Probe, intervalMs: number) => void;
  /**
   * Every request step runs inside this (the Node-RED account: a slot of its scheduler), while the
   * pauses between a waiting start's tries run outside it, holding nothing.
   */
  step?: <T>(send: () => Promise<T>, priority?: Priority) => Promise<T>;
}

export interface TaskStep extends ResponseMeta {
  operation: string;
}

export interface TaskResult extends ResponseMeta {
  action: TaskAction;
  kind: TargetKind;
  id: string;
  steps: TaskStep[];
  /** The configuration read by `get`. */
  config?: LiveStreamConfig;
  /** A start asked to wait: how long it waited for the host, and its tries (meeting reads or start requests). */
  waitedMs?: number;
  tries?: number;
  /** `check`: the pre-flight checklist. */
  checklist?: Checklist;
}

/** The fields given (an object with at least one defined value), or undefined; a non-object is refused. */
function given<T extends object>(value: T | undefined, field: string, example: string): T | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    throw new ValidationError(field, `must be an object, got ${describeValue(value)}.`, `Pass ${field} like ${example}.`);
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

/** The wait asked for, checked, with defaults; undefined when the task does not wait. */
export function checkWait(wait: WaitForStart | undefined, action: TaskAction): Required<WaitForStart> | undefined {
  if (wait === undefined) return undefined;
  if (!isPlainObject(wait)) {
    throw new ValidationError('waitForStart', `must be an object, got ${describeValue(wait)}.`, 'Pass { timeoutMs, pollIntervalMs }.');
  }
  const timeoutMs = checkDurationMs(wait.timeoutMs, 'waitForStart', 0, MAX_WAIT_FOR_START_MS);
  const pollIntervalMs = checkDurationMs(
    wait.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    'pollInterval',
    MIN_POLL_INTERVAL_MS,
    MAX_POLL_INTERVAL_MS,
  );
  if (timeoutMs === 0) return undefined;
  if (action !== 'start') {
    throw new ValidationError(
      'waitForStart',
      `is not used by action "${action}".`,
      'Only start waits for the host; leave the wait at 0 (unset) for other actions.',
    );
  }
  return { timeoutMs, pollIntervalMs };
}

/** Validates a task and returns the operations it takes, in order; sends nothing. */
export function planTask(client: ZoomLiveStreamClient, task: Task): Operation[] {
  const action = checkAction(task.action);
  checkWait(task.waitForStart, action);
  const stream = given(task.stream, 'stream', '{ "stream_url": "rtmp://...", "stream_key": "...", "page_url": "https://..." }');
  const settings = given(task.settings, 'settings', '{ "display_name": "Town hall" }');
  if (stream && action !== 'update' && action !== 'start') {
    const field = Object.keys(stream).find((k) => stream[k as keyof LiveStreamUpdate] !== undefined)!;
    throw new ValidationError(
      field,
      `is not used by action "${action}".`,
      'Stream URL, key and page URL go with update (or start, which updates first).',
    );
  }
  if (settings && (action === 'update' || action === 'get' || action === 'check')) {
    const key = Object.keys(settings).find((k) => settings[k] !== undefined)!;
    throw new ValidationError(
      settingField(key),
      `is not used by action "${action}".`,
      'Settings go with start (or mode, for layout and close_caption).',
    );
  }
  switch (action) {
    case 'get':
      return [client.getOp(task.target)];
    case 'check': {
      // The reads a check starts with; the host's settings follow once the target names its host.
      const get = client.getOp(task.target);
      return [readOperation(get.target, `/${get.target.kind}s/${encodeURIComponent(get.target.id)}`), get];
    }
    case 'update':
      return [client.updateOp(task.target, stream as LiveStreamUpdate)];
    default: {
      const status = client.statusOp(task.target, { action, ...(settings ? { settings } : {}) } as never);
      return stream ? [client.updateOp(task.target, stream as LiveStreamUpdate), status] : [status];
    }
  }
}

/**
 * Runs a planned task step by step; the first failure stops it and is thrown. A start asked to wait
 * repeats its start step while Zoom says the target has not started (see wait.ts).
 */
export async function runTask(client: ZoomLiveStreamClient, task: Task, options: TaskOptions = {}): Promise<TaskResult> {
  const operations = planTask(client, task);
  const wait = checkWait(task.waitForStart, task.action);
  const { onWait, onProbe, onStepDone, step = (send) => send(), ...call } = options;
  const { kind, id } = operations[0]!.target;
  if (task.action === 'check') {
    const checklist = await step(() => checkTarget(client, { kind, id }, call));
    const steps = checklist.reads.map((r) => ({ ...r }));
    const last = steps.at(-1);
    return {
      action: 'check',
      kind,
      id,
      status: last?.status ?? 0,
      ...(last?.trackingId ? { trackingId: last.trackingId } : {}),
      steps,
      checklist,
    };
  }
  const steps: TaskStep[] = [];
  let config: LiveStreamConfig | undefined;
  let waited: { waitedMs: number; tries: number } | undefined;
  for (const op of operations) {
    const once = (extra: CallOptions = {}) => step(() => client.perform(op, { ...call, ...extra }), extra.priority);
    let outcome: Awaited<ReturnType<ZoomLiveStreamClient['perform']>>;
    if (wait && op.isStreamStart) {
      // A start after an update knows its stream is configured; one alone reads it first.
      const { waitedMs, tries, ...meta } = await waitingStart(client, op, wait, task.waitForStart!, operations.length > 1, {
        ...call,
        onWait,
        onProbe,
        step,
      });
      outcome = meta;
      waited = { waitedMs, tries };
    } else {
      outcome = await once();
    }
    const { config: read, ...meta } = outcome;
    if (read) config = read;
    steps.push({ operation: client.describe(op), ...meta });
    onStepDone?.(client.describe(op));
  }
  const last = steps[steps.length - 1]!;
  const result: TaskResult = { action: task.action, kind, id, status: last.status, steps };
  if (last.trackingId) result.trackingId = last.trackingId;
  if (config) result.config = config;
  if (waited) Object.assign(result, waited);
  return result;
}
