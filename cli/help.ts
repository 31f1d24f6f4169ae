/** The command's help: the whole interface in one screen, and each action's part of it. */
import { DESTINATION_KINDS, NAMED_INPUTS, TASK_ACTIONS, type Command, type InputName } from '../core/index.js';

export const USAGE = `Usage: zoom-livestream <action> (--meeting <id|link> | --webinar <id|link> | --file <streams.yml>) [options]

Set, start, stop and read a Zoom meeting's or webinar's custom live stream, from cron, systemd,
Kubernetes, GitLab CI or any scheduler.

Actions:
  update   set the stream URL, key and page URL (and resolution)
  start    start the stream (updates it first when given stream options); can wait for the host
  stop     stop the stream
  get      read the stream configuration (the key masked)
  mode     change the view of a running stream (meetings: layout, captions)
  check    the pre-flight check: will this stream start? (reads only)
  confirm  is the stream live at its destination now? (reads the configuration, then the destination)
  plan     with --file: what differs between Zoom and the streams file (exit 8 when anything does)
  apply    with --file: make Zoom match the streams file (one update per differing entry)
  run      with --file: keep every entry live until SIGTERM (zoom-livestream run --help)

Target:
  --meeting <id|link>         85746065123, "857 4606 5123" or the join link
  --webinar <id|link>

Stream:
  --stream-url URL  --stream-key KEY  --page-url URL  --resolution 720p|1080p
Settings (start and mode):
  --active-speaker-name  --display-name TEXT  --layout L  --close-caption C  --settings JSON
Waiting (start):
  --wait-for-start DURATION   wait this long for the host: 90, 90s, 45m, 2h, 1h30m (at most 6h)
  --poll-interval DURATION    how often to ask meanwhile (default 5s reading the meeting, else 15s)
A fleet from one streams file (plan, apply, start, stop, check, get, confirm), in one process;
start and confirm prove each entry live at its confirm: destination:
  --file FILE                 YAML or JSON with defaults: and streams: (or ZOOM_STREAMS_FILE)
  --only a,b                  the entries to act on, by name
  --due DURATION              start: only what Zoom's calendar has beginning within it (20m)
  --max-rate N                requests per second for the fleet (default 10)
  --allow-literal-keys        accept stream keys written in the file
Confirming (start, confirm): prove the stream live at its destination, through its HTTP API
  --confirm KIND              none (default), ${DESTINATION_KINDS.join(', ')}
  --confirm-url URL           the API's base URL; for nginx-rtmp the rtmp_stat page's URL
  --confirm-level LEVEL       publishing, or receiving (default: bytes arrive over 5 s or more)
  --confirm-timeout DURATION  how long to read before the stream counts as not live (default 2m)
  The API's user and password: ZOOM_CONFIRM_USER and ZOOM_CONFIRM_PASSWORD (or _FILE).
Service:
  --api-base-url URL  --oauth-token-url URL  --encoding json|multipart
  --max-retries N  --timeout-seconds N  --dry-run  --fail-on problem|never (check)
Output:
  --json                      one JSON object on stdout (secrets masked); progress goes to stderr
  --help, --version

Credentials come from the environment only, never from flags (flags show in ps and in shell
history): ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (Server-to-Server OAuth), or
ZOOM_ACCESS_TOKEN. Each may also be given as <NAME>_FILE, a file that holds it (Kubernetes and
Docker secrets): ZOOM_CLIENT_SECRET_FILE=/run/secrets/zoom-client-secret. The stream key likewise:
ZOOM_STREAM_KEY or ZOOM_STREAM_KEY_FILE, used by update, and by start with --stream-url;
--stream-key is accepted, but the environment keeps the key out of ps and shell history. Every option also reads
ZOOM_<OPTION> (ZOOM_API_BASE_URL, ZOOM_WAIT_FOR_START, ZOOM_MEETING, ...); a flag wins.

Exit codes:
  0  done                      3  authentication failed      6  check found a problem
  1  Zoom refused the call     4  network or timeout (retry)  7  started (or running), not confirmed live
  8  plan: Zoom differs from the streams file, or a problem stands
  2  usage or validation: nothing was sent                   5  the host did not start in time
  130/143  interrupted (SIGINT/SIGTERM)

Examples:
  zoom-livestream start --meeting 85746065123 --stream-url rtmp://a.rtmp.youtube.com/live2 \\
    --page-url https://youtube.com/@acme/live --wait-for-start 75m      (ZOOM_STREAM_KEY set)
  zoom-livestream stop --meeting 85746065123
  zoom-livestream check --meeting 85746065123 --json
  zoom-livestream confirm --meeting 85746065123 --confirm nginx-rtmp --confirm-url http://rtmp.example.org:8080/stat
`;

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
