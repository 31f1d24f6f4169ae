/**
 * What users ask for (update, start, stop, get, mode, check), checked and turned into a plan: the
 * operations to perform, in order, and the wait for the host. Pure data, built once by the face
 * before anything is sent (a dry run shows it; tasks.ts performs it). `start` with stream fields
 * updates the stream first, then starts it; fields that an action does not use are refused.
 */
import { unhandled, ValidationError } from '../errors.js';
import { setting } from '../words.js';
import { describeValue } from '../text.js';
import { checkReads } from '../check/reads.js';
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
import { checkYouTube, type YouTubeInput, type YouTubeSettings } from '../youtube/settings.js';

/** What a YouTube start's plan shows until YouTube gives the stream's address and name, and the broadcast its watch URL (streamedPlan). */
const YOUTUBE_PLACEHOLDER = {
  stream_url: 'rtmp://a.rtmp.youtube.com/live2',
  stream_key: 'youtube-stream-name',
  page_url: 'https://www.youtube.com/watch?v=broadcast',
} as const;

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
  /** start and stop: YouTube's stream (its address and key become Zoom's), broadcast, on air, complete. */
  youtube?: YouTubeTaskInput;
}

/** YouTube's settings as a face gives them, with the API's credentials (YOUTUBE_* variables) and its base URL (confirm-url). */
export interface YouTubeTaskInput extends YouTubeInput {
  credentials: Record<string, string>;
  apiUrl?: string;
  /** What the reusable stream is named after: a streams file's entry name; unset, the meeting's ID. */
  name?: string;
}

/** YouTube's part of a plan, checked. */
export interface YouTubePlan {
  settings: YouTubeSettings;
  /** The API's base and credentials, checked as the youtube destination's. */
  api: { url: string; credentials: Record<string, string> };
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
  /** start and stop with YouTube: the update's stream URL and key are YouTube's, filled in by streamedPlan. */
  readonly youtube?: YouTubePlan;
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
  update: { stream: true, settings: false, wait: false, confirm: false, youtube: false },
  start: { stream: true, settings: true, wait: true, confirm: true, youtube: true },
  stop: { stream: false, settings: false, wait: false, confirm: false, youtube: true },
  get: { stream: false, settings: false, wait: false, confirm: false, youtube: false },
  mode: { stream: false, settings: true, wait: false, confirm: false, youtube: false },
  check: { stream: false, settings: false, wait: false, confirm: false, youtube: false },
  confirm: { stream: false, settings: false, wait: false, confirm: true, youtube: false },
} as const satisfies Record<TaskAction, Record<'stream' | 'settings' | 'wait' | 'confirm' | 'youtube', boolean>>;

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

/** YouTube's part of a task, checked: its settings, and the youtube destination its API is read as. */
function planYouTube(task: Task, action: TaskAction, stream: Partial<LiveStreamUpdate> | undefined): YouTubePlan | undefined {
  const asked = task.youtube;
  if (asked === undefined) return undefined;
  if (!ACTION_FIELDS[action].youtube)
    throw new ValidationError(
      'youtubeBroadcast',
      `is not used by action "${action}".`,
      'YouTube goes with start (stream, broadcast, on air) and stop (complete).',
    );
  const written = stream && (['stream_url', 'stream_key'] as const).find((k) => stream[k] !== undefined);
  if (written)
    throw new ValidationError(
      written,
      'is set with YouTube, which gives the stream URL and key itself.',
      `Leave ${setting(written)} unset: YouTube's live stream gives them.`,
    );
  const settings = checkYouTube(asked, asked.name ?? resolveTarget(task.target).id);
  if (action === 'start' && settings.broadcast === 'none' && !stream?.page_url)
    throw new ValidationError(
      'page_url',
      'is missing: without a broadcast there is no watch URL to give Zoom.',
      `Set ${setting('page_url')} to where viewers watch (your channel's /live page), or create a broadcast.`,
    );
  const kind = task.confirm?.destination.kind;
  if (kind !== undefined && kind !== 'youtube')
    throw new ValidationError(
      'confirm',
      `is ${kind}, but the stream goes to YouTube.`,
      `Leave ${setting('confirm')} unset (youtube is implied).`,
    );
  const { destination } = checkConfirm({
    destination: { kind: 'youtube', ...(asked.apiUrl ? { url: asked.apiUrl } : {}), credentials: asked.credentials },
  });
  return {
    settings,
    api: { url: destination.url, credentials: destination.credentials ?? {} },
  };
}

/**
 * A YouTube start's plan with YouTube's stream in place of the placeholders (a page URL the user gave
 * stays): the update writes it, the confirmation reads the stream by its ID.
 */
export function streamedPlan(
  plan: TaskPlan,
  stream: { stream_url: string; stream_key: string; page_url?: string },
  streamId: string,
): TaskPlan {
  const filled = (body: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(body).map(([key, value]) => [
        key,
        value === YOUTUBE_PLACEHOLDER[key as keyof typeof YOUTUBE_PLACEHOLDER] ? (stream[key as keyof typeof stream] ?? value) : value,
      ]),
    ) as unknown as LiveStreamUpdate;
  return {
    ...plan,
    operations: plan.operations.map((op) => (op.name === 'update' ? updateOperation(plan.target, filled(op.body!)) : op)),
    ...(plan.confirm ? { confirm: { ...plan.confirm, destination: { ...plan.confirm.destination, id: streamId } } } : {}),
  };
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
  const youtube = planYouTube(task, action, stream);
  // A YouTube start is confirmed at YouTube (on air with a broadcast); its stream is YouTube's.
  const confirmed =
    youtube && action === 'start'
      ? {
          ...task,
          confirm: {
            ...task.confirm,
            destination: { kind: 'youtube' as const, url: youtube.api.url, credentials: youtube.api.credentials },
          },
        }
      : task;
  const written = Object.fromEntries(Object.entries(stream ?? {}).filter(([, value]) => value !== undefined));
  const streamed = youtube && action === 'start' ? { ...YOUTUBE_PLACEHOLDER, ...written } : stream;
  const confirm = planConfirm(confirmed, action, streamed);
  const target = resolveTarget(task.target);
  return {
    action,
    target,
    operations: operationsFor(action, target, streamed, settings, confirm),
    ...(wait ? { wait } : {}),
    ...(confirm ? { confirm } : {}),
    ...(youtube ? { youtube } : {}),
  };
}
