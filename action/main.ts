/**
 * The Action's orchestration: mask secrets, parse inputs, plan (all validation, no network), then
 * either print the plan (dry-run) or run it, and report through outputs, the log and the summary.
 */
import * as core from '@actions/core';
import {
  asZoomError,
  basicAuthSecret,
  failureLine,
  parseInputs,
  planTask,
  QuotaMeter,
  runTask,
  SECRET_INPUTS,
  inputWords,
  probeLine,
  problemsLine,
  notConfirmedText,
  resultJson,
  resultLines,
  waitLine,
  wholeSeconds,
  youtubeDryRunLines,
  ZoomError,
  ZoomLiveStreamClient,
  type Clock,
} from '../core/index.js';
import { dryRunMarkdown, failureMarkdown, successMarkdown } from './summary.js';

const input = (name: string) => core.getInput(name);

/** The runner leaves GITHUB_STEP_SUMMARY unset outside a job (and summary.write then throws). */
async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown, true).write();
}

/**
 * Outputs and the summary go to files the runner names; when one cannot be written (a local run
 * with a GITHUB_OUTPUT that does not exist), the step fails with one clear line, after Zoom's
 * answer has already been logged.
 */
async function report(write: () => void | Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    throw new ZoomError('validation', `Could not write the step's outputs or summary: ${(error as Error).message}`, {
      hint: 'GITHUB_OUTPUT and GITHUB_STEP_SUMMARY must name writable files (the runner sets them); unset them for a local run.',
    });
  }
}

/** `clock`: what the step waits by (a test's fake one; the real one on a runner). */
export async function run(clock?: Clock): Promise<void> {
  // Before anything else can print them; each value once, whoever learns of it.
  const masked = new Set<string>();
  const mask = (secret: string) => {
    if (!masked.has(secret)) core.setSecret(secret);
    masked.add(secret);
  };
  for (const name of SECRET_INPUTS) {
    const value = input(name);
    if (value) mask(value);
  }
  // Basic auth sends base64(user:password): a destination that echoes it must not print it either.
  const basic = basicAuthSecret({ user: input('confirm-user') || undefined, password: input('confirm-password') || undefined });
  if (basic) mask(basic);
  let client: ZoomLiveStreamClient | undefined;
  const quota = new QuotaMeter();
  try {
    if (input('file')) {
      // A streams file's run is loaded only for it (a chunk of its own: one meeting's step does not load YAML).
      const { runFleetAction } = await import('./fleet.js');
      await runFleetAction(
        input,
        mask,
        (c) => (client = c),
        (markdown) => report(() => writeSummary(markdown)),
      );
      return;
    }
    const settings = parseInputs(input, process.env);
    client = new ZoomLiveStreamClient({
      ...settings.client,
      ...(clock ? { clock } : {}),
      logger: { info: (m) => core.info(m), warn: (m) => core.warning(m) },
      onSecret: mask,
    });
    const plan = planTask(settings.task);
    const { action } = plan;

    if (settings.dryRun) {
      const requests = await Promise.all(plan.operations.map((op) => client!.prepare(op)));
      for (const line of youtubeDryRunLines(plan)) core.info(line);
      for (const r of requests) core.info(`[dry-run] ${r.method} ${r.url}${r.body ? `\n${r.body}` : ''}`);
      await report(async () => {
        core.setOutput('status', '0');
        core.setOutput('result', JSON.stringify({ action, dryRun: true, requests }));
        await writeSummary(dryRunMarkdown(action, requests));
      });
      return;
    }

    const result = await runTask(client, plan, {
      quota,
      onSecret: mask,
      onLevel: (level, afterMs) => core.info(`Confirmed ${level} after ${(afterMs / 1000).toFixed(1)} s.`),
      onWait: (progress) => core.info(waitLine(progress)),
      onProbe: (probe, intervalMs) => core.info(probeLine(probe, plan.wait!.timeoutMs, intervalMs)),
    });
    const list = result.checklist;
    for (const line of resultLines(result)) core.info(line);
    const shown = result.config;
    await report(async () => {
      core.setOutput('status', String(result.status));
      core.setOutput('result', resultJson(result, inputWords(input)));
      core.setOutput('tracking-id', result.trackingId ?? '');
      core.setOutput('waited-seconds', wholeSeconds(result.waitedMs));
      if (list) core.setOutput('problems', String(list.problems));
      const confirmation = result.confirmation;
      if (confirmation) {
        core.setOutput('live', String(confirmation.live));
        core.setOutput('confirmed', confirmation.confirmed);
        core.setOutput('received-bytes', String(confirmation.receivedBytes ?? 0));
      }
      if (shown) {
        core.setOutput('stream-url', shown.stream_url);
        core.setOutput('page-url', shown.page_url);
        core.setOutput('resolution', shown.resolution ?? '');
      }
      const { youtube } = result;
      if (youtube) {
        const broadcasts = youtube.broadcastId ? [youtube.broadcastId] : [...(youtube.completed ?? []), ...(youtube.alreadyComplete ?? [])];
        core.setOutput('youtube-broadcast-id', broadcasts.join(','));
        if (youtube.pageUrl) core.setOutput('page-url', youtube.pageUrl);
        core.setOutput('youtube-units', String(youtube.units));
      }
      await writeSummary(successMarkdown(result));
    });
    const unconfirmed = notConfirmedText(result, inputWords(input));
    if (unconfirmed) core.setFailed(unconfirmed);
    const problems = problemsLine(result);
    if (problems && settings.failOn === 'problem') core.setFailed(problems);
  } catch (caught) {
    const error = asZoomError(caught);
    // Every setting named in the Action's own words: its inputs.
    const words = inputWords(input);
    // Best effort: the failure line below is what matters, and must come out whatever these do.
    await report(() => {
      if (error.status !== undefined) core.setOutput('status', String(error.status));
      if (error.trackingId) core.setOutput('tracking-id', error.trackingId);
      if (error.waitedMs !== undefined) core.setOutput('waited-seconds', wholeSeconds(error.waitedMs));
      core.setOutput('result', JSON.stringify({ error: error.toJSON(words) }));
      // YouTube's calls before the failure count against the day's quota all the same.
      if (quota.units) core.setOutput('youtube-units', String(quota.units));
    }).catch(() => undefined);
    if (quota.units) core.info(`YouTube quota: ${quota.units} units spent.`);
    await writeSummary(failureMarkdown(error, words)).catch(() => undefined);
    core.setFailed(failureLine(error, words));
  } finally {
    client?.close();
  }
}
