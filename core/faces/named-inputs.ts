/**
 * The faces' named inputs (the Action's `stream-url`, the command line's `--stream-url`: one set of
 * names) turned into one typed settings object. Checks only what is about the text given (presence,
 * exclusivity, numbers, booleans, durations, JSON); everything about Zoom is checked elsewhere in core.
 */
import type { Encoding } from '../http/encode.js';
import { NAMED_INPUTS, type InputName, type NamedInput } from './inputs.js';
import { usedWithFile, type InputReader } from './input-queries.js';
import { setting } from '../words.js';
import { ValidationError } from '../errors.js';
import { quote } from '../text.js';
import { DEFAULT_API_BASE_URL, DEFAULT_OAUTH_TOKEN_URL, type AuthOptions, type ClientOptions } from '../zoom/options.js';
import { parseTarget } from '../zoom/targets.js';
import { checkAction, type Task } from '../tasks/plan.js';
import type { Destination } from '../confirm/request.js';
import { FLEET_COMMANDS, type FleetCommand } from '../fleet/commands.js';
import { checkDurationMs, MAX_WAIT_FOR_START_MS, parseDuration } from '../tasks/durations.js';
import { checkRequestsPerSecond } from '../zoom/rate-limits.js';
import { DESTINATION_KINDS } from '../confirm/ladder.js';
import { serviceCredentials } from '../confirm/service-credentials.js';

export interface ActionSettings {
  task: Task;
  /** What the core client is built with (the core checks URLs and credentials). */
  client: ClientOptions;
  dryRun: boolean;
  /** check: fail the step on a certain problem ('problem') or never. */
  failOn: 'problem' | 'never';
}

function parseBoolean(name: string, value: string): boolean | undefined {
  if (value === '') return undefined;
  if (/^(true|yes|on)$/i.test(value)) return true;
  if (/^(false|no|off)$/i.test(value)) return false;
  throw new ValidationError(name, `"${value}" is not a boolean.`, `Set ${setting(name)} to true or false.`);
}

function parseWhole(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ValidationError(
      name,
      `"${value}" is not a whole number from ${min} to ${max}.`,
      `Set ${setting(name)} to a number such as ${min === 0 ? 3 : 30}.`,
    );
  }
  return Number(value);
}

function parseFailOn(value: string): 'problem' | 'never' {
  if (value === '' || value === 'problem') return 'problem';
  if (value === 'never') return 'never';
  throw new ValidationError(
    'fail-on',
    `${quote(value)} is not problem or never.`,
    `Set ${setting('fail-on')} to problem (the default: fail when the check finds one) or never.`,
  );
}

/** The confirmation asked for, or undefined for none; the core checks the rest. A managed service's credentials come from `env`. */
function parseConfirm(
  input: InputReader,
  env: Readonly<Record<string, string | undefined>>,
  youtube: 'start' | 'other' | undefined,
): Task['confirm'] {
  // A start to YouTube is confirmed there: confirm-level and confirm-timeout apply to it.
  const kind = youtube === 'start' && (input('confirm') === '' || input('confirm') === 'none') ? 'youtube' : input('confirm');
  if (kind === '' || kind === 'none') {
    // The Action is given every default (action.yml): only a value other than its default is stray.
    // Credentials are not: one environment file serves the confirming cron line and the plain ones.
    const stray = (NAMED_INPUTS as readonly NamedInput[])
      // confirm-url names YouTube's API for a stop with YouTube too.
      .filter((i) => i.name.startsWith('confirm-') && !i.secret && !(youtube && i.name === 'confirm-url'))
      .find((i) => input(i.name as InputName) !== '' && input(i.name as InputName) !== i.default)?.name;
    if (stray) {
      throw new ValidationError(
        stray,
        `is set, but ${setting('confirm')} is none.`,
        `Set ${setting('confirm')} to the destination's kind (${DESTINATION_KINDS.join(', ')}), or leave ${setting(stray)} unset.`,
      );
    }
    return undefined;
  }
  const user = input('confirm-user');
  const password = input('confirm-password');
  return {
    destination: {
      kind: kind as Destination['kind'],
      url: input('confirm-url'),
      ...(user ? { user } : {}),
      ...(password ? { password } : {}),
      ...(input('confirm-id') ? { id: input('confirm-id') } : {}),
      credentials: serviceCredentials(kind, env),
    },
    ...(input('confirm-level') ? { level: input('confirm-level') } : {}),
    ...(input('confirm-timeout') ? { timeoutMs: parseDuration('confirm-timeout', input('confirm-timeout')) } : {}),
  };
}

