/**
 * A streams file (YAML or JSON): the fleet's entries, each a meeting or webinar with its stream,
 * checked as a whole before anything is sent. Every problem names its entry and line, and all of
 * them are reported at once. Stream keys come from the environment (`${NAME}`) or a file
 * (`stream-key-file`): a literal key is refused unless allowed, because files end up in repositories.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { ValidationError, ZoomError } from '../errors.js';
import { StreamsFileError, type FileProblem } from './file-problems.js';
import { nearest, quote } from '../text.js';
import { setting } from '../words.js';
import { parseTarget } from '../zoom/targets.js';
import { validateStatus, validateUpdate } from '../zoom/validate.js';
import type { LiveStreamSettings, LiveStreamUpdate, Target } from '../zoom/types.js';

/** The stream fields and settings an entry (or `defaults`) may set, by their Action input names. */
const STREAM_FIELDS = { 'stream-url': 'stream_url', 'stream-key': 'stream_key', 'page-url': 'page_url', resolution: 'resolution' } as const;
const SETTING_FIELDS = {
  'display-name': 'display_name',
  'active-speaker-name': 'active_speaker_name',
  layout: 'layout',
  'close-caption': 'close_caption',
} as const;
const ENTRY_ONLY = ['name', 'meeting', 'webinar'] as const;
export const FIELDS = [...ENTRY_ONLY, ...Object.keys(STREAM_FIELDS), 'stream-key-file', ...Object.keys(SETTING_FIELDS)];
/** `${NAME}` is read from the environment in these fields only. */
const EXPANDED = ['stream-url', 'stream-key', 'page-url'];

/** A file's size beyond any fleet: refused before it is parsed. */
export const MAX_STREAMS_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_ENTRIES = 10_000;

export interface FleetEntry {
  name: string;
  target: Target;
  /** Its line in the file. */
  line: number;
  stream: LiveStreamUpdate;
  /** The URLs as the file writes them (`${NAME}` not expanded): what is shown. */
  written: { stream_url: string; page_url: string };
  settings: LiveStreamSettings;
}

export interface ReadOptions {
  env: Record<string, string | undefined>;
  /** Reads a stream-key-file (the face's own reader: bounded, a trailing newline dropped). */
  readSecretFile: (path: string) => string;
  allowLiteralKeys?: boolean;
  /** How the file is named in messages. */
  source?: string;
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]{0,127})\}/g;

/**
 * A field's value, and for a plain scalar YAML read as something else (`0012`, `1e3`, `0x1F`, a
 * 17-digit number, `true`) the text as written: IDs and keys are text, and YAML's numbers would
 * change them.
 */
interface FieldValue {
  value: unknown;
  source?: string;
  line?: number;
}

function fieldValue(node: unknown, line: number | undefined): FieldValue {
  if (!isScalar(node)) return { value: (node as Node | null)?.toJSON?.(), line };
  const source = typeof node.value !== 'string' && node.value !== null && typeof node.source === 'string' ? node.source : undefined;
  return { value: node.value, ...(source !== undefined ? { source } : {}), line };
}

