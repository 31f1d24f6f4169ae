/**
 * The `zoom-livestream` node: each message becomes one task on the account's shared client, in its
 * target's queue. Every message ends in exactly one send or one done(err); closing cancels
 * requests in flight; nothing is left to reject unhandled. With a zoom-destination, a start is
 * confirmed at the destination (outside the queue), then watched until a stop: its drops and
 * recoveries go out on the second output.
 */
import {
  clockTime,
  confirmAt,
  destinationReader,
  rateText,
  systemClock,
  watchStream,
  worded,
  isNotStarted,
  isPlainObject,
  planTask,
  stepsText,
  CancelledError,
  ValidationError,
  ZoomError,
  type Checklist,
  type Confirmation,
  type Target,
  type Watch,
  type TaskAction,
  type TaskResult,
} from '../core/index.js';
import type { AccountNode } from './account-node.js';
import type { DestinationNode } from './destination-node.js';
import { onLiveStreamingStarted } from './live-events.js';
import { buildTask, type LiveStreamNodeConfig } from './message.js';
import type { NodeStatus, RedApi, RedNode } from './red-types.js';
import { textsFor, type Texts } from './texts.js';
import { nodeWords } from './words.js';

/** Each action's status when it is done: its look, and its text in the catalog. */
/** A check's status is its checklist (checkStatus). */
const DONE_STATUS: Record<Exclude<TaskAction, 'check'>, NodeStatus & { key: string }> = {
  update: { fill: 'green', shape: 'ring', key: 'status.updated' },
  start: { fill: 'green', shape: 'dot', key: 'status.started' },
  stop: { fill: 'grey', shape: 'dot', key: 'status.stopped' },
  get: { fill: 'green', shape: 'ring', key: 'status.read' },
  mode: { fill: 'green', shape: 'dot', key: 'status.viewChanged' },
  confirm: { fill: 'green', shape: 'ring', key: 'status.read' },
};

/** A status change Zoom found done already. */
const STATE_STATUS: Record<NonNullable<TaskResult['state']>, string> = {
  'already live': 'status.alreadyLive',
  'nothing to stop': 'status.nothingToStop',
};

function doneStatus(action: Exclude<TaskAction, 'check'>, text: Texts): NodeStatus {
  const { key, ...look } = DONE_STATUS[action];
  return { ...look, text: text(key) };
}

/** "6 ok, 1 problem" (and how many the app may not read): red when a problem is certain. */
function checkStatus(list: Checklist, text: Texts): NodeStatus {
  const vars = { ok: list.ok, count: list.problems, unknown: list.unknown };
  return {
    fill: list.problems ? 'red' : list.unknown ? 'yellow' : 'green',
    shape: list.problems ? 'ring' : 'dot',
    text: text(list.unknown ? 'status.checkedUnknown' : 'status.checked', vars),
  };
}

/**
 * The error a Catch node gets. Node-RED copies only message, code, stack and cause into msg.error
 * and shows a cause as text, so the cause is one line people can read; the fields themselves are in
 * msg.zoom.error.
 */
