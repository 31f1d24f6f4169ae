/**
 * What a face shows people of a task: the lines of its outcome, the lines of a waiting start, one
 * line for a failure, and the result as JSON with the stream key masked. The Action writes them to
 * its log and outputs, the command line to stdout and stderr.
 */
import { ZoomError, type StepsReport } from '../errors.js';
import { coreWords, worded, type Words } from '../words.js';
import type { Confirmation } from '../confirm/confirm.js';
import type { TaskResult } from '../tasks/run.js';
import type { TaskPlan } from '../tasks/plan.js';
import type { Probe } from '../tasks/waiting-start.js';
import { type WaitProgress } from '../tasks/wait.js';
import { clockTime, durationText, isoSeconds } from '../text.js';

export const wholeSeconds = (ms: number | undefined): string => String(Math.round((ms ?? 0) / 1000));

/** Which probe a waiting start uses, said once before it waits. */
export function probeLine(probe: Probe, timeoutMs: number, intervalMs: number): string {
  const limit = `Start waits up to ${clockTime(timeoutMs)} for the host`;
  return probe === 'meeting'
    ? `${limit}, reading the meeting's status every ${wholeSeconds(intervalMs)} s (the token may read the meeting), then starting it.`
    : `${limit}, trying every ${wholeSeconds(intervalMs)} s.`;
}

/** One line per pause of a waiting start: what Zoom said, how long so far, when it gives up. */
export function waitLine({ last, waitedMs, timeoutMs, nextTryInMs, deadline }: WaitProgress): string {
  const answer = [`HTTP ${last.status}`, last.code !== undefined ? `Zoom code ${last.code}` : '', last.zoomMessage ?? '']
    .filter(Boolean)
    .join(', ');
  return `Waiting for the host (${answer}): waited ${clockTime(waitedMs)} of ${clockTime(timeoutMs)}; next try in ${Math.round(nextTryInMs / 1000)} s; gives up at ${isoSeconds(deadline)}.`;
}

/** The outcome as people read it: the checklist, the wait, each step, the configuration read. */
export function resultLines(result: TaskResult): string[] {
  const lines: string[] = [];
  for (const i of result.checklist?.items ?? []) {
    const mark = i.state === 'ok' ? 'ok     ' : i.state === 'problem' ? 'PROBLEM' : 'unknown';
    lines.push(`${mark} ${i.name}: ${i.found}${i.fix ? ` -> ${i.fix}` : ''}`);
  }
  if (result.waitedMs !== undefined) {
    lines.push(
      `The ${result.kind} was running after ${clockTime(result.waitedMs)} (${result.tries} ${result.tries === 1 ? 'try' : 'tries'}).`,
    );
  }
  for (const step of result.steps)
    lines.push(
      `${step.operation}: HTTP ${step.status}${step.trackingId ? ` (tracking id ${step.trackingId})` : ''}${step.note ? `. ${step.note}` : ''}`,
    );
  lines.push(...youtubeLines(result));
  const confirmed = confirmationLine(result);
  if (confirmed) lines.push(confirmed);
  if (result.config) {
    const shown = result.config;
    lines.push(`stream URL: ${shown.stream_url}, page URL: ${shown.page_url}, resolution: ${shown.resolution ?? '-'}`);
  }
  return lines;
}

/** What a dry run of a task with YouTube would ask of YouTube: its calls are not planned requests (their answers decide Zoom's stream). */
export function youtubeDryRunLines({ youtube, action }: Pick<TaskPlan, 'youtube' | 'action'>): string[] {
  if (!youtube) return [];
  const { settings } = youtube;
  const stream = settings.streamId
    ? `YouTube's live stream ${settings.streamId}`
    : `the YouTube live stream titled "${settings.streamTitle}"`;
  if (action === 'stop')
    return [
      `[dry-run] then YouTube: complete ${settings.broadcastId ? `the broadcast ${settings.broadcastId}` : `the broadcast live on ${stream}`}`,
    ];
  const article = /^[aeiou]/.test(settings.privacy) ? 'an' : 'a';
  return [
    `[dry-run] first YouTube: ${stream}${settings.streamId ? '' : ' (created if none)'}, whose ingestion address and stream name replace the stream URL and key below${
      settings.broadcast === 'create' ? `; ${article} ${settings.privacy} broadcast bound to it, whose watch URL replaces the page URL` : ''
    }`,
    `[dry-run] after the start: the stream read at YouTube until it receives${settings.broadcast === 'create' ? ', then the broadcast put on air' : ''}`,
  ];
}

