/**
 * Settings named in messages. The core names a setting by its own name (`waitForStart`, `apiBaseUrl`,
 * `settings.display_name`) or by a named input (`timeout-seconds`) inside markers, and each face
 * words every marked name once, in its own terms: the Action's input, the command line's flag or
 * variable, the node's field or msg property. Rendering replaces markers only, never guessing at
 * words in free text; the default words are the names themselves.
 */

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKED = /\uE000([^\uE000\uE001]{1,80})\uE001/g;

/** A setting, named for each face to word. */
export const setting = (name: string): string => `${OPEN}${name}${CLOSE}`;

/** The setting an error is about (its field), which a face may word apart from a mere mention. */
export const blamed = (name: string): string => `${OPEN}!${name}${CLOSE}`;

/** How a face words a setting's name; `isBlamed`: it is the setting the error is about. */
export type Words = (name: string, isBlamed?: boolean) => string;

export const coreWords: Words = (name) => name;

/** The text with every marked setting in the face's words. */
export function worded(text: string, words: Words): string {
  return text.replace(MARKED, (_, name: string) => (name.startsWith('!') ? words(name.slice(1), true) : words(name, false)));
}
