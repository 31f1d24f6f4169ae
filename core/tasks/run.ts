/**
 * A plan (plan.ts) performed: step by step, the first failure stops it and is thrown. A start asked
 * to wait repeats until the host is in (waiting-start.ts); a check runs the pre-flight check.
 * Shared by every face, so they all behave the same. The check, the wait and the confirmation are
 * loaded by the plans that have them (lazy chunks in the bundles): a plain get does not pay for them.
 */
import type { ZoomLiveStreamClient } from '../zoom/client.js';
import type { SendOptions } from '../http/transport.js';
import { ZoomApiError, ZoomError, type StepsReport } from '../errors.js';
import { describeOperation, type Operation } from '../zoom/operations.js';
import { MASK } from '../http/redactor.js';
import { maskStreamConfig } from '../zoom/redact.js';
import type { Checklist } from '../check/check.js';
import type { TaskAction, TaskPlan } from './plan.js';
import type { LiveStreamConfig, ResponseMeta, TargetKind } from '../zoom/types.js';
import type { Priority } from '../http/pace.js';
import type { Probe } from './waiting-start.js';
import type { WaitProgress } from './wait.js';
import type { Confirmation, ConfirmOptions } from '../confirm/confirm.js';
import { destinationStream, type DestinationStream } from '../confirm/stream-name.js';
import type { ConfirmRequest } from '../confirm/request.js';
import type { YouTubeOptions, YouTubeReport } from '../youtube/report.js';

/** A task's hooks, besides the per-call ones (signal, retries). */
export interface TaskOptions extends SendOptions {
  /** A waiting start: told before each pause (how long it has waited, the next try, the deadline). */
  onWait?: (progress: WaitProgress) => void;
  /** A waiting start: told once which probe it uses (the meeting's status, or the start call) and how often. */
  onProbe?: (probe: Probe, intervalMs: number) => void;
  /**
   * Every request step runs inside this (the Node-RED account: a slot of its scheduler), while the
   * pauses between a waiting start's tries run outside it, holding nothing.
   */
  step?: <T>(send: () => Promise<T>, priority?: Priority) => Promise<T>;
  /** `get`: the result carries the stream key as Zoom sent it. Unset: masked, so no face must remember to. */
  revealStreamKey?: boolean;
  /** A confirmed start: Zoom's live streaming event for the target, where the face hears one (Node-RED). */
  zoomEvent?: ConfirmOptions['zoomEvent'];
  /** A confirmed start: told of each level as it is reached. */
  onLevel?: ConfirmOptions['onLevel'];
}

export interface TaskStep extends ResponseMeta {
  operation: string;
}

export interface TaskResult extends ResponseMeta {
  action: TaskAction;
  kind: TargetKind;
  id: string;
  steps: TaskStep[];
  /** The configuration read by `get`. */
  config?: LiveStreamConfig;
  /** A start asked to wait: how long it waited for the host, and its tries (meeting reads or start requests). */
  waitedMs?: number;
  tries?: number;
  /** `check`: the pre-flight checklist. */
  checklist?: Checklist;
  /** start and confirm with a destination: how far the stream is proven live there. */
  confirmation?: Confirmation;
  /** The stream at the destination, key masked ("live/***"): what was read. */
  destinationStream?: string;
  /** start and stop with YouTube: its stream, broadcast, on air or completed, and the units spent. */
  youtube?: YouTubeReport;
}

/** What a confirmed start leaves to confirm: the request and the stream's name at the destination (the key: never on a result). */
export interface PendingConfirmation {
  request: ConfirmRequest;
  stream: DestinationStream;
}

type Step = NonNullable<TaskOptions['step']>;

async function runCheck(client: ZoomLiveStreamClient, plan: TaskPlan, step: Step, call: SendOptions): Promise<TaskResult> {
  const { kind, id } = plan.target;
  // The plan's own reads: planned once, performed as planned.
  const { checkTarget } = await import('../check/check.js');
  const checklist = await step(() => checkTarget(client, plan.target, call, plan.operations));
  const steps = checklist.reads.map((r) => ({ ...r }));
  const last = steps.at(-1);
  return {
    action: 'check',
    kind,
    id,
    status: last?.status ?? 0,
    ...(last?.trackingId ? { trackingId: last.trackingId } : {}),
    steps,
    checklist,
  };
}

/** Performs one operation of a plan: a waiting start waits; the update before it is as patient. */
async function performStep(
  client: ZoomLiveStreamClient,
  op: Operation,
  plan: TaskPlan,
  call: SendOptions,
  hooks: Pick<TaskOptions, 'onWait' | 'onProbe'> & { step: Step },
): Promise<Awaited<ReturnType<ZoomLiveStreamClient['perform']>> & { waitedMs?: number; tries?: number }> {
  const { wait, operations } = plan;
  // A start after an update knows its stream is configured; one alone reads it first.
  if (wait && op.isStreamStart)
    return (await import('./waiting-start.js')).waitingStart(
      client,
      op,
      wait,
      operations.some((o) => o.name !== 'status'),
      { ...call, ...hooks },
    );
  // The update before a waiting start never goes ahead of a stop.
  if (wait) return hooks.step(() => client.perform(op, { ...call, priority: 'wait' }), 'wait');
  return hooks.step(() => client.perform(op, call));
}

/**
 * The error of a failed step, carrying what the task had done: the steps completed, the failed one
 * as refused (Zoom answered: not applied), sent with no certain answer (Zoom may have applied it) or
 * never sent, and the steps after it. An error that is not the product's own passes as it is.
 */
