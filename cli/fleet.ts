/**
 * `zoom-livestream <plan|apply|start|stop|check> --file F`: a streams file's entries in one process
 * (one token, one pace). The table on stdout (one JSON object with --json), the summary line on
 * stderr, and one exit code: 8 when plan finds drift, else the worst failure's (usage 2,
 * authentication 3, API 1, network 4, not started 5), 6 when check finds a problem, 0 when all
 * went well.
 */
import {
  entryProgressLine,
  entryWaitingLine,
  fleetJson,
  fleetLines,
  fleetSummary,
  loadStreamsFile,
  parseFleetInputs,
  runFleet,
  shownName,
  ZoomLiveStreamClient,
  type FleetReport,
  type Words,
} from '../core/index.js';
import type { CommandLine } from './args.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { Io } from './io.js';

/** The worst failure first: what must be fixed before what may pass. */
const WORST = [EXIT.usage, EXIT.authentication, EXIT.api, EXIT.network, EXIT.notStarted];

export function fleetExitCode(report: FleetReport): number {
  const codes = report.entries.flatMap((e) => (e.error ? [exitCodeFor(e.error)] : []));
  const worst = WORST.find((code) => codes.includes(code));
  if (worst !== undefined) return worst;
  if (codes.length) return EXIT.api;
  if (report.command === 'plan' && report.drift) return EXIT.drift;
  if (report.command === 'check' && report.entries.some((e) => e.outcome === 'problem')) return EXIT.problem;
  return EXIT.done;
}

export async function runFleetCommand(
  cli: CommandLine,
  env: NodeJS.ProcessEnv,
  io: Io,
  words: Words,
  signal: AbortSignal,
  onClient: (client: ZoomLiveStreamClient) => void,
): Promise<{ code: number; report?: FleetReport; names: string[] }> {
  const settings = parseFleetInputs(cli.input);
  const { entries, keys } = loadStreamsFile(settings.file, {
    env,
    allowLiteralKeys: settings.allowLiteralKeys,
    ...(settings.only ? { only: settings.only } : {}),
  });
  if (settings.dryRun) {
    // The file checked whole, each entry's target: what the command would act on. Nothing is sent.
    if (cli.json)
      io.stdout(
        `${JSON.stringify({ action: settings.command, dryRun: true, entries: entries.map((e) => ({ name: e.name, ...e.target })) })}\n`,
      );
    else for (const e of entries) io.stdout(`[dry-run] ${settings.command} ${e.target.kind} ${e.target.id} (${shownName(e.name)})\n`);
    return { code: EXIT.done, names: entries.map((e) => e.name) };
  }
  const client = new ZoomLiveStreamClient({
    ...settings.client,
    // Every key of the file is a secret, whichever entries run.
    secrets: [...cli.secrets, ...keys],
    logger: { info: (m) => io.stderr(`${m}\n`), warn: (m) => io.stderr(`warning: ${m}\n`) },
  });
  onClient(client);
  const report = await runFleet(client, settings.command, entries, {
    signal,
    ...(settings.dueMs !== undefined ? { dueMs: settings.dueMs } : {}),
    ...(settings.waitForStartMs ? { waitForStartMs: settings.waitForStartMs } : {}),
    namedOnly: Boolean(settings.only),
    // Progress on stderr as it comes (a start may wait an hour for its hosts); the table on stdout at the end.
    onWaiting: (entry, progress) => io.stderr(`${entryWaitingLine(entry, progress)}\n`),
    onEntry: (entry) => io.stderr(`${entryProgressLine(entry, words)}\n`),
  });
  io.stdout(cli.json ? `${fleetJson(report, words)}\n` : `${fleetLines(report, words).join('\n')}\n`);
  io.stderr(`zoom-livestream: ${settings.command}: ${fleetSummary(report)}\n`);
  return { code: fleetExitCode(report), report, names: entries.map((e) => e.name) };
}
