/**
 * The named inputs, once: the Action's inputs (action.yml), the command line's flags and variables
 * (cli/args.ts reads this table; its help is checked against it) and the docs' tables (checked
 * against action.yml) all come from or are checked against this list.
 */
import { ACTION_FIELDS, TASK_ACTIONS, type TaskAction } from '../tasks/plan.js';
import { FLEET_COMMANDS, type FleetCommand } from '../fleet/commands.js';
import { DESTINATION_KINDS } from '../confirm/ladder.js';

/** What a named input may be used by: a task's action, or a streams file's command. */
export type Command = TaskAction | FleetCommand;

/** The actions that take a kind of field, from the one per-action record (planTask refuses the rest). */
const taking = (field: keyof (typeof ACTION_FIELDS)[TaskAction]): readonly TaskAction[] =>
  TASK_ACTIONS.filter((a) => ACTION_FIELDS[a][field]);
const STREAM = taking('stream');
const SETTINGS = taking('settings');
const CONFIRMS = taking('confirm');
const YOUTUBE = taking('youtube');
const FLEET: readonly Command[] = FLEET_COMMANDS;

/** How the command line takes an input: a flag, the environment only (a credential), or the positional action. */
export type CliSource = { flag: string; boolean?: true; variable?: string } | { env: string } | 'positional';

export interface NamedInput {
  name: string;
  /** The core setting it sets, by the name core's messages give it (words.ts): faces word it as this input. */
  setting?: string;
  cli: CliSource;
  /** action.yml's default, as text. */
  default?: string;
  required?: true;
  /** Masked from the first moment (the Action's setSecret). */
  secret?: true;
  /** The actions that use it; unset: every action. */
  actions?: readonly Command[];
  /** Used with a streams file too, though its actions name no fleet command (start's wait). */
  fleet?: true;
  /** action.yml's description, word for word. */
  description: string;
}

/** What the inputs that are flags of their own name say in action.yml: the stream's fields and settings, the client's options. */
const DESCRIPTIONS = {
  'stream-url': 'The streaming endpoint, e.g. rtmp://a.rtmp.youtube.com/live2 (max 1024 characters). Used by update and start.',
  'stream-key': 'The stream key (max 512 characters). Pass it from a secret; it is masked in logs.',
  'page-url': 'The public page where viewers watch, e.g. https://youtube.com/@you/live (max 1024 characters).',
  resolution: 'Stream resolution, 720p or 1080p (optional).',
  'active-speaker-name': "Show the active speaker's name in the stream (true or false). Used by start.",
  'display-name': 'Display name of the stream (1-50 characters). Used by start.',
  layout: 'Meetings only: follow_host, gallery_view or speaker_view. Used by start and mode.',
  'close-caption': 'burnt-in, embedded or off. Meetings: with start and mode; webinars: with start only (webinars have no mode).',
  'api-base-url': 'The Zoom API base URL.',
  'oauth-token-url': 'The Zoom OAuth token endpoint.',
  encoding: 'Request body encoding, json (what Zoom documents) or multipart (the legacy form).',
  'max-retries': 'Retries after the first try on rate limits (429), server errors and dropped connections.',
  'timeout-seconds': 'Timeout of each request in seconds.',
  settings: 'A JSON object of any live stream settings; the named inputs above win over the same keys here.',
  only: 'With file: the entries to act on, by name, comma-separated (default every entry).',
} as const;

/** An input that the command line takes as the flag of its own name, for every action. */
const named = <const N extends keyof typeof DESCRIPTIONS, const S extends string>(name: N, setting: S) =>
  ({ name, setting, cli: { flag: name }, description: DESCRIPTIONS[name] }) as const;

/** A field of the stream (update and start take them) or of its settings, for the actions that take it. */
const field = <const N extends keyof typeof DESCRIPTIONS, const S extends string>(name: N, setting: S, actions: readonly Command[]) =>
  ({ ...named(name, setting), actions }) as const;