export function readStreamsFile(text: string, options: ReadOptions): FleetEntry[] {
  const source = options.source ?? 'the streams file';
  const problems: FileProblem[] = [];
  if (text.length > MAX_STREAMS_FILE_BYTES) {
    throw new StreamsFileError([{ message: `it is larger than ${MAX_STREAMS_FILE_BYTES} bytes` }], source);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : undefined);
  for (const error of doc.errors) problems.push({ line: lines.linePos(error.pos[0]).line, message: error.message.split('\n')[0]! });
  if (problems.length) throw new StreamsFileError(problems, source);

  const root = doc.contents;
  if (!isMap(root))
    throw new StreamsFileError([{ message: 'the file must be a mapping with `streams:` (and optional `defaults:`)' }], source);
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'defaults' && key !== 'streams')
      problems.push({ line: lineOf(pair.key as Node), message: `unknown top-level field ${quote(key)}: only defaults and streams` });
  }
  const defaultsNode = root.get('defaults', true) as Node | undefined;
  const streamsNode = root.get('streams', true) as Node | undefined;
  if (defaultsNode !== undefined && !isMap(defaultsNode))
    problems.push({ line: lineOf(defaultsNode), message: 'defaults must be a mapping' });
  if (!isSeq(streamsNode) || streamsNode.items.length === 0) {
    problems.push({ line: lineOf(streamsNode), message: 'streams must be a list of at least one entry' });
    throw new StreamsFileError(problems, source);
  }
  if (streamsNode.items.length > MAX_ENTRIES) throw new StreamsFileError([{ message: `more than ${MAX_ENTRIES} entries` }], source);

  const fieldsOf = (node: YAMLMap, entry: string | undefined, allowed: readonly string[]): Map<string, FieldValue> => {
    const out = new Map<string, FieldValue>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const line = lineOf(pair.key as Node);
      if (!allowed.includes(key)) {
        const near = nearest(key, allowed);
        problems.push({ entry, line, message: `unknown field ${quote(key)}${near ? ` (did you mean ${near}?)` : ''}` });
        continue;
      }
      out.set(key, fieldValue(pair.value, lineOf(pair.value as Node) ?? line));
    }
    return out;
  };
  const defaults = isMap(defaultsNode)
    ? fieldsOf(
        defaultsNode,
        'defaults',
        FIELDS.filter((f) => !(ENTRY_ONLY as readonly string[]).includes(f)),
      )
    : new Map();

  const entries: FleetEntry[] = [];
  const names = new Map<string, number | undefined>();
  const targets = new Map<string, string>();
  streamsNode.items.forEach((item, index) => {
    const itemLine = lineOf(item as Node);
    if (!isMap(item)) {
      problems.push({ line: itemLine, message: `entry ${index + 1} must be a mapping` });
      return;
    }
    const givenName = item.get('name', true) as unknown;
    const rawName = isScalar(givenName) ? (fieldValue(givenName, undefined).source ?? givenName.value) : undefined;
    const name = typeof rawName === 'string' && rawName.trim() ? rawName.trim() : `entry ${index + 1}`;
    const own = fieldsOf(item, name, FIELDS);
    const here = (field: string) => own.get(field) ?? defaults.get(field);
    const problem = (field: string, message: string) =>
      problems.push({ entry: name, line: here(field)?.line ?? itemLine, message: `${field}: ${message}` });
    if (typeof rawName !== 'string' || !rawName.trim())
      problems.push({ entry: name, line: itemLine, message: 'name: missing (every entry has a unique name)' });
    else if (names.has(name)) problems.push({ entry: name, line: itemLine, message: `name: also used on line ${names.get(name)}` });
    names.set(name, itemLine);

    // The target.
    const meeting = own.get('meeting');
    const webinar = own.get('webinar');
    let target: Target | undefined;
    if ((meeting === undefined) === (webinar === undefined)) {
      problems.push({ entry: name, line: itemLine, message: 'set exactly one of meeting and webinar' });
    } else {
      const [kind, given] = meeting ? (['meeting', meeting] as const) : (['webinar', webinar!] as const);
      try {
        // A number keeps the digits written: 12345678901234567 read as a number is ...568.
        if (typeof given.value === 'number' && !/^\d+$/.test(given.source ?? '')) {
          throw new ValidationError(
            kind,
            `${quote(given.source ?? String(given.value))} is read as a number, not an ID: quote the ID.`,
            '',
          );
        }
        target = parseTarget(typeof given.value === 'number' ? given.source! : given.value, kind);
      } catch (error) {
        problems.push({ entry: name, line: given.line, message: `${kind}: ${(error as ValidationError).reason.replace(/\.$/, '')}` });
      }
      if (target) {
        const key = `${target.kind}:${target.id}`;
        if (targets.has(key))
          problems.push({ entry: name, line: given.line, message: `${kind} ${target.id} is also entry ${targets.get(key)}` });
        targets.set(key, name);
      }
    }

    // The stream, with ${NAME} from the environment and the key from a file where asked.
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
      let out = written(field);
      if (out === undefined) return undefined;
      if (EXPANDED.includes(field)) {
        out = out.replace(VARIABLE, (_, variable: string) => {
          const found = options.env[variable];
          if (found === undefined || found === '') {
            problem(field, `the environment has no ${variable} (set it, or write the value)`);
            return '';
          }
          return found;
        });
      }
      return out;
    };
    const keyGiven = here('stream-key');
    const keyFile = here('stream-key-file');
    let key: string | undefined;
    if (keyGiven && keyFile) problem('stream-key', 'and stream-key-file are both set: give one');
    else if (keyFile) {
      const path = text('stream-key-file');
      if (path) {
        try {
          key = options.readSecretFile(path);
        } catch (error) {
          problem('stream-key-file', error instanceof ValidationError ? error.reason : (error as Error).message);
        }
      }
    } else if (keyGiven) {
      const raw = keyGiven.source ?? String(keyGiven.value ?? '');
      if (!options.allowLiteralKeys && !/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(raw.trim())) {
        problem(
          'stream-key',
          `is written in the file: a streams file ends up in repositories. Use \${NAME} (from the environment) or stream-key-file, or set ${setting('allow-literal-keys')}`,
        );
      } else key = text('stream-key');
    } else problems.push({ entry: name, line: itemLine, message: 'stream-key: missing (stream-key: ${NAME}, or stream-key-file)' });

    const stream = {
      stream_url: text('stream-url'),
      stream_key: key,
      page_url: text('page-url'),
      ...(here('resolution') ? { resolution: text('resolution') } : {}),
    };
    for (const field of ['stream-url', 'page-url'] as const)
      if (!stream[STREAM_FIELDS[field]]) problems.push({ entry: name, line: itemLine, message: `${field}: missing (here or in defaults)` });
    const settings: Record<string, unknown> = {};
    for (const [field, zoomName] of Object.entries(SETTING_FIELDS)) {
      const value = here(field)?.value;
      // Text settings keep what was written; a flag (active-speaker-name) is YAML's boolean.
      if (value !== undefined) settings[zoomName] = field === 'active-speaker-name' ? value : written(field);
    }
    if (!target || !stream.stream_url || !stream.stream_key || !stream.page_url) return;
    try {
      // The settings as a start sends them: a layout on a webinar is refused here, not at start time.
      if (Object.keys(settings).length) validateStatus({ action: 'start', settings }, target.kind);
      const checked = validateUpdate(stream);
      entries.push({
        name,
        target,
        line: itemLine ?? 0,
        stream: checked,
        written: { stream_url: written('stream-url')!, page_url: written('page-url')! },
        settings: settings as LiveStreamSettings,
      });
    } catch (error) {
      const e = error as ZoomError;
      const field =
        [...Object.entries(STREAM_FIELDS), ...Object.entries(SETTING_FIELDS).map(([f, z]) => [f, `settings.${z}`])].find(
          ([, z]) => z === e.field,
        )?.[0] ??
        e.field ??
        'stream';
      problem(field, e.worded(() => '').message.replace(/^[^:]*: /, ''));
    }
  });
  if (problems.length)
    throw new StreamsFileError(
      problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
      source,
    );
  return entries;
}

/** The entries named by `only` (all when unset); an unknown name is an error naming the known ones. */
export function selectEntries(entries: FleetEntry[], only: string[] | undefined): FleetEntry[] {
  if (!only?.length) return entries;
  const known = new Set(entries.map((e) => e.name));
  const unknown = only.filter((n) => !known.has(n));
  if (unknown.length) {
    throw new ValidationError(
      'only',
      `names no entry: ${unknown.map(quote).join(', ')}.`,
      `Use names from the file (${[...known].slice(0, 5).join(', ')}${known.size > 5 ? ', ...' : ''}), for ${setting('only')}.`,
    );
  }
  return entries.filter((e) => only.includes(e.name));
}
