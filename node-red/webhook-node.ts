/**
 * The `zoom-webhook` node: an endpoint on Node-RED's HTTP node server that Zoom trusts (it answers
 * URL validation) and that trusts only Zoom (every delivery's signature and timestamp are checked
 * over the raw bytes). A valid delivery is acknowledged before anything downstream runs, and each
 * event is emitted once, with its meeting or webinar ID ready for `zoom live stream`.
 */
import {
  DeliveryMemory,
  MAX_WEBHOOK_BODY_BYTES,
  parseEvent,
  URL_VALIDATION_EVENT,
  urlValidationAnswer,
  verifyDelivery,
  type ZoomEvent,
} from '../core/index.js';
import { captureRawBodies, type RawRequest, type Handler, type HttpApp, type HttpResponse } from './raw-body.js';
import type { NodeMessage, RedApi, RedNode } from './red-types.js';

export interface WebhookNodeConfig {
  name?: string;
  url: string;
  /** Event names to emit; empty (or unset) emits every event. A string is read as a comma list. */
  events?: string[] | string;
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

export function registerWebhookNode(RED: RedApi): void {
  const httpNode = RED.httpNode as HttpApp | undefined;
  function ZoomWebhookNode(this: RedNode, config: WebhookNodeConfig) {
    RED.nodes.createNode(this, config);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- Node-RED's node is `this` of a constructor function
    const node = this;
    const root = RED.settings.httpNodeRoot;
    if (root === false || !httpNode) {
      node.warn('Node-RED serves no HTTP nodes (httpNodeRoot is false): this endpoint is off.');
      node.status({ fill: 'red', shape: 'ring', text: 'no HTTP node server' });
      return;
    }
    if (!config.url?.trim()) {
      node.warn('No URL path is set: open the node and give it one, such as /zoom/events.');
      node.status({ fill: 'red', shape: 'ring', text: 'no URL path' });
      return;
    }
    const path = normalisePath(config.url);
    const fullPath = normalisePath(`${typeof root === 'string' ? root : '/'}/${path}`);
    const wanted = eventList(config.events);
    const memory = new DeliveryMemory();
    let emitted = 0;
    const secretToken = node.credentials?.secretToken ?? '';
    if (!secretToken) node.status({ fill: 'red', shape: 'ring', text: 'no secret token' });
    else node.status({ fill: 'grey', shape: 'ring', text: 'waiting for events' });

    const refuse = (res: HttpResponse, status: number, why: string) => {
      // Only the reason and the remote address: never a header, a token or the body.
      node.warn(`refused a delivery to ${fullPath}: ${why}`);
      res.status(status).json({ error: why });
    };

    const handler: Handler = (req, res) => {
      const raw = (req as RawRequest).zoomRawBody;
      if (!raw) return refuse(res, 400, 'the body could not be read');
      if (!secretToken) return refuse(res, 401, 'the node has no secret token');
      const verdict = verifyDelivery(raw, req.headers, secretToken, Date.now());
      if (!verdict.ok) return refuse(res, 401, verdict.message);
      const event = parseEvent(raw.toString('utf8'));
      if (!event) return refuse(res, 400, 'the body is not a Zoom event (JSON with an "event" name)');
      if (event.event === URL_VALIDATION_EVENT) {
        if (typeof event.plainToken !== 'string' || !event.plainToken || event.plainToken.length > 256) {
          return refuse(res, 400, 'URL validation without a plainToken');
        }
        res.status(200).json(urlValidationAnswer(event.plainToken, secretToken));
        node.status({ fill: 'green', shape: 'dot', text: 'URL validated' });
        return;
      }
      // Zoom waits 3 s for this answer and retries without it: answer first, then run the flow.
      res.status(204).end();
      if (!memory.firstTime(event, Date.now())) return;
      if (wanted.size && !wanted.has(event.event)) return;
      emitted++;
      setImmediate(() => {
        node.send(messageFor(event));
        node.status({ fill: 'green', shape: 'dot', text: `${event.event} (${emitted})` });
      });
    };

    const { release, shared } = captureRawBodies(httpNode, fullPath, MAX_WEBHOOK_BODY_BYTES);
    if (shared) {
      node.warn(
        `another zoom-webhook node already serves ${fullPath}: only the first one receives Zoom's deliveries. Give each node its own URL path.`,
      );
      node.status({ fill: 'yellow', shape: 'ring', text: `${fullPath} is served by another node` });
    }
    const middleware = RED.settings.httpNodeMiddleware;
    const chain = typeof middleware === 'function' || Array.isArray(middleware) ? [middleware] : [];
    httpNode.post(path, ...chain, handler);

    node.on('close', (_removed: boolean, done: () => void) => {
      release();
      const stack = httpNode._router?.stack ?? [];
      for (let i = stack.length - 1; i >= 0; i--) {
        if (stack[i]?.route?.stack.some((layer) => layer.handle === handler)) stack.splice(i, 1);
      }
      done();
    });
  }
  RED.nodes.registerType('zoom-webhook', ZoomWebhookNode as never, { credentials: { secretToken: { type: 'password' } } });
}
