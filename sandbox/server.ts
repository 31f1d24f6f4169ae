/**
 * A stateful stand-in for Zoom on 127.0.0.1: the six live stream endpoints and the OAuth token
 * endpoint, with Zoom's validation and error bodies, a request log, and fault injection.
 * For tests, `npm start` and the benchmarks; no part of any bundle.
 */
import { randomBytes } from 'node:crypto';
import { signDelivery, urlValidationAnswer } from '../core/webhooks.js';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { defaultStreams, ERROR_IDS, USERS, type StreamRecord } from './state.js';

export interface SandboxClient {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

/** Built-in credentials that work against the sandbox (and nowhere else). */
export const SANDBOX_CLIENT: SandboxClient = {
  accountId: 'sandbox-account',
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret-0123456789',
};
export const SANDBOX_TOKEN = 'sandbox-static-access-token-0123456789';

/** An app with the live stream scopes only: the pre-flight check cannot read the meeting or its host. */
export const NARROW_CLIENT: SandboxClient = {
  accountId: 'sandbox-account',
  clientId: 'sandbox-narrow-client-id',
  clientSecret: 'sandbox-narrow-client-secret-0123',
};

const LIVE_STREAM_SCOPES = ['meeting', 'webinar'].flatMap((k) => [
  `${k}:update:livestream:admin`,
  `${k}:update:livestream_status:admin`,
  `${k}:read:livestream:admin`,
]);
/** What the sandbox's own app may do: the live stream and the check's reads. */
const FULL_SCOPES = [...LIVE_STREAM_SCOPES, 'meeting:read:meeting:admin', 'webinar:read:webinar:admin', 'user:read:settings:admin'];

/**
 * Where `npm run sandbox` and `npm run node-red` put the sandbox: a fixed port, so that commands,
 * saved flows and workflow runs pointed at it keep working between runs. ZOOM_SANDBOX_PORT moves it.
 */
export function sandboxPort(env: NodeJS.ProcessEnv = process.env): number {
  const port = Number(env.ZOOM_SANDBOX_PORT ?? 8910);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`ZOOM_SANDBOX_PORT must be a port number, got ${env.ZOOM_SANDBOX_PORT}`);
  return port;
}

export type Fault =
  | {
      kind: 'status';
      status: number;
      retryAfter?: string;
      /** A string where a proxy or a broken gateway answers in Zoom's shape with text of its own. */
      code?: number | string;
      message?: string;
      errors?: { field: string; message: string }[];
      headers?: Record<string, string>;
    }
  | { kind: 'html'; status: number }
  | { kind: 'drop' }
  | { kind: 'delay'; ms: number }
  | { kind: 'expire-token' };

export interface FaultRule {
  fault: Fault;
  /** Which requests: the token endpoint, the API, or every request (default api). */
  on?: 'token' | 'api' | 'any';
  /** A substring of the path (e.g. "/status"); any when unset. */
  path?: string;
  /** How many matching requests it applies to (default 1). */
  times?: number;
}

/** An event subscription, as a Zoom app has one: an endpoint URL and the app's secret token. */
export interface Subscription {
  url: string;
  secretToken: string;
  /** Zoom's waits before retrying a delivery that got no 200/204 in 3 s (about +5, +20, +60 min). */
  retryDelaysMs: number[];
}

/** One attempt to deliver an event, as the sandbox's log of them keeps it. */
export interface Delivery {
  event: string;
  url: string;
  attempt: number;
  /** The endpoint's HTTP status, or 0 when it did not answer in 3 s. */
  status: number;
  at: number;
  ms: number;
}

export const ZOOM_RETRY_DELAYS_MS = [5 * 60_000, 20 * 60_000, 60 * 60_000];

/** The port asked for is in use: said in one line, for the scripts to print without a stack. */
export class PortTakenError extends Error {}

const quoteOrigin = (origin: string) => JSON.stringify(origin.slice(0, 100));

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  contentType: string;
  raw: string;
  /** Parsed body: JSON, form-urlencoded or multipart; multipart fields keep their order. */
  fields?: [string, string][];
  json?: unknown;
  at: number;
}

