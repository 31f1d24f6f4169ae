/**
 * Each destination's documented HTTP API: where the stream is read, and what the answer says about
 * it. Answers are untrusted: a field of the wrong type counts as absent, never as a number.
 *
 * - nginx-rtmp: the rtmp_stat page (nginx-rtmp-module 1.1+, its XML is unchanged since).
 * - MediaMTX: GET /v3/paths/get/{APP/KEY} (v1.0+): `online`/`inboundBytes` (v1.13+), else the
 *   older `ready`/`bytesReceived`; 404 is "no such path", so nobody publishes.
 * - SRS: GET /api/v1/streams/ (v3 to v6): `streams[]` by `app` and `name`, `publish.active`,
 *   `recv_bytes`, else `kbps.recv_30s`.
 * - Node-Media-Server: GET /api/v1/streams/{APP}/{KEY} (v4.2+, behind its login): `data.publisher`
 *   with `inBytes`, or 404 when no publisher.
 * Managed services are read by their own ID for the stream (confirm-id), with their own credentials
 * (each service's conventional variables), and say themselves whether they receive:
 * - Mux: GET /video/v1/live-streams/{id}, basic auth with the access token's ID and secret:
 *   `data.status` `active` receives, `idle` does not, `disconnected` is Mux's reconnect window.
 * - Cloudflare Stream: GET /client/v4/accounts/{account}/stream/live_inputs/{uid}, a bearer API
 *   token: `result.status` `connected`/`reconnected` receives, `reconnecting` is transient, the rest
 *   (null, `client_disconnect`, ...) does not. Cloudflare's schema has it as a string; an object
 *   with `current.state` (its dashboard's shape) is read too.
 * - Twitch: GET /helix/streams?user_login={login} with an app token (client credentials) and
 *   Client-Id: an entry of type `live` receives, an empty list does not.
 * - AWS IVS: POST /GetStream `{"channelArn"}` at ivs.{region}.amazonaws.com (the region from the
 *   ARN), signed with Signature Version 4: `stream.state` LIVE with `health` HEALTHY receives,
 *   STARVING publishes without video; a 404 of type ChannelNotBroadcasting is "not live".
 * - YouTube: GET /youtube/v3/liveStreams?part=status,cdn&id={id} with an access token from the
 *   refresh token (youtube.ts): `status.streamStatus` active publishes, its health good or ok
 *   receives. Without an ID, the stream whose ingestion streamName is the key, found once by
 *   listing the channel's streams (mine=true, paged). Each call costs quota units (quota.ts).
 */
import { isPlainObject, parseJsonObject } from '../http/json.js';
import type { DestinationKind } from './ladder.js';
import { statStreams } from './nginx-stat.js';
import type { DestinationStream } from './stream-name.js';
import { signSigV4 } from './sigv4.js';
import {
  googleError,
  ingestion,
  refreshTokenRequest,
  RELOGIN_HINT,
  streamReading,
  YOUTUBE_API_URL,
  YOUTUBE_OPTIONAL_VARIABLES,
  YOUTUBE_UNITS,
  YOUTUBE_VARIABLES,
} from './youtube.js';

export interface Reading {
  publishing: boolean;
  /** A managed service's own word that it receives video (no byte count to compare). */
  receiving?: boolean;
  /** What the destination says is wrong with the video it gets (YouTube's configuration issues). */
  issues?: string[];
  /** The publisher's bytes received so far. */
  bytes?: number;
  /** The destination's own average rate, where it gives one instead of a count. */
  bitsPerSecond?: number;
}

/** What a destination's API answered that no reading comes from. */
export class UnreadableAnswer extends Error {}

const NOBODY: Reading = { publishing: false };

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

const object = (value: unknown): Record<string, unknown> | undefined => (isPlainObject(value) ? value : undefined);

function json(body: string): Record<string, unknown> {
  const parsed = parseJsonObject(body);
  if (!parsed) throw new UnreadableAnswer('the answer is not a JSON object');
  return parsed;
}

/** The API's base without trailing slashes, so base + path has one. */
const base = (url: string) => url.replace(/\/+$/, '');

/** What a read is about: the stream's name there, and for a managed service its ID and credentials. */
export interface ReadTarget {
  stream: DestinationStream;
  id?: string;
  credentials: Readonly<Record<string, string>>;
}

