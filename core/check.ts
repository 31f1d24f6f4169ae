/**
 * The pre-flight check: "will this stream start?", answered with reads only. Each item says what
 * was found and, for a problem, the fix; an item the app may not read (a missing optional scope)
 * is `unknown`, never a failure. Fields and scopes as Zoom's API reference and its SDK
 * (@zoom/rivet 0.4.0) name them; see the README, "Before your event".
 */
import type { CallOptions, TargetInput, ZoomLiveStreamClient } from './client.js';
import { lacksScope, quote, rethrowUnlessZoom, ZoomError } from './errors.js';
import { isPlainObject } from './validate.js';
import { maskStreamConfig } from './redact.js';
import type { LiveStreamConfig, Target, TargetKind } from './types.js';

export type CheckState = 'ok' | 'problem' | 'unknown';

export interface CheckItem {
  name: string;
  state: CheckState;
  found: string;
  /** What to do: for a problem, or for an unknown that an extra scope would settle. */
  fix?: string;
}

export interface Checklist {
  kind: TargetKind;
  id: string;
  items: CheckItem[];
  ok: number;
  problems: number;
  unknown: number;
  /** The reads sent (operation, HTTP status, tracking id): never a write. */
  reads: { operation: string; status: number; trackingId?: string }[];
}

/** Each live stream operation, and the scopes that allow it (granular admin first, as the fix names). */
function streamScopes(kind: TargetKind): { op: string; any: string[] }[] {
  return [
    {
      op: 'update the stream',
      any: [`${kind}:update:livestream:admin`, `${kind}:update:livestream`, `${kind}:write:admin`, `${kind}:write`],
    },
    {
      op: 'start and stop it',
      any: [`${kind}:update:livestream_status:admin`, `${kind}:update:livestream_status`, `${kind}:write:admin`, `${kind}:write`],
    },
    { op: 'read it', any: [`${kind}:read:livestream:admin`, `${kind}:read:livestream`, `${kind}:read:admin`, `${kind}:read`] },
  ];
}

/** The optional scopes that let the check read more (the target, the host's settings). */
const READ_SCOPES = {
  meeting: 'meeting:read:meeting:admin (classic: meeting:read:admin)',
  webinar: 'webinar:read:webinar:admin (classic: webinar:read:admin)',
  settings: 'user:read:settings:admin (classic: user:read:admin)',
};

/** Zoom's `type` of a meeting (1-10) or webinar (5, 6, 9), as its reference names them. */
const TYPES: Readonly<Record<number, string>> = {
  1: 'instant meeting',
  2: 'scheduled meeting',
  3: 'recurring meeting (no fixed time)',
  4: 'personal meeting',
  5: 'webinar',
  6: 'recurring webinar (no fixed time)',
  8: 'recurring meeting (fixed time)',
  9: 'recurring webinar (fixed time)',
  10: 'screen share only meeting',
};

/** Zoom said the target is not there, or not on this account. */
function notFound(error: ZoomError): boolean {
  return error.status === 404 || [300, 1001, 1010, 3001].includes(Number(error.code));
}

const short = (value: unknown) => (typeof value === 'string' ? quote(value) : String(value));

class ChecklistBuilder {
  readonly items: CheckItem[] = [];
  readonly reads: Checklist['reads'] = [];
  add(name: string, state: CheckState, found: string, fix?: string): void {
    this.items.push({ name, state, found, ...(fix ? { fix } : {}) });
  }
  /** The names not reached because an earlier read failed. */
  skip(names: string[], why: string): void {
    for (const name of names) this.add(name, 'unknown', `not checked: ${why}`);
  }
  /**
   * The checklist, every text passed through `redact` once all reads are done (the stream key is
   * learnt by the last one): Zoom's answers are quoted in them, and may echo a secret.
   */
  done(target: Target, redact: (text: string) => string): Checklist {
    const items = this.items.map((i) => ({ ...i, found: redact(i.found), ...(i.fix ? { fix: redact(i.fix) } : {}) }));
    const count = (state: CheckState) => items.filter((i) => i.state === state).length;
    return { ...target, items, ok: count('ok'), problems: count('problem'), unknown: count('unknown'), reads: this.reads };
  }
}

