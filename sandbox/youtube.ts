/**
 * A stand-in for YouTube's live streaming API and Google's OAuth on 127.0.0.1, in the documented
 * shapes: liveStreams (list, insert), liveBroadcasts (list, insert, bind, transition), the token
 * endpoint (refresh-token and device-code grants), the device-code endpoint, Google's error body
 * `{error:{code,message,errors:[{domain,reason}]}}`, and a daily quota in units (list 1, the rest 50).
 * A stream's state follows real RTMP: its ingestion address is a real RTMP server, and it is
 * `active` only while that server says bytes arrive on its stream name (`receivedBytes`). A
 * broadcast moves ready -> liveStarting -> live -> complete as Google's does, with its errors
 * (errorStreamInactive, redundantTransition, invalidTransition).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { listenOnLoopback } from './requests.js';

export const YOUTUBE_CLIENT = {
  id: 'yt-client-1.apps.googleusercontent.com',
  secret: 'yt-client-SECRET-1',
  refreshToken: 'yt-refresh-TOKEN-1',
};

export interface YouTubeStandInOptions {
  /** Where streams ingest: a real RTMP server's application URL (rtmp://127.0.0.1:PORT/live2). */
  ingestionAddress: string;
  /** The bytes the RTMP server has received on a stream name so far, or undefined when nobody publishes. */
  receivedBytes(streamName: string): Promise<number | undefined>;
  /** Units a day before quotaExceeded (YouTube's default 10,000). */
  dailyUnits?: number;
  /** Reads of a broadcast in liveStarting before it is live (Google takes a few seconds). */
  liveStartingReads?: number;
  /**
   * Transitions to live refused as errorStreamInactive although bytes arrive: Google's stream status
   * lags the ingest by a few seconds, so a transition right after the first video is often too early.
   */
  refuseFirstTransitions?: number;
  /** The user at Google's device page: answers after this many polls (pending until then; the first one slow_down when asked). */
  device?: { pendingPolls: number; answer: 'approve' | 'deny'; slowDown?: boolean };
}

interface LiveStream {
  id: string;
  title: string;
  streamName: string;
  /** The last byte count seen, and when it last grew. */
  bytes?: number;
  grewAt?: number;
  wasActive: boolean;
  /** What YouTube says of the video while active, when a test says it (default good). */
  health?: { status: 'good' | 'ok' | 'bad'; issues?: string[] };
}

interface Broadcast {
  id: string;
  title: string;
  scheduledStartTime: string;
  privacy: string;
  lifeCycleStatus: 'created' | 'ready' | 'liveStarting' | 'live' | 'complete';
  boundStreamId?: string;
  startingReads: number;
}