/** YouTube's part, when any youtube- input is given: the core checks it (its credentials from `env`, like a confirm's). */
function parseYouTube(input: InputReader, env: Readonly<Record<string, string | undefined>>): Task['youtube'] {
  const broadcast = input('youtube-broadcast');
  const others = (['youtube-title', 'youtube-stream-id', 'youtube-broadcast-id'] as const).find((name) => input(name) !== '');
  if (!broadcast) {
    if (others)
      throw new ValidationError(
        others,
        `is set without ${setting('youtube-broadcast')}.`,
        `Set ${setting('youtube-broadcast')} to create (or none, the stream only) to stream to YouTube.`,
      );
    return undefined;
  }
  return {
    broadcast,
    title: input('youtube-title') || undefined,
    privacy: input('youtube-privacy') || undefined,
    streamId: input('youtube-stream-id') || undefined,
    broadcastId: input('youtube-broadcast-id') || undefined,
    credentials: serviceCredentials('youtube', env),
    ...(input('confirm-url') ? { apiUrl: input('confirm-url') } : {}),
  };
}

function parseSettingsJson(value: string): Record<string, unknown> {
  if (value === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new ValidationError(
      'settings',
      `is not valid JSON (${(error as Error).message}).`,
      'Give a JSON object such as {"display_name": "Town hall"}.',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError('settings', 'must be a JSON object.', 'Give a JSON object such as {"display_name": "Town hall"}.');
  }
  return parsed as Record<string, unknown>;
}

function parseAuth(input: InputReader): AuthOptions {
  const token = input('access-token');
  const oauth = { accountId: input('account-id'), clientId: input('client-id'), clientSecret: input('client-secret') };
  const given = Object.entries(oauth).filter(([, v]) => v !== '');
  if (token && given.length) {
    throw new ValidationError(
      'access-token',
      `is set together with ${setting('account-id')}, ${setting('client-id')} or ${setting('client-secret')}.`,
      `Use either ${setting('access-token')} or the three Server-to-Server OAuth credentials, not both.`,
    );
  }
  if (token) return { accessToken: token };
  if (given.length === 0) {
    throw new ValidationError(
      'auth',
      'no credentials were given.',
      `Set ${setting('account-id')}, ${setting('client-id')} and ${setting('client-secret')} from a Server-to-Server OAuth app (as secrets), or ${setting('access-token')}.`,
    );
  }
  const missing = Object.entries({ 'account-id': oauth.accountId, 'client-id': oauth.clientId, 'client-secret': oauth.clientSecret }).find(
    ([, v]) => v === '',
  );
  if (missing) {
    throw new ValidationError(
      missing[0],
      'is missing.',
      `Server-to-Server OAuth needs ${setting('account-id')}, ${setting('client-id')} and ${setting('client-secret')} together.`,
    );
  }
  return oauth;
}

/** `env`: where a managed destination's credentials are read (MUX_TOKEN_ID, ..., each also as NAME_FILE). */
export function parseInputs(input: InputReader, env: Readonly<Record<string, string | undefined>> = {}): ActionSettings {
  const meetingId = input('meeting-id');
  const webinarId = input('webinar-id');
  if (meetingId && webinarId) {
    throw new ValidationError(
      'meeting-id',
      `and ${setting('webinar-id')} are both set.`,
      `Set exactly one of ${setting('meeting-id')} or ${setting('webinar-id')}.`,
    );
  }
  if (!meetingId && !webinarId) {
    throw new ValidationError(
      'meeting-id',
      `is missing (and so is ${setting('webinar-id')}).`,
      `Set ${setting('meeting-id')} (or ${setting('webinar-id')}) to the ID or the join link.`,
    );
  }
  const action = checkAction(input('action'));
  // The streams file's own inputs mean nothing for one meeting: someone gave them for a fleet.
  for (const name of ['only', 'due', 'allow-literal-keys', 'max-rate'] as const) {
    const value = input(name);
    const table = (NAMED_INPUTS as readonly NamedInput[]).find((i) => i.name === name)!;
    if (value !== '' && value !== table.default) {
      throw new ValidationError(
        name,
        `is set without ${setting('file')}.`,
        `It is for a streams file: give ${setting('file')}, or leave ${setting(name)} unset for one meeting.`,
      );
    }
  }
  const youtube = parseYouTube(input, env);
  const confirm = parseConfirm(input, env, youtube ? (action === 'start' ? 'start' : 'other') : undefined);
  // The core checks it (field "encoding", the input's own name).
  const encoding = (input('encoding') || 'json') as Encoding;
  const settings: Record<string, unknown> = parseSettingsJson(input('settings'));
  // The named inputs win over the same keys in the settings JSON.
  const named = {
    active_speaker_name: parseBoolean('active-speaker-name', input('active-speaker-name')),
    display_name: input('display-name') || undefined,
    layout: input('layout') || undefined,
    close_caption: input('close-caption') || undefined,
  };
  for (const [key, value] of Object.entries(named)) if (value !== undefined) settings[key] = value;
  const stream = {
    stream_url: input('stream-url') || undefined,
    stream_key: input('stream-key') || undefined,
    page_url: input('page-url') || undefined,
    resolution: input('resolution') || undefined,
  };
  return {
    task: {
      action,
      target: meetingId ? parseTarget(meetingId, 'meeting') : parseTarget(webinarId, 'webinar'),
      stream: stream as Task['stream'],
      settings,
      waitForStart: {
        timeoutMs: parseDuration('wait-for-start', input('wait-for-start') || '0'),
        // Unset: the core's default for the probe it uses (15 s trying the start, 5 s reading the meeting).
        ...(input('poll-interval') ? { pollIntervalMs: parseDuration('poll-interval', input('poll-interval')) } : {}),
      },
      ...(confirm ? { confirm } : {}),
      ...(youtube ? { youtube } : {}),
    },
    client: {
      auth: parseAuth(input),
      apiBaseUrl: input('api-base-url') || DEFAULT_API_BASE_URL,
      oauthTokenUrl: input('oauth-token-url') || DEFAULT_OAUTH_TOKEN_URL,
      encoding,
      maxRetries: parseWhole('max-retries', input('max-retries') || '3', 0, 10),
      timeoutMs: parseWhole('timeout-seconds', input('timeout-seconds') || '30', 1, 600) * 1000,
    },
    dryRun: parseBoolean('dry-run', input('dry-run')) ?? false,
    failOn: parseFailOn(input('fail-on')),
  };
}

export interface FleetSettings {
  command: FleetCommand;
  /** The streams file's path, as given. */
  file: string;
  only?: string[];
  dueMs?: number;
  waitForStartMs?: number;
  maxRate: number;
  allowLiteralKeys: boolean;
  /** Check the file and list what each entry would do; send nothing. */
  dryRun: boolean;
  client: ClientOptions;
}

/** A streams file's command and its options (the file itself is the face's to read: readStreamsFile). */
export function parseFleetInputs(input: InputReader): FleetSettings {
  const command = input('action');
  if (!(FLEET_COMMANDS as readonly string[]).includes(command)) {
    throw new ValidationError(
      'action',
      `${quote(command)} is not one of ${FLEET_COMMANDS.join(', ')} (the actions with ${setting('file')}).`,
      `Use plan to see what differs, apply to make Zoom match, or start, stop, check.`,
    );
  }
  for (const name of ['meeting-id', 'webinar-id'] as const) {
    if (input(name)) {
      throw new ValidationError(
        name,
        `is set together with ${setting('file')}.`,
        `The file names each meeting; leave ${setting(name)} unset.`,
      );
    }
  }
  // An option a streams file's command does not use would be dropped in silence (a confirm that
  // confirms nothing): refused. A value equal to its default counts as not given (the Action's runner
  // fills in every default); credentials are not refused, as one environment file serves every line.
  const unused = (NAMED_INPUTS as readonly NamedInput[]).find(
    (i) => !usedWithFile(i) && !i.secret && input(i.name as InputName) !== '' && input(i.name as InputName) !== (i.default ?? ''),
  );
  if (unused) {
    throw new ValidationError(
      unused.name,
      `is not used with ${setting('file')}: ${command} over a streams file takes what the file says.`,
      `Leave ${setting(unused.name)} unset: the file says what each entry gets. For one meeting, give ${setting('meeting-id')} instead of ${setting('file')}.`,
    );
  }
  const only = input('only')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const due = input('due');
  if (due && command !== 'start')
    throw new ValidationError('due', `is not used by ${command}.`, `Only start reads Zoom's calendar; leave ${setting('due')} unset.`);
  const wait = parseDuration('wait-for-start', input('wait-for-start') || '0');
  const maxRate = checkRequestsPerSecond(Number(input('max-rate') || '10'), 'maxRate');
  return {
    command: command as FleetCommand,
    file: input('file'),
    ...(only.length ? { only } : {}),
    ...(due ? { dueMs: checkDurationMs(parseDuration('due', due), 'due', 60_000, 24 * 3_600_000) } : {}),
    ...(wait ? { waitForStartMs: checkDurationMs(wait, 'waitForStart', 0, MAX_WAIT_FOR_START_MS) } : {}),
    maxRate,
    allowLiteralKeys: parseBoolean('allow-literal-keys', input('allow-literal-keys')) ?? false,
    dryRun: parseBoolean('dry-run', input('dry-run')) ?? false,
    client: {
      // One pace for the fleet: the account's other apps keep the rest of its limit.
      requestsPerSecond: maxRate,
      auth: parseAuth(input),
      apiBaseUrl: input('api-base-url') || DEFAULT_API_BASE_URL,
      oauthTokenUrl: input('oauth-token-url') || DEFAULT_OAUTH_TOKEN_URL,
      encoding: (input('encoding') || 'json') as Encoding,
      maxRetries: parseWhole('max-retries', input('max-retries') || '3', 0, 10),
      timeoutMs: parseWhole('timeout-seconds', input('timeout-seconds') || '30', 1, 600) * 1000,
    },
  };
}
