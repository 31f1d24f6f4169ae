/**
 * A plan (plan.ts) performed: step by step, the first failure stops it and is thrown. A start asked
 * to wait repeats until the host is in (waiting-start.ts); a check runs the pre-flight check.
 * Shared by every face, so they all behave the same.
 */
import type { ZoomLiveStreamClient, CallOptions } from './client.js';
import { checkTarget, type Checklist } from './check.js';
import { planTask, type Task, type TaskAction, type TaskPlan } from './plan.js';
import type { LiveStreamConfig, ResponseMeta, TargetKind } from './types.js';
import type { Priority } from './pace.js';
import { waitingStart, type Probe } from './waiting-start.js';
import type { WaitProgress } from './wait.js';

/** A task's hooks, besides the per-call ones (signal, retries). */
export interface TaskOptions extends CallOptions {
  /** A waiting start: told before each pause (how long it has waited, the next try, the deadline). */
  onWait?: (progress: WaitProgress) => void;
  /** Told as each operation of the task completes ("update meeting 857..."): what was done, if it is stopped. */
  onStepDone?: (operation: string) => void;
  /** A waiting start: told once which probe it uses (the meeting's status, or the start call) and how often. */
  onProbe?: (probe: Probe, intervalMs: number) => void;
  /**
   * Every request step runs inside this (the Node-RED account: a slot of its scheduler), while the
   * pauses between a waiting start's tries run outside it, holding nothing.
   */
  step?: <T>(send: () => Promise<T>, priority?: Priority) => Promise<T>;
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
}

type Step = NonNullable<TaskOptions['step']>;

async function runCheck(client: ZoomLiveStreamClient, plan: TaskPlan, step: Step, call: CallOptions): Promise<TaskResult> {
  const { kind, id } = plan.target;
  const checklist = await step(() => checkTarget(client, plan.target, call));
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

/** Performs a plan from planTask. */
export async function runPlan(client: ZoomLiveStreamClient, plan: TaskPlan, options: TaskOptions = {}): Promise<TaskResult> {
  const { onWait, onProbe, onStepDone, step = (send) => send(), ...call } = options;
  if (plan.action === 'check') return runCheck(client, plan, step, call);
  const { operations, wait } = plan;
  const steps: TaskStep[] = [];
  let config: LiveStreamConfig | undefined;
  let waited: { waitedMs: number; tries: number } | undefined;
  for (const op of operations) {
    let outcome: Awaited<ReturnType<ZoomLiveStreamClient['perform']>>;
    if (wait && op.isStreamStart) {
      // A start after an update knows its stream is configured; one alone reads it first.
      const { waitedMs, tries, ...meta } = await waitingStart(client, op, wait, operations.length > 1, { ...call, onWait, onProbe, step });
      outcome = meta;
      waited = { waitedMs, tries };
    } else if (wait) {
      // The update before a waiting start is as patient as the start: it never goes ahead of a stop.
      outcome = await step(() => client.perform(op, { ...call, priority: 'wait' }), 'wait');
    } else {
      outcome = await step(() => client.perform(op, call));
    }
    const { config: read, ...meta } = outcome;
    if (read) config = read;
    const operation = client.describe(op);
    steps.push({ operation, ...meta });
    onStepDone?.(operation);
  }
  const last = steps[steps.length - 1]!;
  const result: TaskResult = { action: plan.action, kind: plan.target.kind, id: plan.target.id, status: last.status, steps };
  if (last.trackingId) result.trackingId = last.trackingId;
  if (config) result.config = config;
  if (waited) Object.assign(result, waited);
  return result;
}

/** Plans a task and performs it: for callers that have no use for the plan in between. */
export async function runTask(client: ZoomLiveStreamClient, task: Task, options: TaskOptions = {}): Promise<TaskResult> {
  return runPlan(client, planTask(task), options);
}
