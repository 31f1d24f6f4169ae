/**
 * YouTube's facts that a read needs and the lifecycle (core/youtube) shares: the API's and Google's
 * OAuth endpoints, the refresh-token grant, the units each call costs, Google's error shape, and a
 * live stream's word on whether it receives. From YouTube Data API v3's reference (liveStreams,
 * liveBroadcasts, errors; quota costs) and Google's OAuth 2.0 (refresh tokens, device flow).
 */
import { isPlainObject, parseJsonObject } from '../http/json.js';
import { printable } from '../text.js';

export const YOUTUBE_API_URL = 'https://www.googleapis.com';
export const YOUTUBE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const YOUTUBE_DEVICE_URL = 'https://oauth2.googleapis.com/device/code';
/** What the refresh token is consented for: managing the channel's live streams and broadcasts. */
export const YOUTUBE_SCOPE = 'https://www.googleapis.com/auth/youtube';
export const YOUTUBE_VARIABLES = ['YOUTUBE_CLIENT_ID', 'YOUTUBE_CLIENT_SECRET', 'YOUTUBE_REFRESH_TOKEN'] as const;
export const YOUTUBE_OPTIONAL_VARIABLES = ['YOUTUBE_OAUTH_TOKEN_URL', 'YOUTUBE_OAUTH_DEVICE_URL'] as const;

/** Units per call (YouTube's quota costs): a list 1, an insert, bind or transition 50. */
export const YOUTUBE_UNITS = { list: 1, write: 50 } as const;
/** A project's default daily quota. */
export const YOUTUBE_DAILY_UNITS = 10_000;
/**
 * A YouTube read costs a unit of that quota: a stream on air is watched this often. A broadcast's
 * four writes cost 200 units; 2 hours at 40 s add 180 reads, so its whole life stays under 400
 * (bench/youtube-quota.ts; at 30 s it would cost 445).
 */
export const YOUTUBE_WATCH_MS = 40_000;

export const RELOGIN_HINT =
  'The refresh token expired or was revoked (a Google OAuth client left in "Testing" gets tokens that last 7 days): run zoom-livestream youtube-login again and set YOUTUBE_REFRESH_TOKEN to what it writes.';

/** The refresh-token grant: the form sent to Google's token endpoint for an access token. */
export function refreshTokenRequest(credentials: Readonly<Record<string, string>>): { url: string; contentType: string; body: string } {
  return {
    url: credentials.YOUTUBE_OAUTH_TOKEN_URL || YOUTUBE_TOKEN_URL,
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams({
      client_id: credentials.YOUTUBE_CLIENT_ID!,
      client_secret: credentials.YOUTUBE_CLIENT_SECRET!,
      refresh_token: credentials.YOUTUBE_REFRESH_TOKEN!,
      grant_type: 'refresh_token',
    }).toString(),
  };
}

/** Google's error, from `{"error":{"code","message","errors":[{"domain","reason"}]}}`, or OAuth's `{"error":"invalid_grant"}`. */
export interface GoogleError {
  reason?: string;
  message?: string;
}

const short = (value: unknown, max: number) => (typeof value === 'string' ? printable(value.slice(0, max)).slice(0, max) : undefined);

export function googleError(body: string): GoogleError {
  const answer = parseJsonObject(body);
  if (!answer) return {};
  if (typeof answer.error === 'string')
    return { reason: short(answer.error, 60)!, ...optional('message', short(answer.error_description, 200)) };
  const error = isPlainObject(answer.error) ? answer.error : undefined;
  const first = Array.isArray(error?.errors) && isPlainObject(error.errors[0]) ? error.errors[0] : undefined;
  return { ...optional('reason', short(first?.reason, 60)), ...optional('message', short(error?.message, 200)) };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** A live stream's resource: the ingestion address and name Zoom streams to. */
export function ingestion(stream: Record<string, unknown>): { url: string; name: string } | undefined {
  const cdn = isPlainObject(stream.cdn) ? stream.cdn : undefined;
  const info = isPlainObject(cdn?.ingestionInfo) ? cdn.ingestionInfo : undefined;
  return typeof info?.ingestionAddress === 'string' && typeof info.streamName === 'string'
    ? { url: info.ingestionAddress, name: info.streamName }
    : undefined;
}

/**
 * What a live stream says about its video: `active` publishes; its health `good` or `ok` receives,
 * `bad` and `noData` do not (bad's configuration issues named).
 */
export function streamReading(stream: Record<string, unknown>): { publishing: boolean; receiving?: boolean; issues?: string[] } {
  const status = isPlainObject(stream.status) ? stream.status : {};
  if (status.streamStatus !== 'active') return { publishing: false };
  const health = isPlainObject(status.healthStatus) ? status.healthStatus : {};
  const receiving = health.status === 'good' || health.status === 'ok';
  const issues = Array.isArray(health.configurationIssues)
    ? health.configurationIssues
        .filter(isPlainObject)
        .slice(0, 3)
        .map((i) => short(i.reason ?? i.type, 60))
        .filter((i): i is string => i !== undefined)
    : [];
  return { publishing: true, receiving, ...(issues.length ? { issues } : {}) };
}
