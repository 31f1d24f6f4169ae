/**
 * The command's orchestration, like the Action's: parse the command line and the environment,
 * plan (all validation, no network), then print the plan (--dry-run) or run it; the outcome on
 * stdout (one JSON object with --json), progress and warnings on stderr, one exit code. SIGINT and
 * SIGTERM cancel what is in flight and end the run at once.
 */
import {
  asZoomError,
  describeOperation,
  parseInputs,
  planTask,
  QuotaMeter,
  runTask,
  probeLine,
  problemsLine,
  notConfirmedText,
  resultJson,
  resultLines,
  stepsText,
  TASK_ACTIONS,
  ValidationError,
  VERSION,
  waitLine,
  youtubeDryRunLines,
  ZoomLiveStreamClient,
  type Words,
  type ZoomError,
} from '../core/index.js';
import { cliWords, jsonFromEnvironment, parseCommandLine, type CommandLine } from './args.js';
import { EXIT, exitCodeForUnconfirmed } from './exit-codes.js';
import { actionHelp, USAGE } from './help.js';
import type { Io } from './io.js';
import { fail as failWith } from './fail.js';
import { listenForInterruption } from './interruption.js';

export async function main(argv: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const quota = new QuotaMeter();
  const fail = (error: ZoomError, json: boolean, words?: Words): number => failWith(io, error, json, words, quota.units);
  // The resident controller has its own options (run.ts); it and the fleet commands are loaded only
  // when asked for (chunks of their own in the bundle: a plain get does not load streams files).
  if (argv[0] === 'run') return (await import('./run.js')).runController(argv.slice(1), env, io);
  if (argv[0] === 'youtube-login') return (await import('./youtube-login.js')).youtubeLogin(argv.slice(1), env, io);
  let cli: CommandLine;
  try {
    cli = parseCommandLine(argv, env);
  } catch (error) {
    return fail(asZoomError(error), argv.includes('--json') || jsonFromEnvironment(env));
  }
  if (cli.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT.done;
  }
  if (cli.help) {
    io.stdout(cli.action ? actionHelp(cli.action) : USAGE);
    return EXIT.done;
  }
  if (!cli.action) {
    io.stderr(USAGE);
    return fail(new ValidationError('usage', 'no action given.', `Give one of ${TASK_ACTIONS.join(', ')}.`), cli.json);
  }

  if (cli.input('file')) return (await import('./fleet.js')).runStreamsFileCommand(cli, env, io);

  const interruption = listenForInterruption(io);
  let client: ZoomLiveStreamClient | undefined;
  let planned: string[] = [];
  try {
    if (cli.action === 'plan' || cli.action === 'apply') {
      throw new ValidationError(
        'file',
        `is missing: ${cli.action} works on a streams file.`,
        'Give --file streams.yml (or ZOOM_STREAMS_FILE).',
      );
    }
    const settings = parseInputs(cli.input, env);
    client = new ZoomLiveStreamClient({
      ...settings.client,
      secrets: cli.secrets,
      logger: { info: (m) => io.stderr(`${m}\n`), warn: (m) => io.stderr(`warning: ${m}\n`) },
      ...(io.clock ? { clock: io.clock } : {}),
    });
    const plan = planTask(settings.task);
    planned = plan.operations.map(describeOperation);
    if (settings.dryRun) {
      const requests = await Promise.all(plan.operations.map((op) => client!.prepare(op)));
      const youtube = youtubeDryRunLines(plan);
      if (cli.json)
        io.stdout(`${JSON.stringify({ action: cli.action, dryRun: true, requests, ...(youtube.length ? { youtube } : {}) })}\n`);
      else {
        const lines = requests.map((r) => `[dry-run] ${r.method} ${r.url}${r.body ? `\n${r.body}` : ''}`);
        // YouTube's part comes first for a start (it gives Zoom's stream), after the stop for a stop.
        const shown = plan.action === 'stop' ? [...lines, ...youtube] : [...youtube.slice(0, 1), ...lines, ...youtube.slice(1)];
        for (const line of shown) io.stdout(`${line}\n`);
      }
      return EXIT.done;
    }
    const result = await runTask(client, plan, {
      quota,
      signal: interruption.signal,
      onLevel: (level, afterMs) => io.stderr(`Confirmed ${level} after ${(afterMs / 1000).toFixed(1)} s.\n`),
      onWait: (progress) => io.stderr(`${waitLine(progress)}\n`),
      onProbe: (probe, intervalMs) => io.stderr(`${probeLine(probe, plan.wait!.timeoutMs, intervalMs)}\n`),
    });
    io.stdout(cli.json ? `${resultJson(result, cliWords(cli.input))}\n` : `${resultLines(result).join('\n')}\n`);
    const unconfirmed = notConfirmedText(result, cliWords(cli.input));
    if (unconfirmed) {
      io.stderr(`zoom-livestream: ${unconfirmed}\n`);
      return exitCodeForUnconfirmed(result.confirmation!);
    }
    const problems = problemsLine(result);
    if (problems && settings.failOn === 'problem') {
      io.stderr(`zoom-livestream: ${problems}\n`);
      return EXIT.problem;
    }
    return EXIT.done;
  } catch (caught) {
    const interrupted = interruption.by;
    if (interrupted) {
      const error = asZoomError(caught);
      // What the task had done when it was cut off; before any step ran (the token), nothing was sent.
      const steps = error.steps ?? { done: [], notDone: planned };
      io.stderr(`zoom-livestream: interrupted by ${interrupted}. ${stepsText(steps)}\n`);
      if (cli.json) io.stdout(`${JSON.stringify({ error: { ...error.toJSON(cliWords(cli.input)), steps }, interrupted })}\n`);
      return interruption.exitCode();
    }
    return fail(asZoomError(caught), cli.json, cliWords(cli.input));
  } finally {
    interruption.stop();
    client?.close();
  }
}
