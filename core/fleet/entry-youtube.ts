/**
 * An entry's `youtube:` (or the defaults'): the stream goes to YouTube, whose reusable live stream
 * gives Zoom its address and key at each start (none is written in the file), with a broadcast
 * created, put on air and completed when `broadcast: create`. It implies `confirm: {kind: youtube}`;
 * the credentials are YouTube's own variables in the environment, never in the file.
 */
import { ValidationError } from '../errors.js';
import { isPlainObject } from '../http/json.js';
import { checkConfirm } from '../confirm/request.js';
import { serviceCredentials } from '../confirm/service-credentials.js';
import { checkYouTube } from '../youtube/settings.js';
import type { YouTubeTaskInput } from '../tasks/plan.js';
import { unknownKeyIn } from './yaml-fields.js';

export const YOUTUBE_FIELDS = ['broadcast', 'title', 'privacy', 'stream-id'] as const;

/** The core's name of each YouTube setting, as the file's youtube: block names it. */
const YOUTUBE_SETTINGS: Readonly<Record<string, string>> = {
  youtubeBroadcast: 'broadcast',
  youtubeTitle: 'title',
  youtubePrivacy: 'privacy',
  youtubeStreamId: 'stream-id',
};

/** The block checked (its credentials present), or the reason it is refused (one line, for the file's problem list). */
export function readYouTubeBlock(
  value: unknown,
  name: string,
  env: Record<string, string | undefined>,
): YouTubeTaskInput | { problem: string } {
  if (!isPlainObject(value)) return { problem: `must be a mapping (${YOUTUBE_FIELDS.join(', ')})` };
  const unknown = unknownKeyIn(value, YOUTUBE_FIELDS);
  if (unknown) return { problem: unknown };
  if (value.broadcast === undefined) return { problem: 'broadcast: missing (create, or none for the stream only)' };
  // YAML reads 0012 or 1e3 as a number: text it changed is refused, never passed on changed.
  for (const field of ['title', 'stream-id'] as const)
    if (value[field] !== undefined && typeof value[field] !== 'string') return { problem: `${field}: must be text (quote it)` };
  const given = {
    broadcast: value.broadcast,
    ...(value.title !== undefined ? { title: value.title } : {}),
    ...(value.privacy !== undefined ? { privacy: value.privacy } : {}),
    ...(value['stream-id'] !== undefined ? { streamId: value['stream-id'] } : {}),
  };
  try {
    checkYouTube(given, name);
    const credentials = serviceCredentials('youtube', env);
    checkConfirm({ destination: { kind: 'youtube', credentials } });
    return { ...given, credentials, name };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const field = YOUTUBE_SETTINGS[error.field ?? ''] ?? error.field;
    return { problem: `${field}: ${error.reason.replace(/\.$/, '')}` };
  }
}
