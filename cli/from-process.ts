/** The command run with this process's arguments, environment, streams and signals (cli/index.ts loads it). */
import { main } from './main.js';

// A reader that went away (`| head`, a closed pipe) is not the call's failure: the exit code stays
// the call's, and no stack trace follows.
const gone = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

export async function runFromProcess(): Promise<void> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (!gone.has(error.code ?? '')) throw error;
  });
  const code = await main(process.argv.slice(2), process.env, {
    stdout: (text) => {
      if (!process.stdout.destroyed) process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    colour: process.stderr.isTTY === true && !process.env.NO_COLOR,
    onSignal: (handler) => {
      const onInt = () => handler('SIGINT');
      const onTerm = () => handler('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      };
    },
    onReload: (handler) => {
      process.on('SIGHUP', handler);
      return () => process.off('SIGHUP', handler);
    },
    // A streams file's run allocates briskly for minutes, and V8 would double its young generation
    // up to 32 MB, most of a 1,000-entry plan's peak memory; kept at its first size, the plan peaks
    // about half as high per entry, in the same time (docs/benchmarks.md). node:v8 only then.
    beforeFleet: () => process.getBuiltinModule('node:v8').setFlagsFromString('--semi-space-growth-factor=1'),
  });
  // Exits once stdout has drained; nothing should keep the process after the outcome is known, and
  // this unref'd timer makes sure of it (a signal must end the run within a second).
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1_000).unref();
}