export interface SandboxOptions {
  port?: number;
  clients?: SandboxClient[];
  accessTokens?: string[];
  tokenTtlSeconds?: number;
  streams?: StreamRecord[];
  now?: () => number;
  /** Keep every request in `requests` (default true); load tests turn it off and read `counts`. */
  recordRequests?: boolean;
  /**
   * Zoom's per-account limit on the API (Light: 30/s on Pro): past it in any one second, 429 with
   * Zoom's X-RateLimit-* headers and no Retry-After, as Zoom answers a per-second limit. Unset: none.
   */
  rateLimitPerSecond?: number;
  /** Told of each answered request (method, path, status, action): never bodies, which hold keys. */
  log?: (line: string) => void;
}

/** `rawJson`, when set, is sent instead of serialising `body` (ids as JSON numbers of any size). */
type Reply = { status: number; body?: unknown; headers?: Record<string, string>; rawJson?: string };

const zoomError = (status: number, code: number | string, message: string, extra: object = {}): Reply => ({
  status,
  body: { code, message, ...extra },
});

export class Sandbox {
  readonly requests: RecordedRequest[] = [];
  /** Requests that reached the token endpoint, faulted or not. */
  tokenRequests = 0;
  /** Requests to the API, counted even when they are not recorded. */
  apiRequestCount = 0;
  /** 429s answered for the per-account rate limit. */
  rateLimited = 0;
  private readonly recentApi: number[] = [];
  readonly streams = new Map<string, StreamRecord>();
  private faults: (FaultRule & { left: number })[] = [];
  private readonly issued = new Map<string, { expiresAt: number; scopes: string[] }>();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server!: http.Server;
  private readonly now: () => number;
  private readonly subscriptions: Subscription[] = [];
  /** Every delivery attempt to a subscription, in order. */
  readonly deliveries: Delivery[] = [];
  private readonly inFlightDeliveries = new Set<Promise<void>>();
  origin = '';
  /** Requests whose answer is done with (sent, or its connection gone): tests wait for this. */
  closed = 0;

  constructor(private readonly options: SandboxOptions = {}) {
    this.now = options.now ?? Date.now;
    for (const s of options.streams ?? defaultStreams()) this.streams.set(`${s.kind}:${s.id}`, s);
  }

  /** The API base to give a client (`apiBaseUrl`). */
  get apiBaseUrl(): string {
    return `${this.origin}/v2`;
  }

  get oauthTokenUrl(): string {
    return `${this.origin}/oauth/token`;
  }

