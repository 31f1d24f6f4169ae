/**
 * A streams file's top-level settings for `run`: where Zoom's events come from (`events:`) and where
 * alerts go (`alerts:`). The alert URL carries a token: it is written as `${NAME}` only, read from
 * the environment.
 */
import { subscriptionIdProblem } from '../events/socket.js';
import { isPlainObject } from '../http/json.js';
import { unknownKeyIn, variableOnly } from './yaml-fields.js';

export const EVENT_SOURCES = ['poll', 'websocket', 'webhook'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export interface RunSettings {
  events?: { source: EventSource; subscriptionId?: string };
  alerts?: { url: string };
}

/**
 * `events:` checked, or the reason it is refused. `idText` is the subscription ID as written when
 * YAML read it as a number (`subscription-id: 0123`): an ID is text.
 */
export function readEvents(value: unknown, idText?: string): RunSettings['events'] | { problem: string } {
  if (!isPlainObject(value)) return { problem: 'must be a mapping (source, subscription-id)' };
  const unknown = unknownKeyIn(value, ['source', 'subscription-id']);
  if (unknown) return { problem: unknown };
  const source = value.source ?? 'poll';
  if (typeof source !== 'string' || !(EVENT_SOURCES as readonly string[]).includes(source))
    return { problem: `source: must be one of ${EVENT_SOURCES.join(', ')}` };
  const given = value['subscription-id'];
  const id = idText ?? (typeof given === 'string' ? given : given === undefined || given === null ? '' : String(given));
  if (source === 'websocket' || id) {
    const problem = subscriptionIdProblem(id);
    if (problem) return { problem: `subscription-id: ${problem}` };
  }
  return { source: source as EventSource, ...(id.trim() ? { subscriptionId: id.trim() } : {}) };
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
