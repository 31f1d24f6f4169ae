/**
 * Checks request bodies against Zoom's documented limits before anything is sent, with a message
 * that names the field and says how to fix it.
 */
import { ValidationError } from '../errors.js';
import { setting } from '../words.js';
import { describeValue, quote } from '../text.js';
import { MASK } from '../http/redactor.js';
import { isPlainObject } from '../http/json.js';
import {
  CLOSE_CAPTIONS,
  LAYOUTS,
  RESOLUTIONS,
  STATUS_ACTIONS,
  type LiveStreamSettings,
  type LiveStreamStatusUpdate,
  type LiveStreamUpdate,
  type StatusAction,
  type TargetKind,
} from './types.js';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function text(value: unknown, field: string, max: number, example: string, min = 1): string {
  if (value === undefined || value === null || value === '') {
    throw new ValidationError(field, 'is empty or unset.', `Set ${setting(field)}, for example ${example}.`);
  }
  if (typeof value !== 'string') {
    throw new ValidationError(field, `must be a string, got ${typeof value}.`, `Set ${setting(field)}, for example ${example}.`);
  }
  // Zoom counts characters (code points); a string of more than 2*max UTF-16 units has more than max
  // of them, so a huge value is refused before anything walks it.
  if (value.length > 2 * max) {
    throw new ValidationError(field, `is ${value.length} characters long; Zoom allows at most ${max}.`, `Shorten ${setting(field)}.`);
  }
  const length = [...value].length;
  if (length < min || value.trim() === '') throw new ValidationError(field, 'is empty.', `Set ${setting(field)}, for example ${example}.`);
  if (length > max)
    throw new ValidationError(field, `is ${length} characters long; Zoom allows at most ${max}.`, `Shorten ${setting(field)}.`);
  if (CONTROL_CHARS.test(value))
    throw new ValidationError(
      field,
      'contains a control character (newline, tab or similar).',
      `Remove line breaks and tabs from ${setting(field)}; check for a stray newline when it comes from a secret or file.`,
    );
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const near = typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase()) : undefined;
  throw new ValidationError(
    field,
    `${describeValue(value)} is not one of ${allowed.join(', ')}.`,
    near ? `Write it exactly as "${near}" (Zoom is case-sensitive).` : `Use one of: ${allowed.join(', ')}.`,
  );
}

interface UrlRule {
  schemes?: readonly string[];
  /** A secret the URL may embed (a stream key in an RTMP path): masked where the URL is quoted. */
  secret?: unknown;
}

function url(value: unknown, field: string, max: number, example: string, rule: UrlRule = {}): string {
  const { schemes, secret } = rule;
  const raw = text(value, field, max, example);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    const shown = typeof secret === 'string' && secret ? raw.split(secret).join(MASK) : raw;
    throw new ValidationError(field, `${quote(shown)} is not an absolute URL.`, `Give a full URL such as ${example}.`);
  }
  if (schemes && !schemes.includes(parsed.protocol)) {
    const wanted = schemes.map((s) => `${s}//`).join(' or ');
    throw new ValidationError(
      field,
      `must be an ${wanted} URL, not ${quote(parsed.protocol)}.`,
      schemes.includes('rtmp:')
        ? `Zoom streams over RTMP: give the platform's ingest URL, such as ${example} (not the page people watch).`
        : `Give a URL such as ${example}.`,
    );
  }
  return raw;
}

function rejectUnknown(body: Record<string, unknown>, allowed: readonly string[], where: string, why = ''): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      throw new ValidationError(`${where}${key}`, `is not accepted here${why}.`, `Use only: ${allowed.join(', ')}.`);
    }
  }
}

const UPDATE_FIELDS = ['stream_url', 'stream_key', 'page_url', 'resolution'] as const;

/** The body of an update: stream_url (<=1024), stream_key (<=512), page_url (URI, <=1024), resolution. */
export function validateUpdate(body: unknown): LiveStreamUpdate {
  if (!isPlainObject(body)) {
    throw new ValidationError(
      'livestream',
      'must be an object with stream_url, stream_key and page_url.',
      'Pass { stream_url, stream_key, page_url }.',
    );
  }
  rejectUnknown(body, UPDATE_FIELDS, '', ' (settings and action belong to a start, stop or mode call)');
  const update: LiveStreamUpdate = {
    // Zoom pushes a custom live stream over RTMP(S) only; anything else (often the watch page pasted
    // twice) is accepted by the update and fails only when the stream starts.
    stream_url: url(body.stream_url, 'stream_url', 1024, 'rtmp://a.rtmp.youtube.com/live2', {
      secret: body.stream_key,
      schemes: ['rtmp:', 'rtmps:'],
    }),
    stream_key: text(body.stream_key, 'stream_key', 512, 'the key from your streaming platform'),
    page_url: url(body.page_url, 'page_url', 1024, 'https://youtube.com/@you/live', { schemes: ['http:', 'https:'] }),
  };
  if (body.resolution !== undefined && body.resolution !== '') {
    update.resolution = oneOf(body.resolution, 'resolution', RESOLUTIONS);
  }
  return update;
}

