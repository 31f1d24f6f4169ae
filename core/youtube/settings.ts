/**
 * What a user asks of YouTube with a start or a stop, checked before anything is sent: whether a
 * broadcast is created, its title and privacy, the reusable live stream's ID (else found again by
 * its title), and the broadcast to complete.
 */
import { ValidationError } from '../errors.js';
import { describeValue, quote } from '../text.js';
import { setting } from '../words.js';

export const YOUTUBE_BROADCASTS = ['create', 'none'] as const;
export const YOUTUBE_PRIVACY = ['unlisted', 'public', 'private'] as const;
export type YouTubePrivacy = (typeof YOUTUBE_PRIVACY)[number];

/** As a face gives it. */
export interface YouTubeInput {
  broadcast?: unknown;
  title?: unknown;
  privacy?: unknown;
  streamId?: unknown;
  broadcastId?: unknown;
}

export interface YouTubeSettings {
  /** `create`: a broadcast per start, bound to the stream, put on air once video arrives; `none`: the stream only. */
  broadcast: (typeof YOUTUBE_BROADCASTS)[number];
  title?: string;
  privacy: YouTubePrivacy;
  streamId?: string;
  broadcastId?: string;
  /** The reusable stream's title, by which it is found again: "zoom-livestream: <entry name or meeting ID>". */
  streamTitle: string;
}

/** YouTube's limit on a broadcast's title. */
const MAX_TITLE_CHARS = 100;
/** YouTube's IDs: letters, digits, - and _. */
const ID = /^[A-Za-z0-9_-]{1,128}$/;

function text(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > max || /[\r\n<>]/.test(value))
    throw new ValidationError(field, `must be text of at most ${max} characters on one line, without < or >.`, `Check ${setting(field)}.`);
  return value;
}

function id(value: unknown, field: string, what: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !ID.test(value))
    throw new ValidationError(
      field,
      `${describeValue(value)} is not a YouTube ID.`,
      `Set ${setting(field)} to ${what} (letters, digits, - and _).`,
    );
  return value;
}

/** `name`: the streams file's entry name, or the meeting's ID for one meeting. */
export function checkYouTube(input: YouTubeInput, name: string): YouTubeSettings {
  const broadcast = input.broadcast ?? 'create';
  if (typeof broadcast !== 'string' || !(YOUTUBE_BROADCASTS as readonly string[]).includes(broadcast))
    throw new ValidationError(
      'youtubeBroadcast',
      `${typeof broadcast === 'string' ? quote(broadcast) : describeValue(broadcast)} is not one of ${YOUTUBE_BROADCASTS.join(', ')}.`,
      `Set ${setting('youtubeBroadcast')} to create (a broadcast per start, put on air) or none (the stream only).`,
    );
  const privacy = input.privacy ?? 'unlisted';
  if (typeof privacy !== 'string' || !(YOUTUBE_PRIVACY as readonly string[]).includes(privacy))
    throw new ValidationError(
      'youtubePrivacy',
      `${describeValue(privacy)} is not one of ${YOUTUBE_PRIVACY.join(', ')}.`,
      `Set ${setting('youtubePrivacy')} to one of ${YOUTUBE_PRIVACY.join(', ')}.`,
    );
  const title = text(input.title, 'youtubeTitle', MAX_TITLE_CHARS);
  const streamId = id(input.streamId, 'youtubeStreamId', "the live stream's ID");
  const broadcastId = id(input.broadcastId, 'youtubeBroadcastId', "the broadcast's ID (its watch URL's v=)");
  return {
    broadcast: broadcast as YouTubeSettings['broadcast'],
    privacy: privacy as YouTubePrivacy,
    ...(title ? { title } : {}),
    ...(streamId ? { streamId } : {}),
    ...(broadcastId ? { broadcastId } : {}),
    streamTitle: `zoom-livestream: ${name}`.slice(0, 128),
  };
}
