/**
 * One account service per Zoom account, however many `zoom-account` config nodes name it: to Zoom
 * they are one account (one rate limit, one set of meetings), so they share one token cache, one
 * pace, one queue per meeting and one set of waits: a stop through either node cancels a start that
 * waits through the other. Two config nodes are the same account when they have the same API URL and
 * the same account ID and client ID (Server-to-Server OAuth) or the same access token.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_API_BASE_URL } from '../core/index.js';
import { AccountService, authTypeOf, type AccountSettings } from './account-service.js';

interface Entry {
  service: AccountService;
  /** Each config node using it, with the pace it asked for. */
  users: Map<object, number | undefined>;
}

const entries = new Map<string, Entry>();

/** What makes two config nodes one Zoom account. The token is hashed: the key is kept, and logged nowhere. */
export function accountKey(settings: AccountSettings): string {
  const { accountId, clientId, accessToken } = settings.credentials;
  const who =
    authTypeOf(settings) === 'token'
      ? `token:${createHash('sha256')
          .update(accessToken ?? '')
          .digest('hex')}`
      : `oauth:${accountId ?? ''}:${clientId ?? ''}`;
  return `${(settings.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, '')}|${who}`;
}

export interface AccountLease {
  service: AccountService;
  /** Set when this node's pace differs from the one the account runs at: that pace (the lowest asked for), in requests/s. */
  pacedLower?: number;
  /** This node is done with it; the last one to release closes the service. */
  release(): void;
}

export function acquireAccount(user: object, settings: AccountSettings): AccountLease {
  const key = accountKey(settings);
  let entry = entries.get(key);
  if (!entry) {
    entry = { service: new AccountService({ ...settings }), users: new Map() };
    entries.set(key, entry);
  }
  entry.users.set(user, settings.requestsPerSecond);
  if (settings.requestsPerSecond !== undefined) entry.service.lowerRate(settings.requestsPerSecond);
  const pace = entry.service.requestsPerSecond;
  const lease: AccountLease = {
    service: entry.service,
    release: () => {
      const current = entries.get(key);
      if (!current?.users.delete(user)) return;
      if (current.users.size === 0) {
        current.service.close();
        entries.delete(key);
      }
    },
  };
  if (pace !== undefined && settings.requestsPerSecond !== undefined && pace !== settings.requestsPerSecond) {
    lease.pacedLower = pace;
  }
  return lease;
}
