/**
 * The fields of a streams file's entries and `defaults`, once: what each is, where it may go, and
 * its JSON Schema. The reader (entry.ts) works from this table and streams.schema.json is written
 * from it (`npm run inputs`; a test says when the committed schema is stale).
 */
import { CONFIRM_LEVELS, DESTINATION_KINDS } from '../confirm/ladder.js';
import { MAX_ENTRIES } from './limits.js';
import { EVENT_SOURCES } from './run-settings.js';

type JsonSchema = Record<string, unknown>;

/** The schema's form of a value written as `${NAME}` alone (a secret read from the environment). */
const VARIABLE_ONLY = '^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$';

interface FieldSpec {
  /** `entry`: only in an entry (who it is); `both`: in an entry or in defaults. */
  where: 'entry' | 'both';
  /** The Zoom field it sets: a stream field or a setting (`settings.`). */
  zoom?: string;
  /** `${NAME}` is read from the environment in it. */
  expanded?: boolean;
  /** Its schema, named in $defs (shared by entries and defaults) or inline. */
  schema: JsonSchema;
}

const TARGET: JsonSchema = {
  description:
    'The ID (85746065123, "857 4606 5123") or the join link. An ID written as a number keeps its digits as written, however long; anything else YAML reads as a number (1e17, 0x1F, 85746065123.0) is refused: quote the ID.',
  type: ['string', 'integer'],
};

export const STREAMS_FILE_FIELDS = {
  name: { where: 'entry', schema: { description: 'Unique: how reports and --only name the entry.', type: 'string', minLength: 1 } },
  meeting: { where: 'entry', schema: TARGET },
  webinar: { where: 'entry', schema: TARGET },
  'stream-url': {
    where: 'both',
    zoom: 'stream_url',
    expanded: true,
    schema: {
      description: 'rtmp:// or rtmps://, at most 1024 characters; ${NAME} is read from the environment.',
      type: 'string',
      maxLength: 1024,
    },
  },
  'stream-key': {
    where: 'both',
    zoom: 'stream_key',
    expanded: true,
    schema: {
      description: '${NAME}, read from the environment (a literal key needs --allow-literal-keys).',
      type: 'string',
      maxLength: 512,
    },
  },
  'stream-key-file': {
    where: 'both',
    schema: { description: 'A file that holds the key (Kubernetes and Docker secrets).', type: 'string' },
  },
  'page-url': {
    where: 'both',
    zoom: 'page_url',
    expanded: true,
    schema: { description: 'http(s)://, at most 1024 characters; ${NAME} is read from the environment.', type: 'string', maxLength: 1024 },
  },
  resolution: { where: 'both', zoom: 'resolution', schema: { enum: ['720p', '1080p'] } },
  'display-name': { where: 'both', zoom: 'settings.display_name', schema: { type: 'string', minLength: 1, maxLength: 50 } },
  'active-speaker-name': { where: 'both', zoom: 'settings.active_speaker_name', schema: { type: 'boolean' } },
  layout: {
    where: 'both',
    zoom: 'settings.layout',
    schema: { description: 'Meetings only.', enum: ['follow_host', 'gallery_view', 'speaker_view'] },
  },
  'close-caption': { where: 'both', zoom: 'settings.close_caption', schema: { enum: ['burnt-in', 'embedded', 'off'] } },
  confirm: {
    where: 'both',
    schema: {
      description:
        "Where the stream is proved live and watched (start --file, confirm --file, run): the destination's API, as the confirm inputs take it. An entry's confirm replaces the defaults' whole.",
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      properties: {
        kind: { enum: [...DESTINATION_KINDS] },
        url: {
          description: "The destination API's base URL (nginx-rtmp: its rtmp_stat page; a managed service: its own unless given).",
          type: 'string',
          maxLength: 2048,
        },
        id: {
          description:
            "A managed service's ID for the stream (Mux's live stream ID, Cloudflare's live input UID, the Twitch channel's login); its credentials come from the service's own variables in the environment.",
          type: 'string',
          maxLength: 256,
        },
        level: { enum: [...CONFIRM_LEVELS], default: 'receiving' },
        timeout: { description: 'How long a start is read before it counts as not live: 10s to 1h (default 2m).', type: 'string' },
        user: { description: '${NAME} only, read from the environment.', type: 'string', pattern: VARIABLE_ONLY },
        password: { description: '${NAME} only, read from the environment.', type: 'string', pattern: VARIABLE_ONLY },
      },
    },
  },
  youtube: {
    where: 'both',
    schema: {
      description:
        "The stream goes to YouTube (start --file, stop --file): its reusable live stream, titled zoom-livestream: <entry name> (created once, found again after), gives Zoom its address and key, so the entry writes no stream-url or stream-key; broadcast: create also creates a broadcast per start, puts it on air once video arrives and completes it at stop (its watch URL is Zoom's page URL). Implies confirm: {kind: youtube}. Credentials: YOUTUBE_CLIENT_ID, YOUTUBE_CLIENT_SECRET, YOUTUBE_REFRESH_TOKEN (or _FILE) in the environment.",
      type: 'object',
      additionalProperties: false,
      required: ['broadcast'],
      properties: {
        broadcast: { enum: ['create', 'none'] },
        title: { description: "The broadcast's title (default: the Zoom meeting's topic).", type: 'string', maxLength: 100 },
        privacy: { enum: ['unlisted', 'public', 'private'], default: 'unlisted' },
        'stream-id': {
          description: 'The YouTube live stream to use (default: the one titled zoom-livestream: <entry name>).',
          type: 'string',
          maxLength: 128,
        },
      },
    },
  },
} as const satisfies Record<string, FieldSpec>;

