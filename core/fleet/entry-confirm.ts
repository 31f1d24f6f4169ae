/**
 * An entry's `confirm:` (or the defaults'): where its stream is proved live and watched, with the
 * same kinds and meanings as the confirm inputs. The credentials are never written in the file:
 * `user` and `password` are `${NAME}` only, read from the environment.
 */
import { ValidationError } from '../errors.js';
import { isPlainObject } from '../http/json.js';
import { checkConfirm, type ConfirmRequest } from '../confirm/request.js';
import { serviceCredentials } from '../confirm/service-credentials.js';
import { parseDuration } from '../tasks/durations.js';
import { unknownKeyIn, variableOnly } from './yaml-fields.js';

export const CONFIRM_FIELDS = ['kind', 'url', 'id', 'level', 'timeout', 'user', 'password'] as const;

/** The core's name of each confirm setting (its messages name them so), as the file's confirm: block names it. */
export const CONFIRM_SETTINGS: Readonly<Record<string, (typeof CONFIRM_FIELDS)[number]>> = {
  confirm: 'kind',
  confirmUrl: 'url',
  confirmId: 'id',
  confirmLevel: 'level',
  confirmTimeout: 'timeout',
  confirmUser: 'user',
  confirmPassword: 'password',
};

/** The block checked, or the reason it is refused (one line, for the file's problem list). */
export function readConfirmBlock(value: unknown, env: Record<string, string | undefined>): ConfirmRequest | { problem: string } {
  if (!isPlainObject(value)) return { problem: `must be a mapping (${CONFIRM_FIELDS.join(', ')})` };
  const unknown = unknownKeyIn(value, CONFIRM_FIELDS);
  if (unknown) return { problem: unknown };
  const text = (key: string): string | undefined => {
    const given = value[key];
    if (given === undefined || given === null) return undefined;
    return typeof given === 'string' ? given : String(given);
  };
  const credential = (key: 'user' | 'password'): string | undefined => {
    const given = text(key);
    if (given === undefined) return undefined;
    const variable = variableOnly(given);
    if (!variable) throw new ValidationError(key, 'is written in the file: give it as ${NAME}, read from the environment.', '');
    const found = env[variable];
    if (found === undefined || found === '') throw new ValidationError(key, `the environment has no ${variable} (set it)`, '');
    return found;
  };
  try {
    const timeout = text('timeout');
    return checkConfirm({
      destination: {
        kind: text('kind') as never,
        url: text('url'),
        user: credential('user'),
        password: credential('password'),
        ...(text('id') !== undefined ? { id: text('id') } : {}),
        // A managed service's credentials: its own variables in the environment, never in the file.
        credentials: serviceCredentials(text('kind') ?? '', env),
      },
      ...(text('level') !== undefined ? { level: text('level') } : {}),
      ...(timeout !== undefined ? { timeoutMs: parseDuration('timeout', timeout) } : {}),
    });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const field = CONFIRM_SETTINGS[error.field ?? ''] ?? error.field;
    return { problem: `${field}: ${error.reason.replace(/\.$/, '')}` };
  }
}
