/**
 * A stateful stand-in for Zoom on 127.0.0.1: the six live stream endpoints and the OAuth token
 * endpoint, with Zoom's validation and error bodies, a request log, and fault injection. This file
 * is the HTTP server and its request log; each job has its module: credentials.ts, oauth.ts,
 * zoom-api.ts, webhook-deliveries.ts, faults.ts, rate-limit.ts, host-controls.ts, streams.ts, and
 * publisher.ts, which pushes real RTMP to the stream URL while a stream is live.
 * For tests, `npm start` and the benchmarks; no part of any bundle.
 */
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { defaultFaultMessage, FaultBook, type FaultRule } from './faults.js';
import { control } from './host-controls.js';
import { TokenIssuer } from './oauth.js';
import { PerSecondLimit } from './rate-limit.js';
import { bodyObject, listenOnLoopback, parseBody, zoomError, type RecordedRequest, type Reply } from './requests.js';
import { defaultStreams, type StreamRecord } from './streams.js';
import { Timers } from './timers.js';
import { EventSockets } from './event-socket.js';
import { EventSubscriptions, ZOOM_RETRY_DELAYS_MS, type Delivery } from './webhook-deliveries.js';
import { ZoomApi } from './zoom-api.js';
import { Publishers, publishUrl } from './publisher.js';
import type { SandboxClient } from './credentials.js';

export { SANDBOX_CLIENT, SANDBOX_TOKEN, NARROW_CLIENT, sandboxPort, type SandboxClient } from './credentials.js';
export type { Fault, FaultRule } from './faults.js';
export { PortTakenError, type RecordedRequest } from './requests.js';
export { ZOOM_RETRY_DELAYS_MS, type Delivery, type Subscription } from './webhook-deliveries.js';

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
  /**
   * Publish real RTMP while a stream is live, as Zoom does (publisher.ts): the ffmpeg to run. Unset:
   * nothing is published (most tests need no video).
   */
  ffmpeg?: string;
}

export class Sandbox {
  readonly requests: RecordedRequest[] = [];
  /** Requests that reached the token endpoint, faulted or not. */
  tokenRequests = 0;
  /** Requests to the API, counted even when they are not recorded. */
  apiRequestCount = 0;
  readonly streams = new Map<string, StreamRecord>();
  origin = '';
  /** Requests whose answer is done with (sent, or its connection gone): tests wait for this. */
  closed = 0;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Timers();
  private readonly faults = new FaultBook();
  private readonly limit: PerSecondLimit;
  private readonly tokens: TokenIssuer;
  private readonly events: EventSubscriptions;
  /** Zoom's WebSocket event delivery (/ws): tests see its connections. */
  readonly eventSockets: EventSockets;
  private readonly api: ZoomApi;
  private server!: http.Server;
  private readonly now: () => number;
  private readonly publishers?: Publishers;

  constructor(private readonly options: SandboxOptions = {}) {
    this.now = options.now ?? Date.now;
    for (const s of options.streams ?? defaultStreams()) this.streams.set(`${s.kind}:${s.id}`, s);
    this.limit = new PerSecondLimit(options);
    this.tokens = new TokenIssuer(options, this.now, () => this.origin);
    this.eventSockets = new EventSockets((token) => this.tokens.scopesOf(token) !== undefined, options.log);
    this.events = new EventSubscriptions(this.now, this.timers, options.log, (body) => this.eventSockets.deliver(body));
    if (options.ffmpeg) this.publishers = new Publishers({ ffmpeg: options.ffmpeg, log: options.log }, this.timers);
    this.api = new ZoomApi(this.streams, this.tokens, this.events, this.now, (record) => this.publish(record));
  }

  /** Publishes while the stream is live and its meeting runs (with an ffmpeg to publish with). */
  private publish(record: StreamRecord): void {
    const on = record.live && record.running && record.stream_url !== '';
    this.publishers?.want(`${record.kind}:${record.id}`, on ? publishUrl(record.stream_url, record.stream_key) : undefined);
  }

