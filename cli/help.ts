/** The command's help: each action's part of it (usage.ts has the whole interface in one screen). */
import { NAMED_INPUTS, TASK_ACTIONS, type Command, type InputName } from '../core/index.js';

export { USAGE } from './usage.js';

const ACTION_HELP: Record<Command, string> = {
  update: 'Sets the stream: --stream-url, --stream-key (or ZOOM_STREAM_KEY), --page-url, optional --resolution.',
  start:
    'Starts the stream; with --stream-url, --stream-key and --page-url it updates it first. Settings: --active-speaker-name, --display-name, --layout (meetings), --close-caption. --wait-for-start waits for the host (exit 5 if it does not start in time).',
  stop: 'Stops the stream. Takes no stream options or settings.',
  get: 'Reads the stream configuration (stream URL, page URL, resolution; the key masked). --json for all of it.',
  mode: 'Changes the view of a running stream: --layout (meetings) and --close-caption.',
  check:
    'Runs the pre-flight check (reads only): credentials and scopes, the target, encryption, the host settings, the stream. Exit 6 on a problem unless --fail-on never.',
  confirm:
    'Reads the stream configuration from Zoom, then the destination named by --confirm and --confirm-url: exit 0 when the stream is live there at --confirm-level, 7 when not within --confirm-timeout; 3 when the destination refuses ZOOM_CONFIRM_USER/PASSWORD and 4 when its API does not answer (the monitor, not the stream, is broken). The monitoring command: run it every minute from cron or a CronJob and alert on 7.',
  plan: 'With --file: reads every entry (the meeting, its host, the stream) and says what differs from the file and what no update fixes. Exit 8 when anything does: run it hourly as the drift alarm.',
  apply: 'With --file: sends one update per entry whose stream differs from the file, none for the rest.',
};

/** A named input as the command line takes it: its flag, or its variable. */
export function cliWord(input: InputName): string {
  const { cli } = NAMED_INPUTS.find((i) => i.name === input)!;
  return cli === 'positional' ? 'the action' : 'env' in cli ? cli.env : `--${cli.flag}`;
}

/** The options an action takes of its own (the table's `actions` column), as its flags or variables. */
function actionOptions(action: Command): string {
  const words = NAMED_INPUTS.flatMap((i) => {
    const actions: readonly string[] | undefined = 'actions' in i ? i.actions : undefined;
    return actions?.includes(action) && i.cli !== 'positional' && i.name !== 'file' ? [cliWord(i.name)] : [];
  });
  // Wrapped as the rest of the help is, under 100 columns.
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + word.length + 2 <= 96) lines[last] += `  ${word}`;
    else lines.push(`  ${word}`);
  }
  return lines.join('\n');
}

export function actionHelp(action: Command): string {
  const target =
    action === 'plan' || action === 'apply' ? '--file <streams.yml>' : '(--meeting <id|link> | --webinar <id|link> | --file <streams.yml>)';
  const options = actionOptions(action);
  return `Usage: zoom-livestream ${action} ${target} [options]\n\n${ACTION_HELP[action]}\n${
    options ? `\nIts options:\n${options}\n` : ''
  }\nSee zoom-livestream --help for every option, the credentials and the exit codes.\n`;
}

/** Every command: the task actions, then plan and apply (streams files only). */
export const COMMANDS: readonly Command[] = [...TASK_ACTIONS, 'plan', 'apply'];

export const isAction = (value: string | undefined): value is Command => (COMMANDS as readonly string[]).includes(value ?? '');
