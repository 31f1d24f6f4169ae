/**
 * What a user asks to be confirmed, checked before anything is sent: which destination's API, at
 * which URL, with which credentials, to which level, within how long.
 */
import { ValidationError } from '../errors.js';
import { describeValue, durationText, quote } from '../text.js';
import { setting } from '../words.js';
import { CONFIRM_LEVELS, DESTINATION_KINDS, type ConfirmLevel, type DestinationKind } from './ladder.js';
import { DESTINATION_APIS } from './destinations.js';

export interface Destination {
  kind: DestinationKind;
  /** The API's base URL; for nginx-rtmp, the rtmp_stat page's URL. */
  url: string;
  /** Basic auth (nginx-rtmp behind auth_basic, MediaMTX, SRS), or Node-Media-Server's login. */
  user?: string;
  password?: string;
  /** A managed service's ID for the stream (confirm-id). */
  id?: string;
  /** A managed service's credentials, by the variable that holds each (MUX_TOKEN_ID, ...). */
  credentials?: Record<string, string>;
}

export interface ConfirmRequest {
  destination: Destination;
  level: ConfirmLevel;
  timeoutMs: number;
}

/** As a face or a message gives it, before it is checked. */
export interface ConfirmInput {
  destination: Partial<Destination>;
  level?: string;
  timeoutMs?: number;
}

export const DEFAULT_CONFIRM_LEVEL: ConfirmLevel = 'receiving';
export const DEFAULT_CONFIRM_TIMEOUT_MS = 120_000;
/** Receiving needs two reads 5 s apart, and a start takes a few seconds to reach the destination. */
export const MIN_CONFIRM_TIMEOUT_MS = 10_000;
export const MAX_CONFIRM_TIMEOUT_MS = 3_600_000;
const MAX_URL_CHARS = 2048;
const MAX_CREDENTIAL_CHARS = 1024;

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string, what: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const near = typeof value === 'string' ? allowed.find((a) => a === value.trim().toLowerCase()) : undefined;
  throw new ValidationError(
    field,
    `${describeValue(value)} is not ${what}: one of ${allowed.join(', ')}.`,
    near ? `Write it as "${near}".` : `Set ${setting(field)} to one of ${allowed.join(', ')}.`,
  );
}

function checkUrl(value: unknown, kind: DestinationKind): string {
  const api = DESTINATION_APIS[kind];
  const fix = `Set ${setting('confirmUrl')} to ${api.urlIs}, like ${api.exampleUrl}.`;
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError('confirmUrl', 'is missing.', fix);
  if (value.length > MAX_URL_CHARS) throw new ValidationError('confirmUrl', `is longer than ${MAX_URL_CHARS} characters.`, fix);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError('confirmUrl', `${quote(value)} is not a URL.`, fix);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError('confirmUrl', `must be http or https, got ${quote(url.protocol)}.`, fix);
  }
  if (url.username || url.password) {
    throw new ValidationError(
      'confirmUrl',
      'carries a user or password.',
      `Give them as ${setting('confirmUser')} and ${setting('confirmPassword')} (secrets), not in the URL, which is printed.`,
    );
  }
  return value;
}

function checkCredential(value: unknown, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > MAX_CREDENTIAL_CHARS || /[\r\n]/.test(value)) {
    throw new ValidationError(field, `must be text of at most ${MAX_CREDENTIAL_CHARS} characters on one line.`, `Check ${setting(field)}.`);
  }
  return value;
}

/** A managed service's ID and credentials, checked: each variable it needs named when missing. */
function checkService(kind: DestinationKind, d: Partial<Destination>): Pick<Destination, 'id' | 'credentials'> {
  const service = DESTINATION_APIS[kind].service;
  if (!service) {
    if (d.id !== undefined && d.id !== '')
      throw new ValidationError(
        'confirmId',
        `is not used by ${kind}: it reads the stream by its name.`,
        `Leave ${setting('confirmId')} unset.`,
      );
    return {};
  }
  const id = typeof d.id === 'string' ? d.id.trim() : '';
  const problem = id ? service.idProblem?.(id) : undefined;
  if (problem) throw new ValidationError('confirmId', `${quote(id)} ${problem}.`, `Set ${setting('confirmId')} to ${service.idIs}.`);
  // Without an ID, a service that finds the stream by its key (YouTube) finds it.
  if (id ? id.length > 256 || (!service.idProblem && /[\s/?#]/.test(id)) : !service.foundBy)
    throw new ValidationError(
      'confirmId',
      id ? `${quote(id)} is not an ID (no spaces, /, ? or #; at most 256 characters).` : `is missing: ${kind} is read by ${service.idIs}.`,
      `Set ${setting('confirmId')} to ${service.idIs}.`,
    );
  const credentials: Record<string, string> = {};
  for (const variable of [...service.variables, ...(service.optionalVariables ?? [])]) {
    const value = checkCredential(d.credentials?.[variable], variable);
    if (value !== undefined) credentials[variable] = value;
    else if (service.variables.includes(variable))
      throw new ValidationError(
        variable,
        `is not set: ${kind}'s API is read with ${service.variables.join(' and ')}.`,
        `Set ${variable} (or ${variable}_FILE, a file that holds it) in the environment.`,
      );
  }
  return { ...(id ? { id } : {}), credentials };
}

/** A confirmation request, checked; the defaults fill what was not given. */
export function checkConfirm(value: ConfirmInput): ConfirmRequest {
  const d = value.destination;
  const kind = oneOf(d.kind, DESTINATION_KINDS, 'confirm', 'a destination this product reads');
  const service = checkService(kind, d);
  const defaultUrl = DESTINATION_APIS[kind].service?.defaultUrl;
  const url = checkUrl(d.url || (typeof defaultUrl === 'function' ? defaultUrl(service.id ?? '') : defaultUrl), kind);
  const user = checkCredential(d.user, 'confirmUser');
  const password = checkCredential(d.password, 'confirmPassword');
  if ((user === undefined) !== (password === undefined)) {
    throw new ValidationError(
      user === undefined ? 'confirmUser' : 'confirmPassword',
      'is missing.',
      `The destination's API takes ${setting('confirmUser')} and ${setting('confirmPassword')} together.`,
    );
  }
  const loginUsers = DESTINATION_APIS[kind].loginUsers;
  if (loginUsers && user === undefined) {
    throw new ValidationError(
      'confirmUser',
      `is missing: ${kind} serves its API only after a login.`,
      `Set ${setting('confirmUser')} and ${setting('confirmPassword')} to ${loginUsers}.`,
    );
  }
  const level = oneOf(value.level ?? DEFAULT_CONFIRM_LEVEL, CONFIRM_LEVELS, 'confirmLevel', 'a level to confirm');
  const timeoutMs = value.timeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs < MIN_CONFIRM_TIMEOUT_MS || timeoutMs > MAX_CONFIRM_TIMEOUT_MS) {
    const range = `from ${durationText(MIN_CONFIRM_TIMEOUT_MS)} to ${durationText(MAX_CONFIRM_TIMEOUT_MS)}`;
    throw new ValidationError(
      'confirmTimeout',
      `must be ${range}, got ${Number.isFinite(timeoutMs) ? durationText(timeoutMs) : describeValue(timeoutMs)}.`,
      `Give a duration ${range} (receiving needs two reads 5 s apart).`,
    );
  }
  return {
    destination: { kind, url, ...(user !== undefined ? { user, password: password! } : {}), ...service },
    level,
    timeoutMs: Math.round(timeoutMs),
  };
}