  /** Requests to the API (not the token endpoint). */
  get apiRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith('/v2/'));
  }

  stream(kind: 'meeting' | 'webinar', id: string): StreamRecord | undefined {
    return this.streams.get(`${kind}:${id}`);
  }

  inject(rule: FaultRule): void {
    this.faults.push({ ...rule, left: rule.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /**
   * The host starts the meeting or webinar, now or after `afterMs` (real time, like a person): calls
   * before then get Zoom's "has not started". Starting one already running changes nothing.
   */
  hostStarts(kind: 'meeting' | 'webinar', id: string, afterMs = 0): StreamRecord {
    const record = this.existing(kind, id);
    const begin = () => {
      if (record.running) return;
      record.running = true;
      record.startedAt = this.now();
      record.liveAt = undefined;
      this.options.log?.(`host started ${kind} ${id}`);
      this.emit(`${kind}.started`, record);
    };
    if (afterMs <= 0) begin();
    else {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        begin();
      }, afterMs);
      this.timers.add(timer);
    }
    return record;
  }

  /** The host ends it: its stream stops with it, and start answers "has not started" again. */
  hostEnds(kind: 'meeting' | 'webinar', id: string): StreamRecord {
    const record = this.existing(kind, id);
    const wasLive = record.live;
    Object.assign(record, { running: false, live: false });
    this.options.log?.(`host ended ${kind} ${id}`);
    if (wasLive && kind === 'meeting') this.emit('meeting.live_streaming_stopped', record);
    this.emit(`${kind}.ended`, record);
    record.startedAt = undefined;
    return record;
  }

  /**
   * Adds an event subscription after Zoom's URL validation: a signed `endpoint.url_validation`
   * whose answer must carry the hex HMAC-SHA256 of the plain token. Resolves false (and subscribes
   * nothing) when the endpoint does not answer it right.
   */
  async subscribe(url: string, secretToken: string, retryDelaysMs: number[] = ZOOM_RETRY_DELAYS_MS): Promise<boolean> {
    const plainToken = randomBytes(16).toString('base64url');
    const body = JSON.stringify({ payload: { plainToken }, event_ts: this.now(), event: 'endpoint.url_validation' });
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signDelivery(body, secretToken, this.now()) },
        body,
        signal: AbortSignal.timeout(3_000),
      });
      const answer = (await response.json()) as { plainToken?: string; encryptedToken?: string };
      const expected = urlValidationAnswer(plainToken, secretToken);
      if (response.status !== 200 || answer.plainToken !== plainToken || answer.encryptedToken !== expected.encryptedToken) return false;
    } catch {
      return false;
    }
    this.subscriptions.push({ url, secretToken, retryDelaysMs });
    this.options.log?.(`event subscription validated: ${url}`);
    return true;
  }

  /** Resolves when every delivery started so far has been answered or has failed (retries aside). */
  async deliveriesSettled(): Promise<void> {
    while (this.inFlightDeliveries.size) await Promise.all([...this.inFlightDeliveries]);
  }

  /** Zoom's event body for a meeting or webinar; its id a JSON number of any length, as Zoom sends it. */
  private eventBody(event: string, record: StreamRecord): string {
    const object: Record<string, unknown> = {
      id: '__ID__',
      uuid: Buffer.from(`${record.kind}:${record.id}`).toString('base64'),
      host_id: 'sandbox-host',
      topic: record.topic ?? `Sandbox ${record.kind} ${record.id}`,
      type: record.kind === 'webinar' ? 5 : 2,
      start_time: new Date(record.startedAt ?? this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      duration: 60,
      timezone: 'UTC',
    };
    if (event.endsWith('.ended')) object.end_time = new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (event.startsWith('meeting.live_streaming_')) {
      Object.assign(object, {
        operator: 'host@example.com',
        operator_id: 'sandbox-host',
        live_streaming: {
          service: 'Custom_Live_Streaming_Service',
          // Zoom sends the stream key in the payload: the node must mask it.
          custom_live_streaming_settings: {
            stream_url: record.stream_url,
            stream_key: record.stream_key,
            page_url: record.page_url,
            resolution: record.resolution ?? '720p',
          },
          date_time: new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        },
      });
    }
    const body = { event, event_ts: this.now(), payload: { account_id: SANDBOX_CLIENT.accountId, object } };
    return JSON.stringify(body).replace('"__ID__"', record.id);
  }

  private emit(event: string, record: StreamRecord): void {
    if (!this.subscriptions.length) return;
    const body = this.eventBody(event, record);
    for (const subscription of this.subscriptions) this.deliver(subscription, event, body, 1);
  }

  /** One signed POST; without a 200/204 within 3 s, another after Zoom's next retry delay. */
  private deliver(subscription: Subscription, event: string, body: string, attempt: number): void {
    const at = this.now();
    const started = performance.now();
    const attemptDone = fetch(subscription.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signDelivery(body, subscription.secretToken, this.now()) },
      body,
      signal: AbortSignal.timeout(3_000),
    })
      .then(async (response) => {
        await response.arrayBuffer().catch(() => undefined);
        return response.status;
      })
      .catch(() => 0)
      .then((status) => {
        this.deliveries.push({ event, url: subscription.url, attempt, status, at, ms: performance.now() - started });
        this.options.log?.(`delivered ${event} to ${subscription.url} -> ${status || 'no answer'}`);
        const wait = subscription.retryDelaysMs[attempt - 1];
        if (status === 200 || status === 204 || wait === undefined) return;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.deliver(subscription, event, body, attempt + 1);
        }, wait);
        this.timers.add(timer);
      });
    this.inFlightDeliveries.add(attemptDone);
    void attemptDone.finally(() => this.inFlightDeliveries.delete(attemptDone));
  }

  private existing(kind: 'meeting' | 'webinar', id: string): StreamRecord {
    const record = this.stream(kind, id);
    if (!record) throw new Error(`the sandbox has no ${kind} ${id}`);
    return record;
  }

  /** Every issued token stops working (as if an hour had passed). */
  expireTokens(): void {
    this.issued.clear();
  }

  async listen(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    const port = this.options.port ?? 0;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new PortTakenError(`port ${port} on 127.0.0.1 is taken (another sandbox?): choose another with ZOOM_SANDBOX_PORT=...`)
            : error,
        ),
      );
      this.server.listen(port, '127.0.0.1', resolve);
    });
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private takeFault(path: string): Fault | undefined {
    const isToken = path.startsWith('/oauth/');
    const rule = this.faults.find(
      (f) => f.left > 0 && (f.on === 'any' || (f.on === 'token') === isToken) && (!f.path || path.includes(f.path)),
    );
    if (!rule) return undefined;
    rule.left--;
    this.faults = this.faults.filter((f) => f.left > 0);
    return rule.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.once('close', () => this.closed++);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const contentType = String(req.headers['content-type'] ?? '');
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname + url.search,
      headers: req.headers,
      contentType,
      raw,
      at: this.now(),
    };
    if (this.options.recordRequests !== false) this.requests.push(recorded);
    if (url.pathname.startsWith('/v2/')) this.apiRequestCount++;
    if (url.pathname === '/oauth/token') this.tokenRequests++;
    await parseBody(recorded);

    // The host's controls are not Zoom: no faults, no tracking id.
    if (url.pathname.startsWith('/sandbox/')) {
      const reply = await this.control(req, url, recorded);
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
      return;
    }
    const fault = this.takeFault(url.pathname);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, fault.ms);
        this.timers.add(timer);
      });
      if (res.destroyed) return;
    }
    if (fault?.kind === 'expire-token') this.expireTokens();
    let reply: Reply;
    if (fault?.kind === 'status') {
      reply = zoomError(fault.status, fault.code ?? fault.status, fault.message ?? defaultFaultMessage(fault.status), {
        ...(fault.errors ? { errors: fault.errors } : {}),
      });
      reply.headers = { ...fault.headers, ...(fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}) };
    } else if (fault?.kind === 'html') {
      res.writeHead(fault.status, { 'content-type': 'text/html' });
      res.end(`<html><body><h1>${fault.status} Bad Gateway</h1></body></html>`);
      return;
    } else if (url.pathname === '/oauth/token') {
      reply = this.token(req, recorded, url);
    } else {
      reply = this.overLimit() ?? this.api(req, recorded, url);
    }
    const headers: Record<string, string> = { 'x-zm-trackingid': `sbx_${randomBytes(6).toString('hex')}`, ...reply.headers };
    const action = (bodyObject(recorded) ?? {}).action;
    this.options.log?.(`${recorded.method} ${url.pathname}${typeof action === 'string' ? ` (${action})` : ''} -> ${reply.status}`);
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
    } else {
      res
        .writeHead(reply.status, { ...headers, 'content-type': 'application/json;charset=UTF-8' })
        .end(reply.rawJson ?? JSON.stringify(reply.body));
    }
  }

  /** The per-second limit, over the last 1,000 ms of API requests (real time, like Zoom's). */
  private overLimit(): Reply | undefined {
    const limit = this.options.rateLimitPerSecond;
    if (!limit) return undefined;
    const now = performance.now();
    while (this.recentApi.length && now - this.recentApi[0]! >= 1_000) this.recentApi.shift();
    if (this.recentApi.length >= limit) {
      this.rateLimited++;
      const reply = zoomError(429, 429, 'You have reached the maximum per-second rate limit for this API. Try again later.');
      reply.headers = {
        'x-ratelimit-category': 'Light',
        'x-ratelimit-type': 'QPS',
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': '0',
      };
      return reply;
    }
    this.recentApi.push(now);
    return undefined;
  }

  private token(req: IncomingMessage, recorded: RecordedRequest, url: URL): Reply {
    if (req.method !== 'POST') return { status: 405, body: { reason: 'Method not allowed', error: 'invalid_request' } };
    if (url.search) return { status: 400, body: { reason: 'Parameters belong in the form body', error: 'invalid_request' } };
    const auth = String(req.headers.authorization ?? '');
    const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : '';
    const clients = this.options.clients ?? [SANDBOX_CLIENT, NARROW_CLIENT];
    const client = clients.find((c) => decoded === `${c.clientId}:${c.clientSecret}`);
    if (!client) return { status: 400, body: { reason: 'Invalid client_id or client_secret', error: 'invalid_client' } };
    const form = new Map(recorded.fields);
    if (!recorded.contentType.startsWith('application/x-www-form-urlencoded') || form.get('grant_type') !== 'account_credentials') {
      return { status: 400, body: { reason: 'Unsupported grant type', error: 'unsupported_grant_type' } };
    }
    if (form.get('account_id') !== client.accountId)
      return { status: 400, body: { reason: 'Invalid account_id', error: 'invalid_request' } };
    const ttl = this.options.tokenTtlSeconds ?? 3599;
    const token = `sbx_at_${randomBytes(16).toString('hex')}`;
    const scopes = client.clientId === NARROW_CLIENT.clientId ? LIVE_STREAM_SCOPES : FULL_SCOPES;
    this.issued.set(token, { expiresAt: this.now() + ttl * 1000, scopes });
    return {
      status: 200,
      body: { access_token: token, token_type: 'bearer', expires_in: ttl, scope: scopes.join(' '), api_url: this.origin },
    };
  }

  /**
   * The host's side, for demos and tests: POST /sandbox/{meetings|webinars}/{id}/start[?after=N]
   * (seconds) and POST /sandbox/{meetings|webinars}/{id}/end; and the app's: POST /sandbox/webhooks
   * {url, secretToken} subscribes an endpoint after URL validation. Loopback only, like the sandbox.
   */
  private async control(req: IncomingMessage, url: URL, recorded: RecordedRequest): Promise<Reply> {
    // A web page cannot make a browser send these: a foreign Origin is refused, and a POST must be
    // JSON, which a cross-site form cannot send without the Origin that CORS would announce.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== this.origin) {
      return {
        status: 403,
        body: { error: `requests from ${quoteOrigin(origin)} are refused: the sandbox takes its controls from local tools only` },
      };
    }
    if (req.method === 'POST' && !/^application\/json\b/i.test(recorded.contentType)) {
      return { status: 415, body: { error: "send the controls as JSON: curl -X POST -H 'content-type: application/json' ..." } };
    }
    if (url.pathname === '/sandbox/webhooks') {
      if (req.method !== 'POST') return { status: 405, body: { error: 'use POST' } };
      const body = bodyObject(recorded);
      if (typeof body?.url !== 'string' || typeof body.secretToken !== 'string') {
        return { status: 400, body: { error: 'POST {"url": "...", "secretToken": "..."}' } };
      }
      const validated = await this.subscribe(body.url, body.secretToken);
      return { status: validated ? 200 : 502, body: { url: body.url, validated } };
    }
    const match = /^\/sandbox\/(meetings|webinars)\/(\d{1,19})\/(start|end)$/.exec(url.pathname);
    if (!match) return { status: 404, body: { error: 'POST /sandbox/{meetings|webinars}/{id}/start?after=SECONDS or .../end' } };
    if (req.method !== 'POST') return { status: 405, body: { error: 'use POST' } };
    const kind = match[1] === 'webinars' ? 'webinar' : 'meeting';
    const id = match[2]!;
    if (!this.stream(kind, id)) return { status: 404, body: { error: `no ${kind} ${id} in the sandbox` } };
    const after = Number(url.searchParams.get('after') ?? 0);
    if (!Number.isFinite(after) || after < 0 || after > 86_400) return { status: 400, body: { error: 'after: seconds from 0 to 86400' } };
    const record = match[3] === 'start' ? this.hostStarts(kind, id, after * 1000) : this.hostEnds(kind, id);
    return {
      status: 200,
      body: { kind, id, running: record.running, ...(match[3] === 'start' && after ? { startsInSeconds: after } : {}) },
    };
  }

  /** The scopes of the request's token, or undefined when it is not a valid token. */
  private tokenScopes(req: IncomingMessage): string[] | undefined {
    const auth = String(req.headers.authorization ?? '');
    if (!auth.startsWith('Bearer ')) return undefined;
    const token = auth.slice(7);
    // A static token stands for a classic app with every scope.
    if ((this.options.accessTokens ?? [SANDBOX_TOKEN]).includes(token)) return FULL_SCOPES;
    const issued = this.issued.get(token);
    return issued && this.now() < issued.expiresAt ? issued.scopes : undefined;
  }

  private tokenValid(req: IncomingMessage): boolean {
    return this.tokenScopes(req) !== undefined;
  }

  /** Zoom's answer to a token without the scope a read needs: 400, code 4711. */
  private missingScope(req: IncomingMessage, scope: string): Reply | undefined {
    if (this.tokenScopes(req)!.includes(scope)) return undefined;
    return zoomError(400, 4711, `Invalid access token, does not contain scopes:[${scope}].`);
  }

  private api(req: IncomingMessage, recorded: RecordedRequest, url: URL): Reply {
    const user = /^\/v2\/users\/([^/]+)\/settings$/.exec(url.pathname);
    if (user && req.method === 'GET') return this.userSettings(req, decodeURIComponent(user[1]!));
    const read = /^\/v2\/(meetings|webinars)\/([^/]+)$/.exec(url.pathname);
    if (read && req.method === 'GET')
      return this.details(req, read[1] === 'webinars' ? 'webinar' : 'meeting', decodeURIComponent(read[2]!));
    const match = /^\/v2\/(meetings|webinars)\/([^/]*)\/livestream(\/status)?$/.exec(url.pathname);
    if (!match) return zoomError(404, 404, 'Not found.');
    if (!this.tokenValid(req)) return zoomError(401, 124, 'Invalid access token.');
    const kind = match[1] === 'webinars' ? 'webinar' : 'meeting';
    const Kind = kind === 'webinar' ? 'Webinar' : 'Meeting';
    const id = decodeURIComponent(match[2]!);
    if (!/^\d{1,19}$/.test(id)) return zoomError(400, 300, `Invalid ${kind} ID.`);
    const planted = ERROR_IDS[id];
    if (planted) return zoomError(planted.status, planted.code, planted.message);
    const stream = this.stream(kind, id);
    if (!stream) return zoomError(kind === 'webinar' ? 400 : 404, 3001, `${Kind} does not exist: ${id}.`);
    const isStatus = Boolean(match[3]);
    if (req.method === 'GET' && !isStatus) {
      const body: Record<string, unknown> = { stream_url: stream.stream_url, stream_key: stream.stream_key, page_url: stream.page_url };
      if (stream.resolution) body.resolution = stream.resolution;
      return { status: 200, body };
    }
    if (req.method !== 'PATCH') return zoomError(405, 405, 'Method not allowed.');
    const body = bodyObject(recorded);
    if (!body) return zoomError(400, 300, 'Request Body should be a valid JSON object.');
    return isStatus ? this.status(stream, body, Kind) : this.update(stream, body);
  }

  /**
   * GET /meetings/{id} (with `status`: waiting or started) and GET /webinars/{id} (without), the
   * fields Zoom's reference lists. The id is written as a JSON number with all its digits, as Zoom
   * does, which JSON.parse would round past 2^53: readers must take care.
   */
  private details(req: IncomingMessage, kind: 'meeting' | 'webinar', id: string): Reply {
    if (!this.tokenValid(req)) return zoomError(401, 124, 'Invalid access token.');
    const refused = this.missingScope(req, `${kind}:read:${kind}:admin`);
    if (refused) return refused;
    if (!/^\d{1,19}$/.test(id)) return zoomError(400, 300, `Invalid ${kind} ID.`);
    const stream = this.stream(kind, id);
    if (!stream) return zoomError(404, 3001, `${kind === 'webinar' ? 'Webinar' : 'Meeting'} does not exist: ${id}.`);
    const body: Record<string, unknown> = {
      uuid: Buffer.from(`${kind}:${id}`).toString('base64'),
      id: 0,
      host_id: stream.hostId ?? 'sandbox-host',
      topic: stream.topic ?? `Sandbox ${kind} ${id}`,
      type: kind === 'webinar' ? 5 : 2,
      start_time: new Date(stream.startedAt ?? this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      settings: { encryption_type: stream.encryption ?? 'enhanced_encryption' },
    };
    if (kind === 'meeting') body.status = stream.running ? 'started' : 'waiting';
    return { status: 200, body, rawJson: JSON.stringify(body).replace('"id":0', `"id":${id}`) };
  }

  /** GET /users/{userId}/settings: the in_meeting fields the pre-flight check reads. */
  private userSettings(req: IncomingMessage, userId: string): Reply {
    if (!this.tokenValid(req)) return zoomError(401, 124, 'Invalid access token.');
    const refused = this.missingScope(req, 'user:read:settings:admin');
    if (refused) return refused;
    const settings = USERS[userId];
    return settings ? { status: 200, body: settings } : zoomError(404, 1001, `User does not exist: ${userId}.`);
  }

  private update(stream: StreamRecord, body: Record<string, unknown>): Reply {
    const errors: { field: string; message: string }[] = [];
    const limits: [string, number][] = [
      ['stream_url', 1024],
      ['stream_key', 512],
      ['page_url', 1024],
    ];
    for (const [field, max] of limits) {
      const value = body[field];
      if (typeof value !== 'string' || value === '') errors.push({ field, message: `${field} is required.` });
      else if (value.length > max) errors.push({ field, message: `${field} must be at most ${max} characters.` });
    }
    if (typeof body.page_url === 'string' && body.page_url && !/^https?:\/\/\S+$/.test(body.page_url)) {
      errors.push({ field: 'page_url', message: 'Invalid field.' });
    }
    if (body.resolution !== undefined && !['720p', '1080p'].includes(String(body.resolution))) {
      errors.push({ field: 'resolution', message: "Invalid field. Allowed: '720p', '1080p'." });
    }
    if (errors.length) return zoomError(400, 300, 'Validation Failed.', { errors });
    Object.assign(stream, { stream_url: body.stream_url, stream_key: body.stream_key, page_url: body.page_url, configured: true });
    if (body.resolution !== undefined) stream.resolution = String(body.resolution);
    return { status: 204 };
  }

  private status(stream: StreamRecord, body: Record<string, unknown>, Kind: string): Reply {
    const actions = stream.kind === 'webinar' ? ['start', 'stop'] : ['start', 'stop', 'mode'];
    if (typeof body.action !== 'string' || !actions.includes(body.action)) {
      return zoomError(400, 300, 'Validation Failed.', {
        errors: [{ field: 'action', message: `Invalid field. Allowed: ${actions.map((a) => `'${a}'`).join(', ')}.` }],
      });
    }
    let settings: Record<string, unknown> | undefined;
    if (body.settings !== undefined) {
      settings = typeof body.settings === 'object' && body.settings !== null ? (body.settings as Record<string, unknown>) : undefined;
      const error = settings ? settingsError(settings, stream.kind, body.action) : 'settings must be an object.';
      if (error) return zoomError(400, 300, 'Validation Failed.', { errors: [{ field: 'settings', message: error }] });
    }
    if (!stream.running) {
      return stream.kind === 'webinar'
        ? zoomError(400, 200, `Webinar ${stream.id} has not started.`)
        : zoomError(400, 4927, `Meeting ${stream.id} has not started.`);
    }
    if (!stream.configured) return zoomError(400, 3000, `${Kind} is not configured with a custom streaming service.`);
    if (stream.encryption === 'e2ee') return zoomError(400, 4400, 'End-to-end encrypted meetings do not support live streaming.');
    const host = USERS[stream.hostId ?? 'sandbox-host']?.in_meeting;
    if (host?.allow_live_streaming === false) return zoomError(400, 200, 'Custom live streaming is not enabled for this user.');
    if (body.action === 'mode') {
      if (!stream.live) return zoomError(400, 300, 'The live stream is not running.');
      Object.assign(stream.settings, settings);
      return { status: 204 };
    }
    if (settings && stream.live) {
      return zoomError(400, 300, 'The live stream settings can only be updated while the stream is stopped.');
    }
    if (settings) Object.assign(stream.settings, settings);
    const wasLive = stream.live;
    if (body.action === 'start' && !stream.live) stream.liveAt = this.now();
    stream.live = body.action === 'start';
    // Zoom sends live streaming events for meetings only (no webinar.live_streaming_* is documented).
    if (stream.kind === 'meeting' && wasLive !== stream.live) {
      this.emit(stream.live ? 'meeting.live_streaming_started' : 'meeting.live_streaming_stopped', stream);
    }
    return { status: 204 };
  }
}

