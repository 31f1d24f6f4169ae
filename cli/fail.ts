/** A failure as the command line says it: one line on stderr (red on a terminal), the JSON on stdout with --json, and its exit code. */
import { failureLine, type Words, type ZoomError } from '../core/index.js';
import { cliWords } from './args.js';
import { exitCodeFor } from './exit-codes.js';
import type { Io } from './io.js';

/** `youtubeUnits`: what YouTube calls spent before the failure (they count against the day's quota all the same). */
export function fail(io: Io, error: ZoomError, json: boolean, words: Words = cliWords(() => ''), youtubeUnits = 0): number {
  const youtube = youtubeUnits ? { youtube: { units: youtubeUnits } } : {};
  if (json) io.stdout(`${JSON.stringify({ error: error.toJSON(words), ...youtube })}\n`);
  const prefix = io.colour ? '\u001b[31mzoom-livestream:\u001b[0m' : 'zoom-livestream:';
  io.stderr(`${prefix} ${failureLine(error, words)}${youtubeUnits ? ` YouTube quota: ${youtubeUnits} units spent.` : ''}\n`);
  return exitCodeFor(error);
}
