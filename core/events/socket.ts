/**
 * Zoom's events over a WebSocket, for processes with no public HTTPS endpoint (a runner, a pod, a
 * home behind NAT): `wss://ws.zoom.us/ws?subscriptionId=ID&access_token=TOKEN` with the app's
 * Server-to-Server OAuth token. Zoom's protocol (../shared/docs/zoom-api.md, "WebSockets"):
 * `build_connection` first; a heartbeat every 30 s; events as `{"module":"message","content":"<the
 * webhook's JSON>"}`; an expired token told with `success: false` and "Token is invalid" (older
 * servers: "Invalid Token"), after which the client reconnects with a new token. Events that happen
 * while no connection is open are lost: `onConnected` after every (re)connect lets the caller read
 * the state by REST. Node's own WebSocket (Node >= 22); the URL, which holds the token, is never
 * shown.
 */
import type { Clock } from '../http/clock.js';
import { isPlainObject } from '../http/json.js';
import { quote } from '../text.js';
import { parseEvent, type ZoomEvent } from './events.js';

export const ZOOM_EVENTS_WS_URL = 'wss://ws.zoom.us/ws';
const HEARTBEAT_MS = 30_000;
/** Nothing from Zoom this long (two heartbeats' answers missed): the connection is dead. */
const SILENCE_MS = 75_000;
const FIRST_RETRY_MS = 3_000;
const MAX_RETRY_MS = 60_000;
/** A frame larger than this is not Zoom's: the connection is dropped. */
const MAX_FRAME_CHARS = 1024 * 1024;

type SocketLike = {
  addEventListener(type: string, listener: (event: { data?: unknown; code?: number }) => void): void;
  send(text: string): void;
  close(): void;
};
export type SocketConstructor = new (url: string) => SocketLike;

export interface EventSocketOptions {
  url: string;
  subscriptionId: string;
  /** A token for the connection (fetched or cached by the client). */
  token: (signal: AbortSignal) => Promise<string>;
  /** Zoom said the token is no longer valid: the next one must be new. */
  tokenRefused: (token: string) => void;
  clock: Clock;
  onEvent: (event: ZoomEvent) => void;
  /** After every (re)connect: events of the time without a connection are lost. */
  onConnected: () => void;
  /** After a connection ends (or could not be made), with why and when the next try is. */
  onDown?: (why: string, retryMs: number) => void;
  log: (line: string) => void;
  /** Node's WebSocket unless given (tests, other runtimes). */
  WebSocket?: SocketConstructor;
}

/** A subscription ID as Zoom shows them: letters, digits, `-` and `_` (the editor checks with it too). */
export const SUBSCRIPTION_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** What is wrong with a subscription ID, or undefined. */
export function subscriptionIdProblem(id: string): string | undefined {
  if (!id.trim()) return "is missing: the app's Event Subscriptions page shows the subscription's ID";
  if (!SUBSCRIPTION_ID.test(id.trim()))
    return `${quote(id)} is not a subscription ID (letters, digits, - and _, as the app's Event Subscriptions page shows it)`;
  return undefined;
}

/** What is wrong with a WebSocket base URL (ws:// or wss://, no query: the product adds it), or undefined. */
export function eventsUrlProblem(url: string): string | undefined {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url.trim());
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^wss?:$/.test(parsed.protocol) || parsed.search || parsed.username || parsed.password)
    return `${quote(url)} is not a WebSocket URL without a query (${ZOOM_EVENTS_WS_URL}, or the sandbox's ws://127.0.0.1:PORT/ws)`;
  return undefined;
}

