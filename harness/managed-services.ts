/**
 * Stand-ins of the managed services' documented reads, on one loopback server, for the tests: Mux's
 * `GET /video/v1/live-streams/{id}` (basic auth), Cloudflare's `GET
 * /client/v4/accounts/{account}/stream/live_inputs/{uid}` (a bearer token, its envelope), Twitch's
 * client-credentials token and `GET /helix/streams?user_login=` (app token and Client-Id), AWS IVS's
 * `POST /GetStream` (its Signature Version 4 recomputed from what arrived and compared), each
 * checking the credential as the service does and answering with its own error shapes. What each
 * says about a stream is the test's to set (`state`), or follows real RTMP (`follow`): the service
 * receives while the ingest's byte count for the stream grows, as a service's own ingest would see it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signSigV4 } from '../core/confirm/sigv4.js';

export const MUX = { id: 'mux-token-id-1', secret: 'mux-token-SECRET-1' };
export const CLOUDFLARE = { token: 'cf-api-TOKEN-1', account: 'cf-account-1' };
export const TWITCH = { id: 'twitch-client-1', secret: 'twitch-client-SECRET-1' };
export const AWS = { accessKeyId: 'AKIASTANDIN0001', secretAccessKey: 'aws-SECRET-access-key-1' };

export interface ManagedServices {
  url: string;
  /** Each stream's state by its ID: Mux's status, Cloudflare's status (string or {current:{state}}), Twitch's `live` or `offline`. */
  state: Map<string, unknown>;
  /** Twitch app tokens issued, and whether they are still honoured. */
  twitchTokens: Map<string, boolean>;
  /** Twitch revokes each app token after this many reads (unset: never). */
  revokeTwitchTokensAfter?: number;
  /** Every request: method, path, and whether its credential was accepted. */
  requests: { method: string; path: string; accepted: boolean }[];
  /** The stream with this ID is live while `bytes(name)` grows (a real RTMP server's count for it); each kind says it its own way. */
  follow(id: string, name: string, bytes: (name: string) => Promise<number | undefined>): void;
  close(): Promise<void>;
}

/** What each service says of a stream that receives, and of one that does not. */
const LIVE_WORDS: Record<'mux' | 'cloudflare' | 'twitch' | 'ivs', [unknown, unknown]> = {
  mux: ['active', 'idle'],
  cloudflare: ['connected', null],
  twitch: ['live', 'offline'],
  ivs: ['HEALTHY', 'offline'],
};

/** Bytes arrived within this long: receiving (the ingest's count grows with every chunk). */
const GREW_WITHIN_MS = 3_000;

