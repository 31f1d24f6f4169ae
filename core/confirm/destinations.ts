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
 */
import { isPlainObject, parseJsonObject } from '../http/json.js';
import type { DestinationKind } from './ladder.js';
import { statStreams } from './nginx-stat.js';
import type { DestinationStream } from './stream-name.js';

export interface Reading {
  publishing: boolean;
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

/** Everything about one kind of destination, in one entry: a new kind is one more entry. */
interface DestinationApi {
  /** What its answers are. */
  accept: string;
  /** What confirm-url names for it, and an example. */
  urlIs: string;
  exampleUrl: string;
  url(apiUrl: string, stream: DestinationStream): string;
  /** `status` is 200 or, where the API says "no such stream" with it, 404. */
  reading(status: number, body: string, stream: DestinationStream): Reading;
  /** Statuses that mean "nobody publishes on this name" rather than a wrong URL. */
  absent: readonly number[];
  /** What a reader sends first to be let in (Node-Media-Server's login), and whose user it takes. */
  login?: (apiUrl: string) => string;
  loginUsers?: string;
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
  url: (apiUrl, stream) => `${base(apiUrl)}/v3/paths/get/${[stream.app, stream.name].map(encodeURIComponent).join('/')}`,
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
  url: (apiUrl, stream) => `${base(apiUrl)}/api/v1/streams/${encodeURIComponent(stream.app)}/${encodeURIComponent(stream.name)}`,
  absent: [404],
  login: (apiUrl) => `${base(apiUrl)}/api/v1/login`,
  reading(status, body) {
    if (status === 404) return NOBODY;
    const data = object(json(body).data);
    if (!data) throw new UnreadableAnswer('the answer has no data');
    const publisher = object(data.publisher);
    return publisher ? { publishing: true, bytes: count(publisher.inBytes) } : NOBODY;
  },
};

export const DESTINATION_APIS: Readonly<Record<DestinationKind, DestinationApi>> = {
  'nginx-rtmp': nginxRtmp,
  mediamtx,
  srs,
  'node-media-server': nodeMediaServer,
};
