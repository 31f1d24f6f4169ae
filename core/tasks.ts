/**
 * What users ask for (update, start, stop, get, mode) turned into Zoom operations, and run.
 * Shared by the Action and the Node-RED node so both behave the same: `start` with stream fields
 * updates the stream first, then starts it; fields that an action does not use are refused.
 */
import type { TargetInput, ZoomLiveStreamClient, CallOptions } from './client.js';
import { describeValue, ValidationError } from './errors.js';
import type { Operation } from './operations.js';
import { isPlainObject, settingField } from './validate.js';
import type { LiveStreamConfig, LiveStreamUpdate, ResponseMeta, TargetKind } from './types.js';

export const TASK_ACTIONS = ['update', 'start', 'stop', 'get', 'mode'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export interface Task {
  action: TaskAction;
  target: TargetInput;
  /** stream_url, stream_key, page_url, resolution. */
  stream?: Partial<LiveStreamUpdate>;
  /** Zoom's status settings (active_speaker_name, display_name, layout, close_caption). */
  settings?: Record<string, unknown>;
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
  throw new ValidationError(
    'action',
    `${describeValue(value)} is not one of ${TASK_ACTIONS.join(', ')}.`,
    near ? `Write it as "${near}" (lower case).` : `Use one of: ${TASK_ACTIONS.join(', ')}.`,
  );
}

/** Validates a task and returns the operations it takes, in order; sends nothing. */
export function planTask(client: ZoomLiveStreamClient, task: Task): Operation[] {
  const action = checkAction(task.action);
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
  if (settings && (action === 'update' || action === 'get')) {
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
    case 'update':
      return [client.updateOp(task.target, stream as LiveStreamUpdate)];
    default: {
      const status = client.statusOp(task.target, { action, ...(settings ? { settings } : {}) } as never);
      return stream ? [client.updateOp(task.target, stream as LiveStreamUpdate), status] : [status];
    }
  }
}

/** Runs a planned task step by step; the first failure stops it and is thrown. */
export async function runTask(client: ZoomLiveStreamClient, task: Task, call: CallOptions = {}): Promise<TaskResult> {
  const operations = planTask(client, task);
  const { kind, id } = operations[0]!.target;
  const steps: TaskStep[] = [];
  let config: LiveStreamConfig | undefined;
  for (const op of operations) {
    const outcome = await client.perform(op, call);
    const { config: read, ...meta } = outcome;
    if (read) config = read;
    steps.push({ operation: client.describe(op), ...meta });
  }
  const last = steps[steps.length - 1]!;
  const result: TaskResult = { action: task.action, kind, id, status: last.status, steps };
  if (last.trackingId) result.trackingId = last.trackingId;
  if (config) result.config = config;
  return result;
}
