/**
 * The Action's orchestration: mask secrets, parse inputs, plan (all validation, no network), then
 * either print the plan (dry-run) or run it, and report through outputs, the log and the summary.
 */
import * as core from '@actions/core';
import { planTask, runTask, ValidationError, ZoomError, ZoomLiveStreamClient } from '../core/index.js';
import { parseInputs, SECRET_INPUTS, toInputError } from './inputs.js';
import { dryRunMarkdown, failureLine, failureMarkdown, resultJson, successMarkdown } from './summary.js';

const input = (name: string) => core.getInput(name);

/** The runner leaves GITHUB_STEP_SUMMARY unset outside a job (and summary.write then throws). */
async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown, true).write();
}

function asZoomError(error: unknown): ZoomError {
  if (error instanceof ValidationError) return toInputError(error);
  if (error instanceof ZoomError) return error;
  return new ZoomError('network', `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`, {
    hint: 'This is a bug in the Action; please report it with the log.',
  });
}

export async function run(): Promise<void> {
  // Before anything else can print them.
  for (const name of SECRET_INPUTS) {
    const value = input(name);
    if (value) core.setSecret(value);
  }
  let client: ZoomLiveStreamClient | undefined;
  try {
    const settings = parseInputs(input);
    client = new ZoomLiveStreamClient({
      ...settings.client,
      logger: { info: (m) => core.info(m), warn: (m) => core.warning(m) },
      onSecret: (secret) => core.setSecret(secret),
    });
    const operations = planTask(client, settings.task);
    const { action } = settings.task;

    if (settings.dryRun) {
      const requests = operations.map((op) => client!.prepare(op));
      for (const r of requests) core.info(`[dry-run] ${r.method} ${r.url}${r.body ? `\n${r.body}` : ''}`);
      core.setOutput('status', '0');
      core.setOutput('result', JSON.stringify({ action, dryRun: true, requests }));
      await writeSummary(dryRunMarkdown(action, requests));
      return;
    }

    const result = await runTask(client, settings.task);
    for (const step of result.steps)
      core.info(`${step.operation}: HTTP ${step.status}${step.trackingId ? ` (tracking id ${step.trackingId})` : ''}`);
    core.setOutput('status', String(result.status));
    core.setOutput('result', resultJson(result));
    core.setOutput('tracking-id', result.trackingId ?? '');
    if (result.config) {
      core.setOutput('stream-url', result.config.stream_url);
      core.setOutput('page-url', result.config.page_url);
      core.setOutput('resolution', result.config.resolution ?? '');
      core.info(
        `stream URL: ${result.config.stream_url}, page URL: ${result.config.page_url}, resolution: ${result.config.resolution ?? '-'}`,
      );
    }
    await writeSummary(successMarkdown(result));
  } catch (caught) {
    const error = asZoomError(caught);
    if (error.status !== undefined) core.setOutput('status', String(error.status));
    if (error.trackingId) core.setOutput('tracking-id', error.trackingId);
    core.setOutput('result', JSON.stringify({ error: error.toJSON() }));
    await writeSummary(failureMarkdown(error)).catch(() => undefined);
    core.setFailed(failureLine(error));
  } finally {
    client?.close();
  }
}
