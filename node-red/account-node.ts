/** The `zoom-account` config node: Zoom credentials (kept as Node-RED credentials) and the shared service. */
import { DEFAULT_REQUESTS_PER_SECOND } from '../core/index.js';
import { acquireAccount } from './account-registry.js';
import { DEFAULT_MAX_QUEUED, type AccountService } from './account-service.js';
import type { RedApi, RedNode } from './red-types.js';
import { textsFor, type Texts } from './texts.js';

export interface AccountNodeConfig {
  name?: string;
  authType?: 'oauth' | 'token';
  apiBaseUrl?: string;
  oauthTokenUrl?: string;
  /** Seconds per request; empty for the core's default. */
  timeout?: string | number;
  /** Requests per second for the whole account, every node on it together; empty: Zoom's Pro limit (30). */
  rate?: string | number;
  /** Messages queued at most for the account; empty: 10,000. */
  maxQueued?: string | number;
}

export interface AccountNode extends RedNode {
  service: AccountService;
}

export const ACCOUNT_CREDENTIALS = {
  accountId: { type: 'text' },
  clientId: { type: 'text' },
  clientSecret: { type: 'password' },
  accessToken: { type: 'password' },
} as const;

/** The queue limit set (whole, from 1 to 1,000,000), or undefined for the default, with a warning for anything else. */
function queueLimit(value: string | number | undefined, warn: (text: string) => void, text: Texts): number | undefined {
  if (value === undefined || String(value).trim() === '') return undefined;
  const limit = Number(value);
  if (Number.isInteger(limit) && limit >= 1 && limit <= 1_000_000) return limit;
  warn(text('warn.queueLimit', { value: JSON.stringify(String(value).slice(0, 20)), default: DEFAULT_MAX_QUEUED }));
  return undefined;
}

export function registerAccountNode(RED: RedApi): void {
  function ZoomAccountNode(this: AccountNode, config: AccountNodeConfig) {
    RED.nodes.createNode(this, config);
    const text = textsFor(RED, 'zoom-account');
    const lease = acquireAccount(
      this,
      {
        authType: config.authType === 'token' || config.authType === 'oauth' ? config.authType : undefined,
        credentials: this.credentials ?? {},
        apiBaseUrl: config.apiBaseUrl?.trim() || undefined,
        oauthTokenUrl: config.oauthTokenUrl?.trim() || undefined,
        // Checked by the core (timeoutMs) on the first message, like the other settings.
        timeoutMs: config.timeout === undefined || String(config.timeout).trim() === '' ? undefined : Number(config.timeout) * 1000,
        // Checked by the core too (requestsPerSecond); empty means the Pro figure, pacing always on.
        requestsPerSecond:
          config.rate === undefined || String(config.rate).trim() === '' ? DEFAULT_REQUESTS_PER_SECOND : Number(config.rate),
        maxQueued: queueLimit(config.maxQueued, (warning) => this.warn(warning), text),
        log: (message) => this.debug(message),
      },
      (rate) => this.warn(text('warn.pace', { rate })),
    );
    this.service = lease.service;
    this.on('close', (_removed: boolean, done: () => void) => {
      lease.release();
      done();
    });
  }
  RED.nodes.registerType('zoom-account', ZoomAccountNode as never, { credentials: ACCOUNT_CREDENTIALS });
}
