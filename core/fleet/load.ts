/** A streams file from disk, read within its bound, checked whole, and narrowed to the entries asked for. */
import { readFileCapped, readSecretFile } from '../files.js';
import { MAX_STREAMS_FILE_BYTES, readStreamsDocument, selectEntries, type FleetEntry } from './file.js';
import type { RunSettings } from './run-settings.js';

export interface LoadedFleet extends RunSettings {
  /** The entries to act on (`only`). */
  entries: FleetEntry[];
  /** Every stream key of the file: secrets for redaction, whichever entries run. */
  keys: string[];
}

export function loadStreamsFile(
  path: string,
  options: { env: Record<string, string | undefined>; allowLiteralKeys: boolean; only?: string[] },
): LoadedFleet {
  const text = readFileCapped(path, MAX_STREAMS_FILE_BYTES, 'file', 'a streams file', false);
  const { entries: all, ...settings } = readStreamsDocument(text, {
    env: options.env,
    readSecretFile: (file) => readSecretFile(file, 'stream-key-file'),
    allowLiteralKeys: options.allowLiteralKeys,
    source: path,
  });
  return { ...settings, entries: selectEntries(all, options.only), keys: all.map((e) => e.stream.stream_key) };
}