export async function startManagedServices(): Promise<ManagedServices> {
  const state = new Map<string, unknown>();
  const twitchTokens = new Map<string, boolean>();
  const twitchReads = new Map<string, number>();
  const requests: ManagedServices['requests'] = [];
  const followed = new Map<
    string,
    { name: string; bytes: (name: string) => Promise<number | undefined>; last?: number; grewAt?: number }
  >();
  /** A followed stream's state now, in `kind`'s words, written into `state` before the answer is made. */
  const observe = async (id: string, kind: keyof typeof LIVE_WORDS) => {
    const f = followed.get(id);
    if (!f) return;
    const bytes = await f.bytes(f.name);
    if (bytes !== undefined && (f.last === undefined || bytes > f.last)) f.grewAt = Date.now();
    f.last = bytes;
    const live = bytes !== undefined && f.grewAt !== undefined && Date.now() - f.grewAt <= GREW_WITHIN_MS;
    state.set(id, LIVE_WORDS[kind][live ? 0 : 1]);
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => void answerRequest(req, res, body));
  });
  const answerRequest = async (req: http.IncomingMessage, res: http.ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const answer = (status: number, json: unknown, accepted = status !== 401) => {
      requests.push({ method: req.method ?? '', path: url.pathname, accepted });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    const mux = /^\/video\/v1\/live-streams\/([^/]+)$/.exec(url.pathname);
    if (mux) {
      if (req.headers.authorization !== `Basic ${Buffer.from(`${MUX.id}:${MUX.secret}`).toString('base64')}`)
        return answer(401, { error: { type: 'unauthorized', messages: ['Unauthorized request'] } });
      await observe(decodeURIComponent(mux[1]!), 'mux');
      const status = state.get(decodeURIComponent(mux[1]!));
      if (status === undefined) return answer(404, { error: { type: 'not_found', messages: ['The requested resource was not found'] } });
      return answer(200, { data: { id: mux[1], status, stream_key: 'never-shown', reconnect_window: 60 } });
    }
    const cloudflare = /^\/client\/v4\/accounts\/([^/]+)\/stream\/live_inputs\/([^/]+)$/.exec(url.pathname);
    if (cloudflare) {
      if (req.headers.authorization !== `Bearer ${CLOUDFLARE.token}` || cloudflare[1] !== CLOUDFLARE.account)
        return answer(401, { success: false, errors: [{ code: 10000, message: 'Authentication error' }], messages: [], result: null });
      await observe(decodeURIComponent(cloudflare[2]!), 'cloudflare');
      const status = state.get(decodeURIComponent(cloudflare[2]!));
      if (status === undefined)
        return answer(404, { success: false, errors: [{ code: 10003, message: 'Not found' }], messages: [], result: null });
      return answer(200, { success: true, errors: [], messages: [], result: { uid: cloudflare[2], status } });
    }
    if (url.pathname === '/oauth2/token' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (
        form.get('client_id') !== TWITCH.id ||
        form.get('client_secret') !== TWITCH.secret ||
        form.get('grant_type') !== 'client_credentials'
      )
        return answer(403, { status: 403, message: 'invalid client secret' }, false);
      const token = `twitch-app-token-${twitchTokens.size + 1}`;
      twitchTokens.set(token, true);
      return answer(200, { access_token: token, expires_in: 5_000_000, token_type: 'bearer' });
    }
    if (url.pathname === '/GetStream' && req.method === 'POST') {
      const date = String(req.headers['x-amz-date'] ?? '');
      const at = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
      const arn = String((JSON.parse(body || '{}') as { channelArn?: unknown }).channelArn ?? '');
      const region = /^arn:aws:ivs:([a-z0-9-]+):/.exec(arn)?.[1] ?? '';
      const expected = Number.isFinite(at)
        ? signSigV4(
            {
              method: 'POST',
              url: `http://${req.headers.host}${url.pathname}`,
              headers: { 'content-type': String(req.headers['content-type']) },
              body,
            },
            AWS,
            region,
            'ivs',
            at,
          ).authorization
        : undefined;
      if (!expected || req.headers.authorization !== expected) {
        requests.push({ method: 'POST', path: url.pathname, accepted: false });
        res
          .writeHead(403, {
            'content-type': 'application/json',
            'x-amzn-errortype': 'InvalidSignatureException:http://internal.amazon.com/coral/',
          })
          .end(JSON.stringify({ message: 'The request signature we calculated does not match the signature you provided.' }));
        return;
      }
      await observe(arn, 'ivs');
      const stream = state.get(arn);
      if (stream === undefined || stream === 'offline') {
        requests.push({ method: 'POST', path: url.pathname, accepted: true });
        res
          .writeHead(404, {
            'content-type': 'application/json',
            'x-amzn-errortype': `${stream ? 'ChannelNotBroadcasting' : 'ResourceNotFoundException'}:http://internal.amazon.com/coral/`,
          })
          .end(JSON.stringify({ exceptionMessage: stream ? 'Channel is not broadcasting' : 'Channel not found' }));
        return;
      }
      return answer(200, { stream: { channelArn: arn, state: 'LIVE', health: stream, streamId: 'st-1', viewerCount: 2 } });
    }
    if (url.pathname === '/helix/streams') {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !twitchTokens.get(token) || req.headers['client-id'] !== TWITCH.id)
        return answer(401, { error: 'Unauthorized', status: 401, message: 'Invalid OAuth token' });
      const reads = (twitchReads.get(token) ?? 0) + 1;
      twitchReads.set(token, reads);
      if (services.revokeTwitchTokensAfter !== undefined && reads >= services.revokeTwitchTokensAfter) twitchTokens.set(token, false);
      const login = url.searchParams.get('user_login') ?? '';
      await observe(login, 'twitch');
      const live = state.get(login) === 'live';
      return answer(200, { data: live ? [{ user_login: login, type: 'live', viewer_count: 3 }] : [], pagination: {} });
    }
    answer(404, { error: 'no such path' });
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const services: ManagedServices = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    twitchTokens,
    requests,
    follow: (id, name, bytes) => void followed.set(id, { name, bytes }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return services;
}