  /**
   * The host's client cannot reach the destination (true: nothing is published, or the publisher
   * goes away), or can again (false). Zoom still answers the start: only the destination can tell.
   */
  hostClientBlocked(kind: 'meeting' | 'webinar', id: string, blocked: boolean): StreamRecord {
    const record = this.existing(kind, id);
    this.publishers?.block(`${kind}:${id}`, blocked);
    this.options.log?.(`host client ${blocked ? 'cannot reach' : 'reaches'} the destination of ${kind} ${id}`);
    return record;
  }

  /** Whether the sandbox publishes the stream now. */
  isPublishing(kind: 'meeting' | 'webinar', id: string): boolean {
    return this.publishers?.isPublishing(`${kind}:${id}`) ?? false;
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

  /** 429s answered for the per-account rate limit. */
  get rateLimited(): number {
    return this.limit.rateLimited;
  }

  /** Every delivery attempt to a subscription, in order. */
  get deliveries(): Delivery[] {
    return this.events.deliveries;
  }

  stream(kind: 'meeting' | 'webinar', id: string): StreamRecord | undefined {
    return this.streams.get(`${kind}:${id}`);
  }

  inject(rule: FaultRule): void {
    this.faults.inject(rule);
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
      this.events.emit(`${kind}.started`, record);
    };
    // A later start replaces one still to come; /end calls it off.
    if (afterMs <= 0) begin();
    else this.timers.later(afterMs, begin, `start ${kind}:${id}`);
    return record;
  }

  /** The host ends it: its stream stops with it, and start answers "has not started" again. */
  hostEnds(kind: 'meeting' | 'webinar', id: string): StreamRecord {
    const record = this.existing(kind, id);
    this.timers.cancel(`start ${kind}:${id}`);
    const wasLive = record.live;
    Object.assign(record, { running: false, live: false });
    this.publish(record);
    this.options.log?.(`host ended ${kind} ${id}`);
    if (wasLive && kind === 'meeting') this.events.emit('meeting.live_streaming_stopped', record);
    this.events.emit(`${kind}.ended`, record);
    record.startedAt = undefined;
    return record;
  }

  /**
   * Adds an event subscription after Zoom's URL validation: a signed `endpoint.url_validation`
   * whose answer must carry the hex HMAC-SHA256 of the plain token. Resolves false (and subscribes
   * nothing) when the endpoint does not answer it right.
   */
  subscribe(url: string, secretToken: string, retryDelaysMs: number[] = ZOOM_RETRY_DELAYS_MS): Promise<boolean> {
    return this.events.subscribe(url, secretToken, retryDelaysMs);
  }

  /** Resolves when every delivery started so far has been answered or has failed (retries aside). */
  deliveriesSettled(): Promise<void> {
    return this.events.settled();
  }

  private existing(kind: 'meeting' | 'webinar', id: string): StreamRecord {
    const record = this.stream(kind, id);
    if (!record) throw new Error(`the sandbox has no ${kind} ${id}`);
    return record;
  }

  /** Every issued token stops working (as if an hour had passed). */
  expireTokens(): void {
    this.tokens.expire();
  }

  async listen(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket) => this.eventSockets.upgrade(req, socket));
    this.server.keepAliveTimeout = 5_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.origin = await listenOnLoopback(this.server, this.options.port ?? 0);
    return this;
  }

  /** ws://127.0.0.1:PORT/ws: Zoom's WebSocket event endpoint (wss://ws.zoom.us/ws). */
  get wsUrl(): string {
    return `${this.origin.replace(/^http/, 'ws')}/ws`;
  }

  async close(): Promise<void> {
    this.eventSockets.close();
    this.timers.clear();
    await this.publishers?.close();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
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
      const reply = await control(req, url, recorded, this);
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
      return;
    }
    const fault = this.faults.take(url.pathname);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') {
      await this.timers.sleep(fault.ms);
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
      reply = this.tokens.token(req, recorded, url);
    } else {
      reply = this.limit.check() ?? this.api.handle(req, recorded, url);
    }
    if (fault?.kind === 'lose-answer') {
      req.socket.destroy();
      return;
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
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return new Sandbox(options).listen();
}
