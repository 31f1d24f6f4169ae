/**
 * The `zoom-webhook` node: Zoom's events as messages, from one of two sources. `http` (the default):
 * an endpoint on Node-RED's HTTP node server that Zoom trusts (it answers URL validation) and that
 * trusts only Zoom (every delivery's signature and timestamp are checked over the raw bytes); a valid
 * delivery is acknowledged before anything downstream runs, and each event is emitted once.
 * `websocket`: the app's WebSocket event subscription (webhook-socket.ts), for a Node-RED that
 * Zoom cannot reach. Either way the same msg, with its meeting or webinar ID ready for `zoom live stream`.
 */
import {
  answerDelivery,
  DeliveryMemory,
  MAX_SIGNATURE_WINDOW_MS,
  MAX_WEBHOOK_BODY_BYTES,
  SIGNATURE_TOLERANCE_MS,
  type ZoomEvent,
} from '../core/index.js';
import { captureRawBodies, type RawRequest, type Handler, type HttpApp } from './raw-body.js';
import type { NodeMessage, RedApi, RedNode } from './red-types.js';
import { takenBy } from './routes.js';
import { liveStreamingStarted } from './live-events.js';
import { textsFor, type Texts } from './texts.js';
import { listenOnSocket, type SocketSourceConfig } from './webhook-socket.js';

/** Refusals come from anyone on the internet: the first is logged at once, the rest counted per minute. */
const REFUSAL_LOG_INTERVAL_MS = 60_000;

export interface WebhookNodeConfig extends SocketSourceConfig {
  name?: string;
  /** Where events come from: Zoom's POSTs to `url` (the default), or the account's WebSocket subscription. */
  source?: 'http' | 'websocket';
  url: string;
  /** Event names to emit; empty (or unset) emits every event. A string is read as a comma list. */
  events?: string[] | string;
  /** How old a delivery's signature may be, in minutes (default 5, at most 120). */
  window?: string | number;
}

/**
 * The deliveries each path has seen, kept across redeploys (a node instance lives only until the next
 * deploy, and a delivery replayed after it, still within the signature window, must not run the flow
 * again). A restart of Node-RED starts with none: within the window after a restart, a replay is
 * emitted once more.
 */
const memories = new Map<string, DeliveryMemory>();

function memoryFor(path: string, windowMs: number): DeliveryMemory {
  let memory = memories.get(path);
  if (!memory) memories.set(path, (memory = new DeliveryMemory()));
  memory.windowMs = windowMs;
  return memory;
}

/** The window set (minutes, from 1 to 120), or the default 5 with a warning for anything else. */
function signatureWindowMs(value: WebhookNodeConfig['window'], warn: (text: string) => void, text: Texts): number {
  if (value === undefined || String(value).trim() === '') return SIGNATURE_TOLERANCE_MS;
  const minutes = Number(value);
  const ms = minutes * 60_000;
  if (Number.isFinite(minutes) && ms >= 60_000 && ms <= MAX_SIGNATURE_WINDOW_MS) return ms;
  warn(text('warn.window', { value: JSON.stringify(String(value).slice(0, 20)), max: MAX_SIGNATURE_WINDOW_MS / 60_000 }));
  return SIGNATURE_TOLERANCE_MS;
}

/** "/zoom/events" from what a user typed ("zoom/events/", "//zoom"). */
export function normalisePath(path: string): string {
  const clean = `/${path.trim()}`.replace(/\/{2,}/g, '/');
  return clean.length > 1 ? clean.replace(/\/$/, '') : clean;
}

function eventList(events: WebhookNodeConfig['events']): Set<string> {
  const list = Array.isArray(events) ? events : String(events ?? '').split(',');
  return new Set(list.map((e) => String(e).trim()).filter(Boolean));
}

/** msg for an event: the topic, Zoom's payload (keys masked), the target as msg.meetingId / msg.webinarId. */
function messageFor(event: ZoomEvent): NodeMessage {
  // plainToken belongs to URL validation, which never reaches a flow.
  const { payload, ...zoom } = event;
  delete zoom.plainToken;
  const msg: NodeMessage = { topic: event.event, payload, zoom };
  if (event.kind === 'meeting' && event.id) msg.meetingId = event.id;
  if (event.kind === 'webinar' && event.id) msg.webinarId = event.id;
  return msg;
}

/**
 * One warning for the first refusal, then at most one a minute with the count and the latest reason,
 * so a flood of forged deliveries cannot flood the log. `stop` drops the pending summary.
 */
