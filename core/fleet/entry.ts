/**
 * One entry of a streams file: its name, its target, its stream (with `${NAME}` from the
 * environment and the key from a file where asked) and its settings, each problem with its line.
 * What entries share (unique names and targets) is checked across them by the file's reader.
 */
import { isScalar, type YAMLMap } from 'yaml';
import { ValidationError, type ZoomError } from '../errors.js';
import { quote } from '../text.js';
import { setting } from '../words.js';
import { parseTarget } from '../zoom/targets.js';
import { validateStatus, validateUpdate } from '../zoom/validate.js';
import type { LiveStreamSettings, LiveStreamUpdate, Target } from '../zoom/types.js';
import type { ConfirmRequest } from '../confirm/request.js';
import type { FileProblem } from './file-problems.js';
import { readConfirmBlock } from './entry-confirm.js';
import { readYouTubeBlock } from './entry-youtube.js';
import type { YouTubeTaskInput } from '../tasks/plan.js';
import { ENTRY_FIELDS, EXPANDED_FIELDS, SETTING_FIELDS, fieldForZoom } from './fields.js';
import { fieldsOf, fieldValue, type FieldValue, type LineOf } from './yaml-fields.js';

export interface FleetEntry {
  name: string;
  target: Target;
  /** Its line in the file. */
  line: number;
  /** The stream Zoom gets; unset for a YouTube entry, whose stream YouTube gives at each start. */
  stream?: LiveStreamUpdate;
  /** The URLs as the file writes them (`${NAME}` not expanded): what is shown. */
  written?: { stream_url: string; page_url: string };
  settings: LiveStreamSettings;
  /** Where the stream is proved live and watched (`confirm:`). */
  confirm?: ConfirmRequest;
  /** The stream goes to YouTube (`youtube:`): its settings and credentials, named after the entry. */
  youtube?: YouTubeTaskInput;
  /** A YouTube entry without a broadcast: the page Zoom shows (with one, the broadcast's watch URL). */
  pageUrl?: string;
}

export interface ReadOptions {
  env: Record<string, string | undefined>;
  /** Reads a stream-key-file (the face's own reader: bounded, a trailing newline dropped). */
  readSecretFile: (path: string) => string;
  allowLiteralKeys?: boolean;
  /** How the file is named in messages. */
  source?: string;
}

/** What the file's reader needs of every entry, read or not: who it is, for the checks across entries. */
export interface EntryRead {
  name: string;
  /** Unset when the entry has no name of its own (it is then called `entry N`). */
  named: boolean;
  line?: number;
  target?: { key: string; line?: number };
  entry?: FleetEntry;
}

export interface EntryContext {
  defaults: Map<string, FieldValue>;
  options: ReadOptions;
  lineOf: LineOf;
  problems: FileProblem[];
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]{0,127})\}/g;

function readTarget(
  own: Map<string, FieldValue>,
  name: string,
  line: number | undefined,
  problems: FileProblem[],
): { target: Target; line?: number } | undefined {
  const meeting = own.get('meeting');
  const webinar = own.get('webinar');
  if ((meeting === undefined) === (webinar === undefined)) {
    problems.push({ entry: name, line, message: 'set exactly one of meeting and webinar' });
    return undefined;
  }
  const [kind, given] = meeting ? (['meeting', meeting] as const) : (['webinar', webinar!] as const);
  try {
    // A number keeps the digits written: 12345678901234567 read as a number is ...568.
    if (typeof given.value === 'number' && !/^\d+$/.test(given.source ?? '')) {
      throw new ValidationError(kind, `${quote(given.source ?? String(given.value))} is read as a number, not an ID: quote the ID.`, '');
    }
    return { target: parseTarget(typeof given.value === 'number' ? given.source! : given.value, kind), line: given.line };
  } catch (error) {
    problems.push({ entry: name, line: given.line, message: `${kind}: ${(error as ValidationError).reason.replace(/\.$/, '')}` });
    return undefined;
  }
}

