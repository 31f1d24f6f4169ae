/**
 * A streams file run from named inputs, for every face that takes them (the Action's `file:`, the
 * command line's `--file`): the file read and checked before anything is sent, one client and one
 * pace for its entries, a line per entry as it ends or begins to wait, and one verdict. The faces
 * only print what this returns, in their own words.
 */
import { loadStreamsFile } from '../fleet/load.js';
import type { RunSettings } from '../fleet/run-settings.js';
import { runFleet, type EntryReport, type FleetReport } from '../fleet/run.js';
import type { FleetEntry } from '../fleet/file.js';
import { ZoomLiveStreamClient } from '../zoom/client.js';
import type { Logger } from '../http/transport.js';
import type { Clock } from '../http/clock.js';
import type { Words } from '../words.js';
import { entryProgressLine, entryWaitingLine, fleetSummary, shownName } from './fleet-report.js';
import { parseFleetInputs, type FleetSettings } from './named-inputs.js';
import type { InputReader } from './input-queries.js';

export interface StreamsFileRun {
  settings: FleetSettings;
  /** The entries to act on (`only`). */
  entries: FleetEntry[];
  /** Every stream key and destination password of the file, whichever entries run: secrets to mask from the first moment. */
  secrets: string[];
  /** The file's settings for run (events:, alerts:). */
  run: RunSettings;
}

/** The command, its options and the file's entries, all checked: nothing is sent. */
export function prepareStreamsFile(input: InputReader, env: Record<string, string | undefined>): StreamsFileRun {
  const settings = parseFleetInputs(input);
  const { entries, secrets, ...run } = loadStreamsFile(settings.file, {
    env,
    allowLiteralKeys: settings.allowLiteralKeys,
    ...(settings.only ? { only: settings.only } : {}),
  });
  return { settings, entries, secrets, run };
}

/** What a dry run says: each entry's target, the command it would get. */
export function dryRunLines(run: StreamsFileRun): string[] {
  return run.entries.map((e) => `[dry-run] ${run.settings.command} ${e.target.kind} ${e.target.id} (${shownName(e.name)})`);
}

export interface StreamsFileHooks {
  /** The client, as soon as it exists (the face closes it, whatever happens). */
  onClient: (client: ZoomLiveStreamClient) => void;
  /** A progress line: an entry ended, or began to wait for its host. */
  progress: (line: string) => void;
  logger: Logger;
  signal?: AbortSignal;
  /** More secrets the client must never show (the command line's environment). */
  secrets?: string[];
  /** The clock of the waits, the retries and the confirmations (tests inject one). */
  clock?: Clock;
  onSecret?: (secret: string) => void;
}

export async function runStreamsFile(run: StreamsFileRun, words: Words, hooks: StreamsFileHooks): Promise<FleetReport> {
  const { settings, entries, secrets } = run;
  const client = new ZoomLiveStreamClient({
    ...settings.client,
    // Every key and password of the file is a secret, whichever entries run.
    secrets: [...(hooks.secrets ?? []), ...secrets],
    logger: hooks.logger,
    ...(hooks.onSecret ? { onSecret: hooks.onSecret } : {}),
    ...(hooks.clock ? { clock: hooks.clock } : {}),
  });
  hooks.onClient(client);
  return runFleet(client, settings.command, entries, {
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    ...(settings.dueMs !== undefined ? { dueMs: settings.dueMs } : {}),
    ...(settings.waitForStartMs ? { waitForStartMs: settings.waitForStartMs } : {}),
    namedOnly: Boolean(settings.only),
    ...(hooks.onSecret ? { onSecret: hooks.onSecret } : {}),
    now: () => client.clock.now(),
    // Progress as it comes (a start may wait an hour for its hosts); the table comes at the end.
    onWaiting: (entry, progress) => hooks.progress(entryWaitingLine(entry, progress)),
    onEntry: (entry) => hooks.progress(entryProgressLine(entry, words)),
  });
}

/** The run's verdict, one for every face: undefined when it passed, else the line that says why. */
export function fleetFailure(report: FleetReport): string | undefined {
  const summary = `${report.command}: ${fleetSummary(report)}`;
  if (report.failed || report.entries.some((e) => e.outcome === 'not done' || e.outcome === 'not confirmed')) return summary;
  if (report.command === 'plan' && report.drift) return `${summary}. Run apply to make Zoom match the file.`;
  if (report.command === 'check' && report.entries.some((e) => e.outcome === 'problem')) return summary;
  return undefined;
}

/**
 * What an interruption (SIGTERM, SIGINT) left: each kind of entry named only when it has any, and
 * a request cut off after it left said apart from what never left (it may have reached Zoom).
 */
export function interruptedText(entries: readonly EntryReport[]): string {
  const reached = (e: EntryReport) => e.outcome === 'not done' && Boolean(e.error?.steps?.mayHaveApplied || e.error?.steps?.done.length);
  const part = (label: string, keep: (e: EntryReport) => boolean) => {
    const names = entries.filter(keep).map((e) => shownName(e.name));
    return names.length ? ` ${label}: ${names.join(', ')}.` : '';
  };
  const said =
    part('Done', (e) => e.outcome !== 'not done' && e.outcome !== 'failed') +
    part('Failed', (e) => e.outcome === 'failed') +
    part('May have been applied (sent, no answer came)', reached) +
    part('Not done', (e) => e.outcome === 'not done' && !reached(e));
  return said.trim() || 'Nothing was started.';
}
