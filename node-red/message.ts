/**
 * Turns a node's configuration and an incoming message into a Task: typed inputs are evaluated
 * (str, msg, flow, global, env), then msg.meetingId / msg.webinarId, msg.action and msg.payload's
 * Zoom fields override them. Fields that the chosen action does not use are left out of the
 * node's configuration, but a message that sends them explicitly is told so.
 */
import {
  checkDurationMs,
  isPlainObject,
  MAX_POLL_INTERVAL_MS,
  MAX_WAIT_FOR_START_MS,
  MIN_POLL_INTERVAL_MS,
  parseTarget,
  settingsFor,
  STATUS_ACTIONS,
  ValidationError,
  type LiveStreamSettings,
  type StatusAction,
  type Target,
  type Task,
  type TargetKind,
  type WaitForStart,
} from '../core/index.js';
import type { NodeMessage, RedApi, RedNode } from './red-types.js';

export interface LiveStreamNodeConfig {
  name?: string;
  account: string;
  targetKind: TargetKind;
  target: string;
  targetType: string;
  action: string;
  actionType: string;
  streamUrl: string;
  streamUrlType: string;
  /** Where the stream key comes from: 'cred' (the node's credentials) or a typed input. */
  streamKeyFrom: string;
  streamKeyFromType: string;
  pageUrl: string;
  pageUrlType: string;
  resolution: string;
  resolutionType: string;
  activeSpeakerName: string;
  activeSpeakerNameType: string;
  displayName: string;
  displayNameType: string;
  layout: string;
  layoutType: string;
  closeCaption: string;
  closeCaptionType: string;
  /** `get`: put the stream key in msg.payload (for flows that copy a configuration); masked otherwise. */
  includeStreamKey?: boolean;
  /** `start`: wait up to this many minutes for the host to start the meeting ('' or '0': do not wait). */
  waitForStart?: string;
  /** A zoom-destination config node: start (and confirm) prove the stream live there. */
  destination?: string;
}

const STREAM_FIELDS = ['stream_url', 'stream_key', 'page_url', 'resolution'] as const;

/** Where each Zoom setting comes from in the node's configuration: [value, typed-input type]. */
const SETTING_INPUTS: Record<keyof LiveStreamSettings, (c: LiveStreamNodeConfig) => [string, string]> = {
  active_speaker_name: (c) => [c.activeSpeakerName, c.activeSpeakerNameType],
  display_name: (c) => [c.displayName, c.displayNameType],
  layout: (c) => [c.layout, c.layoutType],
  close_caption: (c) => [c.closeCaption, c.closeCaptionType],
};

function evaluate(RED: RedApi, node: RedNode, value: string | undefined, type: string | undefined, msg: NodeMessage): Promise<unknown> {
  // Fixed choices (action, resolution, layout, ...) are stored with their own type name.
  if (!type || !['msg', 'flow', 'global', 'env', 'bool', 'json'].includes(type)) {
    return Promise.resolve(value === '' ? undefined : value);
  }
  // A property that cannot be read (bad JSON, a context store's error) is the message's or the
  // node's to fix, said as a validation error.
  return new Promise((resolve, reject) =>
    RED.util.evaluateNodeProperty(value ?? '', type, node, msg, (err, result) =>
      err ? reject(new ValidationError('message', err.message, 'Check the msg properties and the node configuration.')) : resolve(result),
    ),
  );
}

/** "true"/"false" from env or context become booleans; anything else goes to validation as it is. */
function booleanish(value: unknown): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value === '' ? undefined : value;
}

/** Seconds from a message (a number, or digits from a template or env), as checked ms. */
function secondsMs(value: unknown, field: string, min: number, max: number): number {
  const seconds = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  return checkDurationMs(typeof seconds === 'number' ? seconds * 1000 : seconds, field, min, max);
}

/**
 * The wait for the host: the node's option (minutes, for start) or msg.waitForStart (seconds, which
 * the core refuses on other actions), and msg.pollInterval (seconds).
 */
