/**
 * The `zoom-livestream` node: each message becomes one task on the account's shared client, in its
 * target's queue. Every message ends in exactly one send or one done(err); closing cancels
 * requests in flight; nothing is left to reject unhandled. With a zoom-destination, a start is
 * confirmed at the destination (outside the queue), then watched until a stop: its drops and
 * recoveries go out on the second output.
 */
import {
  asZoomError,
  clockTime,
  confirmAt,
  systemClock,
  isPlainObject,
  loadYouTubeTask,
  planTask,
  CancelledError,
  ValidationError,
  type TaskResult,
} from '../core/index.js';
import type { AccountNode } from './account-node.js';
import type { DestinationNode } from './destination-node.js';
import { onLiveStreamingStarted } from './live-events.js';
import { buildTask, type LiveStreamNodeConfig } from './message.js';
import type { RedApi, RedNode } from './red-types.js';
import { textsFor } from './texts.js';
import { nodeWords } from './words.js';
import { StreamWatches } from './stream-watches.js';
import {
  checkStatus,
  confirmationPayload,
  confirmationStatus,
  doneStatus,
  failureStatus,
  liveStatus,
  nodeRedError,
  STATE_STATUS,
} from './statuses.js';

type YouTubeSide = Awaited<ReturnType<Awaited<ReturnType<typeof loadYouTubeTask>>['YouTubeTask']['open']>>['task'];

/** The abort reason of every message still out when the node closes. */
const NODE_CLOSED = new Error('the node closed');

/** Zoom's event may arrive a moment before the start's answer: it counts from this long before. */
const ZOOM_EVENT_SLACK_MS = 60_000;

