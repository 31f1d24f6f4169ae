/**
 * The command line and the environment in: flags named as the Action's inputs, each also read from
 * ZOOM_<OPTION> (a flag wins); credentials from the environment only, each also as <NAME>_FILE.
 * Gives the same named-input reader the Action has, so the core parses both faces' inputs alike.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import {
  inputFor,
  nearest,
  readSecretFile,
  NAMED_INPUTS,
  usedBy,
  ValidationError,
  type InputName,
  type InputReader,
  type Command,
  type Words,
} from '../core/index.js';
import { cliWord, COMMANDS, isAction } from './help.js';

/** The named inputs the command line takes as flags, and those it takes from the environment only. */
const FLAGGED = NAMED_INPUTS.filter(
  (i): i is Extract<(typeof NAMED_INPUTS)[number], { cli: { flag: string } }> => typeof i.cli === 'object' && 'flag' in i.cli,
);
/** Flag -> the named input it sets (the Action's input names). */
const VALUE_FLAGS: Record<string, InputName> = Object.fromEntries(
  FLAGGED.filter((i) => !('boolean' in i.cli)).map((i) => [i.cli.flag, i.name]),
);
const BOOLEAN_FLAGS: Record<string, InputName> = Object.fromEntries(
  FLAGGED.filter((i) => 'boolean' in i.cli).map((i) => [i.cli.flag, i.name]),
);
/** Named inputs that come from the environment only (flags show in ps and shell history). */
const CREDENTIALS: Record<string, string> = Object.fromEntries(
  NAMED_INPUTS.filter((i) => typeof i.cli === 'object' && 'env' in i.cli).map((i) => [i.name, (i.cli as { env: string }).env]),
);

/** How the command line names an input in its messages: its flag, its variable, or "the action". */
const ALL_CREDENTIALS = 'credentials (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET or ZOOM_ACCESS_TOKEN)';
const isInput = (name: string): name is InputName => NAMED_INPUTS.some((i) => i.name === name);

/** The command line's words: every setting as its flag or variable (a setting in --settings JSON keeps Zoom's name there). */
export function cliWords(input: InputReader): Words {
  return (name, isBlamed) => {
    if (name === 'auth') return ALL_CREDENTIALS;
    const from = inputFor(name, input, isBlamed);
    return isInput(from) ? cliWord(from) : from;
  };
}

/**
 * One environment file serves start and stop (cron, systemd): a ZOOM_<OPTION> that the action does
 * not take (the table's `actions`) is not its business and is ignored; the same option given as a
 * flag is still refused (by the core), since someone typed it.
 */
const takes = (action: Command | undefined, input: InputName) =>
  usedBy(
    NAMED_INPUTS.find((i) => i.name === input)!,
    action,
  );

export interface CommandLine {
  /** A task's action, or with --file a streams file's command (plan and apply need one). */
  action?: Command;
  help: boolean;
  version: boolean;
  json: boolean;
  /** Secrets to blank out of every text, also those this action does not send (ZOOM_STREAM_KEY on a stop). */
  secrets: string[];
  /** The named inputs, as the core's parseInputs reads them. */
  input: InputReader;
}

/** ZOOM_JSON=true asks for JSON as --json does (also for a usage error, before the flags are read). */
export const jsonFromEnvironment = (env: NodeJS.ProcessEnv) => /^(true|1|yes)$/i.test(env.ZOOM_JSON ?? '');

/** ZOOM_STREAM_URL for stream-url, ZOOM_MEETING for meeting; a flag may name its own (ZOOM_STREAMS_FILE). */
export const envName = (flag: string) =>
  (FLAGGED.find((i) => i.cli.flag === flag)?.cli as { variable?: string } | undefined)?.variable ??
  `ZOOM_${flag.toUpperCase().replace(/-/g, '_')}`;

/** A variable, or the file its <NAME>_FILE names (a trailing newline dropped); '' when neither. */
function fromEnvironment(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  const file = env[`${name}_FILE`];
  if (value && file) {
    throw new ValidationError(name, `and ${name}_FILE are both set.`, `Set only one of them.`);
  }
  if (!file) return (value ?? '').trim();
  try {
    return readSecretFile(file, `${name}_FILE`);
  } catch (error) {
    // A file the command cannot read: say where the value itself would go.
    if (!(error instanceof ValidationError) || !/cannot read/.test(error.reason)) throw error;
    throw new ValidationError(
      `${name}_FILE`,
      error.reason,
      `Point ${name}_FILE at a readable file that holds the value (a path, not the value itself: that goes in ${name}).`,
    );
  }
}

/** ZOOM_STREAM_KEY for redaction alone: a file this action does not need that cannot be read is not its error. */
function streamKeyIfReadable(env: NodeJS.ProcessEnv): string {
  try {
    return fromEnvironment(env, 'ZOOM_STREAM_KEY');
  } catch {
    return '';
  }
}

