/**
 * The config nodes of one Zoom account, however many: to Zoom they are one account (one rate limit,
 * one set of meetings), so they share one pace, one queue per meeting and one set of waits (a stop
 * through either node cancels a start that waits through the other). Only config nodes whose
 * settings are identical (credentials, secret and token URL included) share a client and its token:
 * a node with a wrong secret never works on another node's token, and each node's own mistake is its
 * own error. The account paces at the lowest valid rate its nodes ask for, again as they come and go.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_API_BASE_URL, DEFAULT_OAUTH_TOKEN_URL } from '../core/index.js';
import { AccountService, authTypeOf, SharedAccount, validRate, type AccountSettings } from './account-service.js';

interface User {
  rate?: number;
  /** Told when the account paces slower than this node asked for (another node asked for less). */
  onPaced?: (rate: number) => void;
  /** The pace this node was last told of, so it hears of each change once. */
  told?: number;
}

interface Entry {
  shared: SharedAccount;
  users: Map<object, User>;
  /** Services by everything that configures a client, with how many nodes use each. */
  services: Map<string, { service: AccountService; users: number }>;
}

const entries = new Map<string, Entry>();

const hash = (text: string | undefined) =>
  createHash('sha256')
    .update(text ?? '')
    .digest('hex');

const apiOf = (settings: AccountSettings) => (settings.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, '');

/** What makes two config nodes one Zoom account: the API URL and the account ID (or the same access token, hashed). */
export function accountKey(settings: AccountSettings): string {
  const { accountId, accessToken } = settings.credentials;
  const who = authTypeOf(settings) === 'token' ? `token:${hash(accessToken)}` : `oauth:${accountId ?? ''}`;
  return `${apiOf(settings)}|${who}`;
}

/** Everything that configures a client: two nodes share one only when all of it is the same. Secrets are hashed. */
export function serviceKey(settings: AccountSettings): string {
  const { accountId, clientId, clientSecret, accessToken } = settings.credentials;
  const type = authTypeOf(settings);
  return JSON.stringify([
    apiOf(settings),
    type,
    type === 'token' ? hash(accessToken) : [accountId ?? '', clientId ?? '', hash(clientSecret)],
    (settings.oauthTokenUrl ?? DEFAULT_OAUTH_TOKEN_URL).replace(/\/+$/, ''),
    // As text: NaN (a typo) must not read as unset.
    String(settings.timeoutMs),
    String(settings.maxQueued),
    String(settings.requestsPerSecond),
  ]);
}

export interface AccountLease {
  service: AccountService;
  /** This node is done with it; the last one to release a service closes it. */
  release(): void;
}

/** Paces the account at the lowest valid rate of its nodes, and tells each node paced below its own rate. */
function repace(entry: Entry): void {
  const rates = [...entry.users.values()].map((u) => u.rate).filter(validRate);
  if (!rates.length) return;
  const pace = Math.min(...rates);
  if (entry.shared.requestsPerSecond !== pace) entry.shared.setRate(pace);
  for (const user of entry.users.values()) {
    if (!validRate(user.rate) || user.rate === pace) {
      user.told = undefined;
    } else if (user.told !== pace) {
      user.told = pace;
      user.onPaced?.(pace);
    }
  }
}

export function acquireAccount(user: object, settings: AccountSettings, onPaced?: (rate: number) => void): AccountLease {
  const key = accountKey(settings);
  let entry = entries.get(key);
  if (!entry) {
    entry = { shared: new SharedAccount(settings.clock), users: new Map(), services: new Map() };
    entries.set(key, entry);
  }
  const own = serviceKey(settings);
  let held = entry.services.get(own);
  if (!held) {
    held = { service: new AccountService({ ...settings }, entry.shared), users: 0 };
    entry.services.set(own, held);
  }
  held.users++;
  entry.users.set(user, { rate: settings.requestsPerSecond, onPaced });
  repace(entry);
  const service = held.service;
  return {
    service,
    release: () => {
      const current = entries.get(key);
      if (!current?.users.delete(user)) return;
      const mine = current.services.get(own);
      if (mine && --mine.users === 0) {
        mine.service.close();
        current.services.delete(own);
      }
      if (current.users.size === 0) entries.delete(key);
      else repace(current);
    },
  };
}