export function registerLiveStreamNode(RED: RedApi): void {
  function ZoomLiveStreamNode(this: RedNode, config: LiveStreamNodeConfig) {
    RED.nodes.createNode(this, config);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- Node-RED's node is `this` of a constructor function
    const node = this;
    const text = textsFor(RED, 'zoom-livestream');
    const account = RED.nodes.getNode(config.account) as AccountNode | null;
    const inFlight = new Set<AbortController>();
    // Messages whose task has begun (onStart): the rest are queued, and have sent nothing to Zoom.
    const begun = new WeakSet<AbortController>();
    let closing = false;
    // Messages are turned into tasks one at a time, so they reach the target queues in arrival order
    // even when evaluating one (context stores, env) takes longer than another.
    let building: Promise<unknown> = Promise.resolve();
    node.status({});
    // Starts waiting for their host, each with the time it began waiting: one ticker for them all,
    // running only while there is one, shows how many wait and the longest wait.
    const waits = new Map<AbortController, number>();
    let ticker: NodeJS.Timeout | undefined;
    const showWaits = () => {
      const longest = Date.now() - Math.min(...waits.values());
      const time = clockTime(longest);
      node.status({
        fill: 'yellow',
        shape: 'ring',
        text: waits.size === 1 ? text('status.waiting', { time }) : text('status.waitingMany', { waits: waits.size, time }),
      });
    };
    const endWait = (controller: AbortController) => {
      if (!waits.delete(controller) || waits.size) return;
      clearInterval(ticker);
      ticker = undefined;
    };

    // After a confirmed start, its destination is read until a stop: its drops and recoveries go out
    // on the second output.
    const watches = new StreamWatches((target, event, confirmation) => {
      const payload = { ...event, kind: target.kind, id: target.id, destination: confirmation.destination };
      node.send([null, { topic: event.event, payload, [target.kind === 'meeting' ? 'meetingId' : 'webinarId']: target.id }]);
      node.status(
        event.event === 'dropped'
          ? { fill: 'red', shape: 'ring', text: text('status.dropped', { level: event.level }) }
          : liveStatus(event.level, event.bitsPerSecond, text),
      );
    });

    node.on('input', (msg, send, done) => {
      const controller = new AbortController();
      inFlight.add(controller);
      const stopTicker = () => endWait(controller);
      const handle = async (): Promise<TaskResult> => {
        if (!account?.service) {
          throw new ValidationError('account', 'no Zoom account is configured.', 'Open the node and select or add a Zoom account.');
        }
        const built = building.then(() => buildTask(RED, node, config, msg));
        building = built.catch(() => undefined);
        const asked = await built;
        const destination = config.destination ? (RED.nodes.getNode(config.destination) as DestinationNode | null) : null;
        const confirms = asked.action === 'start' || asked.action === 'confirm';
        if (confirms && config.destination && !destination) {
          // A plain start reported as a success would hide that nothing is proven live.
          throw new ValidationError(
            'destination',
            `names a zoom-destination config node (${config.destination.slice(0, 32)}) that is not deployed.`,
            'Open the node and select a destination (or none), then deploy.',
          );
        }
        if (destination && confirms) asked.confirm = destination.confirmInput();
        // A YouTube destination that gives the stream: a start runs the broadcast's life, a stop completes it.
        const youtubeInput = asked.action === 'start' || asked.action === 'stop' ? destination?.youtubeInput() : undefined;
        if (youtubeInput) asked.youtube = youtubeInput;
        // Checked here, before it queues: a message that cannot be sent fails at once.
        let task = planTask(asked);
        const { service } = account;
        // YouTube made ready first (its refusal comes before Zoom is touched); Zoom's part in the target's queue.
        let youtube: YouTubeSide | undefined;
        if (task.youtube) {
          const { YouTubeTask } = await loadYouTubeTask();
          ({ task: youtube, plan: task } = await YouTubeTask.open(service.getClient(), task, { signal: controller.signal }));
        }
        try {
          const targetKey = `${task.target.kind}:${task.target.id}`;
          const mine = task.action === 'start' && task.confirm ? watches.started(targetKey) : undefined;
          if (task.action === 'stop') watches.stopped(targetKey);
          const seconds = (ms: number) => Math.ceil(ms / 1000);
          const { result, toConfirm: pending } = await service.run(task, targetKey, controller.signal, {
            source: node.id,
            revealStreamKey: config.includeStreamKey === true,
            onStart: () => {
              begun.add(controller);
              stopTicker();
              node.status({ fill: 'blue', shape: 'dot', text: text('status.sending', { action: task.action }) });
            },
            onProbe: (probe, intervalMs) =>
              node.log(
                text(probe === 'meeting' ? 'log.probeMeeting' : 'log.probeStart', {
                  ...task.target,
                  action: task.action,
                  seconds: Math.round(intervalMs / 1000),
                }),
              ),
            onWait: ({ waitedMs }) => {
              if (!waits.has(controller)) waits.set(controller, Date.now() - waitedMs);
              // Shown at once by the first wait only; the ticker shows the others (1,000 waits must not
              // mean 1,000 status calls, each over every wait, at each round of their tries).
              if (!ticker) {
                ticker = setInterval(showWaits, 1_000);
                showWaits();
              }
            },
            onPaused: (ms) => node.status({ fill: 'yellow', shape: 'ring', text: text('status.rateLimited', { seconds: seconds(ms) }) }),
            onRetry: ({ status, delayMs }) =>
              node.status({
                fill: 'yellow',
                shape: 'dot',
                text: text(status ? 'status.retrying' : 'status.retryingConnection', { status: status ?? '', seconds: seconds(delayMs) }),
              }),
          });
          // Awaited here: the finally below closes YouTube's connections.
          if (task.action === 'stop' && youtube) return await youtube.stopped(result, controller.signal);
          // Beside the result, never on it: its stream name is the stream key.
          if (!pending) return result;
          // Outside the target's queue: a stop for the target does not wait behind the reads.
          node.status({ fill: 'blue', shape: 'ring', text: text('status.confirming', { destination: pending.request.destination.kind }) });
          const began = Date.now();
          const confirmOptions = {
            signal: mine ? AbortSignal.any([controller.signal, mine.signal]) : controller.signal,
            ...(task.target.kind === 'meeting'
              ? { zoomEvent: (heard: () => void) => onLiveStreamingStarted(task.target.id, began - ZOOM_EVENT_SLACK_MS, heard) }
              : {}),
          };
          let confirmed: TaskResult = result;
          try {
            // With YouTube: receiving there, then the broadcast on air (on-air).
            if (youtube) confirmed = await youtube.started(result, pending, confirmOptions);
            else result.confirmation = await confirmAt(pending.request, pending.stream, { clock: systemClock, ...confirmOptions });
          } catch (error) {
            if (mine) watches.settled(targetKey, mine);
            if (!mine?.signal.aborted || controller.signal.aborted) throw error;
            throw new CancelledError(
              `${task.action} ${task.target.kind} ${task.target.id}`,
              `Zoom started the stream, then a stop for it came before it was confirmed at ${pending.request.destination.kind}`,
            );
          }
          // Watched only if it is still the target's latest start, and live.
          if (mine) {
            watches.settled(targetKey, mine, confirmed.confirmation, {
              target: task.target,
              pending,
              intervalMs: destination!.watchIntervalMs,
            });
          }
          return confirmed;
        } finally {
          youtube?.close();
        }
      };
      handle()
        .then(
          (result) => {
            stopTicker();
            const { config: read, ...rest } = result;
            // The debug sidebar shows msg.payload to anyone looking at (or sharing) the screen.
            const list = result.checklist;
            const confirmation = result.confirmation;
            msg.payload = list ?? read ?? (confirmation ? { ...rest, ...confirmationPayload(confirmation) } : rest);
            msg.zoom = { status: result.status, trackingId: result.trackingId, kind: result.kind, id: result.id, action: result.action };
            node.status(
              result.action === 'check'
                ? checkStatus(list!, text)
                : confirmation
                  ? confirmationStatus(confirmation, result.action, text)
                  : result.state
                    ? { fill: 'green', shape: result.state === 'already live' ? 'dot' : 'ring', text: text(STATE_STATUS[result.state]) }
                    : doneStatus(result.action, text),
            );
            try {
              send(msg);
            } catch (error) {
              // A downstream node threw synchronously: the message still ends, once, with that error.
              done(error as Error);
              return;
            }
            done();
          },
          (caught: unknown) => {
            stopTicker();
            const error = asZoomError(caught);
            if (closing && error.kind === 'cancelled' && !begun.has(controller)) {
              // Queued when the node closed: nothing reached Zoom. One line at close says so for all of
              // them (100,000 error lines, each through Node-RED's log and Catch lookup, made a close take 26 s).
              done();
              return;
            }
            msg.zoom = { ...(isPlainObject(msg.zoom) ? msg.zoom : {}), error: error.toJSON(nodeWords) };
            if (error.kind === 'cancelled') {
              // Closing, or a stop that superseded a waiting start: not handled, so a Catch node hears
              // of it (kind "cancelled") and a Complete node does not; a superseded start says so in
              // its status too.
              if (!closing) node.status({ fill: 'grey', shape: 'ring', text: text('status.cancelled') });
            } else {
              node.status({ fill: 'red', shape: 'ring', text: failureStatus(error, text) });
            }
            done(nodeRedError(error));
          },
        )
        // Never leave a rejection unhandled (an uncaught one stops Node-RED).
        .catch((error: unknown) => node.error(String(error), msg))
        .finally(() => {
          stopTicker(); // also when building the task threw before any status
          inFlight.delete(controller);
        });
    });

    node.on('close', (_removed: boolean, done: () => void) => {
      closing = true;
      clearInterval(ticker);
      let queued = 0;
      for (const controller of inFlight) if (!begun.has(controller)) queued++;
      if (queued) node.warn(text('warn.closedQueued', { count: queued }));
      // One reason for all: a DOMException per message (each with its stack) is most of a large close.
      for (const controller of inFlight) controller.abort(NODE_CLOSED);
      node.status({});
      // The watches' reads end with them: nothing of this node is left running after a redeploy.
      void watches.close().then(() => done());
    });
  }
  RED.nodes.registerType('zoom-livestream', ZoomLiveStreamNode as never, { credentials: { streamKey: { type: 'password' } } });
}