/** Runs every check on one meeting or webinar; sends only reads (and, for OAuth, a token request). */
export async function checkTarget(client: ZoomLiveStreamClient, input: TargetInput, call: CallOptions = {}): Promise<Checklist> {
  const target = client.getOp(input).target;
  const { kind, id } = target;
  const list = new ChecklistBuilder();
  const hostItems = kind === 'meeting' ? ['host: live streaming', 'host: custom live streaming service'] : ['host: webinar live streaming'];
  /** Every read is listed, answered or refused, with its status and tracking id. */
  const listed = async <T extends { status: number; trackingId?: string }>(operation: string, send: () => Promise<T>): Promise<T> => {
    try {
      const answer = await send();
      list.reads.push({ operation, status: answer.status, ...(answer.trackingId ? { trackingId: answer.trackingId } : {}) });
      return answer;
    } catch (error) {
      if (error instanceof ZoomError && error.kind !== 'cancelled') {
        list.reads.push({ operation, status: error.status ?? 0, ...(error.trackingId ? { trackingId: error.trackingId } : {}) });
      }
      throw error;
    }
  };
  const read = async (path: string, what?: string) =>
    (await listed(what ? `${what} of ${kind} ${id}` : `read ${kind} ${id}`, () => client.read(target, path, what, call))).json;

  // Credentials, and the scopes the token grants.
  let scopes: readonly string[] | undefined;
  try {
    scopes = await client.tokenScopes(call.signal);
  } catch (caught) {
    rethrowUnlessZoom(caught);
    list.add('credentials', 'problem', caught.message, caught.hint);
    list.skip(['scopes', kind, 'encryption', ...hostItems, 'stream'], 'no access token');
    return list.done(target, (text) => client.redact(text));
  }
  const oauth = 'accountId' in client.options.auth;
  list.add(
    'credentials',
    oauth ? 'ok' : 'unknown',
    oauth ? 'Server-to-Server OAuth issued a token' : 'a static access token: the reads below show whether Zoom takes it',
  );
  if (!scopes) {
    list.add(
      'scopes',
      'unknown',
      'a static access token does not say its scopes',
      'Use Server-to-Server OAuth credentials to have the scopes checked.',
    );
  } else {
    const missing = streamScopes(kind).filter((need) => !need.any.some((s) => scopes!.includes(s)));
    if (missing.length) {
      list.add(
        'scopes',
        'problem',
        `the token cannot ${missing.map((m) => m.op).join(', ')}`,
        `Add ${missing.map((m) => m.any[0]).join(', ')} to the Server-to-Server OAuth app (Scopes), then use the app again.`,
      );
    } else {
      list.add('scopes', 'ok', `the token grants the ${kind} live stream scopes`);
    }
  }

  // The target itself, and what it says of its encryption and host.
  let details: Record<string, unknown> | undefined;
  try {
    details = await read(`/${kind}s/${encodeURIComponent(id)}`);
    const status = kind === 'meeting' && typeof details.status === 'string' ? `, ${details.status}` : '';
    const when = typeof details.start_time === 'string' ? `, starts ${details.start_time}` : '';
    const type = TYPES[Number(details.type)] ?? `type ${short(details.type)}`;
    list.add(kind, 'ok', `${type} ${id} on this account: ${short(details.topic)}, host ${short(details.host_id)}${status}${when}`);
  } catch (caught) {
    rethrowUnlessZoom(caught);
    if (lacksScope(caught)) {
      list.add(
        kind,
        'unknown',
        `the app may not read the ${kind} (${caught.message})`,
        `Add ${READ_SCOPES[kind]} to let the check read it.`,
      );
    } else if (notFound(caught)) {
      list.add(kind, 'problem', caught.message, caught.hint);
    } else {
      list.add(kind, 'unknown', `could not be read: ${caught.message}`, caught.hint);
    }
  }

  if (!details) {
    list.skip(['encryption', ...hostItems], `the ${kind} could not be read`);
  } else {
    const encryption = isPlainObject(details.settings) ? details.settings.encryption_type : undefined;
    if (encryption === 'e2ee') {
      list.add(
        'encryption',
        'problem',
        'end-to-end encryption: Zoom cannot live stream it (code 4400)',
        'Switch the meeting to enhanced encryption (meeting settings, Security).',
      );
    } else {
      list.add('encryption', 'ok', typeof encryption === 'string' ? encryption : 'not end-to-end encrypted');
    }
    await checkHost(details.host_id, kind, read, list, hostItems);
  }

  // The stream's configuration: present, well formed; the key only as present or absent.
  try {
    checkStream(await listed(`get ${kind} ${id}`, () => client.getLiveStream(target, call)), list);
  } catch (caught) {
    rethrowUnlessZoom(caught);
    if (Number(caught.code) === 3000) {
      list.add('stream', 'problem', 'no custom live stream is configured', 'Run update with the stream URL, key and page URL first.');
    } else if (lacksScope(caught)) {
      list.add('stream', 'unknown', `the app may not read the stream (${caught.message})`, caught.hint);
    } else {
      list.add('stream', 'unknown', `could not be read: ${caught.message}`, caught.hint);
    }
  }
  return list.done(target, (text) => client.redact(text));
}

