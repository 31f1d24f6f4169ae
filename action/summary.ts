/** The job summary and the outputs: what was done, to what, with which tracking ids. Never a secret. */
import {
  clockTime,
  LADDER,
  rateText,
  coreWords,
  stepsText,
  type CheckState,
  type PreparedRequest,
  type TaskAction,
  type TaskResult,
  type Words,
  type ZoomError,
  youtubeLines,
} from '../core/index.js';

const VERB: Record<TaskAction, string> = {
  update: 'Updated the live stream of',
  start: 'Started the live stream of',
  stop: 'Stopped the live stream of',
  get: 'Read the live stream of',
  mode: 'Changed the live stream view of',
  check: 'Checked',
  confirm: 'Confirmed at its destination the live stream of',
};

const MARK: Record<CheckState, string> = { ok: '✅', problem: '❌', unknown: '❔' };
/**
 * Text in a markdown table cell, as text: one line, HTML's specials as entities and markdown's
 * punctuation escaped, so a Zoom message or topic can neither break the table nor become a link,
 * an image or markup.
 */
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
export const cell = (text: unknown) =>
  String(text ?? '')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[&<>]/g, (c) => HTML[c]!)
    .replace(/[\\`*_[\]()|#!~]/g, (c) => `\\${c}`);

/** `check`: the checklist as a table, a mark per item, with what was found and the fix. */
export function checklistMarkdown(result: TaskResult): string {
  const list = result.checklist!;
  const rows = list.items.map((i) => `| ${MARK[i.state]} | ${cell(i.name)} | ${cell(i.found)} | ${cell(i.fix)} |`).join('\n');
  const verdict = list.problems
    ? `${list.problems} problem${list.problems === 1 ? '' : 's'}: the stream will not start until ${list.problems === 1 ? 'it is' : 'they are'} fixed.`
    : 'No problem found.';
  return `### Zoom live stream: pre-flight check of ${list.kind} ${list.id}\n\n${verdict} ${list.ok} ok, ${list.unknown} unknown (the app may not read them).\n\n| | item | found | fix |\n|---|---|---|---|\n${rows}\n`;
}

/** The `result` output: the task result with the stream key masked (a masked value cannot be an output). */
export function successMarkdown(result: TaskResult): string {
  if (result.checklist) return checklistMarkdown(result);
  const rows = result.steps.map((s) => `| ${cell(s.operation)} | ${s.status} | ${cell(s.trackingId)} | ${cell(s.note)} |`).join('\n');
  const waited =
    result.waitedMs !== undefined
      ? ` Waited ${clockTime(result.waitedMs)} for the host to start it (${result.tries} ${result.tries === 1 ? 'try' : 'tries'}).`
      : '';
  let md = `### Zoom live stream: ${result.action}\n\n${result.state ? `${result.kind} ${result.id}: ${result.state}` : `${VERB[result.action]} ${result.kind} ${result.id}`}.${waited}\n\n| step | HTTP status | tracking id | note |\n|---|---|---|---|\n${rows}\n`;
  md += ladderMarkdown(result);
  const youtube = youtubeLines(result);
  if (youtube.length) md += `\n${youtube.map((line) => `- ${cell(line)}`).join('\n')}\n`;
  if (result.config) {
    const shown = result.config;
    md += `\n| stream URL | page URL | resolution |\n|---|---|---|\n| ${cell(shown.stream_url)} | ${cell(shown.page_url)} | ${cell(shown.resolution)} |\n`;
  }
  return md;
}

/** A confirmation: each rung of the ladder, reached or not, with when. */
export function ladderMarkdown(result: TaskResult): string {
  const c = result.confirmation;
  if (!c) return '';
  // On air is a rung only where a YouTube broadcast was asked for.
  const rows = LADDER.filter((level) => level !== 'on-air' || c.asked === 'on-air')
    .map((level) => {
      const reached = c.ladder.find((l) => l.level === level);
      const detail = level === 'receiving' && reached && c.bitsPerSecond ? rateText(c.bitsPerSecond) : '';
      return `| ${reached ? '✅' : '—'} | ${level} | ${reached ? `${(reached.afterMs / 1000).toFixed(1)} s` : ''} | ${cell(detail)} |`;
    })
    .join('\n');
  const verdict = c.live
    ? `Live at ${c.destination}: ${c.confirmed}.`
    : `**Not live** at ${c.destination}: reached ${c.confirmed}, asked ${c.asked} within ${c.timeoutMs / 1000} s.`;
  return `\n${verdict} Stream ${cell(result.destinationStream)}${c.receivedBytes !== undefined ? `, ${c.receivedBytes} bytes received` : ''}.\n\n| | level | after | rate |\n|---|---|---|---|\n${rows}\n`;
}

export function dryRunMarkdown(action: string, requests: PreparedRequest[]): string {
  const blocks = requests.map(
    (r) =>
      `\`\`\`http\n${r.method} ${r.url}\n${Object.entries(r.headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n')}\n\n${r.body ?? ''}\n\`\`\``,
  );
  return `### Zoom live stream: ${action} (dry run, nothing sent)\n\n${blocks.join('\n\n')}\n`;
}

export function failureMarkdown(error: ZoomError, words: Words = coreWords): string {
  const { message, hint } = error.worded(words);
  const rows: [string, unknown][] = [
    ['error', error.name],
    ['message', message],
    ['HTTP status', error.status],
    ['Zoom code', error.code],
    ['tracking id', error.trackingId],
    ['waited for the host', error.waitedMs !== undefined ? clockTime(error.waitedMs) : undefined],
    ['steps', stepsText(error.steps) || undefined],
    ['hint', hint],
  ];
  const body = rows
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `| ${k} | ${cell(v)} |`)
    .join('\n');
  return `### Zoom live stream failed\n\n| | |\n|---|---|\n${body}\n`;
}

/** One line for `core.setFailed`: the message, the Zoom code, the hint, the tracking id. */