export function readEntry(item: YAMLMap, index: number, context: EntryContext): EntryRead {
  const { defaults, options, problems } = context;
  const itemLine = context.lineOf(item);
  const givenName = item.get('name', true) as unknown;
  const rawName = isScalar(givenName) ? (fieldValue(givenName, undefined).source ?? givenName.value) : undefined;
  const named = typeof rawName === 'string' && rawName.trim() !== '';
  const name = named ? (rawName as string).trim() : `entry ${index + 1}`;
  const own = fieldsOf(item, ENTRY_FIELDS, { entry: name, lineOf: context.lineOf, problems });
  const here = (field: string) => own.get(field) ?? defaults.get(field);
  const problem = (field: string, message: string) =>
    problems.push({ entry: name, line: here(field)?.line ?? itemLine, message: `${field}: ${message}` });
  const read: EntryRead = { name, named, line: itemLine };
  if (!named) problems.push({ entry: name, line: itemLine, message: 'name: missing (every entry has a unique name)' });

  const target = readTarget(own, name, itemLine, problems);
  if (target) read.target = { key: `${target.target.kind}:${target.target.id}`, line: target.line };

  // The text as written, before ${NAME} is expanded: what plan shows (a token in a URL stays in the environment).
  const written = (field: string): string | undefined => {
    const given = here(field);
    if (given === undefined || given.value === undefined || given.value === null) return undefined;
    if (given.source !== undefined) return given.source;
    if (typeof given.value !== 'string') {
      problem(field, 'must be text (quote it)');
      return undefined;
    }
    return given.value;
  };
  const text = (field: string): string | undefined => {
    const out = written(field);
    if (out === undefined || !EXPANDED_FIELDS.includes(field)) return out;
    return out.replace(VARIABLE, (_, variable: string) => {
      const found = options.env[variable];
      if (found === undefined || found === '') {
        problem(field, `the environment has no ${variable} (set it, or write the value)`);
        return '';
      }
      return found;
    });
  };

  const youtubeGiven = here('youtube');
  const youtube = youtubeGiven === undefined ? undefined : readYouTubeBlock(youtubeGiven.value, name, options.env);
  if (youtube && 'problem' in youtube) problem('youtube', youtube.problem);
  if (youtube)
    return readYouTubeEntry(read, here, problem, {
      target: target?.target,
      itemLine,
      youtube,
      settings: readSettings(here, written),
      options,
    });
  const key = readKey(here, text, problem, options);
  if (!here('stream-key') && !here('stream-key-file'))
    problems.push({ entry: name, line: itemLine, message: 'stream-key: missing (stream-key: ${NAME}, or stream-key-file)' });
  const stream = {
    stream_url: text('stream-url'),
    stream_key: key,
    page_url: text('page-url'),
    ...(here('resolution') ? { resolution: text('resolution') } : {}),
  };
  if (!stream.stream_url) problems.push({ entry: name, line: itemLine, message: 'stream-url: missing (here or in defaults)' });
  if (!stream.page_url) problems.push({ entry: name, line: itemLine, message: 'page-url: missing (here or in defaults)' });
  const settings = readSettings(here, written);
  const confirmGiven = here('confirm');
  const confirm = confirmGiven === undefined ? undefined : readConfirmBlock(confirmGiven.value, options.env);
  if (confirm && 'problem' in confirm) problem('confirm', confirm.problem);
  if (!target || !stream.stream_url || !stream.stream_key || !stream.page_url || (confirm && 'problem' in confirm)) return read;
  try {
    // The settings as a start sends them: a layout on a webinar is refused here, not at start time.
    if (Object.keys(settings).length) validateStatus({ action: 'start', settings }, target.target.kind);
    read.entry = {
      name,
      target: target.target,
      line: itemLine ?? 0,
      stream: validateUpdate(stream),
      written: { stream_url: written('stream-url')!, page_url: written('page-url')! },
      settings: settings as LiveStreamSettings,
      ...(confirm ? { confirm } : {}),
    };
  } catch (error) {
    const e = error as ZoomError;
    problem(fieldForZoom(e.field) ?? e.field ?? 'stream', e.worded(() => '').message.replace(/^[^:]*: /, ''));
  }
  return read;
}

/** The settings a start sends: text as written; a flag (active-speaker-name) is YAML's boolean. */
function readSettings(
  here: (field: string) => FieldValue | undefined,
  written: (field: string) => string | undefined,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const [field, zoomName] of SETTING_FIELDS) {
    const value = here(field)?.value;
    if (value !== undefined) settings[zoomName] = field === 'active-speaker-name' ? value : written(field);
  }
  return settings;
}