async function checkHost(
  hostId: unknown,
  kind: TargetKind,
  read: (path: string, what?: string) => Promise<Record<string, unknown>>,
  list: ChecklistBuilder,
  hostItems: string[],
): Promise<void> {
  if (typeof hostId !== 'string' || !/^[\w.@+-]{1,128}$/.test(hostId)) {
    list.skip(hostItems, `Zoom gave no usable host_id`);
    return;
  }
  let settings: Record<string, unknown>;
  try {
    settings = await read(`/users/${encodeURIComponent(hostId)}/settings`, 'read host settings');
  } catch (caught) {
    rethrowUnlessZoom(caught);
    const scope = lacksScope(caught);
    for (const name of hostItems) {
      list.add(
        name,
        'unknown',
        scope ? `the app may not read the host's settings (${caught.message})` : `could not be read: ${caught.message}`,
        scope ? `Add ${READ_SCOPES.settings} to let the check read them.` : caught.hint,
      );
    }
    return;
  }
  const inMeeting = isPlainObject(settings.in_meeting) ? settings.in_meeting : {};
  const setting = (name: string, value: unknown, fix: string) => {
    if (value === true) list.add(name, 'ok', `enabled for host ${hostId}`);
    else if (value === false) list.add(name, 'problem', `disabled for host ${hostId}`, fix);
    else list.add(name, 'unknown', `Zoom did not say (no such field in the host's settings)`);
  };
  if (kind === 'meeting') {
    setting(
      'host: live streaming',
      inMeeting.allow_live_streaming,
      'In the Zoom web portal, Settings > In Meeting (Advanced): turn on "Allow livestreaming of meetings" for the host (or the account or group, where it may be locked).',
    );
    setting(
      'host: custom live streaming service',
      inMeeting.custom_live_streaming_service,
      'Under "Allow livestreaming of meetings", tick "Custom Live Streaming Service" for the host (or the account or group).',
    );
  } else {
    const webinar = isPlainObject(inMeeting.webinar_live_streaming) ? inMeeting.webinar_live_streaming : undefined;
    const services = Array.isArray(webinar?.live_streaming_service) ? webinar.live_streaming_service : undefined;
    setting(
      'host: webinar live streaming',
      webinar?.enable === undefined ? undefined : webinar.enable === true && (services?.includes('custom_live_streaming_service') ?? false),
      'In the Zoom web portal, Settings > Webinar: turn on live streaming of webinars with the custom live streaming service for the host (the account needs the Webinar add-on).',
    );
  }
}

function isWebUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

function checkStream(config: LiveStreamConfig, list: ChecklistBuilder): void {
  const absent = (['stream_url', 'stream_key', 'page_url'] as const).filter((f) => !config[f]);
  if (absent.length) {
    list.add('stream', 'problem', `configured without ${absent.join(', ')}`, 'Run update with the stream URL, key and page URL.');
    return;
  }
  const url = /^rtmps?:\/\/[^\s/]+/i.test(config.stream_url);
  const page = isWebUrl(config.page_url);
  const problems = [
    url ? '' : 'the stream URL is not an rtmp:// or rtmps:// address',
    page ? '' : 'the page URL is not an http(s) URL',
  ].filter(Boolean);
  if (problems.length) {
    list.add(
      'stream',
      'problem',
      `${problems.join('; ')} (stream key present)`,
      'Run update with an rtmp(s):// stream URL and an https:// page URL.',
    );
  } else {
    // Masked: a stream URL may carry the key in its path.
    list.add(
      'stream',
      'ok',
      `stream URL, page URL and stream key present; ${quote(maskStreamConfig(config).stream_url)} is an RTMP address`,
    );
  }
}
