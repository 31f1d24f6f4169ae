/**
 * What a face shows of a fleet: a table with one row per entry (name, target, outcome, what
 * differs or why, tracking id), the summary line, the JSON, and the exit code's choice of the worst
 * failure. The stream key never appears: a difference of keys is "differs".
 */
import type { ZoomError } from '../errors.js';
import { differenceText } from '../fleet/drift.js';
import type { EntryReport, FleetReport } from '../fleet/run.js';
import type { FleetEntry } from '../fleet/file.js';
import type { WaitProgress } from '../tasks/wait.js';
import { coreWords, worded, type Words } from '../words.js';
import { failureLine, ladderText } from './report.js';
import { clockTime, durationText, isoSeconds, printable, quote } from '../text.js';

/**
 * An entry's name as printed: on one line (a name is the file's text), and quoted unless it is plain,
 * so that no line starts with what a runner reads as a command (::add-mask::) or a terminal as an escape.
 */
export function shownName(name: string): string {
  const clean = printable(name);
  return /^[\p{L}\p{N}_][\p{L}\p{N}_ .@+#/-]*$/u.test(clean) ? clean : quote(clean);
}

/** What an entry's row says: its failure, what differs, its problems with their fixes, or why it was skipped. */
export function entryDetail(entry: EntryReport, words: Words = coreWords): string {
  if (entry.error) return failureLine(entry.error, words);
  const parts = [
    ...(entry.changes ?? []).map(differenceText),
    ...(entry.problems ?? []).map((p) => `${p.item}: ${p.found}${p.fix ? ` -> ${p.fix}` : ''}`),
    ...(entry.detail ? [worded(entry.detail, words)] : []),
    ...(entry.config ? [`stream URL ${entry.config.stream_url}, key ${entry.config.stream_key}, page URL ${entry.config.page_url}`] : []),
    ...(entry.confirmation ? [confirmationDetail(entry.confirmation, words)] : []),
    ...(entry.youtube ? [youtubeDetail(entry.youtube)] : []),
  ];
  return parts.join('; ');
}

/** Where and how far the stream is proven live: "nginx-rtmp: accepted (0.0 s) > publishing (1.2 s); asked receiving", with the last problem reading it. */
function confirmationDetail(c: NonNullable<EntryReport['confirmation']>, words: Words): string {
  const problem = !c.live && c.problem ? `; last read: ${worded(c.problem, words)}` : '';
  return `${c.destination}: ${ladderText(c)}${c.live ? '' : `; asked ${c.asked} within ${durationText(c.timeoutMs)}`}${problem}`;
}

/** What YouTube did for the entry: its broadcast and watch URL, or what a stop completed, and the units. */
function youtubeDetail(y: NonNullable<EntryReport['youtube']>): string {
  const done = [...(y.completed ?? []), ...(y.alreadyComplete ?? [])];
  const what = y.broadcastId
    ? `YouTube broadcast ${y.broadcastId} ${y.onAir ? 'on air' : 'not on air'} (${y.pageUrl})`
    : y.completed
      ? done.length
        ? `YouTube broadcast ${done.join(', ')} complete`
        : 'no YouTube broadcast live to complete'
      : `YouTube stream ${y.streamId ?? ''}`.trimEnd();
  return `${what}, ${y.units} units`;
}

/** One progress line as an entry ends ("room-001 (meeting 85746065123): started"), with its detail. */
export function entryProgressLine(entry: EntryReport, words: Words = coreWords): string {
  const detail = entryDetail(entry, words);
  return `${shownName(entry.name)} (${entry.kind} ${entry.id}): ${entry.outcome}${detail ? `: ${detail}` : ''}`;
}

/** One line as an entry begins to wait for its host: a long wait is never silent. */
export function entryWaitingLine(entry: FleetEntry, progress: WaitProgress): string {
  const until = isoSeconds(progress.deadline);
  return `${shownName(entry.name)} (${entry.target.kind} ${entry.target.id}): waiting for the host, up to ${clockTime(progress.timeoutMs)} (gives up at ${until})`;
}

/** One line per entry: name, target, outcome, detail, tracking id; columns padded for a terminal. */
export function fleetLines(report: FleetReport, words: Words = coreWords): string[] {
  // A failure's line carries its tracking id already.
  const rows = report.entries.map((e) => [
    shownName(e.name),
    `${e.kind} ${e.id}`,
    e.outcome,
    entryDetail(e, words),
    e.error ? '' : (e.trackingId ?? ''),
  ]);
  const widths = [0, 1, 2].map((i) => Math.min(40, Math.max(...rows.map((r) => r[i]!.length), 4)));
  return rows.map((r) =>
    [r[0]!.padEnd(widths[0]!), r[1]!.padEnd(widths[1]!), r[2]!.padEnd(widths[2]!), r[3], r[4] ? `(tracking id ${r[4]})` : '']
      .filter(Boolean)
      .join('  ')
      .trimEnd(),
  );
}

/** "3 of 40 failed: a, b, c", "plan: 2 of 40 differ, 1 with a problem", "40 of 40 started"; YouTube's units when any were spent. */
export function fleetSummary(report: FleetReport): string {
  const units = report.youtubeUnits !== undefined ? `; YouTube quota: ${report.youtubeUnits} units spent` : '';
  return `${outcomeSummary(report)}${units}`;
}

function outcomeSummary(report: FleetReport): string {
  const total = report.entries.length;
  const named = (list: EntryReport[]) =>
    `${list
      .slice(0, 10)
      .map((e) => shownName(e.name))
      .join(', ')}${list.length > 10 ? ', ...' : ''}`;
  const failed = report.entries.filter((e) => e.outcome === 'failed' || e.outcome === 'not done');
  if (failed.length) return `${failed.length} of ${total} failed: ${named(failed)}`;
  const unconfirmed = report.entries.filter((e) => e.outcome === 'not confirmed');
  if (unconfirmed.length) return `${unconfirmed.length} of ${total} not confirmed live: ${named(unconfirmed)}`;
  if (report.command === 'plan') {
    const differ = report.entries.filter((e) => e.outcome === 'differs');
    const problems = report.entries.filter((e) => e.outcome === 'problem');
    if (!differ.length && !problems.length) return `${total} of ${total} in sync`;
    return [
      differ.length ? `${differ.length} of ${total} differ: ${named(differ)}` : '',
      problems.length ? `${problems.length} with a problem no update fixes: ${named(problems)}` : '',
    ]
      .filter(Boolean)
      .join('; ');
  }
  const counts = new Map<string, number>();
  for (const e of report.entries) counts.set(e.outcome, (counts.get(e.outcome) ?? 0) + 1);
  return `${total} ${total === 1 ? 'entry' : 'entries'}: ${[...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ')}`;
}

/** The report as JSON: each entry with its error in the face's words. */
export function fleetJson(report: FleetReport, words: Words = coreWords): string {
  return JSON.stringify({
    ...report,
    entries: report.entries.map(({ error, detail, ...e }) => ({
      ...e,
      ...(detail ? { detail: worded(detail, words) } : {}),
      ...(error ? { error: (error as ZoomError).toJSON(words) } : {}),
    })),
  });
}
