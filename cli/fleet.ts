/**
 * `zoom-livestream <plan|apply|start|stop|check|get|confirm> --file F`: a streams file's entries in one process
 * (one token, one pace). The table on stdout (one JSON object with --json), the summary line on
 * stderr, and one exit code: 8 when plan finds drift, else the worst failure's (usage 2,
 * authentication 3, API 1, network 4, not started 5, not confirmed live 7; a destination that refuses
 * or does not answer: 3 or 4), 6 when check finds a problem, 0 when all
 * went well.
 */
import {
  asZoomError,
  dryRunLines,
  fleetFailure,
  fleetJson,
  fleetLines,
  fleetSummary,
  interruptedText,
  prepareStreamsFile,
  runStreamsFile,
  type FleetReport,
  type StreamsFileRun,
  type Words,
  type ZoomLiveStreamClient,
} from '../core/index.js';
import { cliWords, type CommandLine } from './args.js';
import { fail } from './fail.js';
import { listenForInterruption } from './interruption.js';
import { EXIT, exitCodeFor, exitCodeForUnconfirmed } from './exit-codes.js';
import type { Io } from './io.js';

/** The worst failure first: what must be fixed before what may pass. */
const WORST = [EXIT.usage, EXIT.authentication, EXIT.api, EXIT.network, EXIT.notStarted, EXIT.notConfirmed];

/** The core's verdict as an exit code: which failure, when it failed. */
export function fleetExitCode(report: FleetReport): number {
  if (!fleetFailure(report)) return EXIT.done;
  const codes = report.entries.flatMap((e) =>
    e.error ? [exitCodeFor(e.error)] : e.confirmation && !e.confirmation.live ? [exitCodeForUnconfirmed(e.confirmation)] : [],
  );
  const worst = WORST.find((code) => codes.includes(code));
  if (worst !== undefined) return worst;
  if (codes.length) return EXIT.api;
  if (report.command === 'plan' && report.drift) return EXIT.drift;
  if (report.command === 'check') return EXIT.problem;
  return EXIT.api;
}

/** `<command> --file F`: the file read and checked, the command run over its entries, and its exit code (or SIGINT's, SIGTERM's). */
export async function runStreamsFileCommand(cli: CommandLine, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  io.beforeFleet?.();
  const words = cliWords(cli.input);
  // The file (and the key files it names) is read before the signal handlers are in place: a pipe
  // or FIFO that nobody writes is then ended by SIGTERM or Ctrl-C at once (their default), as
  // nothing has been sent yet.
  let run: StreamsFileRun;
  try {
    run = prepareStreamsFile(cli.input, env);
  } catch (error) {
    return fail(io, asZoomError(error), cli.json, words);
  }
  const interruption = listenForInterruption(io);
  let client: ZoomLiveStreamClient | undefined;
  try {
    const fleet = await runFleetCommand(cli, run, io, words, interruption.signal, (c) => (client = c));
    if (interruption.by) {
      io.stderr(`zoom-livestream: interrupted by ${interruption.by}. ${interruptedText(fleet.report?.entries ?? [])}\n`);
      return interruption.exitCode();
    }
    return fleet.code;
  } catch (caught) {
    return fail(io, asZoomError(caught), cli.json, words);
  } finally {
    interruption.stop();
    client?.close();
  }
}

async function runFleetCommand(
  cli: CommandLine,
  run: StreamsFileRun,
  io: Io,
  words: Words,
  signal: AbortSignal,
  onClient: (client: ZoomLiveStreamClient) => void,
): Promise<{ code: number; report?: FleetReport }> {
  if (run.settings.dryRun) {
    // The file checked whole, each entry's target: what the command would act on. Nothing is sent.
    const { command } = run.settings;
    if (cli.json)
      io.stdout(`${JSON.stringify({ action: command, dryRun: true, entries: run.entries.map((e) => ({ name: e.name, ...e.target })) })}\n`);
    else io.stdout(`${dryRunLines(run).join('\n')}\n`);
    return { code: EXIT.done };
  }
  const report = await runStreamsFile(run, words, {
    onClient,
    signal,
    secrets: cli.secrets,
    ...(io.clock ? { clock: io.clock } : {}),
    // Progress on stderr as it comes; the table on stdout at the end.
    progress: (line) => io.stderr(`${line}\n`),
    logger: { info: (m) => io.stderr(`${m}\n`), warn: (m) => io.stderr(`warning: ${m}\n`) },
  });
  io.stdout(cli.json ? `${fleetJson(report, words)}\n` : `${fleetLines(report, words).join('\n')}\n`);
  io.stderr(`zoom-livestream: ${run.settings.command}: ${fleetSummary(report)}\n`);
  return { code: fleetExitCode(report), report };
}
