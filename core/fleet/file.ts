/**
 * A streams file (YAML or JSON): the fleet's entries, each a meeting or webinar with its stream,
 * checked as a whole before anything is sent. Every problem names its entry and line, and all of
 * them are reported at once. Stream keys come from the environment (`${NAME}`) or a file
 * (`stream-key-file`): a literal key is refused unless allowed, because files end up in repositories.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ValidationError } from '../errors.js';
import { quote } from '../text.js';
import { setting } from '../words.js';
import { readEntry, type EntryRead, type FleetEntry, type ReadOptions } from './entry.js';
import { DEFAULTS_FIELDS } from './fields.js';
import { StreamsFileError, type FileProblem } from './file-problems.js';
import { MAX_ENTRIES, MAX_STREAMS_FILE_BYTES } from './limits.js';
import { fieldsOf, fieldValue, lineReader, type FieldValue } from './yaml-fields.js';
import { readAlerts, readEvents, type RunSettings } from './run-settings.js';

export type { FleetEntry, ReadOptions } from './entry.js';
export { MAX_ENTRIES, MAX_STREAMS_FILE_BYTES } from './limits.js';

const TOP_LEVEL = ['defaults', 'streams', 'events', 'alerts'];

/** The entries, in the file's order. */
export function readStreamsFile(text: string, options: ReadOptions): FleetEntry[] {
  return readStreamsDocument(text, options).entries;
}

/** The entries and the file's settings for `run` (events:, alerts:). */
export function readStreamsDocument(text: string, options: ReadOptions): RunSettings & { entries: FleetEntry[] } {
  const source = options.source ?? 'the streams file';
  if (text.length > MAX_STREAMS_FILE_BYTES) {
    throw new StreamsFileError([{ message: `it is larger than ${MAX_STREAMS_FILE_BYTES} bytes` }], source);
  }
  const problems: FileProblem[] = [];
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const lineOf = lineReader(lines);
  for (const error of doc.errors) problems.push({ line: lines.linePos(error.pos[0]).line, message: error.message.split('\n')[0]! });
  if (problems.length) throw new StreamsFileError(problems, source);

  const root = doc.contents;
  if (!isMap(root))
    throw new StreamsFileError([{ message: 'the file must be a mapping with `streams:` (and optional `defaults:`)' }], source);
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!TOP_LEVEL.includes(key))
      problems.push({ line: lineOf(pair.key as Node), message: `unknown top-level field ${quote(key)}: only ${TOP_LEVEL.join(', ')}` });
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

  const settings: RunSettings = {};
  for (const [name, read] of [
    [
      'events',
      (value: unknown, node: Node) =>
        readEvents(value, isMap(node) ? fieldValue(node.get('subscription-id', true), undefined).source : undefined),
    ],
    ['alerts', (value: unknown) => readAlerts(value, options.env)],
  ] as const) {
    const node = root.get(name, true) as Node | undefined;
    if (node === undefined) continue;
    const checked = read(fieldValue(node, undefined).value, node);
    if (checked && 'problem' in checked) problems.push({ line: lineOf(node), message: `${name}: ${checked.problem}` });
    else Object.assign(settings, { [name]: checked });
  }
  const defaults = isMap(defaultsNode)
    ? fieldsOf(defaultsNode, DEFAULTS_FIELDS, { entry: 'defaults', lineOf, problems })
    : new Map<string, FieldValue>();
  const reads: EntryRead[] = [];
  streamsNode.items.forEach((item, index) => {
    if (isMap(item)) reads.push(readEntry(item, index, { defaults, options, lineOf, problems }));
    else problems.push({ line: lineOf(item as Node), message: `entry ${index + 1} must be a mapping` });
  });
  problems.push(...acrossEntries(reads));
  if (problems.length)
    throw new StreamsFileError(
      problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
      source,
    );
  return { ...settings, entries: reads.map((read) => read.entry!) };
}

/** What entries share: each name and each meeting or webinar once. */
function acrossEntries(reads: EntryRead[]): FileProblem[] {
  const problems: FileProblem[] = [];
  const names = new Map<string, number | undefined>();
  const targets = new Map<string, string>();
  for (const read of reads) {
    if (read.named && names.has(read.name))
      problems.push({ entry: read.name, line: read.line, message: `name: also used on line ${names.get(read.name)}` });
    names.set(read.name, read.line);
    if (!read.target) continue;
    const earlier = targets.get(read.target.key);
    if (earlier !== undefined) {
      const [kind, id] = read.target.key.split(':');
      problems.push({ entry: read.name, line: read.target.line, message: `${kind} ${id} is also entry ${earlier}` });
    }
    targets.set(read.target.key, read.name);
  }
  return problems;
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
