/** A failure as the command line says it: one line on stderr (red on a terminal), the JSON on stdout with --json, and its exit code. */
import { failureLine, type Words, type ZoomError } from '../core/index.js';
import { cliWords } from './args.js';
import { exitCodeFor } from './exit-codes.js';
import type { Io } from './io.js';

export function fail(io: Io, error: ZoomError, json: boolean, words: Words = cliWords(() => '')): number {
  if (json) io.stdout(`${JSON.stringify({ error: error.toJSON(words) })}\n`);
  const prefix = io.colour ? '\u001b[31mzoom-livestream:\u001b[0m' : 'zoom-livestream:';
  io.stderr(`${prefix} ${failureLine(error, words)}\n`);
  return exitCodeFor(error);
}