function refusalLog(warn: (text: string) => void, text: Texts, path: string): { refused: (why: string) => void; stop: () => void } {
  let lastWarn = -Infinity;
  let count = 0;
  let latest = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (count) warn(text('warn.refusedMore', { count, path, why: latest }));
    count = 0;
    lastWarn = Date.now();
  };
  return {
    refused: (why) => {
      const now = Date.now();
      if (now - lastWarn >= REFUSAL_LOG_INTERVAL_MS && !timer) {
        lastWarn = now;
        warn(text('warn.refused', { path, why }));
        return;
      }
      count++;
      latest = why;
      timer ??= setTimeout(flush, Math.max(0, lastWarn + REFUSAL_LOG_INTERVAL_MS - now)).unref();
    },
    stop: () => clearTimeout(timer),
  };
}

export function registerWebhookNode(RED: RedApi): void {
  const httpNode = RED.httpNode as HttpApp | undefined;
  function ZoomWebhookNode(this: RedNode, config: WebhookNodeConfig) {
    RED.nodes.createNode(this, config);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- Node-RED's node is `this` of a constructor function
    const node = this;
    const text = textsFor(RED, 'zoom-webhook');
    const wanted = eventList(config.events);
    let emitted = 0;
    const emit = (event: ZoomEvent) => {
      // Every zoom-livestream node confirming a start of this meeting hears it, wired or not, listed or not.
      if (event.event === 'meeting.live_streaming_started' && event.kind === 'meeting' && event.id) liveStreamingStarted(event.id);
      if (wanted.size && !wanted.has(event.event)) return;
      emitted++;
      // After the delivery's answer (Zoom waits 3 s and retries without it), the flow runs.
      setImmediate(() => {
        node.send(messageFor(event));
        node.status({ fill: 'green', shape: 'dot', text: text('status.event', { event: event.event, emitted }) });
      });
    };
    if (config.source === 'websocket') {
      const close = listenOnSocket(RED, node, config, text, emit);
      node.on('close', (_removed: boolean, done: () => void) => void (close?.() ?? Promise.resolve()).then(done, done));
      return;
    }
    const root = RED.settings.httpNodeRoot;
    if (root === false || !httpNode) {
      node.warn(text('warn.noServer'));
      node.status({ fill: 'red', shape: 'ring', text: text('status.noServer') });
      return;
    }
    if (!config.url?.trim()) {
      node.warn(text('warn.noPath'));
      node.status({ fill: 'red', shape: 'ring', text: text('status.noPath') });
      return;
    }
    const path = normalisePath(config.url);
    const fullPath = normalisePath(`${typeof root === 'string' ? root : '/'}/${path}`);
    const owner = takenBy(fullPath, path, {
      httpNode,
      httpAdmin: RED.httpAdmin as HttpApp | undefined,
      adminRoot: RED.settings.httpAdminRoot,
    });
    if (owner) {
      const byEditor = owner === 'editor';
      node.warn(text(byEditor ? 'warn.editorPath' : 'warn.pathTaken', { path: fullPath }));
      node.status({ fill: 'red', shape: 'ring', text: text(byEditor ? 'status.takenByEditor' : 'status.takenByNode', { path: fullPath }) });
      return;
    }
    const memory = memoryFor(
      fullPath,
      signatureWindowMs(config.window, (warning) => node.warn(warning), text),
    );
    const secretToken = node.credentials?.secretToken ?? '';
    if (!secretToken) node.status({ fill: 'red', shape: 'ring', text: text('status.noSecret') });
    else node.status({ fill: 'grey', shape: 'ring', text: text('status.waiting') });
    const log = refusalLog((warning) => node.warn(warning), text, fullPath);

    const handler: Handler = (req, res) => {
      const raw = (req as RawRequest).zoomRawBody;
      const answer = raw
        ? answerDelivery(raw, req.headers, secretToken, Date.now(), memory)
        : { status: 400, body: { error: 'the body could not be read' }, refused: 'the body could not be read' };
      // Only the reason: never a header, a token or the body.
      if (answer.refused) log.refused(answer.refused);
      if (answer.body) res.status(answer.status).json(answer.body);
      else res.status(answer.status).end();
      if (answer.validated) node.status({ fill: 'green', shape: 'dot', text: text('status.validated') });
      if (answer.event) emit(answer.event);
    };

    const release = captureRawBodies(httpNode, fullPath, MAX_WEBHOOK_BODY_BYTES);
    const middleware = RED.settings.httpNodeMiddleware;
    const chain = typeof middleware === 'function' || Array.isArray(middleware) ? [middleware] : [];
    httpNode.post(path, ...chain, handler);

    node.on('close', (_removed: boolean, done: () => void) => {
      release();
      log.stop();
      const stack = httpNode._router?.stack ?? [];
      for (let i = stack.length - 1; i >= 0; i--) {
        if (stack[i]?.route?.stack.some((layer) => layer.handle === handler)) stack.splice(i, 1);
      }
      done();
    });
  }
  RED.nodes.registerType('zoom-webhook', ZoomWebhookNode as never, { credentials: { secretToken: { type: 'password' } } });
}
