/**
 * The Action with `file:`: a streams file's entries in one step (one token, one pace), the result
 * JSON and the counts as outputs, a table per entry in the job summary, and the step failed when an
 * entry failed, when plan finds drift, or when check finds a problem.
 */
import * as core from '@actions/core';
import {
  entryProgressLine,
  entryWaitingLine,
  fleetJson,
  fleetSummary,
  inputWords,
  loadStreamsFile,
  parseFleetInputs,
  runFleet,
  ZoomLiveStreamClient,
  type FleetReport,
  type InputReader,
} from '../core/index.js';
import { fleetMarkdown } from './summary.js';

/** The step's verdict: undefined when it passes. */
export function fleetFailure(report: FleetReport): string | undefined {
  const summary = `${report.command}: ${fleetSummary(report)}`;
  if (report.failed || report.entries.some((e) => e.outcome === 'not done')) return summary;
  if (report.command === 'plan' && report.drift) return `${summary}. Run apply to make Zoom match the file.`;
  if (report.command === 'check' && report.entries.some((e) => e.outcome === 'problem')) return summary;
  return undefined;
}

export async function runFleetAction(
  input: InputReader,
  mask: (secret: string) => void,
  onClient: (client: ZoomLiveStreamClient) => void,
  writeSummary: (markdown: string) => Promise<void>,
): Promise<void> {
  const settings = parseFleetInputs(input);
  const { entries, keys } = loadStreamsFile(settings.file, {
    env: process.env,
    allowLiteralKeys: settings.allowLiteralKeys,
    ...(settings.only ? { only: settings.only } : {}),
  });
  for (const key of keys) mask(key);
  const client = new ZoomLiveStreamClient({
    ...settings.client,
    secrets: keys,
    logger: { info: (m) => core.info(m), warn: (m) => core.warning(m) },
    onSecret: mask,
  });
  onClient(client);
  const words = inputWords(input);
  const report = await runFleet(client, settings.command, entries, {
    ...(settings.dueMs !== undefined ? { dueMs: settings.dueMs } : {}),
    ...(settings.waitForStartMs ? { waitForStartMs: settings.waitForStartMs } : {}),
    namedOnly: Boolean(settings.only),
    onWaiting: (entry, progress) => core.info(entryWaitingLine(entry, progress)),
    onEntry: (entry) => core.info(entryProgressLine(entry, words)),
  });
  core.setOutput('result', fleetJson(report, words));
  core.setOutput('changed', String(report.changed));
  core.setOutput('failed', String(report.failed));
  await writeSummary(fleetMarkdown(report, words));
  const failure = fleetFailure(report);
  if (failure) core.setFailed(failure);
}
