/**
 * The pre-flight check's parts that judge what was read: the checklist and how it is built, the
 * host's live streaming settings, and the stream's configuration (check.ts does the reading).
 */
import { rethrowUnlessZoom } from '../errors.js';
import { lacksScope } from '../zoom/scopes.js';
import { quote } from '../text.js';
import { maskStreamConfig } from '../zoom/redact.js';
import type { LiveStreamConfig, Target, TargetKind } from '../zoom/types.js';
import { isPlainObject } from '../http/json.js';

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

/** The optional scopes that let the check read more (the target, the host's settings). */
export const READ_SCOPES = {
  meeting: 'meeting:read:meeting:admin (classic: meeting:read:admin)',
  webinar: 'webinar:read:webinar:admin (classic: webinar:read:admin)',
  settings: 'user:read:settings:admin (classic: user:read:admin)',
};

export class ChecklistBuilder {
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

export async function checkHost(
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

export function checkStream(config: LiveStreamConfig, list: ChecklistBuilder): void {
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
