/**
 * The pre-flight check: "will this stream start?", answered with reads only. Each item says what
 * was found and, for a problem, the fix; an item the app may not read (a missing optional scope)
 * is `unknown`, never a failure. Fields and scopes as Zoom's API reference and its SDK
 * (@zoom/rivet 0.4.0) name them; see the README, "Before your event".
 */
import { checkHost, checkStream, ChecklistBuilder, READ_SCOPES, type Checklist } from './items.js';
import type { ZoomLiveStreamClient } from '../zoom/client.js';
import type { SendOptions } from '../http/transport.js';
import { rethrowUnlessZoom, ZoomError } from '../errors.js';
import { lacksScope } from '../zoom/scopes.js';
import { printable, quote } from '../text.js';
import { describeOperation, readOperation, type Operation } from '../zoom/operations.js';
import type { LiveStreamConfig, Target, TargetKind } from '../zoom/types.js';
import { isPlainObject } from '../http/json.js';
import { checkReads } from './reads.js';

type Reader = (op: Operation) => Promise<Record<string, unknown>>;

export type { CheckItem, CheckState, Checklist } from './items.js';

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

/** The reads of one check, each listed (answered or refused) with its status and tracking id. */
function reader(client: ZoomLiveStreamClient, target: Target, list: ChecklistBuilder, call: SendOptions) {
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
  const read: Reader = async (op) => (await listed(describeOperation(op), () => client.read(op, call))).json;
  return { listed, read };
}

/** Credentials and the scopes the token grants; false when no token could be had (the rest is skipped). */
async function checkCredentials(
  client: ZoomLiveStreamClient,
  kind: TargetKind,
  list: ChecklistBuilder,
  call: SendOptions,
): Promise<boolean> {
  let scopes: readonly string[] | undefined;
  try {
    scopes = await client.tokenScopes(call.signal);
  } catch (caught) {
    rethrowUnlessZoom(caught);
    list.add('credentials', 'problem', caught.message, caught.hint);
    return false;
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
    return true;
  }
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
  return true;
}

/** The target itself: there, on this account; its details, or undefined when they could not be read. */
async function checkDetails(read: Reader, op: Operation, list: ChecklistBuilder): Promise<Record<string, unknown> | undefined> {
  const { kind, id } = op.target;
  try {
    const details = await read(op);
    // Zoom's words, on one line and bounded: a terminal's escapes in them stay text.
    const status = kind === 'meeting' && typeof details.status === 'string' ? `, ${printable(details.status.slice(0, 40))}` : '';
    const when = typeof details.start_time === 'string' ? `, starts ${printable(details.start_time.slice(0, 40))}` : '';
    const type = TYPES[Number(details.type)] ?? `type ${short(details.type)}`;
    list.add(kind, 'ok', `${type} ${id} on this account: ${short(details.topic)}, host ${short(details.host_id)}${status}${when}`);
    return details;
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
    return undefined;
  }
}

function checkEncryption(details: Record<string, unknown>, list: ChecklistBuilder): void {
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
}

/**
 * Runs every check on one meeting or webinar; sends only reads (and, for OAuth, a token request).
 * `reads`: the check's first reads as its plan holds them (checkReads), so a plan is not built twice.
 */
/** What a check read, for callers that use it besides the checklist (a fleet's plan compares the stream). */
export interface CheckReads {
  details?: Record<string, unknown>;
  config?: LiveStreamConfig;
  /** Reads shared by the checks of one run (a fleet's hosts): each host's settings are read once. */
  shared?: Map<string, Promise<Record<string, unknown>>>;
}

export async function checkTarget(
  client: ZoomLiveStreamClient,
  target: Target,
  call: SendOptions = {},
  reads?: readonly Operation[],
  seen: CheckReads = {},
): Promise<Checklist> {
  const { kind } = target;
  const [detailsRead, streamGet] = reads?.length === 2 ? (reads as [Operation, Operation]) : checkReads(target);
  const list = new ChecklistBuilder();
  const hostItems = kind === 'meeting' ? ['host: live streaming', 'host: custom live streaming service'] : ['host: webinar live streaming'];
  const done = () => list.done(target, (text) => client.redact(text));
  const { listed, read } = reader(client, target, list, call);
  if (!(await checkCredentials(client, kind, list, call))) {
    list.skip(['scopes', kind, 'encryption', ...hostItems, 'stream'], 'no access token');
    return done();
  }
  const details = await checkDetails(read, detailsRead, list);
  if (details) seen.details = details;
  if (!details) {
    list.skip(['encryption', ...hostItems], `the ${kind} could not be read`);
  } else {
    checkEncryption(details, list);
    const hostRead = (path: string, what?: string) => {
      const shared = seen.shared;
      if (!shared) return read(readOperation(target, path, what));
      const once = shared.get(path) ?? read(readOperation(target, path, what));
      shared.set(path, once);
      return once;
    };
    await checkHost(details.host_id, kind, hostRead, list, hostItems);
  }
  // The stream's configuration: present, well formed; the key only as present or absent.
  try {
    const config = (await listed(describeOperation(streamGet), () => client.perform(streamGet, call))).config!;
    seen.config = config;
    checkStream(config, list);
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
  return done();
}