/** A read about to be sent, as a signature covers it: its method, URL, headers, body and moment, and what it is about. */
export interface SignedRead {
  target: ReadTarget;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  now: number;
}

/** A managed service: read by its own ID for the stream, with the credentials its variables hold. */
interface Service {
  /** The API's base when confirm-url names none (confirm-url replaces its scheme and host only). */
  defaultUrl: string | ((id: string) => string);
  /** What is wrong with an ID of the right form otherwise (IVS: not a channel ARN), or undefined. */
  idProblem?: (id: string) => string | undefined;
  /** What confirm-id names. */
  idIs: string;
  /** Where confirm-id may be left out: how the stream is found without it. */
  foundBy?: string;
  /** The environment variables (each also as NAME_FILE) its credentials come from: all needed. */
  variables: readonly string[];
  /** Variables it reads when set (a token endpoint's override). */
  optionalVariables?: readonly string[];
}

/** Everything about one kind of destination, in one entry: a new kind is one more entry. */
interface DestinationApi {
  /** What its answers are. */
  accept: string;
  /** What confirm-url names for it, and an example. */
  urlIs: string;
  exampleUrl: string;
  url(apiUrl: string, target: ReadTarget): string;
  /** `status` is 200 or, where the API says "no such stream" with it, 404. */
  reading(status: number, body: string, stream: DestinationStream, headers: Readonly<Record<string, unknown>>): Reading;
  /** The read's method and body when it is no plain GET (IVS's POST). */
  read?(target: ReadTarget): { method: 'POST'; contentType: string; body: string };
  /** Statuses that mean "nobody publishes on this name" rather than a wrong URL. */
  absent: readonly number[];
  /** What a reader sends first to be let in (a login, an app token), and where the token is in the answer. */
  login?: {
    request(
      apiUrl: string,
      user: string | undefined,
      password: string | undefined,
      credentials: Readonly<Record<string, string>>,
    ): { url: string; contentType: string; body: string };
    token(answer: Record<string, unknown>): unknown;
    /** What a refused login's answer adds (an expired refresh token: sign in again). */
    refused?(body: string): string | undefined;
  };
  /** A service that finds the stream by its key when no ID is given: a page of its list, and what it says. */
  find?: {
    url(apiUrl: string, pageToken: string | undefined): string;
    /** The ID of the stream named `key` on this page, else the next page's token, else neither: not there. */
    match(body: string, key: string): { id?: string; next?: string };
  };
  /** Units each call costs against the service's daily quota (YouTube's). */
  units?: number;
  /** A service whose read takes many IDs at once: the URL for them, and the answer cut to one (read-batches.ts). */
  batch?: {
    max: number;
    url(apiUrl: string, ids: readonly string[]): string;
    only(body: string, id: string): string;
  };
  /**
   * A refusal the service explains itself (Google's reason): its words, and whether it is the daily
   * quota. Undefined: the plain refusal of the credentials.
   */
  refusal?(status: number, body: string): { problem: string; quota?: boolean } | undefined;
  /** Whose user the login takes (a server's own users). */
  loginUsers?: string;
  /**
   * The headers a read sends besides accept; unset: basic auth with the user (no login), a bearer
   * token after one. `signing` is the read about to be sent, for a service that signs it (IVS); without
   * it, the headers whose values are secrets to mask.
   */
  headers?(credentials: Readonly<Record<string, string>>, token: string | undefined, signing?: SignedRead): Record<string, string>;
  service?: Service;
}

const JSON_ACCEPT = 'application/json';
const API_BASE = "the API's base URL";

const nginxRtmp: DestinationApi = {
  accept: 'application/xml, text/xml',
  urlIs: 'the page with rtmp_stat all',
  exampleUrl: 'http://127.0.0.1:8080/stat',
  url: (apiUrl) => apiUrl,
  absent: [],
  reading(_status, body, stream) {
    if (!body.includes('<rtmp>'))
      throw new UnreadableAnswer('the page is not an rtmp_stat page (no <rtmp>): is the URL the one with rtmp_stat all?');
    const found = statStreams(body).find((s) => s.app === stream.app && s.name === stream.name);
    if (!found) return NOBODY;
    return { publishing: found.publishing, bytes: found.bytesIn, bitsPerSecond: found.bwIn };
  },
};