function defaultFaultMessage(status: number): string {
  return status === 429 ? 'You have reached the maximum per-second rate limit for this API. Try again later.' : 'Internal server error.';
}

/** Zoom's 2026 reference: names with start; layout (meetings) and close_caption with start or mode; none with stop. */
function settingsError(settings: Record<string, unknown>, kind: 'meeting' | 'webinar', action: string): string | undefined {
  const view = kind === 'webinar' ? ['close_caption'] : ['layout', 'close_caption'];
  const allowed = action === 'start' ? ['active_speaker_name', 'display_name', ...view] : action === 'mode' ? view : [];
  const unknown = Object.keys(settings).find((k) => !allowed.includes(k));
  if (unknown) return `Unknown field for ${action}: ${unknown}.`;
  if (settings.active_speaker_name !== undefined && typeof settings.active_speaker_name !== 'boolean')
    return 'active_speaker_name must be a boolean.';
  const name = settings.display_name;
  if (name !== undefined && (typeof name !== 'string' || name.length < 1 || name.length > 50))
    return 'display_name must be 1-50 characters.';
  if (settings.layout !== undefined && !['follow_host', 'gallery_view', 'speaker_view'].includes(String(settings.layout)))
    return 'Invalid layout.';
  if (settings.close_caption !== undefined && !['burnt-in', 'embedded', 'off'].includes(String(settings.close_caption)))
    return 'Invalid close_caption.';
  return undefined;
}