type SettingName = keyof LiveStreamSettings;
const SETTING_NAMES: readonly SettingName[] = ['active_speaker_name', 'display_name', 'layout', 'close_caption'];

/**
 * The settings Zoom documents for each status action (2026 reference): the name overlay
 * (active_speaker_name, display_name) with start; the view (layout, close_caption) with start or
 * mode; nothing with stop. Webinars have no layout (and no mode).
 */
export function settingsFor(action: StatusAction, kind: TargetKind): readonly SettingName[] {
  if (action === 'stop') return [];
  const view: SettingName[] = kind === 'webinar' ? ['close_caption'] : ['layout', 'close_caption'];
  return action === 'start' ? ['active_speaker_name', 'display_name', ...view] : view;
}

/** "settings.<key>", the key cut short: it may be any property name a message carried. */
export function settingField(key: string): string {
  return `settings.${key.length > 40 ? `${key.slice(0, 40)}...` : key}`;
}

/** Settings named for each face to word (the Action's display-name, the node's Display name). */
const named = (names: readonly string[]) => names.map((n) => setting(`settings.${n}`)).join(', ');

function checkSettingNames(value: Record<string, unknown>, action: StatusAction, kind: TargetKind): void {
  const allowed = settingsFor(action, kind);
  for (const key of Object.keys(value)) {
    if (allowed.includes(key as SettingName)) continue;
    const field = settingField(key);
    if (!SETTING_NAMES.includes(key as SettingName)) {
      throw new ValidationError(field, 'is not a live stream setting.', `Use only: ${named(SETTING_NAMES)}.`);
    }
    if (kind === 'webinar' && key === 'layout') {
      throw new ValidationError(field, 'is for meetings only (webinars have no layout).', `Use only: ${named(allowed)}.`);
    }
    throw new ValidationError(
      field,
      `is not used by action "${action}".`,
      `${named(['active_speaker_name', 'display_name'])} go with start; ${named(['layout', 'close_caption'])} with start or mode; stop takes no settings.`,
    );
  }
}

function validateSettings(value: unknown, action: StatusAction, kind: TargetKind): LiveStreamSettings {
  if (!isPlainObject(value)) {
    throw new ValidationError(
      'settings',
      'must be a JSON object.',
      'Pass settings like {"active_speaker_name": true, "display_name": "Town hall"}.',
    );
  }
  checkSettingNames(value, action, kind);
  const settings: LiveStreamSettings = {};
  if (value.active_speaker_name !== undefined) {
    if (typeof value.active_speaker_name !== 'boolean') {
      throw new ValidationError(
        'settings.active_speaker_name',
        `must be true or false, got ${describeValue(value.active_speaker_name)}.`,
        'Use true or false without quotes.',
      );
    }
    settings.active_speaker_name = value.active_speaker_name;
  }
  if (value.display_name !== undefined) settings.display_name = text(value.display_name, 'settings.display_name', 50, '"Town hall"');
  if (value.layout !== undefined) settings.layout = oneOf(value.layout, 'settings.layout', LAYOUTS);
  if (value.close_caption !== undefined) settings.close_caption = oneOf(value.close_caption, 'settings.close_caption', CLOSE_CAPTIONS);
  return settings;
}

/** The body of a status call: action start|stop (and mode for meetings), the settings each action takes. */
export function validateStatus(body: unknown, kind: TargetKind): LiveStreamStatusUpdate {
  if (!isPlainObject(body)) {
    throw new ValidationError('status', 'must be an object with an action.', 'Pass { action: "start" }.');
  }
  rejectUnknown(body, ['action', 'settings'], '', ' (stream_url, stream_key and page_url belong to an update)');
  const actions = kind === 'webinar' ? (['start', 'stop'] as const) : STATUS_ACTIONS;
  if (kind === 'webinar' && body.action === 'mode') {
    throw new ValidationError('action', '"mode" is for meetings only.', 'Use start or stop for a webinar.');
  }
  const status: LiveStreamStatusUpdate = { action: oneOf(body.action, 'action', actions) };
  if (body.settings !== undefined) {
    const settings = validateSettings(body.settings, status.action, kind);
    if (Object.keys(settings).length > 0) status.settings = settings;
  }
  if (status.action === 'mode' && !status.settings) {
    throw new ValidationError(
      'settings',
      'are required for action "mode".',
      'Pass the view settings to change, for example {"layout": "gallery_view"}.',
    );
  }
  return status;
}