const mediamtx: DestinationApi = {
  accept: JSON_ACCEPT,
  urlIs: API_BASE,
  exampleUrl: 'http://127.0.0.1:9997',
  url: (apiUrl, { stream }) => `${base(apiUrl)}/v3/paths/get/${[stream.app, stream.name].map(encodeURIComponent).join('/')}`,
  absent: [404],
  reading(status, body) {
    if (status === 404) return NOBODY;
    const path = json(body);
    const online = path.online ?? path.ready;
    if (typeof online !== 'boolean') throw new UnreadableAnswer('the path has neither online nor ready');
    return { publishing: online, bytes: count(path.inboundBytes) ?? count(path.bytesReceived) };
  },
};

const srs: DestinationApi = {
  accept: JSON_ACCEPT,
  urlIs: API_BASE,
  exampleUrl: 'http://127.0.0.1:1985',
  // SRS pages its list (10 by default); a count this large covers any single server's streams.
  url: (apiUrl) => `${base(apiUrl)}/api/v1/streams/?start=0&count=10000`,
  absent: [],
  reading(_status, body, stream) {
    const answer = json(body);
    if (!Array.isArray(answer.streams))
      throw new UnreadableAnswer(`the answer has no streams list (code ${String(answer.code).slice(0, 8)})`);
    const found = (answer.streams as unknown[]).map(object).find((s) => s?.app === stream.app && s?.name === stream.name);
    if (!found) return NOBODY;
    const kbps = count(object(found.kbps)?.recv_30s);
    return {
      publishing: object(found.publish)?.active === true,
      bytes: count(found.recv_bytes),
      ...(kbps !== undefined ? { bitsPerSecond: kbps * 1000 } : {}),
    };
  },
};

const nodeMediaServer: DestinationApi = {
  accept: JSON_ACCEPT,
  urlIs: API_BASE,
  exampleUrl: 'http://127.0.0.1:8000',
  loginUsers: 'a user of its auth.jwt.users',
  url: (apiUrl, { stream }) => `${base(apiUrl)}/api/v1/streams/${encodeURIComponent(stream.app)}/${encodeURIComponent(stream.name)}`,
  absent: [404],
  login: {
    request: (apiUrl, user, password) => ({
      url: `${base(apiUrl)}/api/v1/login`,
      contentType: 'application/json',
      body: JSON.stringify({ username: user, password }),
    }),
    token: (answer) => object(answer.data)?.token,
  },
  reading(status, body) {
    if (status === 404) return NOBODY;
    const data = object(json(body).data);
    if (!data) throw new UnreadableAnswer('the answer has no data');
    const publisher = object(data.publisher);
    return publisher ? { publishing: true, bytes: count(publisher.inBytes) } : NOBODY;
  },
};

/** The base of a managed service's API, confirm-url's scheme and host in place of its own. */
const origin = (apiUrl: string) => new URL(apiUrl).origin;

const mux: DestinationApi = {
  accept: JSON_ACCEPT,
  urlIs: "Mux's API (https://api.mux.com; a stand-in's scheme and host)",
  exampleUrl: 'https://api.mux.com',
  url: (apiUrl, { id }) => `${origin(apiUrl)}/video/v1/live-streams/${encodeURIComponent(id!)}`,
  absent: [],
  headers: (c) => ({ authorization: `Basic ${Buffer.from(`${c.MUX_TOKEN_ID}:${c.MUX_TOKEN_SECRET}`).toString('base64')}` }),
  service: { defaultUrl: 'https://api.mux.com', idIs: "the live stream's ID", variables: ['MUX_TOKEN_ID', 'MUX_TOKEN_SECRET'] },
  reading(_status, body) {
    const status = object(json(body).data)?.status;
    if (status === 'active') return { publishing: true, receiving: true };
    if (status === 'disconnected') throw new UnreadableAnswer("the encoder is disconnected, within Mux's reconnect window: not judged yet");
    if (status === 'idle' || status === 'disabled') return NOBODY;
    throw new UnreadableAnswer('the answer has no data.status');
  },
};

