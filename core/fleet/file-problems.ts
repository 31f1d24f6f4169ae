/** What is wrong with a streams file: each problem with its entry and line, all of them at once. */
import { ValidationError } from '../errors.js';

export interface FileProblem {
  entry?: string;
  line?: number;
  message: string;
}

/** A streams file that cannot be used: every problem found, each with its entry and line. */
export class StreamsFileError extends ValidationError {
  constructor(
    readonly problems: FileProblem[],
    source: string,
  ) {
    const list = problems.map(
      (p) => `${p.line ? `line ${p.line}` : source}${p.entry ? ` (${p.entry})` : ''}: ${p.message.replace(/\.$/, '')}`,
    );
    super(
      'file',
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${source}: ${list.join('; ')}`,
      'Fix them all, then run again: nothing was sent.',
    );
  }
}