/**
 * A YouTube entry: no stream-url, stream-key or resolution of its own (YouTube gives the stream),
 * a page-url only without a broadcast, and a confirm: only of kind youtube (implied when unset).
 */
function readYouTubeEntry(
  read: EntryRead,
  here: (field: string) => FieldValue | undefined,
  problem: (field: string, message: string) => void,
  given: {
    target: Target | undefined;
    itemLine: number | undefined;
    youtube: YouTubeTaskInput | { problem: string };
    settings: Record<string, unknown>;
    options: ReadOptions;
  },
): EntryRead {
  const { target, youtube, settings } = given;
  for (const field of ['stream-url', 'stream-key', 'stream-key-file', 'resolution'])
    if (here(field) !== undefined) problem(field, 'is set with youtube:, which gives the stream itself: leave it out');
  // With a broadcast, its watch URL is the page; without one, the file says where viewers watch.
  const broadcast = 'problem' in youtube ? undefined : youtube.broadcast;
  const pageUrl = here('page-url')?.value;
  const pageProblem =
    broadcast === 'create' && pageUrl !== undefined
      ? 'is set with youtube: {broadcast: create}, whose watch URL is the page: leave it out'
      : broadcast === 'none' && typeof pageUrl !== 'string'
        ? 'missing: with youtube: {broadcast: none}, give the page where viewers watch'
        : undefined;
  if (pageProblem) problem('page-url', pageProblem);
  const confirmGiven = here('confirm');
  const confirm = confirmGiven === undefined ? undefined : readConfirmBlock(confirmGiven.value, given.options.env);
  if (confirm && 'problem' in confirm) problem('confirm', confirm.problem);
  else if (confirm && confirm.destination.kind !== 'youtube')
    problem('confirm', `is ${confirm.destination.kind}, but the stream goes to YouTube: leave confirm: out (youtube is implied)`);
  if (!target || 'problem' in youtube || (confirm && ('problem' in confirm || confirm.destination.kind !== 'youtube'))) return read;
  if (pageProblem) return read;
  try {
    if (Object.keys(settings).length) validateStatus({ action: 'start', settings }, target.kind);
    read.entry = {
      name: read.name,
      target,
      line: given.itemLine ?? 0,
      settings: settings as LiveStreamSettings,
      ...(confirm ? { confirm } : {}),
      // confirm: {kind: youtube, url} names YouTube's API (a stand-in's) for every call, not only the reads.
      youtube: confirm ? { ...youtube, apiUrl: confirm.destination.url } : youtube,
      ...(broadcast === 'none' && typeof pageUrl === 'string' ? { pageUrl } : {}),
    };
  } catch (error) {
    const e = error as ZoomError;
    problem(fieldForZoom(e.field) ?? e.field ?? 'stream', e.worded(() => '').message.replace(/^[^:]*: /, ''));
  }
  return read;
}

/** The stream key: `${NAME}` from the environment or a stream-key-file; written in the file only when allowed. */
function readKey(
  here: (field: string) => FieldValue | undefined,
  text: (field: string) => string | undefined,
  problem: (field: string, message: string) => void,
  options: ReadOptions,
): string | undefined {
  const keyGiven = here('stream-key');
  const keyFile = here('stream-key-file');
  if (keyGiven && keyFile) {
    problem('stream-key', 'and stream-key-file are both set: give one');
    return undefined;
  }
  if (keyFile) {
    const path = text('stream-key-file');
    if (!path) return undefined;
    try {
      return options.readSecretFile(path);
    } catch (error) {
      problem('stream-key-file', error instanceof ValidationError ? error.reason : (error as Error).message);
      return undefined;
    }
  }
  if (!keyGiven) return undefined;
  const raw = keyGiven.source ?? String(keyGiven.value ?? '');
  if (!options.allowLiteralKeys && !/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(raw.trim())) {
    problem(
      'stream-key',
      `is written in the file: a streams file ends up in repositories. Use \${NAME} (from the environment) or stream-key-file, or set ${setting('allow-literal-keys')}`,
    );
    return undefined;
  }
  return text('stream-key');
}