export const NAMED_INPUTS = [
  {
    name: 'meeting-id',
    cli: { flag: 'meeting' },
    description:
      'The meeting ID (85746065123, "857 4606 5123", "857-4606-5123") or its join link (https://…zoom.us/j/…). Set exactly one of meeting-id and webinar-id.',
  },
  {
    name: 'webinar-id',
    cli: { flag: 'webinar' },
    description: 'The webinar ID or its join link (https://…zoom.us/w/…). Set exactly one of meeting-id and webinar-id.',
  },
  {
    name: 'action',
    setting: 'action',
    cli: 'positional',
    required: true,
    description:
      'What to do: update (stream URL, key and page URL), start (updates first when stream inputs are given), stop, get, mode (change the view of a running meeting stream), check (a read-only pre-flight checklist: will the stream start?), or confirm (is the stream live at its destination now? see confirm). With file: plan, apply, start, stop, check, get or confirm.',
  },
  field('stream-url', 'stream_url', STREAM),
  { ...field('stream-key', 'stream_key', STREAM), secret: true },
  field('page-url', 'page_url', STREAM),
  field('resolution', 'resolution', STREAM),
  { ...field('active-speaker-name', 'settings.active_speaker_name', SETTINGS), cli: { flag: 'active-speaker-name', boolean: true } },
  field('display-name', 'settings.display_name', SETTINGS),
  field('layout', 'settings.layout', SETTINGS),
  field('close-caption', 'settings.close_caption', SETTINGS),
  field('settings', 'settings', SETTINGS),
  {
    name: 'wait-for-start',
    setting: 'waitForStart',
    cli: { flag: 'wait-for-start' },
    default: '0',
    actions: taking('wait'),
    fleet: true,
    description:
      'start only: how long to wait for the host to start the meeting or webinar, trying again every poll-interval: 0 (do not wait), seconds (90) or 90s, 45m, 2h; at most 6h. For schedules that fire before the host starts.',
  },
  {
    name: 'poll-interval',
    setting: 'pollInterval',
    cli: { flag: 'poll-interval' },
    default: '',
    actions: taking('wait'),
    description:
      "How often a waiting start asks again (one request each time; Zoom's 429 only lengthens it), e.g. 15s or 1m; at least 5s. Unset: 5s when the app may read the meeting (it reads the meeting's status, then starts it once), else 15s (it tries the start itself).",
  },
  {
    name: 'fail-on',
    cli: { flag: 'fail-on' },
    default: 'problem',
    actions: ['check'],
    description:
      'check only: problem (default) fails the step when the check finds a certain problem; never only reports (see the problems output).',
  },
  {
    name: 'confirm',
    setting: 'confirm',
    cli: { flag: 'confirm' },
    default: 'none',
    actions: CONFIRMS,
    description: `Prove the stream live at its destination, through the destination's HTTP API: none (default), ${DESTINATION_KINDS.slice(0, -1).join(', ')} or ${DESTINATION_KINDS.at(-1)}. Used by start (after Zoom accepts it) and confirm (the stream as it runs now).`,
  },
  {
    name: 'confirm-url',
    setting: 'confirmUrl',
    cli: { flag: 'confirm-url' },
    actions: CONFIRMS,
    description:
      "The destination API's base URL (MediaMTX http://host:9997, SRS http://host:1985, Node-Media-Server http://host:8000), or for nginx-rtmp the URL of its rtmp_stat page (http://host:8080/stat). A managed service (mux, cloudflare, twitch, ivs) is read at its own API unless this names another scheme and host (a stand-in).",
  },
  {
    name: 'confirm-level',
    setting: 'confirmLevel',
    cli: { flag: 'confirm-level' },
    default: 'receiving',
    actions: CONFIRMS,
    description:
      'publishing (the destination lists a publisher on the stream) or receiving (default: its received byte count grew between two reads at least 5 s apart).',
  },
  {
    name: 'confirm-timeout',
    setting: 'confirmTimeout',
    cli: { flag: 'confirm-timeout' },
    default: '2m',
    actions: CONFIRMS,
    description: 'How long to read the destination before the stream counts as not live: 10s to 1h (default 2m).',
  },
  {
    name: 'confirm-id',
    setting: 'confirmId',
    cli: { flag: 'confirm-id' },
    actions: CONFIRMS,
    description:
      "A managed service's ID for the stream: Mux's live stream ID, Cloudflare's live input UID, the Twitch channel's login, the AWS IVS channel's ARN. Its credentials come from the service's own variables in the environment (MUX_TOKEN_ID and MUX_TOKEN_SECRET; CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID; TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET; AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN), each also as NAME_FILE.",
  },
  {
    name: 'youtube-broadcast',
    setting: 'youtubeBroadcast',
    cli: { flag: 'youtube-broadcast' },
    actions: YOUTUBE,
    description:
      "Stream to YouTube, and say what of it this does: create (start: a broadcast bound to the entry's reusable YouTube stream, whose address and key Zoom gets, put on air once video arrives; stop: the broadcast live on that stream completed) or none (the stream only). Credentials from YOUTUBE_CLIENT_ID, YOUTUBE_CLIENT_SECRET and YOUTUBE_REFRESH_TOKEN (each also as NAME_FILE; zoom-livestream youtube-login writes the refresh token).",
  },
  {
    name: 'youtube-title',
    setting: 'youtubeTitle',
    cli: { flag: 'youtube-title' },
    actions: ['start'],
    description: "The broadcast's title (at most 100 characters); unset, the Zoom meeting's topic.",
  },
  {
    name: 'youtube-privacy',
    setting: 'youtubePrivacy',
    cli: { flag: 'youtube-privacy' },
    default: 'unlisted',
    actions: ['start'],
    description: "The broadcast's privacy: unlisted (default), public or private.",
  },
  {
    name: 'youtube-stream-id',
    setting: 'youtubeStreamId',
    cli: { flag: 'youtube-stream-id' },
    actions: YOUTUBE,
    description:
      'The YouTube live stream to use; unset, the one titled "zoom-livestream: <meeting ID>" (created by the first start, found again after).',
  },
  {
    name: 'youtube-broadcast-id',
    setting: 'youtubeBroadcastId',
    cli: { flag: 'youtube-broadcast-id' },
    actions: ['stop'],
    description: 'stop: the broadcast to complete; unset, the one live on the YouTube stream.',
  },
  {
    name: 'confirm-user',
    setting: 'confirmUser',
    cli: { env: 'ZOOM_CONFIRM_USER' },
    secret: true,
    actions: CONFIRMS,
    description: "The destination API's user (basic auth; Node-Media-Server's login). Pass it from a secret.",
  },
  {
    name: 'confirm-password',
    setting: 'confirmPassword',
    cli: { env: 'ZOOM_CONFIRM_PASSWORD' },
    secret: true,
    actions: CONFIRMS,
    description: "The destination API's password. Pass it from a secret; it is masked in logs.",
  },
  {
    name: 'file',
    setting: 'file',
    cli: { flag: 'file', variable: 'ZOOM_STREAMS_FILE' },
    actions: FLEET,
    description:
      'A streams file (YAML or JSON; docs/cli.md, Streams as code): run the action for every entry in one process, with one token and one pace. Actions: plan (what differs; fails on drift), apply (make Zoom match), start, stop, check, get (each stream as Zoom holds it, keys masked), confirm (each entry live at its confirm: destination now?; start confirms there too).',
  },
  field('only', 'only', FLEET),
  {
    name: 'due',
    setting: 'due',
    cli: { flag: 'due' },
    actions: ['start'],
    fleet: true,
    description:
      "With file and start: start only the entries whose meeting or webinar begins within this duration by Zoom's own calendar (or began less ago and is not over), e.g. 20m.",
  },
  {
    name: 'max-rate',
    setting: 'maxRate',
    cli: { flag: 'max-rate' },
    default: '10',
    actions: FLEET,
    description: "With file: requests per second for the whole fleet, leaving room for the account's other apps (default 10).",
  },
  {
    name: 'allow-literal-keys',
    cli: { flag: 'allow-literal-keys', boolean: true },
    default: 'false',
    actions: FLEET,
    description: 'With file: accept stream keys written in the file (refused by default: files end up in repositories).',
  },
  {
    name: 'access-token',
    setting: 'accessToken',
    cli: { env: 'ZOOM_ACCESS_TOKEN' },
    secret: true,
    description: 'A Zoom access token. Prefer the Server-to-Server OAuth inputs, which are refreshed automatically.',
  },
  { name: 'account-id', setting: 'accountId', cli: { env: 'ZOOM_ACCOUNT_ID' }, description: 'Server-to-Server OAuth app account ID.' },
  { name: 'client-id', setting: 'clientId', cli: { env: 'ZOOM_CLIENT_ID' }, description: 'Server-to-Server OAuth app client ID.' },
  {
    name: 'client-secret',
    setting: 'clientSecret',
    cli: { env: 'ZOOM_CLIENT_SECRET' },
    secret: true,
    description: 'Server-to-Server OAuth app client secret. Pass it from a secret; it is masked in logs.',
  },
  { ...named('api-base-url', 'apiBaseUrl'), default: 'https://api.zoom.us/v2' },
  { ...named('oauth-token-url', 'oauthTokenUrl'), default: 'https://zoom.us/oauth/token' },
  { ...named('encoding', 'encoding'), default: 'json' },
  { ...named('max-retries', 'maxRetries'), default: '3' },
  { ...named('timeout-seconds', 'timeoutMs'), default: '30' },
  {
    name: 'dry-run',
    cli: { flag: 'dry-run', boolean: true },
    default: 'false',
    description: 'Print the requests that would be sent (secrets masked) and send nothing.',
  },
] as const satisfies readonly NamedInput[];

export type InputName = (typeof NAMED_INPUTS)[number]['name'];
