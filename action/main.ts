/**
 * The Action's orchestration: mask secrets, parse inputs, plan (all validation, no network), then
 * either print the plan (dry-run) or run it, and report through outputs, the log and the summary.
 */
import * as core from '@actions/core';
import {
  clockTime,
  maskStreamConfig,
  planTask,
  runTask,
  ValidationError,
  ZoomError,
  ZoomLiveStreamClient,
  type Probe,
  type WaitProgress,
} from '../core/index.js';
import { parseInputs, SECRET_INPUTS, toInputError } from './inputs.js';
import { dryRunMarkdown, failureLine, failureMarkdown, resultJson, successMarkdown } from './summary.js';

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

/** One line per pause of a waiting start: what Zoom said, how long so far, when it gives up. */
function waitLine({ last, waitedMs, timeoutMs, nextTryInMs, deadline }: WaitProgress): string {
  const answer = [`HTTP ${last.status}`, last.code !== undefined ? `Zoom code ${last.code}` : '', last.zoomMessage ?? '']
    .filter(Boolean)
    .join(', ');
  return `Waiting for the host (${answer}): waited ${clockTime(waitedMs)} of ${clockTime(timeoutMs)}; next try in ${Math.round(nextTryInMs / 1000)} s; gives up at ${new Date(deadline).toISOString().replace(/\.\d{3}Z$/, 'Z')}.`;
}

const seconds = (ms: number | undefined) => String(Math.round((ms ?? 0) / 1000));

/** Which probe a waiting start uses, said once before it waits. */
function probeLine(probe: Probe, timeoutMs: number, intervalMs: number): string {
  const limit = `Start waits up to ${clockTime(timeoutMs)} for the host`;
  return probe === 'meeting'
    ? `${limit}, reading the meeting's status every ${seconds(intervalMs)} s (the token may read the meeting), then starting it.`
    : `${limit}, trying every ${seconds(intervalMs)} s.`;
}

function asZoomError(error: unknown): ZoomError {
  if (error instanceof ValidationError) return toInputError(error, input);
  if (error instanceof ZoomError) return error;
  return new ZoomError('network', `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`, {
    hint: 'This is a bug in the Action; please report it with the log.',
  });
}

export async function run(): Promise<void> {
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
  let client: ZoomLiveStreamClient | undefined;
  try {
    const settings = parseInputs(input);
    client = new ZoomLiveStreamClient({
      ...settings.client,
      logger: { info: (m) => core.info(m), warn: (m) => core.warning(m) },
      onSecret: mask,
    });
    const operations = planTask(client, settings.task);
    const { action } = settings.task;

    if (settings.dryRun) {
      const requests = await Promise.all(operations.map((op) => client!.prepare(op)));
      for (const r of requests) core.info(`[dry-run] ${r.method} ${r.url}${r.body ? `\n${r.body}` : ''}`);
      await report(async () => {
        core.setOutput('status', '0');
        core.setOutput('result', JSON.stringify({ action, dryRun: true, requests }));
        await writeSummary(dryRunMarkdown(action, requests));
      });
      return;
    }

    const wait = settings.task.waitForStart;
    const result = await runTask(client, settings.task, {
      onWait: (progress) => core.info(waitLine(progress)),
      onProbe: (probe, intervalMs) => core.info(probeLine(probe, wait!.timeoutMs, intervalMs)),
    });
    const list = result.checklist;
    if (list) {
      for (const i of list.items)
        core.info(
          `${i.state === 'ok' ? 'ok     ' : i.state === 'problem' ? 'PROBLEM' : 'unknown'} ${i.name}: ${i.found}${i.fix ? ` -> ${i.fix}` : ''}`,
        );
    }
    if (result.waitedMs !== undefined) {
      core.info(
        `The ${result.kind} was running after ${clockTime(result.waitedMs)} (${result.tries} ${result.tries === 1 ? 'try' : 'tries'}).`,
      );
    }
    for (const step of result.steps)
      core.info(`${step.operation}: HTTP ${step.status}${step.trackingId ? ` (tracking id ${step.trackingId})` : ''}`);
    const shown = result.config && maskStreamConfig(result.config);
    if (shown) {
      core.info(`stream URL: ${shown.stream_url}, page URL: ${shown.page_url}, resolution: ${shown.resolution ?? '-'}`);
    }
    await report(async () => {
      core.setOutput('status', String(result.status));
      core.setOutput('result', resultJson(result));
      core.setOutput('tracking-id', result.trackingId ?? '');
      core.setOutput('waited-seconds', seconds(result.waitedMs));
      if (list) core.setOutput('problems', String(list.problems));
      if (shown) {
        core.setOutput('stream-url', shown.stream_url);
        core.setOutput('page-url', shown.page_url);
        core.setOutput('resolution', shown.resolution ?? '');
      }
      await writeSummary(successMarkdown(result));
    });
    if (list?.problems && settings.failOn === 'problem') {
      const found = list.items.filter((i) => i.state === 'problem');
      core.setFailed(
        `check ${list.kind} ${list.id}: ${found.length} problem${found.length === 1 ? '' : 's'}: ${found.map((i) => `${i.name}: ${i.found}. Fix: ${i.fix ?? ''}`).join(' ')}`.replace(
          /\s*[\r\n]+\s*/g,
          ' ',
        ),
      );
    }
  } catch (caught) {
    const error = asZoomError(caught);
    // Best effort: the failure line below is what matters, and must come out whatever these do.
    await report(() => {
      if (error.status !== undefined) core.setOutput('status', String(error.status));
      if (error.trackingId) core.setOutput('tracking-id', error.trackingId);
      if (error.waitedMs !== undefined) core.setOutput('waited-seconds', seconds(error.waitedMs));
      core.setOutput('result', JSON.stringify({ error: error.toJSON() }));
    }).catch(() => undefined);
    await writeSummary(failureMarkdown(error)).catch(() => undefined);
    core.setFailed(failureLine(error));
  } finally {
    client?.close();
  }
}