const cloudflare: DestinationApi = {
  accept: JSON_ACCEPT,
  urlIs: "Cloudflare's API (https://api.cloudflare.com; a stand-in's scheme and host)",
  exampleUrl: 'https://api.cloudflare.com',
  url: (apiUrl, { id, credentials }) =>
    `${origin(apiUrl)}/client/v4/accounts/${encodeURIComponent(credentials.CLOUDFLARE_ACCOUNT_ID!)}/stream/live_inputs/${encodeURIComponent(id!)}`,
  absent: [],
  headers: (c) => ({ authorization: `Bearer ${c.CLOUDFLARE_API_TOKEN}` }),
  service: {
    defaultUrl: 'https://api.cloudflare.com',
    idIs: "the live input's UID",
    variables: ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_ACCOUNT_ID'],
  },
  reading(_status, body) {
    const answer = json(body);
    const result = object(answer.result);
    if (answer.success !== true || !result) throw new UnreadableAnswer('the answer is not a successful live input');
    const state =
      typeof result.status === 'string' || result.status === null ? result.status : object(object(result.status)?.current)?.state;
    if (state === 'connected' || state === 'reconnected') return { publishing: true, receiving: true };
    if (state === 'reconnecting') throw new UnreadableAnswer('the input is reconnecting: not judged yet');
    return NOBODY;
  },
};

const twitch: DestinationApi = {
  accept: JSON_ACCEPT,
  urlIs: "Twitch's API (https://api.twitch.tv; a stand-in's scheme and host)",
  exampleUrl: 'https://api.twitch.tv',
  url: (apiUrl, { id }) => `${origin(apiUrl)}/helix/streams?user_login=${encodeURIComponent(id!)}`,
  absent: [],
  login: {
    request: (_apiUrl, _user, _password, c) => ({
      url: c.TWITCH_OAUTH_TOKEN_URL ?? 'https://id.twitch.tv/oauth2/token',
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({
        client_id: c.TWITCH_CLIENT_ID!,
        client_secret: c.TWITCH_CLIENT_SECRET!,
        grant_type: 'client_credentials',
      }).toString(),
    }),
    token: (answer) => answer.access_token,
  },
  headers: (c, token) => ({ 'client-id': c.TWITCH_CLIENT_ID!, ...(token ? { authorization: `Bearer ${token}` } : {}) }),
  service: {
    defaultUrl: 'https://api.twitch.tv',
    idIs: "the channel's login name",
    variables: ['TWITCH_CLIENT_ID', 'TWITCH_CLIENT_SECRET'],
    optionalVariables: ['TWITCH_OAUTH_TOKEN_URL'],
  },
  reading(_status, body) {
    const data = json(body).data;
    if (!Array.isArray(data)) throw new UnreadableAnswer('the answer has no data list');
    return data.map(object).some((s) => s?.type === 'live') ? { publishing: true, receiving: true } : NOBODY;
  },
};

/** arn:aws:ivs:REGION:ACCOUNT:channel/ID: the region, or undefined when it is no channel ARN. */
const ivsRegion = (arn: string) => /^arn:aws[a-z-]*:ivs:([a-z0-9-]+):\d{12}:channel\/[A-Za-z0-9]+$/.exec(arn)?.[1];