/** JSON as it is; a form's fields as text, with `settings` read back from its JSON text. */
function bodyObject(recorded: RecordedRequest): Record<string, unknown> | undefined {
  if (recorded.json !== undefined) {
    const j = recorded.json;
    return typeof j === 'object' && j !== null && !Array.isArray(j) ? (j as Record<string, unknown>) : undefined;
  }
  if (!recorded.fields) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of recorded.fields) {
    if (key === 'settings') {
      try {
        out[key] = JSON.parse(value);
      } catch {
        out[key] = value;
      }
    } else {
      out[key] = value;
    }
  }
  return out;
}

async function parseBody(recorded: RecordedRequest): Promise<void> {
  const type = recorded.contentType.split(';')[0]!.trim();
  if (!recorded.raw) return;
  if (type === 'application/json') {
    try {
      recorded.json = JSON.parse(recorded.raw);
    } catch {
      recorded.json = null;
    }
  } else if (type === 'application/x-www-form-urlencoded') {
    recorded.fields = [...new URLSearchParams(recorded.raw)];
  } else if (type === 'multipart/form-data') {
    try {
      const form = await new Response(recorded.raw, { headers: { 'content-type': recorded.contentType } }).formData();
      recorded.fields = [...form.entries()].map(([k, v]) => [k, String(v)]);
    } catch {
      recorded.fields = [];
    }
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return new Sandbox(options).listen();
}