function withSteps(error: unknown, done: string[], failed: string, sent: boolean, after: string[], read: boolean): unknown {
  if (!(error instanceof ZoomError)) return error;
  // A read changes nothing, so one that left is as good as refused.
  const answered = error.status !== undefined || (sent && read);
  const steps: StepsReport = {
    done,
    ...(answered ? { failed } : sent ? { mayHaveApplied: failed } : {}),
    notDone: answered || sent ? after : [failed, ...after],
  };
  error.steps = steps;
  return error;
}

/** Performs a plan from planTask, and confirms a start at its destination when asked. */
export async function runPlan(client: ZoomLiveStreamClient, plan: TaskPlan, options: TaskOptions = {}): Promise<TaskResult> {
  const { result, toConfirm } = await performPlan(client, plan, options);
  if (toConfirm) {
    const { confirmAt } = await import('../confirm/confirm.js');
    result.confirmation = await confirmAt(toConfirm.request, toConfirm.stream, {
      clock: client.clock,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.zoomEvent ? { zoomEvent: options.zoomEvent } : {}),
      ...(options.onLevel ? { onLevel: options.onLevel } : {}),
    });
  }
  return result;
}

/**
 * Performs a plan from planTask, YouTube's part included (youtube-run.ts): that code is loaded only
 * by a plan that has one, so a plain get does not pay for it.
 */
export async function runTask(
  client: ZoomLiveStreamClient,
  plan: TaskPlan,
  options: TaskOptions & YouTubeOptions = {},
): Promise<TaskResult> {
  // YouTube's own options (its quota meter) mean nothing to a plan without YouTube.
  if (!plan.youtube) return runPlan(client, plan, options);
  return (await import('./youtube-run.js')).runYouTubePlan(client, plan, options);
}

/**
 * Performs a plan up to its confirmation, which it returns beside the result for the caller to run
 * when it will: a Node-RED target's queue must not be held while a destination is read for minutes,
 * or a stop would wait behind it.
 */
export async function performPlan(
  client: ZoomLiveStreamClient,
  plan: TaskPlan,
  options: TaskOptions = {},
): Promise<{ result: TaskResult; toConfirm?: PendingConfirmation }> {
  // The confirmation's own hooks (zoomEvent, onLevel) ride along in `call`, unused by the requests.
  const { onWait, onProbe, step = (send) => send(), revealStreamKey, ...call } = options;
  if (plan.action === 'check') return { result: await runCheck(client, plan, step, call) };
  const steps: TaskStep[] = [];
  let config: LiveStreamConfig | undefined;
  let waited: { waitedMs: number; tries: number } | undefined;
  let stream: DestinationStream | undefined;
  for (const [index, op] of plan.operations.entries()) {
    const operation = describeOperation(op);
    // Whether this operation's request left: it may then have reached Zoom whatever happens next.
    let sent = false;
    const tracked: SendOptions = {
      ...call,
      onSend: () => {
        sent = true;
        call.onSend?.();
      },
      onNotSent: () => {
        sent = false;
        call.onNotSent?.();
      },
    };
    let outcome: Awaited<ReturnType<typeof performStep>>;
    try {
      // A waiting start pauses only after Zoom answered its try ("not started"): that try was not applied.
      const paused: TaskOptions['onWait'] = (progress) => {
        sent = false;
        onWait?.(progress);
      };
      // Where a confirmed start will read the stream: known (and checked) before the start is sent.
      if (plan.confirm && op.isStreamStart) stream = streamAtDestination(config, plan);
      outcome = await performStep(client, op, plan, tracked, { onWait: paused, onProbe, step });
    } catch (error) {
      const after = plan.operations.slice(index + 1).map((o) => describeOperation(o));
      throw withSteps(
        error,
        steps.map((s) => s.operation),
        operation,
        sent,
        after,
        op.method === 'GET',
      );
    }
    const { config: read, waitedMs, tries, ...meta } = outcome;
    if (read) config = read;
    // What an update wrote is what the destination will see.
    if (op.name === 'update') config = { ...(config ?? { page_url: '' }), ...(op.body as Partial<LiveStreamConfig>) } as LiveStreamConfig;
    if (waitedMs !== undefined && tries !== undefined) waited = { waitedMs, tries };
    steps.push({ operation, ...meta });
  }
  const last = steps[steps.length - 1]!;
  const result: TaskResult = { action: plan.action, kind: plan.target.kind, id: plan.target.id, status: last.status, steps };
  if (last.trackingId) result.trackingId = last.trackingId;
  if (last.state) result.state = last.state;
  let toConfirm: PendingConfirmation | undefined;
  if (plan.confirm) {
    stream ??= streamAtDestination(config, plan);
    result.destinationStream = `${stream.app}/${MASK}`;
    toConfirm = { request: plan.confirm, stream };
  }
  if (config && plan.action !== 'start') result.config = revealStreamKey ? config : maskStreamConfig(config);
  if (waited) Object.assign(result, waited);
  return toConfirm ? { result, toConfirm } : { result };
}

/** The stream's name at the destination: from what the task wrote, else what Zoom holds. */
function streamAtDestination(config: LiveStreamConfig | undefined, plan: TaskPlan): DestinationStream {
  if (!config?.stream_url) {
    throw new ZoomApiError(`${plan.target.kind} ${plan.target.id} has no custom live stream configured: there is nothing to confirm.`, {
      status: 200,
      hint: 'Run update with the stream URL, key and page URL first (or give them to this start, which then updates first).',
    });
  }
  return destinationStream(config.stream_url, config.stream_key);
}
