/**
 * Turns a node's configuration and an incoming message into a Task: typed inputs are evaluated
 * (str, msg, flow, global, env), then msg.meetingId / msg.webinarId, msg.action and msg.payload's
 * Zoom fields override them. Fields that the chosen action does not use are left out of the
 * node's configuration, but a message that sends them explicitly is told so.
 */
import { isPlainObject, parseTarget, type Target, type Task, type TargetKind } from '../core/index.js';
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
}

const STREAM_FIELDS = ['stream_url', 'stream_key', 'page_url', 'resolution'] as const;

function evaluate(RED: RedApi, node: RedNode, value: string | undefined, type: string | undefined, msg: NodeMessage): Promise<unknown> {
  // Fixed choices (action, resolution, layout, ...) are stored with their own type name.
  if (!type || !['msg', 'flow', 'global', 'env', 'bool', 'json'].includes(type)) {
    return Promise.resolve(value === '' ? undefined : value);
  }
  return new Promise((resolve, reject) =>
    RED.util.evaluateNodeProperty(value ?? '', type, node, msg, (err, result) => (err ? reject(err) : resolve(result))),
  );
}

/** "true"/"false" from env or context become booleans; anything else goes to validation as it is. */
function booleanish(value: unknown): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value === '' ? undefined : value;
}

export async function buildTask(
  RED: RedApi,
  node: RedNode,
  config: LiveStreamNodeConfig,
  msg: NodeMessage,
): Promise<Task & { target: Target }> {
  const get = (value: string | undefined, type: string) => evaluate(RED, node, value, type, msg);
  const fromMsg = msg.meetingId !== undefined ? 'meeting' : msg.webinarId !== undefined ? 'webinar' : undefined;
  const kind: TargetKind = fromMsg ?? (config.targetKind === 'webinar' ? 'webinar' : 'meeting');
  const targetValue = fromMsg ? (msg.meetingId ?? msg.webinarId) : await get(config.target, config.targetType);
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

  // Configured settings go with start and mode; Zoom refuses settings changes while a stream is
  // live, so a stop carries only the settings its message asks for.
  let settings: Record<string, unknown> = {};
  if (action === 'start' || action === 'mode') {
    settings = {
      active_speaker_name: booleanish(await get(config.activeSpeakerName, config.activeSpeakerNameType)),
      display_name: await get(config.displayName, config.displayNameType),
    };
    if (kind === 'meeting') {
      settings.layout = await get(config.layout, config.layoutType);
      settings.close_caption = await get(config.closeCaption, config.closeCaptionType);
    }
    for (const key of Object.keys(settings)) if (settings[key] === undefined) delete settings[key];
  }
  if (payload.settings !== undefined) {
    // A message's settings are checked by the core as they are, so a non-object is reported.
    settings = isPlainObject(payload.settings) ? { ...settings, ...payload.settings } : (payload.settings as never);
  }
  return { action, target, stream: stream as Task['stream'], settings };
}
