/**
 * Files the faces read: a secret's (<NAME>_FILE, stream-key-file) and a streams file. Each is
 * stat'd first and refused past its bound (a 200 MB file is never read), read once, and named in a
 * message by its path, or, when it does not look like one, by its first characters only (it may be
 * the secret itself, pasted in the wrong place).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ValidationError } from './errors.js';
import { quote } from './text.js';

/** A secret file holds a line; anything larger is not one. */
export const MAX_SECRET_FILE_BYTES = 16 * 1024;

export function pathText(file: string): string {
  if (/^[./~]|[/\\]/.test(file)) return quote(file);
  return `${JSON.stringify(file.slice(0, 4))}... (${file.length} characters, not a path)`;
}

/** The file's text, at most `maxBytes`; `setting` and `what` word the refusals. */
export function readFileCapped(file: string, maxBytes: number, setting: string, what: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const { size } = fstatSync(fd);
    if (size > maxBytes) {
      throw new ValidationError(
        setting,
        `names a file of ${size} bytes (${pathText(file)}), too large to hold ${what} (at most ${maxBytes}).`,
        `Point ${setting} at the file that holds only ${what}.`,
      );
    }
    const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, Math.min(read, maxBytes));
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ValidationError(
      setting,
      `cannot read ${pathText(file)} (${code}).`,
      `Point ${setting} at a readable file that holds ${what}.`,
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A secret from its file: one line, the trailing newline dropped. */
export function readSecretFile(file: string, setting: string): string {
  return readFileCapped(file, MAX_SECRET_FILE_BYTES, setting, 'the value')
    .replace(/\r?\n$/, '')
    .trim();
}