export type StreamsFileField = keyof typeof STREAMS_FILE_FIELDS;

const FIELD_LIST = Object.entries(STREAMS_FILE_FIELDS) as [StreamsFileField, FieldSpec][];
export const ENTRY_FIELDS: readonly string[] = FIELD_LIST.map(([name]) => name);
export const DEFAULTS_FIELDS: readonly string[] = FIELD_LIST.filter(([, spec]) => spec.where === 'both').map(([name]) => name);
export const EXPANDED_FIELDS: readonly string[] = FIELD_LIST.filter(([, spec]) => spec.expanded).map(([name]) => name);

/** The file's field that sets a Zoom field (`stream_url`, `settings.layout`): how a refusal names it. */
export function fieldForZoom(zoom: string | undefined): StreamsFileField | undefined {
  return FIELD_LIST.find(([, spec]) => spec.zoom !== undefined && spec.zoom === zoom)?.[0];
}

/** The settings fields, with the name Zoom gives each under `settings`. */
export const SETTING_FIELDS = FIELD_LIST.flatMap(([name, spec]) =>
  spec.zoom?.startsWith('settings.') ? [[name, spec.zoom.slice('settings.'.length)] as const] : [],
);

/** streams.schema.json, as the table makes it. */
export function streamsFileSchema(): JsonSchema {
  const ref = (name: string) => ({ $ref: `#/$defs/${name}` });
  const properties = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, ref(name)]));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/zoomstream/zoom-livestream/blob/main/streams.schema.json',
    title: 'zoom-livestream streams file',
    description:
      'A fleet of Zoom live streams: zoom-livestream plan | apply | start | stop | check | get | confirm | run --file (the Action: file:). Stream keys come from the environment (${NAME}) or stream-key-file; a key written in the file is refused unless --allow-literal-keys.',
    type: 'object',
    additionalProperties: false,
    required: ['streams'],
    properties: {
      events: {
        description: "run: where Zoom's meeting events come from (--events and --subscription-id win over it).",
        type: 'object',
        additionalProperties: false,
        properties: {
          source: { enum: [...EVENT_SOURCES], default: 'poll' },
          'subscription-id': { description: "The event subscription's ID (source websocket).", type: 'string' },
        },
      },
      alerts: {
        description: 'run: where alerts are posted (--alert-url wins over it).',
        type: 'object',
        additionalProperties: false,
        required: ['url'],
        properties: {
          url: {
            description: '${NAME} only, read from the environment: a chat webhook URL carries a token.',
            type: 'string',
            pattern: VARIABLE_ONLY,
          },
        },
      },
      defaults: {
        description: 'Any stream field or setting, for every entry.',
        type: 'object',
        additionalProperties: false,
        properties: properties(DEFAULTS_FIELDS),
      },
      streams: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_ENTRIES,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          oneOf: [{ required: ['meeting'] }, { required: ['webinar'] }],
          properties: properties(ENTRY_FIELDS),
        },
      },
    },
    $defs: Object.fromEntries(FIELD_LIST.map(([name, spec]) => [name, spec.schema])),
  };
}