/** What YouTube did: the stream and broadcast a start used, what a stop completed, the units spent. */
export function youtubeLines({ youtube: y }: TaskResult): string[] {
  if (!y) return [];
  const lines: string[] = [];
  if (y.streamId) lines.push(`YouTube stream ${y.streamId} (${y.streamCreated ? 'created' : 'reused'}): its address and key went to Zoom.`);
  if (y.broadcastId) lines.push(`YouTube broadcast ${y.broadcastId} bound to it: ${y.pageUrl}${y.onAir ? ', on air' : ''}.`);
  if (y.tooEarly)
    lines.push(
      `YouTube refused ${y.tooEarly} transition${y.tooEarly === 1 ? '' : 's'} to live as too early (no video yet), then took one.`,
    );
  if (y.completed)
    lines.push(
      y.completed.length || y.alreadyComplete?.length
        ? `YouTube broadcast ${[...y.completed, ...(y.alreadyComplete ?? [])].join(', ')} complete.`
        : 'No YouTube broadcast was live on the stream: nothing to complete.',
    );
  lines.push(`YouTube quota: ${y.units} units spent.`);
  return lines;
}

/** The result as JSON (the Action's `result` output, the command line's --json); runPlan masked the stream key. */
/** The result as JSON, a confirmation's problem in the face's words (ZOOM_CONFIRM_USER, not confirmUser). */
export function resultJson(result: TaskResult, words: Words = coreWords): string {
  const c = result.confirmation;
  return JSON.stringify(c?.problem ? { ...result, confirmation: { ...c, problem: worded(c.problem, words) } } : result);
}

