/**
 * The command line and the environment in: flags named as the Action's inputs, each also read from
 * ZOOM_<OPTION> (a flag wins); credentials from the environment only, each also as <NAME>_FILE.
 * Gives the same named-input reader the Action has, so the core parses both faces' inputs alike.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ValidationError, type InputReader, type TaskAction } from '../core/index.js';
import { isAction } from './help.js';

/** Flag -> the named input it sets (the Action's input names). */
const VALUE_FLAGS: Record<string, string> = {
  meeting: 'meeting-id',
  webinar: 'webinar-id',
  'stream-url': 'stream-url',
  'stream-key': 'stream-key',
  'page-url': 'page-url',
  resolution: 'resolution',
  'display-name': 'display-name',
  layout: 'layout',
  'close-caption': 'close-caption',
  settings: 'settings',
  'wait-for-start': 'wait-for-start',
  'poll-interval': 'poll-interval',
  'api-base-url': 'api-base-url',
  'oauth-token-url': 'oauth-token-url',
  encoding: 'encoding',
  'max-retries': 'max-retries',
  'timeout-seconds': 'timeout-seconds',
  'fail-on': 'fail-on',
};
const BOOLEAN_FLAGS: Record<string, string> = { 'active-speaker-name': 'active-speaker-name', 'dry-run': 'dry-run' };

/** Named inputs that come from the environment only (flags show in ps and shell history). */
const CREDENTIALS: Record<string, string> = {
  'account-id': 'ZOOM_ACCOUNT_ID',
  'client-id': 'ZOOM_CLIENT_ID',
  'client-secret': 'ZOOM_CLIENT_SECRET',
  'access-token': 'ZOOM_ACCESS_TOKEN',
};

export interface CommandLine {
  action?: TaskAction;
  help: boolean;
  version: boolean;
  json: boolean;
  /** The named inputs, as the core's parseInputs reads them. */
  input: InputReader;
}

/** ZOOM_STREAM_URL for stream-url, ZOOM_MEETING for meeting. */
const envName = (flag: string) => `ZOOM_${flag.toUpperCase().replace(/-/g, '_')}`;

/** A variable, or the file its <NAME>_FILE names (a trailing newline dropped); '' when neither. */
function fromEnvironment(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  const file = env[`${name}_FILE`];
  if (value && file) {
    throw new ValidationError(name, `and ${name}_FILE are both set.`, `Set only one of them.`);
  }
  if (!file) return (value ?? '').trim();
  try {
    return readFileSync(file, 'utf8')
      .replace(/\r?\n$/, '')
      .trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ValidationError(
      `${name}_FILE`,
      `cannot read ${JSON.stringify(file)} (${code}).`,
      `Point ${name}_FILE at a readable file that holds the value.`,
    );
  }
}

export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): CommandLine {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(Object.keys(VALUE_FLAGS).map((f) => [f, { type: 'string' as const }])),
        ...Object.fromEntries(Object.keys(BOOLEAN_FLAGS).map((f) => [f, { type: 'boolean' as const }])),
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (error) {
    throw new ValidationError('usage', (error as Error).message.replace(/\.$/, '') + '.', 'Run zoom-livestream --help for the options.');
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  const version = values.version === true;
  if (positionals.length > 1) {
    throw new ValidationError(
      'usage',
      `one action is expected, got ${positionals.length}: ${positionals.slice(0, 4).join(' ')}.`,
      'Give one of update, start, stop, get, mode, check, then options.',
    );
  }
  const [first] = positionals;
  if (first !== undefined && !isAction(first)) {
    throw new ValidationError(
      'action',
      `${JSON.stringify(first.slice(0, 40))} is not one of update, start, stop, get, mode, check.`,
      'Run zoom-livestream --help.',
    );
  }
  const flags = new Map<string, string>();
  for (const [flag, name] of Object.entries(VALUE_FLAGS)) {
    const value = values[flag];
    // ZOOM_STREAM_KEY is read below, only for the commands that set the stream.
    const fromEnv = flag === 'stream-key' ? '' : (env[envName(flag)] ?? '');
    flags.set(name, typeof value === 'string' ? value.trim() : fromEnv.trim());
  }
  for (const [flag, name] of Object.entries(BOOLEAN_FLAGS)) {
    flags.set(name, values[flag] === true ? 'true' : (env[envName(flag)] ?? '').trim());
  }
  for (const [name, variable] of Object.entries(CREDENTIALS)) flags.set(name, fromEnvironment(env, variable));
  // The stream key: the flag, else the environment (or its file), which is kept for the commands
  // that set the stream (a stop or a get run with the same environment is not an update).
  const updates = first === 'update' || (first === 'start' && Boolean(flags.get('stream-url') || flags.get('page-url')));
  if (!flags.get('stream-key') && updates) flags.set('stream-key', fromEnvironment(env, 'ZOOM_STREAM_KEY'));
  flags.set('action', first ?? '');
  const json = values.json === true || /^(true|1|yes)$/i.test(env.ZOOM_JSON ?? '');
  return { ...(first ? { action: first } : {}), help, version, json, input: (name) => flags.get(name) ?? '' };
}
