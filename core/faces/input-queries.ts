/**
 * What the table of named inputs (inputs.ts) says of an input: who uses it, whether it is a secret,
 * and which input sets a setting the core names (the Action's words for it).
 */
import { NAMED_INPUTS, type Command, type InputName, type NamedInput } from './inputs.js';
import type { Words } from '../words.js';

/** Reads one named input, trimmed; '' when unset (the Action: INPUT_<NAME>; the CLI: a flag or ZOOM_<NAME>). */
export type InputReader = (name: InputName) => string;

/** Whether a streams file's commands use an input: every action's, the fleet's own, start's wait. */
export function usedWithFile(input: NamedInput): boolean {
  return input.actions === undefined || input.fleet === true || input.actions.includes('plan');
}

/** The inputs whose values are secrets. */
export const SECRET_INPUTS: readonly InputName[] = NAMED_INPUTS.filter((i: NamedInput) => i.secret).map((i) => i.name);

/** True when `action` uses the input (an input with no action list is used by all). */
export function usedBy(input: NamedInput, action: Command | undefined): boolean {
  return !action || !input.actions || input.actions.includes(action);
}

/** Core's setting names as the named inputs that set them (the table's `setting` column). */
const INPUT_FOR_SETTING: ReadonlyMap<string, InputName> = new Map(
  (NAMED_INPUTS as readonly NamedInput[]).filter((i) => i.setting).map((i) => [i.setting!, i.name as InputName]),
);

/**
 * The named input a setting comes from, for the faces that take named inputs: the ID's input for the
 * target; a setting an error blames that was given in the settings JSON (its named input unset)
 * stays in Zoom's words there (settings.display_name).
 */
export function inputFor(name: string, input: InputReader, isBlamed = false): string {
  if (name === 'target') return input('webinar-id') ? 'webinar-id' : 'meeting-id';
  const named = INPUT_FOR_SETTING.get(name);
  if (name.startsWith('settings.') && (!named || (isBlamed && input(named) === ''))) return name;
  return named ?? name;
}

/** The Action's words: every setting as the input that sets it. */
export function inputWords(input: InputReader): Words {
  return (name, isBlamed) => (name === 'auth' ? 'credentials' : inputFor(name, input, isBlamed));
}