function waitFor(config: LiveStreamNodeConfig, msg: NodeMessage, action: unknown): WaitForStart | undefined {
  const fromMsg = msg.waitForStart ?? undefined;
  if (fromMsg === undefined && action !== 'start') return undefined;
  const minutes = (config.waitForStart ?? '').trim() || '0';
  const timeoutMs =
    fromMsg !== undefined
      ? secondsMs(fromMsg, 'msg.waitForStart', 0, MAX_WAIT_FOR_START_MS)
      : checkDurationMs(
          /^\d+(\.\d+)?$/.test(minutes) ? Number(minutes) * 60_000 : minutes,
          'wait for start (minutes)',
          0,
          MAX_WAIT_FOR_START_MS,
        );
  const poll = msg.pollInterval ?? undefined;
  if (poll === undefined) return { timeoutMs };
  return { timeoutMs, pollIntervalMs: secondsMs(poll, 'msg.pollInterval', MIN_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS) };
}

export async function buildTask(
  RED: RedApi,
  node: RedNode,
  config: LiveStreamNodeConfig,
  msg: NodeMessage,
): Promise<Task & { target: Target }> {
  const get = (value: string | undefined, type: string) => evaluate(RED, node, value, type, msg);
  // null counts as unset, as a flow that clears one ID with `msg.meetingId = null` means it.
  const meetingId = msg.meetingId ?? undefined;
  const webinarId = msg.webinarId ?? undefined;
  if (meetingId !== undefined && webinarId !== undefined) {
    throw new ValidationError(
      'msg.meetingId',
      'and msg.webinarId are both set.',
      'Set only one of them (delete the other, or set it to null) so the message says which it addresses.',
    );
  }
  const fromMsg = meetingId !== undefined ? 'meeting' : webinarId !== undefined ? 'webinar' : undefined;
  const kind: TargetKind = fromMsg ?? (config.targetKind === 'webinar' ? 'webinar' : 'meeting');
  const targetValue = fromMsg ? (meetingId ?? webinarId) : await get(config.target, config.targetType);
  const target = parseTarget(targetValue, kind);
  const action = (msg.action ?? (await get(config.action, config.actionType))) as Task['action'];
  const payload = isPlainObject(msg.payload) ? msg.payload : {};

  const stream: Record<string, unknown> = {};
  if (action === 'update' || action === 'start') {
    const key =
      config.streamKeyFromType === 'cred'
        ? node.credentials?.streamKey || undefined
        : await get(config.streamKeyFrom, config.streamKeyFromType);
    Object.assign(stream, {
      stream_url: await get(config.streamUrl, config.streamUrlType),
      stream_key: key,
      page_url: await get(config.pageUrl, config.pageUrlType),
      resolution: await get(config.resolution, config.resolutionType),
    });
  }
  for (const field of STREAM_FIELDS) if (payload[field] !== undefined) stream[field] = payload[field];

  // The configured settings that this action takes (Zoom refuses settings changes while a stream is
  // live, so a stop takes none); a message's own settings are checked by the core as they are.
  let settings: Record<string, unknown> = {};
  if (STATUS_ACTIONS.includes(action as StatusAction)) {
    for (const name of settingsFor(action as StatusAction, kind)) {
      const [value, type] = SETTING_INPUTS[name](config);
      const evaluated = await get(value, type);
      const setting = name === 'active_speaker_name' ? booleanish(evaluated) : evaluated;
      if (setting !== undefined) settings[name] = setting;
    }
  }
  if (payload.settings !== undefined) {
    // A message's settings are checked by the core as they are, so a non-object is reported.
    settings = isPlainObject(payload.settings) ? { ...settings, ...payload.settings } : (payload.settings as never);
  }
  const task: Task & { target: Target } = { action, target, stream: stream as Task['stream'], settings };
  const wait = waitFor(config, msg, action);
  if (wait) task.waitForStart = wait;
  return task;
}