const ALL_FLAGS = [...Object.keys(VALUE_FLAGS), ...Object.keys(BOOLEAN_FLAGS), 'json', 'help', 'version'];

/** What to say of an option the command does not have: credentials come from the environment; a typo gets the nearest flag. */
function unknownOption(raw: string): ValidationError {
  const name = raw.replace(/^-+/, '').split('=')[0]!.slice(0, 40);
  const credential = CREDENTIALS[name];
  if (credential) {
    return new ValidationError(
      'usage',
      `--${name} is not an option: credentials are never given as flags (flags show in ps and shell history).`,
      `Set ${credential} (or ${credential}_FILE, a file that holds it) in the environment.`,
    );
  }
  const near = nearest(name, ALL_FLAGS);
  return new ValidationError(
    'usage',
    `--${name} is not an option.`,
    near ? `Did you mean --${near}? Run zoom-livestream --help for the options.` : 'Run zoom-livestream --help for the options.',
  );
}

export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): CommandLine {
  const options = {
    ...Object.fromEntries(Object.keys(VALUE_FLAGS).map((f) => [f, { type: 'string' as const }])),
    ...Object.fromEntries(Object.keys(BOOLEAN_FLAGS).map((f) => [f, { type: 'boolean' as const }])),
    json: { type: 'boolean' as const },
    help: { type: 'boolean' as const, short: 'h' },
    version: { type: 'boolean' as const, short: 'V' },
  };
  let parsed: { values: Record<string, unknown>; positionals: string[]; tokens: { kind: string; name?: string }[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, tokens: true, options: options as ParseArgsOptionsConfig });
  } catch (error) {
    const unknown = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: false,
      tokens: true,
      options: options as ParseArgsOptionsConfig,
    }).tokens.find((t) => t.kind === 'option' && !(t.name in options));
    if (unknown?.kind === 'option') throw unknownOption(unknown.rawName);
    // Node's own words otherwise (a flag without its value), without its quotes around the flag.
    const text = (error as Error).message.replace(/'/g, '').replace(/\.$/, '');
    throw new ValidationError('usage', `${text}.`, 'Run zoom-livestream --help for the options.');
  }
  const { values, positionals, tokens } = parsed;
  // A single-valued flag given twice is a mistake (which meeting?), never "the last one wins".
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue;
    if (seen.has(token.name)) {
      throw new ValidationError('usage', `--${token.name} is given more than once.`, `Give --${token.name} once.`);
    }
    seen.add(token.name);
  }
  const help = values.help === true;
  const version = values.version === true;
  if (positionals.length > 1) {
    throw new ValidationError(
      'usage',
      `one action is expected, got ${positionals.length}: ${positionals.slice(0, 4).join(' ')}.`,
      `Give one of ${COMMANDS.join(', ')}, then options.`,
    );
  }
  const [first] = positionals;
  if (first !== undefined && !isAction(first)) {
    throw new ValidationError(
      'action',
      `${JSON.stringify(first.slice(0, 40))} is not one of ${COMMANDS.join(', ')}.`,
      'Run zoom-livestream --help.',
    );
  }
  const flags = new Map<string, string>();
  const action = first as Command | undefined;
  for (const [flag, name] of Object.entries(VALUE_FLAGS)) {
    const value = values[flag];
    // ZOOM_STREAM_KEY is read below, only for the commands that set the stream.
    const fromEnv = flag === 'stream-key' || !takes(action, name) ? '' : (env[envName(flag)] ?? '');
    flags.set(name, typeof value === 'string' ? value.trim() : fromEnv.trim());
  }
  for (const [flag, name] of Object.entries(BOOLEAN_FLAGS)) {
    const fromEnv = takes(action, name) ? (env[envName(flag)] ?? '') : '';
    flags.set(name, values[flag] === true ? 'true' : fromEnv.trim());
  }
  for (const [name, variable] of Object.entries(CREDENTIALS)) flags.set(name, fromEnvironment(env, variable));
  // The stream key: the flag, else the environment (or its file), which is kept for the commands
  // that set the stream (a stop or a get run with the same environment is not an update).
  const updates = first === 'update' || (first === 'start' && Boolean(flags.get('stream-url') || flags.get('page-url')));
  if (!flags.get('stream-key') && updates) flags.set('stream-key', fromEnvironment(env, 'ZOOM_STREAM_KEY'));
  // A key the command does not send is still a secret: Zoom's answers (a get, an error) never show it.
  const secrets = [flags.get('stream-key') || streamKeyIfReadable(env)].filter((s): s is string => Boolean(s));
  flags.set('action', first ?? '');
  const json = values.json === true || jsonFromEnvironment(env);
  return { ...(first ? { action: first } : {}), help, version, json, secrets, input: (name) => flags.get(name) ?? '' };
}
