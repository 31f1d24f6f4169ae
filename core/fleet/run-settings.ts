/**
 * A streams file's top-level settings for `run`: where Zoom's events come from (`events:`) and where
 * alerts go (`alerts:`). The alert URL carries a token: it is written as `${NAME}` only, read from
 * the environment.
 */
import { isPlainObject } from '../http/json.js';
import { unknownKeyIn, variableOnly } from './yaml-fields.js';

export const EVENT_SOURCES = ['poll', 'websocket', 'webhook'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export interface RunSettings {
  events?: { source: EventSource; subscriptionId?: string };
  alerts?: { url: string };
}

/** `events:` checked, or the reason it is refused. */
export function readEvents(value: unknown): RunSettings['events'] | { problem: string } {
  if (!isPlainObject(value)) return { problem: 'must be a mapping (source, subscription-id)' };
  const unknown = unknownKeyIn(value, ['source', 'subscription-id']);
  if (unknown) return { problem: unknown };
  const source = value.source ?? 'poll';
  if (typeof source !== 'string' || !(EVENT_SOURCES as readonly string[]).includes(source))
    return { problem: `source: must be one of ${EVENT_SOURCES.join(', ')}` };
  const id = value['subscription-id'];
  if (source === 'websocket' && (typeof id !== 'string' || !id.trim()))
    return {
      problem: "subscription-id: missing (source websocket reads one event subscription: the app's Event Subscriptions page shows its ID)",
    };
  return { source: source as EventSource, ...(typeof id === 'string' && id.trim() ? { subscriptionId: id.trim() } : {}) };
}

/** `alerts:` checked, its URL read from the environment, or the reason it is refused. */
export function readAlerts(value: unknown, env: Record<string, string | undefined>): RunSettings['alerts'] | { problem: string } {
  if (!isPlainObject(value)) return { problem: 'must be a mapping (url)' };
  const unknown = unknownKeyIn(value, ['url']);
  if (unknown) return { problem: unknown };
  const variable = typeof value.url === 'string' ? variableOnly(value.url) : undefined;
  if (!variable) return { problem: 'url: give it as ${NAME}, read from the environment (a chat webhook URL carries a token)' };
  const url = env[variable];
  if (!url) return { problem: `url: the environment has no ${variable} (set it)` };
  return { url };
}