export interface YouTubeStandIn {
  /** The API's base (confirm-url) and Google's OAuth endpoints. */
  url: string;
  tokenUrl: string;
  deviceUrl: string;
  streams: Map<string, LiveStream>;
  broadcasts: Map<string, Broadcast>;
  /** Units spent today, by every call (a refused call too). */
  units: number;
  /** Refresh tokens Google honours; one removed is answered invalid_grant (expired or revoked). */
  refreshTokens: Set<string>;
  /** Access tokens issued and still honoured. */
  accessTokens: Set<string>;
  /** Polls of the token endpoint with a device code. */
  devicePolls: number;
  /** Every call: method, path and query, and the status answered. */
  calls: { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

/** A stream is active while bytes arrived within this long (a read every second or two sees them grow). */
const ACTIVE_WINDOW_MS = 4_000;

const googleError = (code: number, reason: string, message: string, domain = 'youtube.liveBroadcast') => ({
  error: { code, message, errors: [{ domain, reason, message }] },
});

/** The transitions' refusals, as Google words them. */
const REFUSED = {
  redundantTransition: googleError(
    403,
    'redundantTransition',
    'The live broadcast is already in the requested status or processing to the requested status.',
  ),
  invalidTransition: googleError(
    403,
    'invalidTransition',
    'The live broadcast can not transition from its current status to the requested status.',
  ),
  errorStreamInactive: googleError(
    403,
    'errorStreamInactive',
    'The requested transition is not allowed when the stream that is bound to the broadcast is inactive.',
  ),
};

export async function startYouTubeStandIn(options: YouTubeStandInOptions): Promise<YouTubeStandIn> {
  const streams = new Map<string, LiveStream>();
  const broadcasts = new Map<string, Broadcast>();
  const refreshTokens = new Set([YOUTUBE_CLIENT.refreshToken]);
  const accessTokens = new Set<string>();
  const devices = new Map<string, 'pending' | 'approved' | 'denied'>();
  const calls: YouTubeStandIn['calls'] = [];
  const daily = options.dailyUnits ?? 10_000;
  let sequence = 0;
  let refusedTransitions = 0;
  const nextId = (prefix: string) => `${prefix}${(++sequence).toString().padStart(4, '0')}${randomBytes(4).toString('hex')}`;

  /** Whether bytes arrive on the stream's name at the RTMP server now. */
  async function active(stream: LiveStream): Promise<boolean> {
    const bytes = await options.receivedBytes(stream.streamName);
    const now = Date.now();
    if (bytes === undefined) {
      stream.bytes = undefined;
      return false;
    }
    if (stream.bytes === undefined || bytes > stream.bytes) stream.grewAt = now;
    stream.bytes = bytes;
    return bytes > 0 && stream.grewAt !== undefined && now - stream.grewAt <= ACTIVE_WINDOW_MS;
  }

  async function streamResource(stream: LiveStream) {
    const on = await active(stream);
    if (on) stream.wasActive = true;
    return {
      kind: 'youtube#liveStream',
      id: stream.id,
      snippet: { title: stream.title },
      cdn: {
        ingestionType: 'rtmp',
        resolution: 'variable',
        frameRate: 'variable',
        ingestionInfo: { ingestionAddress: options.ingestionAddress, streamName: stream.streamName },
      },
      status: {
        streamStatus: on ? 'active' : stream.wasActive ? 'inactive' : 'ready',
        healthStatus: {
          status: on ? (stream.health?.status ?? 'good') : 'noData',
          configurationIssues: on
            ? (stream.health?.issues ?? []).map((reason) => ({
                type: reason,
                severity: 'error',
                reason,
                description: `The stream has ${reason}.`,
              }))
            : [],
        },
      },
    };
  }

  function broadcastResource(b: Broadcast) {
    // Google moves liveStarting on to live by itself, a few seconds after the transition.
    if (b.lifeCycleStatus === 'liveStarting' && ++b.startingReads > (options.liveStartingReads ?? 1)) b.lifeCycleStatus = 'live';
    return {
      kind: 'youtube#liveBroadcast',
      id: b.id,
      snippet: { title: b.title, scheduledStartTime: b.scheduledStartTime },
      status: { lifeCycleStatus: b.lifeCycleStatus, privacyStatus: b.privacy },
      contentDetails: { ...(b.boundStreamId ? { boundStreamId: b.boundStreamId } : {}), enableAutoStart: false, enableAutoStop: false },
    };
  }

  type Answer = [number, unknown];

  function oauth(path: string, form: URLSearchParams): Answer {
    const client = form.get('client_id') === YOUTUBE_CLIENT.id;
    if (path === '/device/code') {
      if (!client) return [401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' }];
      const code = nextId('device-');
      devices.set(code, 'pending');
      return [
        200,
        { device_code: code, user_code: 'ABCD-EFGH', verification_url: 'https://www.google.com/device', expires_in: 1800, interval: 1 },
      ];
    }
    if (!client || form.get('client_secret') !== YOUTUBE_CLIENT.secret)
      return [401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' }];
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') {
      if (!refreshTokens.has(form.get('refresh_token') ?? ''))
        return [400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }];
    } else if (grant === 'urn:ietf:params:oauth:grant-type:device_code') {
      const polls = ++standIn.devicePolls;
      const user = options.device ?? { pendingPolls: 0, answer: 'approve' };
      if (devices.has(form.get('device_code') ?? '') && polls > user.pendingPolls)
        devices.set(form.get('device_code')!, user.answer === 'approve' ? 'approved' : 'denied');
      if (user.slowDown && polls === 1) return [428, { error: 'slow_down', error_description: 'Forbidden' }];
      const state = devices.get(form.get('device_code') ?? '');
      if (state === undefined) return [400, { error: 'expired_token' }];
      if (state === 'pending') return [428, { error: 'authorization_pending', error_description: 'Precondition Required' }];
      if (state === 'denied') return [403, { error: 'access_denied', error_description: 'Forbidden' }];
      devices.delete(form.get('device_code')!);
      const refresh = nextId('yt-refresh-');
      refreshTokens.add(refresh);
      const access = nextId('ya29.');
      accessTokens.add(access);
      return [
        200,
        {
          access_token: access,
          refresh_token: refresh,
          expires_in: 3599,
          token_type: 'Bearer',
          scope: 'https://www.googleapis.com/auth/youtube',
        },
      ];
    } else return [400, { error: 'unsupported_grant_type' }];
    const access = nextId('ya29.');
    accessTokens.add(access);
    return [200, { access_token: access, expires_in: 3599, token_type: 'Bearer', scope: 'https://www.googleapis.com/auth/youtube' }];
  }

  async function api(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): Promise<Answer> {
    const list = method === 'GET';
    standIn.units += list ? 1 : 50;
    if (standIn.units > daily)
      return [
        403,
        googleError(403, 'quotaExceeded', 'The request cannot be completed because you have exceeded your quota.', 'youtube.quota'),
      ];
    if (path === '/youtube/v3/liveStreams' && list) {
      const ids = query.get('id')?.split(',');
      const all = [...streams.values()];
      if (ids)
        return [
          200,
          { kind: 'youtube#liveStreamListResponse', items: await Promise.all(all.filter((s) => ids.includes(s.id)).map(streamResource)) },
        ];
      if (query.get('mine') !== 'true') return [400, googleError(400, 'incompatibleParameters', 'Give id or mine.', 'youtube.parameter')];
      // Pages of maxResults (default 5, at most 50), as Google pages them.
      const size = Math.min(Number(query.get('maxResults') ?? 5) || 5, 50);
      const start = Number(query.get('pageToken')?.replace('page-', '') ?? 0) || 0;
      const page = all.slice(start, start + size);
      return [
        200,
        {
          kind: 'youtube#liveStreamListResponse',
          items: await Promise.all(page.map(streamResource)),
          ...(start + size < all.length ? { nextPageToken: `page-${start + size}` } : {}),
          pageInfo: { totalResults: all.length, resultsPerPage: size },
        },
      ];
    }
    if (path === '/youtube/v3/liveStreams') {
      const snippet = (body.snippet ?? {}) as { title?: unknown };
      if (typeof snippet.title !== 'string' || !snippet.title)
        return [400, googleError(400, 'titleRequired', 'The live stream must have a title.', 'youtube.liveStream')];
      const stream: LiveStream = {
        id: nextId('yt-stream-'),
        title: snippet.title,
        streamName: `${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}`,
        wasActive: false,
      };
      streams.set(stream.id, stream);
      return [200, await streamResource(stream)];
    }
    if (path === '/youtube/v3/liveBroadcasts' && list) {
      const ids = query.get('id')?.split(',');
      const status = query.get('broadcastStatus');
      const chosen = [...broadcasts.values()].filter((b) =>
        ids
          ? ids.includes(b.id)
          : status === 'active'
            ? b.lifeCycleStatus === 'live' || b.lifeCycleStatus === 'liveStarting'
            : status === 'all',
      );
      return [200, { kind: 'youtube#liveBroadcastListResponse', items: chosen.map(broadcastResource) }];
    }
    if (path === '/youtube/v3/liveBroadcasts') {
      const snippet = (body.snippet ?? {}) as { title?: unknown; scheduledStartTime?: unknown };
      const status = (body.status ?? {}) as { privacyStatus?: unknown };
      if (typeof snippet.title !== 'string' || !snippet.title || typeof snippet.scheduledStartTime !== 'string')
        return [
          400,
          googleError(400, 'invalidValue', 'snippet.title and snippet.scheduledStartTime are required.', 'youtube.liveBroadcast'),
        ];
      const broadcast: Broadcast = {
        id: nextId('yt-bc-'),
        title: snippet.title,
        scheduledStartTime: snippet.scheduledStartTime,
        privacy: typeof status.privacyStatus === 'string' ? status.privacyStatus : 'private',
        lifeCycleStatus: 'created',
        startingReads: 0,
      };
      broadcasts.set(broadcast.id, broadcast);
      return [200, broadcastResource(broadcast)];
    }
    const broadcast = broadcasts.get(query.get('id') ?? '');
    if (path.startsWith('/youtube/v3/liveBroadcasts/') && !broadcast)
      return [404, googleError(404, 'liveBroadcastNotFound', 'Broadcast not found')];
    if (path === '/youtube/v3/liveBroadcasts/bind') {
      const stream = streams.get(query.get('streamId') ?? '');
      if (!stream) return [404, googleError(404, 'liveStreamNotFound', 'Stream not found')];
      if (broadcast!.lifeCycleStatus !== 'created' && broadcast!.lifeCycleStatus !== 'ready')
        return [
          403,
          googleError(
            403,
            'liveBroadcastBindingNotAllowed',
            'The current status of the live broadcast does not allow it to be bound to a stream.',
          ),
        ];
      broadcast!.boundStreamId = stream.id;
      broadcast!.lifeCycleStatus = 'ready';
      return [200, broadcastResource(broadcast!)];
    }
    if (path === '/youtube/v3/liveBroadcasts/transition') {
      const b = broadcast!;
      const to = query.get('broadcastStatus');
      if (to === 'live') {
        if (b.lifeCycleStatus === 'live' || b.lifeCycleStatus === 'liveStarting') return [403, REFUSED.redundantTransition];
        const stream = b.boundStreamId ? streams.get(b.boundStreamId) : undefined;
        if (b.lifeCycleStatus !== 'ready') return [403, REFUSED.invalidTransition];
        if (!stream || !(await active(stream)) || refusedTransitions++ < (options.refuseFirstTransitions ?? 0))
          return [403, REFUSED.errorStreamInactive];
        b.lifeCycleStatus = 'liveStarting';
        return [200, broadcastResource(b)];
      }
      if (to === 'complete') {
        if (b.lifeCycleStatus === 'complete') return [403, REFUSED.redundantTransition];
        if (b.lifeCycleStatus !== 'live' && b.lifeCycleStatus !== 'liveStarting') return [403, REFUSED.invalidTransition];
        b.lifeCycleStatus = 'complete';
        return [200, broadcastResource(b)];
      }
      return [400, googleError(400, 'invalidValue', 'broadcastStatus must be testing, live or complete.', 'youtube.parameter')];
    }
    return [404, googleError(404, 'notFound', 'Not Found', 'global')];
  }

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const method = req.method ?? 'GET';
      const answered = (async (): Promise<Answer> => {
        if (url.pathname === '/token' || url.pathname === '/device/code') {
          if (method !== 'POST') return [405, { error: 'invalid_request' }];
          return oauth(url.pathname, new URLSearchParams(raw));
        }
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!token || !accessTokens.has(token))
          return [401, googleError(401, 'authError', 'Request had invalid authentication credentials.', 'global')];
        let body: Record<string, unknown>;
        try {
          body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        } catch {
          return [400, googleError(400, 'parseError', 'Parse Error', 'global')];
        }
        return api(method, url.pathname, url.searchParams, body);
      })();
      void answered.then(
        ([status, json]) => {
          calls.push({ method, path: `${url.pathname}${url.search}`, status });
          res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(json));
        },
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    });
  });
  const origin = await listenOnLoopback(server, 0);
  const standIn: YouTubeStandIn = {
    url: origin,
    tokenUrl: `${origin}/token`,
    deviceUrl: `${origin}/device/code`,
    streams,
    broadcasts,
    units: 0,
    refreshTokens,
    accessTokens,
    devicePolls: 0,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return standIn;
}