/** The check's problems as one line, for the failure it causes with fail-on problem. */
export function problemsLine(result: TaskResult): string | undefined {
  const list = result.checklist;
  if (!list?.problems) return undefined;
  const found = list.items.filter((i) => i.state === 'problem');
  return `check ${list.kind} ${list.id}: ${found.length} problem${found.length === 1 ? '' : 's'}: ${found
    .map((i) => `${i.name}: ${i.found}. Fix: ${i.fix ?? ''}`)
    .join(' ')}`.replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * What a failed task had done, when there is more to say than the failure itself: "Done: update
 * meeting 1. May have been applied (sent, no answer came): start meeting 1. Not done: ...". Empty
 * when the one step it had was refused.
 */
export function stepsText(steps: StepsReport | undefined): string {
  if (!steps || (!steps.done.length && !steps.mayHaveApplied && !steps.notDone.length)) return '';
  const parts: string[] = [];
  parts.push(steps.done.length ? `Done: ${steps.done.join(', ')}.` : 'Nothing was done.');
  if (steps.mayHaveApplied) parts.push(`May have been applied (it was sent; no answer came): ${steps.mayHaveApplied}.`);
  if (steps.failed) parts.push(`Refused: ${steps.failed}.`);
  if (steps.notDone.length) parts.push(`Not done: ${steps.notDone.join(', ')}.`);
  return parts.join(' ');
}

/** One line for a failure in a face's words: the message, Zoom's code, what was done, the hint and the tracking id. */
export function failureLine(error: ZoomError, words: Words = coreWords): string {
  const { message, hint } = error.worded(words);
  let line = message;
  if (error.code !== undefined && !line.includes(`code ${error.code}`)) line += ` [Zoom code ${error.code}]`;
  const steps = stepsText(error.steps);
  if (steps) line += ` ${steps}`;
  if (hint) line += ` Hint: ${hint}`;
  if (error.trackingId) line += ` (tracking id ${error.trackingId})`;
  return line.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** Anything thrown, as a ZoomError: a ZoomError as it is; anything else is a bug in the product, said so. */
export function asZoomError(error: unknown): ZoomError {
  if (error instanceof ZoomError) return error;
  return new ZoomError('bug', `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`, {
    hint: 'This is a bug in zoom-livestream; please report it with the log.',
  });
}

/** 2_345_678 -> "2.3 Mbit/s": a stream's rate as people read it. */
export function rateText(bitsPerSecond: number): string {
  if (bitsPerSecond >= 1_000_000) return `${(bitsPerSecond / 1_000_000).toFixed(1)} Mbit/s`;
  return `${Math.round(bitsPerSecond / 1000)} kbit/s`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The ladder as one line: "accepted (0.0 s) > publishing (1.2 s) > receiving (6.3 s, 2.3 Mbit/s)". */
export function ladderText(confirmation: Confirmation): string {
  return confirmation.ladder
    .map(({ level, afterMs }) => {
      // A managed service that gives no rate (0) says only that it receives.
      const rate = level === 'receiving' && confirmation.bitsPerSecond ? `, ${rateText(confirmation.bitsPerSecond)}` : '';
      return `${level} (${seconds(afterMs)}${rate})`;
    })
    .join(' > ');
}

/** A confirmation as people read it: where, how far, and live or not. */
export function confirmationLine(result: TaskResult): string | undefined {
  const c = result.confirmation;
  if (!c) return undefined;
  const bytes = c.receivedBytes !== undefined ? `; ${c.receivedBytes} bytes received` : '';
  return `${c.destination} (${result.destinationStream ?? 'the stream'}): ${ladderText(c)}${bytes}. ${c.live ? `Live: ${c.confirmed}.` : `Not live: asked ${c.asked}.`}`;
}

/**
 * Why a start (or a check) is not confirmed, in one line: what was reached and what was not, the
 * likely causes in order, and that the stream stays as Zoom has it: nothing is undone.
 */
export function notConfirmedText(result: TaskResult, words: Words = coreWords): string | undefined {
  const c = result.confirmation;
  if (!c || c.live) return undefined;
  const what = `${result.kind} ${result.id}`;
  const missing = c.confirmed === 'publishing' ? 'its byte count did not grow' : 'no publisher on the stream';
  const head =
    result.action === 'start'
      ? `start ${what}: Zoom started the stream, but ${c.destination} did not confirm it ${c.asked} within ${durationText(c.timeoutMs)}`
      : `confirm ${what}: ${c.destination} does not show the stream ${c.asked} within ${durationText(c.timeoutMs)}`;
  // The stream's likely causes only when the destination answered about it; a broken monitor says so.
  const causes =
    c.problemKind === 'refused'
      ? "The destination's API refused the credentials: the stream was not read (the monitor failed, not the stream)."
      : c.problemKind === 'unreachable'
        ? "The destination's API did not answer: the stream was not read (the monitor failed, not the stream)."
        : c.problemKind === 'quota'
          ? "The destination's daily API quota is used up: the stream was not read (the monitor stopped, not the stream)."
          : c.problemKind === 'other'
            ? "The destination's API did not answer about the stream: check the destination's kind and URL."
            : "Likely causes, in order: the stream key (Zoom's and the destination's differ, or it expired); the stream URL (host, port or application); the destination refusing the publisher (its publish rules or auth); the host's Zoom client not reaching it (firewall, RTMP port 1935).";
  const stays =
    result.action === 'start'
      ? ` The stream stays started in Zoom: nothing was undone (stop it with the stop action if it must not run).`
      : '';
  const problem = c.problem ? ` Last read: ${worded(c.problem, words)}` : '';
  const issues = c.issues ? ` The destination reports: ${c.issues.join(', ')}.` : '';
  return `${head}: reached ${c.confirmed}, ${missing} (${ladderText(c)}).${problem}${issues} ${causes}${stays}`.replace(
    /\s*[\r\n]+\s*/g,
    ' ',
  );
}