function nodeRedError(error: ZoomError): Error {
  const worded = error.worded(nodeWords);
  let message = worded.message;
  const steps = stepsText(error.steps);
  if (steps) message += ` ${steps}`;
  if (worded.hint) message += ` Hint: ${worded.hint}`;
  const cause = [
    error.status !== undefined ? `HTTP ${error.status}` : `${error.kind} error`,
    error.code !== undefined ? `Zoom code ${String(error.code)}` : '',
    error.trackingId ? `tracking id ${error.trackingId}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return Object.assign(new Error(message), { code: error.code ?? error.kind, cause });
}

/** The red status of a failure, in Zoom's meaning: "has not started" is no HTTP OK (its code is 200). */
function failureStatus(error: ZoomError, text: Texts): string {
  // The code is redacted by the core; cut so a long one cannot fill the canvas.
  const code = error.code !== undefined ? String(error.code).slice(0, 32) : undefined;
  const vars = { status: error.status ?? '', code: code ?? '', kind: error.kind };
  // Not a type guard here: a failure that is not "not started" is still any ZoomError.
  if ((isNotStarted as (e: unknown) => boolean)(error)) return text('status.notStarted', vars);
  if (error.status !== undefined) return text(code !== undefined ? 'status.httpCode' : 'status.http', vars);
  return text(code !== undefined ? 'status.errorCode' : 'status.error', vars);
}

/** The abort reason of every message still out when the node closes. */
const NODE_CLOSED = new Error('the node closed');

/** Zoom's event may arrive a moment before the start's answer: it counts from this long before. */
const ZOOM_EVENT_SLACK_MS = 60_000;

/** msg.payload's part of a confirmation: live, the level reached, the bytes, and the ladder. */
function confirmationPayload(c: Confirmation): Record<string, unknown> {
  return {
    live: c.live,
    confirmed: c.confirmed,
    receivedBytes: c.receivedBytes ?? 0,
    ...(c.bitsPerSecond !== undefined ? { bitsPerSecond: c.bitsPerSecond } : {}),
    // Its problem names settings in the node's words.
    confirmation: c.problem ? { ...c, problem: worded(c.problem, nodeWords) } : c,
  };
}

/** "live (receiving 2.3 Mbit/s)". */
function liveStatus(level: string, bitsPerSecond: number | undefined, text: Texts): NodeStatus {
  const rate = level === 'receiving' && bitsPerSecond !== undefined ? ` ${rateText(bitsPerSecond)}` : '';
  return { fill: 'green', shape: 'dot', text: text('status.live', { level: `${level}${rate}` }) };
}

function confirmationStatus(c: Confirmation, action: TaskAction, text: Texts): NodeStatus {
  if (c.live) return liveStatus(c.confirmed, c.bitsPerSecond, text);
  return {
    fill: 'yellow',
    shape: 'ring',
    text: text(action === 'start' ? 'status.notConfirmed' : 'status.notLive', { level: c.confirmed }),
  };
}

function asZoomError(error: unknown): ZoomError {
  if (error instanceof ZoomError) return error;
  const text = error instanceof Error ? error.message : String(error);
  return new ValidationError('message', text, 'Check the msg properties and the node configuration.');
}

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

    // After a confirmed start, its destination is read until a stop: one watch per target.
    const watches = new Map<string, { watch: Watch; reader: ReturnType<typeof destinationReader> }>();
    // Each target's latest start (a number no other start gets) and the controller of its confirmation:
    // a stop forgets the start and aborts the confirmation, so no watch begins for a stopped stream.
    const latestStart = new Map<string, { start: number; confirming: AbortController }>();
    let starts = 0;
    const endWatch = async (key: string): Promise<void> => {
      const current = watches.get(key);
      if (!current) return;
      watches.delete(key);
      current.watch.stop();
      await current.watch.done;
      current.reader.close();
    };
    const beginWatch = (
      key: string,
      target: Target,
      pending: NonNullable<TaskResult['toConfirm']>,
      confirmation: Confirmation,
      intervalMs: number,
    ) => {
      void endWatch(key);
      if (closing || !confirmation.live) return;
      const reader = destinationReader(pending.request.destination, pending.stream);
      const watch = watchStream(reader, {
        clock: systemClock,
        intervalMs,
        receiving: confirmation.confirmed === 'receiving',
        onEvent: (event) => {
          const payload = { ...event, kind: target.kind, id: target.id, destination: confirmation.destination };
          node.send([null, { topic: event.event, payload, [target.kind === 'meeting' ? 'meetingId' : 'webinarId']: target.id }]);
          node.status(
            event.event === 'dropped'
              ? { fill: 'red', shape: 'ring', text: text('status.dropped', { level: event.level }) }
              : liveStatus(event.level, event.bitsPerSecond, text),
          );
        },
      });
      watches.set(key, { watch, reader });
    };

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
        // Checked here, before it queues: a message that cannot be sent fails at once.
        const task = planTask(asked);
        const targetKey = `${task.target.kind}:${task.target.id}`;
        const mine = task.action === 'start' && task.confirm ? { start: ++starts, confirming: new AbortController() } : undefined;
        if (mine) latestStart.set(targetKey, mine);
        if (task.action === 'stop') {
          // A stop ends the watch of its target at once (the drop it causes is not news) and the
          // confirmation of a start still reading.
          latestStart.get(targetKey)?.confirming.abort();
          latestStart.delete(targetKey);
          void endWatch(targetKey);
        }
        const seconds = (ms: number) => Math.ceil(ms / 1000);
        const result = await account.service.run(task, targetKey, controller.signal, {
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
        const pending = result.toConfirm;
        delete result.toConfirm; // its stream name is the stream key
        if (!pending) return result;
        // Outside the target's queue: a stop for the target does not wait behind the reads.
        node.status({ fill: 'blue', shape: 'ring', text: text('status.confirming', { destination: pending.request.destination.kind }) });
        const began = Date.now();
        const latest = () => mine !== undefined && latestStart.get(targetKey) === mine;
        try {
          result.confirmation = await confirmAt(pending.request, pending.stream, {
            clock: systemClock,
            signal: mine ? AbortSignal.any([controller.signal, mine.confirming.signal]) : controller.signal,
            ...(task.target.kind === 'meeting'
              ? { zoomEvent: (heard: () => void) => onLiveStreamingStarted(task.target.id, began - ZOOM_EVENT_SLACK_MS, heard) }
              : {}),
          });
        } catch (error) {
          if (latest()) latestStart.delete(targetKey);
          if (!mine?.confirming.signal.aborted || controller.signal.aborted) throw error;
          throw new CancelledError(
            `${task.action} ${task.target.kind} ${task.target.id}`,
            `Zoom started the stream, then a stop for it came before it was confirmed at ${pending.request.destination.kind}`,
          );
        }
        // Only the target's latest start is watched (not one a stop or a newer start superseded).
        if (latest()) {
          latestStart.delete(targetKey);
          beginWatch(targetKey, task.target, pending, result.confirmation, destination!.watchIntervalMs);
        }
        return result;
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
      const ending = [...watches.keys()].map((key) => endWatch(key));
      node.status({});
      // The watches' reads end with them: nothing of this node is left running after a redeploy.
      void Promise.all(ending).then(() => done());
    });
  }
  RED.nodes.registerType('zoom-livestream', ZoomLiveStreamNode as never, { credentials: { streamKey: { type: 'password' } } });
}