/** Node's WebSocket, or the reason there is none (Node 20). */
export function nodeWebSocket(): SocketConstructor | string {
  const found = (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
  return (
    found ??
    `this Node (${process.version}) has no WebSocket client: Zoom's WebSocket events need Node 22 or later (Node 20: NODE_OPTIONS=--experimental-websocket)`
  );
}

export class ZoomEventSocket {
  private readonly stopping = new AbortController();
  private running?: Promise<void>;
  /** Open and past build_connection. */
  connected = false;
  /** Since when (client clock) no connection is open; unset while connected. */
  downSince?: number;

  constructor(private readonly options: EventSocketOptions) {
    this.downSince = options.clock.now();
  }

  start(): void {
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { clock } = this.options;
    let retryMs = FIRST_RETRY_MS;
    while (!this.stopping.signal.aborted) {
      const why = await this.connectOnce().catch((error: unknown) => `cannot connect: ${(error as Error).message}`);
      if (this.stopping.signal.aborted) return;
      if (this.connected) retryMs = FIRST_RETRY_MS;
      this.connected = false;
      this.downSince ??= clock.now();
      this.options.log(`Zoom's event WebSocket: ${why}; connecting again in ${Math.round(retryMs / 1000)} s`);
      this.options.onDown?.(why, retryMs);
      await clock.sleep(retryMs, this.stopping.signal).catch(() => undefined);
      retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
    }
  }

  /** One connection, from token to close: resolves with why it ended. */
  private async connectOnce(): Promise<string> {
    const { options } = this;
    const Socket = options.WebSocket ?? nodeWebSocket();
    if (typeof Socket === 'string') throw new Error(Socket);
    const token = await options.token(this.stopping.signal);
    const query = new URLSearchParams({ subscriptionId: options.subscriptionId, access_token: token });
    const socket = new Socket(`${options.url}?${query}`);
    const ended = new AbortController();
    return new Promise<string>((resolve) => {
      let lastHeard = options.clock.now();
      const end = (why: string) => {
        if (ended.signal.aborted) return;
        ended.abort();
        this.stopping.signal.removeEventListener('abort', onStop);
        try {
          socket.close();
        } catch {
          // Closing a socket that never opened throws in some runtimes: it is gone either way.
        }
        resolve(why);
      };
      const onStop = () => end('stopped');
      this.stopping.signal.addEventListener('abort', onStop, { once: true });
      // Node's WebSocket fires only `error` (no `close`) when the server refuses the upgrade.
      socket.addEventListener('error', () => end('the connection failed (refused, or dropped)'));
      socket.addEventListener('close', (event) => end(`closed (code ${Number(event.code) || 'none'})`));
      socket.addEventListener('message', (event) => {
        // A frame that arrives while the connection closes belongs to no connection any more.
        if (ended.signal.aborted) return;
        lastHeard = options.clock.now();
        const text = typeof event.data === 'string' ? event.data : '';
        if (text.length > MAX_FRAME_CHARS) return end("a frame too large to be Zoom's");
        let frame: unknown;
        try {
          frame = JSON.parse(text);
        } catch {
          return;
        }
        if (!isPlainObject(frame)) return;
        if (frame.success === false && /token is invalid|invalid token/i.test(String(frame.content).slice(0, 100))) {
          options.tokenRefused(token);
          return end('Zoom says the token is no longer valid');
        }
        if (frame.module === 'build_connection' && frame.success !== false) {
          this.connected = true;
          this.downSince = undefined;
          options.log("Zoom's event WebSocket: connected");
          options.onConnected();
        } else if (frame.module === 'message' && typeof frame.content === 'string') {
          const parsed = parseEvent(frame.content);
          if (parsed) options.onEvent(parsed);
        }
      });
      // Heartbeats while open; a connection silent past SILENCE_MS is dead.
      void (async () => {
        for (;;) {
          await options.clock.sleep(HEARTBEAT_MS, ended.signal);
          if (options.clock.now() - lastHeard > SILENCE_MS) return end('nothing from Zoom for over a minute');
          try {
            socket.send(JSON.stringify({ module: 'heartbeat' }));
          } catch {
            return end('the heartbeat could not be sent');
          }
        }
      })().catch(() => undefined);
    });
  }
}
