/**
 * The `zoom-destination` config node: where a started stream is proven live (the destination's kind
 * and API URL, its user and password as credentials), to which level, within how long, and how often
 * it is watched afterwards. The core checks the settings when a message uses them.
 */
import {
  checkDurationMs,
  DEFAULT_CONFIRM_TIMEOUT_MS,
  parseDuration,
  serviceCredentials,
  WATCH_INTERVAL_MS,
  type ConfirmInput,
  type DestinationKind,
} from '../core/index.js';
import type { RedApi, RedNode } from './red-types.js';

export interface DestinationNodeConfig {
  name?: string;
  kind: DestinationKind;
  url: string;
  /** A managed service's ID for the stream (not `id`: that is the node's own). */
  streamId?: string;
  level?: string;
  /** A duration (20s, 2m; a bare number is seconds); empty: 120 s. */
  timeout?: string | number;
  /** Between watch reads after a start, a duration from 5 s to 5 min; empty: 15 s. */
  watch?: string | number;
}

export interface DestinationNode extends RedNode {
  /** What a message confirms with; throws, naming the field and the value given, when a field is wrong. */
  confirmInput(): ConfirmInput;
  watchIntervalMs: number;
}

const MIN_WATCH_MS = 5_000;
const MAX_WATCH_MS = 300_000;

/** A duration as every face writes one (20s, 2m; a bare number is seconds); empty: the default. */
const duration = (value: string | number | undefined, field: string): number | undefined =>
  value === undefined || String(value).trim() === '' ? undefined : parseDuration(field, String(value));

export function registerDestinationNode(RED: RedApi): void {
  function ZoomDestinationNode(this: DestinationNode, config: DestinationNodeConfig) {
    RED.nodes.createNode(this, config);
    const { user, password } = this.credentials ?? {};
    let problem: unknown;
    let timeoutMs = DEFAULT_CONFIRM_TIMEOUT_MS;
    let credentials: Record<string, string> = {};
    this.watchIntervalMs = WATCH_INTERVAL_MS;
    try {
      // A managed service's credentials: its own variables in Node-RED's environment (NAME or NAME_FILE).
      credentials = serviceCredentials(config.kind, process.env);
      timeoutMs = duration(config.timeout, 'confirmTimeout') ?? DEFAULT_CONFIRM_TIMEOUT_MS;
      this.watchIntervalMs = checkDurationMs(duration(config.watch, 'watch') ?? WATCH_INTERVAL_MS, 'watch', MIN_WATCH_MS, MAX_WATCH_MS);
    } catch (error) {
      // Each message that uses the destination fails with it: the node's setting, quoted.
      problem = error;
    }
    const confirm: ConfirmInput = {
      destination: {
        kind: config.kind,
        url: (config.url ?? '').trim(),
        ...(user ? { user } : {}),
        ...(password ? { password } : {}),
        ...(config.streamId?.trim() ? { id: config.streamId.trim() } : {}),
        credentials,
      },
      ...(config.level ? { level: config.level } : {}),
      timeoutMs,
    };
    this.confirmInput = () => {
      if (problem) throw problem;
      return confirm;
    };
  }
  RED.nodes.registerType('zoom-destination', ZoomDestinationNode as never, {
    credentials: { user: { type: 'text' }, password: { type: 'password' } },
  });
}
