/**
 * Files the faces read: a secret's (<NAME>_FILE, stream-key-file) and a streams file. Each is read
 * to its end within its bound (a 200 MB file is never read whole; a file whose size reads as 0, as
 * /proc's and some secret mounts' do, is read all the same), once. Pipes work (/dev/stdin, a shell's
 * <(pass show zoom)): they are read as they come, never waited on without end, so a FIFO nobody
 * writes cannot leave the command deaf to SIGTERM and Ctrl-C. A secret file is named in a message by
 * its path, or, when it does not look like one, by its first characters only (it may be the secret
 * itself, pasted in the wrong place).
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { ValidationError } from './errors.js';
import { durationText, quote } from './text.js';
import { setting } from './words.js';

/** A secret file holds a line; anything larger is not one. */
export const MAX_SECRET_FILE_BYTES = 16 * 1024;
/** How long a pipe may take to deliver its text (a password store asking its agent). */
const PIPE_DEADLINE_MS = 10_000;
const PIPE_PAUSE_MS = 10;

export function pathText(file: string): string {
  if (/^[./~]|[/\\]/.test(file)) return quote(file);
  return `${JSON.stringify(file.slice(0, 4))}... (${file.length} characters, not a path)`;
}

/** The time a pipe's read waits by: synchronous, since the files are read before anything else runs. */
export interface PipeClock {
  now(): number;
  /** Blocks the thread for `ms`. */
  pause(ms: number): void;
}

const REAL_TIME: PipeClock = {
  now: () => Date.now(),
  // Without spinning: the process has nothing else to do yet.
  pause: (ms) => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms),
};

/** Up to `maxBytes + 1` bytes from an open file, to its end; a pipe's as it comes, until the deadline. */
function readToEnd(fd: number, stats: Stats, maxBytes: number, clock: PipeClock): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const deadline = clock.now() + PIPE_DEADLINE_MS;
  // A pipe with nothing yet (no bytes, or no writer yet): a moment's pause, until the deadline.
  const waitFor = (what: string) => {
    if (clock.now() > deadline) throw Object.assign(new Error(what), { code: `${what} within ${durationText(PIPE_DEADLINE_MS)}` });
    clock.pause(PIPE_PAUSE_MS);
  };
  while (total <= maxBytes) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - total));
    let read: number;
    try {
      // null: from the current position, which a pipe has (a position of 0 is ESPIPE there).
      read = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || stats.isFile()) throw error;
      waitFor('nothing more');
      continue;
    }
    // A FIFO whose writer has not opened it yet reads as its end: waited for, until the deadline.
    if (read === 0 && stats.isFIFO() && total === 0) {
      waitFor('nobody wrote to it');
      continue;
    }
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
  }
  return Buffer.concat(chunks);
}

/**
 * The file's text, at most `maxBytes`; `name` is the setting that named the file, `what` what it
 * holds. `secret`: the name given may be the secret itself, so it is quoted only if it looks like a
 * path; a streams file's name is shown as it is.
 */
export function readFileCapped(file: string, maxBytes: number, name: string, what: string, secret = true, clock = REAL_TIME): string {
  const shown = secret ? pathText(file) : quote(file);
  const tooLarge = (size: string) =>
    new ValidationError(
      name,
      `names a file of ${size} bytes (${shown}), too large to hold ${what} (at most ${maxBytes}).`,
      `Point ${setting(name)} at the file that holds only ${what}.`,
    );
  let fd: number | undefined;
  try {
    // Not blocking: opening a FIFO that no one writes would otherwise wait for a writer forever.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (stats.isFile() && stats.size > maxBytes) throw tooLarge(String(stats.size));
    const bytes = readToEnd(fd, stats, maxBytes, clock);
    if (bytes.length > maxBytes) throw tooLarge(`more than ${maxBytes}`);
    return bytes.toString('utf8');
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ValidationError(name, `cannot read ${shown} (${code}).`, `Point ${setting(name)} at a readable file that holds ${what}.`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A secret from its file: one line, the trailing newline dropped. */
export function readSecretFile(file: string, name: string, clock = REAL_TIME): string {
  return readFileCapped(file, MAX_SECRET_FILE_BYTES, name, 'the value', true, clock)
    .replace(/\r?\n$/, '')
    .trim();
}
