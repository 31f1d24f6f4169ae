/** A streams file from disk, read within its bound, checked whole, and narrowed to the entries asked for. */
import { readFileCapped, readSecretFile } from '../files.js';
import { MAX_STREAMS_FILE_BYTES, readStreamsDocument, selectEntries, type FleetEntry } from './file.js';
import type { RunSettings } from './run-settings.js';
import { basicAuthSecret } from '../confirm/basic-auth.js';

export interface LoadedFleet extends RunSettings {
  /** The entries to act on (`only`). */
  entries: FleetEntry[];
  /**
   * Every stream key of the file and every destination password (and its Basic auth form) or
   * managed service's credential of its confirm: and youtube: blocks: secrets for redaction, whichever entries run.
   */
  secrets: string[];
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
  const secrets = all.flatMap((e) => [
    ...(e.stream ? [e.stream.stream_key] : []),
    ...Object.values(e.youtube?.credentials ?? {}),
    ...(e.confirm?.destination.password ? [e.confirm.destination.password] : []),
    ...Object.values(e.confirm?.destination.credentials ?? {}),
    ...[e.confirm && basicAuthSecret(e.confirm.destination)].filter((s): s is string => Boolean(s)),
  ]);
  return { ...settings, entries: selectEntries(all, options.only), secrets: [...new Set(secrets)] };
}
