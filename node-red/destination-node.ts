/**
 * The `zoom-destination` config node: where a started stream is proven live (the destination's kind
 * and API URL, its user and password as credentials), to which level, within how long, and how often
 * it is watched afterwards. The core checks the settings when a message uses them.
 */
import { DEFAULT_CONFIRM_TIMEOUT_MS, WATCH_INTERVAL_MS, type ConfirmInput, type DestinationKind } from '../core/index.js';
import type { RedApi, RedNode } from './red-types.js';

export interface DestinationNodeConfig {
  name?: string;
  kind: DestinationKind;
  url: string;
  level?: string;
  /** Seconds; empty: 120. */
  timeout?: string | number;
  /** Seconds between watch reads after a start; empty: 15. */
  watch?: string | number;
}

export interface DestinationNode extends RedNode {
  confirm: ConfirmInput;
  watchIntervalMs: number;
}

const MIN_WATCH_S = 5;
const MAX_WATCH_S = 300;

const seconds = (value: string | number | undefined): number | undefined =>
  value === undefined || String(value).trim() === '' ? undefined : Number(value);

export function registerDestinationNode(RED: RedApi): void {
  function ZoomDestinationNode(this: DestinationNode, config: DestinationNodeConfig) {
    RED.nodes.createNode(this, config);
    const { user, password } = this.credentials ?? {};
    const timeout = seconds(config.timeout);
    this.confirm = {
      destination: {
        kind: config.kind,
        url: (config.url ?? '').trim(),
        ...(user ? { user } : {}),
        ...(password ? { password } : {}),
      },
      ...(config.level ? { level: config.level } : {}),
      timeoutMs: timeout === undefined ? DEFAULT_CONFIRM_TIMEOUT_MS : timeout * 1000,
    };
    const watch = seconds(config.watch);
    this.watchIntervalMs =
      watch !== undefined && watch >= MIN_WATCH_S && watch <= MAX_WATCH_S ? Math.round(watch * 1000) : WATCH_INTERVAL_MS;
  }
  RED.nodes.registerType('zoom-destination', ZoomDestinationNode as never, {
    credentials: { user: { type: 'text' }, password: { type: 'password' } },
  });
}