const ivs: DestinationApi = {
  accept: JSON_ACCEPT,
  urlIs: "AWS IVS's API (https://ivs.REGION.amazonaws.com; a stand-in's scheme and host)",
  exampleUrl: 'https://ivs.us-west-2.amazonaws.com',
  url: (apiUrl) => `${origin(apiUrl)}/GetStream`,
  absent: [404],
  read: ({ id }) => ({ method: 'POST', contentType: 'application/json', body: JSON.stringify({ channelArn: id }) }),
  headers: (c, _token, signing) =>
    signing
      ? signSigV4(
          signing,
          {
            accessKeyId: c.AWS_ACCESS_KEY_ID!,
            secretAccessKey: c.AWS_SECRET_ACCESS_KEY!,
            ...(c.AWS_SESSION_TOKEN ? { sessionToken: c.AWS_SESSION_TOKEN } : {}),
          },
          // The ID was checked to be a channel ARN before anything was sent (idProblem).
          ivsRegion(signing.target.id!)!,
          'ivs',
          signing.now,
        )
      : {},
  service: {
    defaultUrl: (id) => `https://ivs.${ivsRegion(id)}.amazonaws.com`,
    idProblem: (id) => (ivsRegion(id) ? undefined : 'is not a channel ARN (arn:aws:ivs:REGION:ACCOUNT:channel/ID)'),
    idIs: "the channel's ARN",
    variables: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
    optionalVariables: ['AWS_SESSION_TOKEN'],
  },
  reading(status, body, _stream, headers) {
    if (status === 404) {
      const type = String(headers['x-amzn-errortype'] ?? '');
      if (type.startsWith('ChannelNotBroadcasting')) return NOBODY;
      throw new UnreadableAnswer(`no such channel (${type.split(':')[0]!.slice(0, 60) || 'HTTP 404'})`);
    }
    const stream = object(json(body).stream);
    if (stream?.state !== 'LIVE') return NOBODY;
    if (stream.health === 'HEALTHY') return { publishing: true, receiving: true };
    return stream.health === 'STARVING' ? { publishing: true, receiving: false } : { publishing: true };
  },
};

/** A page of liveStreams.list, its items, and the next page's token. */
function streamsPage(body: string): { items: Record<string, unknown>[]; next?: string } {
  const answer = json(body);
  if (!Array.isArray(answer.items)) throw new UnreadableAnswer('the answer has no items list');
  const next = typeof answer.nextPageToken === 'string' && answer.nextPageToken.length <= 256 ? answer.nextPageToken : undefined;
  return { items: answer.items.filter(isPlainObject), ...(next ? { next } : {}) };
}

const youtube: DestinationApi = {
  accept: JSON_ACCEPT,
  urlIs: "YouTube's API (https://www.googleapis.com; a stand-in's scheme and host)",
  exampleUrl: YOUTUBE_API_URL,
  url: (apiUrl, { id }) => `${origin(apiUrl)}/youtube/v3/liveStreams?part=status,cdn&id=${encodeURIComponent(id!)}`,
  absent: [],
  units: YOUTUBE_UNITS.list,
  batch: {
    max: 50,
    url: (apiUrl, ids) => `${origin(apiUrl)}/youtube/v3/liveStreams?part=status,cdn&id=${ids.map(encodeURIComponent).join(',')}`,
    only: (body, id) => JSON.stringify({ items: streamsPage(body).items.filter((item) => item.id === id) }),
  },
  find: {
    url: (apiUrl, pageToken) =>
      `${origin(apiUrl)}/youtube/v3/liveStreams?part=id,cdn&mine=true&maxResults=50${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`,
    match(body, key) {
      const page = streamsPage(body);
      const found = page.items.find((item) => ingestion(item)?.name === key);
      if (found && typeof found.id === 'string') return { id: found.id };
      return page.next ? { next: page.next } : {};
    },
  },
  login: {
    request: (_apiUrl, _user, _password, c) => refreshTokenRequest(c),
    token: (answer) => answer.access_token,
    refused: (body) => (googleError(body).reason === 'invalid_grant' ? RELOGIN_HINT : undefined),
  },
  refusal(status, body) {
    const { reason, message } = googleError(body);
    if (status !== 403 || !reason) return undefined;
    if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded')
      return { problem: "YouTube's daily quota is used up (quotaExceeded)", quota: true };
    return { problem: `YouTube refused the read: ${reason}${message ? ` (${message})` : ''}` };
  },
  service: {
    defaultUrl: YOUTUBE_API_URL,
    idIs: "the live stream's ID",
    foundBy: 'the stream key (the stream whose ingestion name it is)',
    variables: YOUTUBE_VARIABLES,
    optionalVariables: YOUTUBE_OPTIONAL_VARIABLES,
  },
  reading(_status, body) {
    const [stream] = streamsPage(body).items;
    if (!stream) throw new UnreadableAnswer('YouTube lists no live stream with that ID');
    return streamReading(stream);
  },
};

export const DESTINATION_APIS: Readonly<Record<DestinationKind, DestinationApi>> = {
  'nginx-rtmp': nginxRtmp,
  mediamtx,
  srs,
  'node-media-server': nodeMediaServer,
  mux,
  cloudflare,
  twitch,
  ivs,
  youtube,
};
