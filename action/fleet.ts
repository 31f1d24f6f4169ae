/**
 * The Action with `file:`: a streams file's entries in one step (one token, one pace), the result
 * JSON and the counts as outputs, a table per entry in the job summary, and the step failed when an
 * entry failed, when plan finds drift, or when check finds a problem.
 */
import * as core from '@actions/core';
import {
  fleetFailure,
  fleetJson,
  inputWords,
  prepareStreamsFile,
  runStreamsFile,
  type InputReader,
  type ZoomLiveStreamClient,
} from '../core/index.js';
import { fleetMarkdown } from './fleet-summary.js';

export async function runFleetAction(
  input: InputReader,
  mask: (secret: string) => void,
  onClient: (client: ZoomLiveStreamClient) => void,
  writeSummary: (markdown: string) => Promise<void>,
): Promise<void> {
  const run = prepareStreamsFile(input, process.env);
  for (const secret of run.secrets) mask(secret);
  const words = inputWords(input);
  const report = await runStreamsFile(run, words, {
    onClient,
    onSecret: mask,
    progress: (line) => core.info(line),
    logger: { info: (m) => core.info(m), warn: (m) => core.warning(m) },
  });
  core.setOutput('result', fleetJson(report, words));
  core.setOutput('changed', String(report.changed));
  core.setOutput('failed', String(report.failed));
  await writeSummary(fleetMarkdown(report, words));
  const failure = fleetFailure(report);
  if (failure) core.setFailed(failure);
}
