/**
 * The zoom-webhook node's `websocket` source: Zoom's events over the app's WebSocket event
 * subscription, with the token of the node's zoom-account, for a Node-RED with no public HTTPS
 * endpoint (behind NAT, a home server). Core's ZoomEventSocket keeps the connection (heartbeats, a
 * new token when Zoom refuses one, reconnects with back-off); this only wires it to the node. Events
 * that happen while no connection is open are lost: the status says when it is down.
 */
import {
  asZoomError,
  eventsUrlProblem,
  nodeWebSocket,
  subscriptionIdProblem,
  ZoomEventSocket,
  ZOOM_EVENTS_WS_URL,
  type ZoomEvent,
} from '../core/index.js';
import type { AccountNode } from './account-node.js';
import type { RedApi, RedNode } from './red-types.js';
import type { Texts } from './texts.js';
import { nodeWords } from './words.js';

export interface SocketSourceConfig {
  account?: string;
  subscriptionId?: string;
  /** Zoom's wss://ws.zoom.us/ws unless set (the sandbox's ws://127.0.0.1:PORT/ws). */
  wsUrl?: string;
}

/** Opens the subscription and emits each event; returns how to close it, or undefined (with the node's status saying why) when it cannot open. */
export function listenOnSocket(
  RED: RedApi,
  node: RedNode,
  config: SocketSourceConfig,
  text: Texts,
  emit: (event: ZoomEvent) => void,
): (() => Promise<void>) | undefined {
  const refuse = (status: string, warning: string) => {
    node.warn(warning);
    node.status({ fill: 'red', shape: 'ring', text: status });
    return undefined;
  };
  const account = config.account ? (RED.nodes.getNode(config.account) as AccountNode | null) : null;
  if (!account?.service) return refuse(text('status.noAccount'), text('warn.noAccount'));
  const subscriptionId = String(config.subscriptionId ?? '').trim();
  const idProblem = subscriptionIdProblem(subscriptionId);
  if (idProblem) return refuse(text('status.badSubscription'), text('warn.badSubscription', { problem: idProblem }));
  const url = config.wsUrl?.trim() || ZOOM_EVENTS_WS_URL;
  const urlProblem = eventsUrlProblem(url);
  if (urlProblem) return refuse(text('status.badWsUrl'), text('warn.badWsUrl', { problem: urlProblem }));
  const WebSocket = nodeWebSocket();
  if (typeof WebSocket === 'string') return refuse(text('status.noWebSocket'), WebSocket);
  let client: ReturnType<AccountNode['service']['getClient']>;
  try {
    client = account.service.getClient();
  } catch (error) {
    const { message, hint } = asZoomError(error).worded(nodeWords);
    return refuse(text('status.badAccount'), `${message}${hint ? ` ${hint}` : ''}`);
  }
  node.status({ fill: 'grey', shape: 'ring', text: text('status.connecting') });
  const socket = new ZoomEventSocket({
    url,
    subscriptionId,
    token: (signal) => client.accessToken(signal),
    tokenRefused: (token) => client.tokenRefused(token),
    clock: client.clock,
    WebSocket,
    onEvent: emit,
    onConnected: () => node.status({ fill: 'green', shape: 'dot', text: text('status.connected') }),
    onDown: (why, retryMs) =>
      node.status({ fill: 'yellow', shape: 'ring', text: text('status.reconnecting', { why, seconds: Math.round(retryMs / 1000) }) }),
    log: (line) => node.log(line),
  });
  socket.start();
  return () => socket.stop();
}
