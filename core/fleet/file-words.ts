/**
 * The words of a process run from a streams file (`run`): the settings the file gives, named as the
 * file names them (`the streams file's confirm.user`, `stream-url`), the rest in the face's words.
 */
import type { Words } from '../words.js';
import { CONFIRM_SETTINGS } from './entry-confirm.js';
import { fieldForZoom } from './fields.js';

export function streamsFileWords(face: Words): Words {
  return (name, isBlamed) => {
    const confirm = CONFIRM_SETTINGS[name];
    if (confirm) return `the streams file's confirm.${confirm}`;
    const field = fieldForZoom(name);
    return field ? `the streams file's ${field}` : face(name, isBlamed);
  };
}
