/**
 * A fleet in one process: every entry of a streams file through one client (one token, one pace for
 * the account, the priorities of the waits), each entry on its own, so one entry's failure never
 * stops or slows another. Each command reports per entry what reached Zoom.
 *   plan   reads each entry (the pre-flight check's reads: the meeting, its host, the stream) and
 *          says what differs and what no update fixes
 *   apply  reads each stream and sends one update per entry that differs, none for the rest
 *   start  starts each entry, or with `due` only those Zoom's calendar has beginning now
 *   stop   stops each entry
 *   check  the pre-flight check of each entry
 *   confirm  reads each entry's destination (its `confirm:`): is the stream live there now?
 * start and confirm prove each entry live at its `confirm:` destination, when it has one.
 */
import { setMaxListeners } from 'node:events';
import { ZoomError } from '../errors.js';
import { setting } from '../words.js';
import { isoSeconds } from '../text.js';
import { checkTarget, type CheckReads } from '../check/check.js';
import { readTargetOperation } from '../zoom/operations.js';
import type { ZoomLiveStreamClient } from '../zoom/client.js';
import type { LiveStreamConfig, TargetKind } from '../zoom/types.js';
import type { WaitProgress } from '../tasks/wait.js';
import type { Confirmation } from '../confirm/confirm.js';
import { planTask } from '../tasks/plan.js';
import { runPlan, runTask, type TaskOptions } from '../tasks/run.js';
import { QuotaMeter } from '../confirm/quota.js';
import { ReadBatches } from '../confirm/read-batches.js';
import type { YouTubeReport } from '../youtube/report.js';
import { YouTubeTokenRegistry } from '../youtube/tokens.js';
import { Scheduler } from '../http/scheduler.js';
import { startInTurns } from '../http/turns.js';
import { differences, type Difference } from './drift.js';
import type { FleetEntry } from './file.js';
import { dueAt } from './schedule.js';
import type { FleetCommand } from './commands.js';

export type EntryOutcome =
  | 'in sync'
  | 'differs'
  | 'problem'
  | 'updated'
  | 'started'
  | 'already live'
  | 'stopped'
  | 'nothing to stop'
  | 'checked'
  | 'read'
  | 'confirmed'
  | 'not confirmed'
  | 'not due'
  | 'skipped'
  | 'failed'
  | 'not done';

export interface EntryReport {
  name: string;
  kind: TargetKind;
  id: string;
  outcome: EntryOutcome;
  changes?: Difference[];
  /** What no update fixes, each with its fix. */
  problems?: { item: string; found: string; fix?: string }[];
  /** Why it was skipped or is not due, when it starts next (settings marked, for each face to word). */
  detail?: string;
  trackingId?: string;
  error?: ZoomError;
  /** get: the stream as Zoom holds it, the key masked. */
  config?: LiveStreamConfig;
  /** start and confirm of an entry with `confirm:`: how far the stream is proven live at its destination. */
  confirmation?: Confirmation;
  /** start and stop of an entry with `youtube:`: its stream, broadcast, on air or completed, and the units. */
  youtube?: YouTubeReport;
}

export interface FleetReport {
  command: FleetCommand;
  entries: EntryReport[];
  /** Entries that differ (plan) or were updated (apply). */
  changed: number;
  failed: number;
  /** plan: anything differs or a problem stands. */
  drift: boolean;
  /** The YouTube quota units every entry's calls spent, when any entry streams to YouTube. */
  youtubeUnits?: number;
}

export interface FleetOptions {
  signal?: AbortSignal;
  /** start: only the entries whose meeting begins within this (or began less ago, and is not over). */
  dueMs?: number;
  /** start: each waits this long for its host. */
  waitForStartMs?: number;
  /** Named by `only`: an entry without a fixed time is started anyway. */
  namedOnly?: boolean;
  onEntry?: (report: EntryReport) => void;
  /** start with a wait: told once per entry when it begins to wait for its host. */
  onWaiting?: (entry: FleetEntry, progress: WaitProgress) => void;
  now?: () => number;
  /** Requests in flight at once, across the entries (default 10, as Terraform's -parallelism). */
  parallelism?: number;
  /** Reads the entries share (each host's settings once per run): runFleet makes it. */
  shared?: CheckReads['shared'];
  /** Every request of an entry runs inside this (a slot of runFleet's scheduler). */
  step?: Step;
  /** The run's YouTube quota meter, shared by its entries: runFleet makes it. */
  quota?: QuotaMeter;
  /** The run's shared reads of YouTube (one list for up to 50 entries' streams): runFleet makes them. */
  batches?: ReadBatches;
  /** The run's YouTube access tokens, one per credentials: runFleet makes them. */
  tokens?: YouTubeTokenRegistry;
  /** Hears of each secret YouTube gives (an entry's stream name): the Action masks it. */
  onSecret?: (secret: string) => void;
}

type Step = NonNullable<TaskOptions['step']>;
const DEFAULT_PARALLELISM = 10;
const direct: Step = (send) => send();

const STREAM_ITEMS = ['stream'];

async function planEntry(client: ZoomLiveStreamClient, entry: FleetEntry, options: FleetOptions): Promise<EntryReport> {
  const { target } = entry;
  const seen: CheckReads = { shared: options.shared };
  const step = options.step ?? direct;
  // A check's reads (three or four, one after another) hold one slot.
  const list = await step(() => checkTarget(client, target, { signal: options.signal }, undefined, seen));
  const problems = list.items
    .filter((i) => i.state === 'problem' && !STREAM_ITEMS.includes(i.name))
    .map((i) => ({ item: i.name, found: i.found, ...(i.fix ? { fix: i.fix } : {}) }));
  // A meeting Zoom no longer has may have become a webinar (or the reverse): one read tells.
  if (!seen.details && problems.some((p) => p.item === target.kind)) {
    const other = target.kind === 'meeting' ? 'webinar' : 'meeting';
    try {
      await step(() => client.read(readTargetOperation(target, `read ${other}`, other), { signal: options.signal }));
      const at = problems.find((p) => p.item === target.kind)!;
      at.found = `${target.kind} ${target.id} is now a ${other}`;
      at.fix = `Write ${other}: ${target.id} in the file for this entry (Zoom converted it).`;
    } catch (error) {
      if (!(error instanceof ZoomError) || error.kind === 'cancelled') throw error;
    }
  }
  const changes = seen.details || seen.config ? differences(entry, seen.config) : [];
  const outcome: EntryOutcome = problems.length ? 'problem' : changes.length ? 'differs' : 'in sync';
  return { name: entry.name, ...target, outcome, ...(changes.length ? { changes } : {}), ...(problems.length ? { problems } : {}) };
}

async function applyEntry(client: ZoomLiveStreamClient, entry: FleetEntry, options: FleetOptions): Promise<EntryReport> {
  const { target } = entry;
  if (entry.youtube) return { name: entry.name, ...target, outcome: 'skipped', detail: 'YouTube gives its stream at each start' };
  let held;
  try {
    held = await (options.step ?? direct)(() => client.getLiveStream(target, { signal: options.signal }));
  } catch (error) {
    // No stream configured yet (Zoom's 3000): everything differs.
    if (!(error instanceof ZoomError) || Number(error.code) !== 3000) throw error;
  }
  const changes = differences(entry, held);
  if (!changes.length) return { name: entry.name, ...target, outcome: 'in sync' };
  // As a task, so a failure or a cut-off says whether the update reached Zoom (its steps).
  const answer = await runPlan(client, planTask({ action: 'update', target, stream: entry.stream! }), {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.step ? { step: options.step } : {}),
  });
  return { name: entry.name, ...target, outcome: 'updated', changes, ...(answer.trackingId ? { trackingId: answer.trackingId } : {}) };
}

async function startEntry(client: ZoomLiveStreamClient, entry: FleetEntry, options: FleetOptions): Promise<EntryReport> {
  const { target } = entry;
  const base = { name: entry.name, ...target };
  if (options.dueMs !== undefined) {
    const op = readTargetOperation(target, `read ${target.kind}`);
    const read = await (options.step ?? direct)(() => client.read(op, { signal: options.signal }));
    const due = dueAt(read.json, (options.now ?? Date.now)(), options.dueMs);
    if (!due.due) {
      if (due.why === 'no-fixed-time' && options.namedOnly) {
        // Named with --only: started whatever its calendar says.
      } else {
        const detail =
          due.why === 'no-fixed-time'
            ? `no fixed time in Zoom: name it with ${setting('only')} to start it`
            : due.why === 'not-yet'
              ? `next start ${isoSeconds(due.nextStartMs!)}`
              : due.why === 'over'
                ? 'its last occurrence is over'
                : 'Zoom lists no start time';
        return { ...base, outcome: due.why === 'no-fixed-time' ? 'skipped' : 'not due', detail };
      }
    }
  }
  const plan = planTask({
    action: 'start',
    target,
    ...(Object.keys(entry.settings).length ? { settings: { ...entry.settings } } : {}),
    ...(options.waitForStartMs ? { waitForStart: { timeoutMs: options.waitForStartMs } } : {}),
    ...(entry.confirm ? { confirm: entry.confirm } : {}),
    ...(entry.youtube ? { youtube: entry.youtube } : {}),
    ...(entry.pageUrl ? { stream: { page_url: entry.pageUrl } } : {}),
  });
  let waiting = false;
  const result = await runTask(client, plan, {
    ...youtubeOptions(options),
    ...(options.signal ? { signal: options.signal } : {}),
    // A waiting start holds a slot only while a request runs, never while it waits for its host.
    ...(options.step ? { step: options.step } : {}),
    onWait: (progress) => {
      if (!waiting) options.onWaiting?.(entry, progress);
      waiting = true;
    },
  });
  return {
    ...base,
    outcome: result.confirmation && !result.confirmation.live ? 'not confirmed' : (result.state ?? 'started'),
    ...(result.trackingId ? { trackingId: result.trackingId } : {}),
    ...(result.confirmation ? { confirmation: result.confirmation } : {}),
    ...(result.youtube ? { youtube: result.youtube } : {}),
  };
}

const youtubeOptions = (options: FleetOptions) => ({
  ...(options.quota ? { quota: options.quota } : {}),
  ...(options.batches ? { batches: options.batches } : {}),
  ...(options.tokens ? { tokens: options.tokens } : {}),
  ...(options.onSecret ? { onSecret: options.onSecret } : {}),
});

/** confirm: the entry's destination read (Zoom's configuration first, for the stream's name there); skipped without `confirm:`. */
async function confirmEntry(client: ZoomLiveStreamClient, entry: FleetEntry, options: FleetOptions): Promise<EntryReport> {
  const base = { name: entry.name, ...entry.target };
  if (!entry.confirm) return { ...base, outcome: 'skipped', detail: 'no confirm: for this entry in the file' };
  const result = await runPlan(client, planTask({ action: 'confirm', target: entry.target, confirm: entry.confirm }), {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.step ? { step: options.step } : {}),
  });
  const confirmation = result.confirmation!;
  return { ...base, outcome: confirmation.live ? 'confirmed' : 'not confirmed', confirmation };
}

/** A one-request action on an entry (stop, get): its outcome, Zoom's state where it found it done already. */
function oneRequest(action: 'stop' | 'get', outcome: EntryOutcome) {
  return async (client: ZoomLiveStreamClient, entry: FleetEntry, options: FleetOptions): Promise<EntryReport> => {
    // A stop of a YouTube entry completes its broadcast too.
    const youtube = action === 'stop' && entry.youtube ? { youtube: entry.youtube } : {};
    const result = await runTask(client, planTask({ action, target: entry.target, ...youtube }), {
      ...youtubeOptions(options),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.step ? { step: options.step } : {}),
    });
    return {
      name: entry.name,
      ...entry.target,
      outcome: result.state ?? outcome,
      ...(result.config ? { config: result.config } : {}),
      ...(result.trackingId ? { trackingId: result.trackingId } : {}),
      ...(result.youtube ? { youtube: result.youtube } : {}),
    };
  };
}

async function checkEntry(client: ZoomLiveStreamClient, entry: FleetEntry, options: FleetOptions): Promise<EntryReport> {
  const list = await (options.step ?? direct)(() => checkTarget(client, entry.target, { signal: options.signal }));
  const problems = list.items
    .filter((i) => i.state === 'problem')
    .map((i) => ({ item: i.name, found: i.found, ...(i.fix ? { fix: i.fix } : {}) }));
  return { name: entry.name, ...entry.target, outcome: problems.length ? 'problem' : 'checked', ...(problems.length ? { problems } : {}) };
}

const RUNNERS: Record<FleetCommand, (client: ZoomLiveStreamClient, entry: FleetEntry, options: FleetOptions) => Promise<EntryReport>> = {
  plan: planEntry,
  apply: applyEntry,
  start: startEntry,
  stop: oneRequest('stop', 'stopped'),
  check: checkEntry,
  get: oneRequest('get', 'read'),
  confirm: confirmEntry,
};

/** Runs a command over the entries, each on its own; the report lists every entry in the file's order. */
export async function runFleet(
  client: ZoomLiveStreamClient,
  command: FleetCommand,
  entries: FleetEntry[],
  options: FleetOptions = {},
): Promise<FleetReport> {
  // Every entry's waits listen to the one signal (a start waiting for its host holds no slot): as
  // many listeners as entries is by design.
  if (options.signal) setMaxListeners(entries.length + 10, options.signal);
  const shared: NonNullable<FleetOptions['shared']> = new Map();
  const quota = options.quota ?? new QuotaMeter();
  const batches = new ReadBatches();
  const tokens = new YouTubeTokenRegistry();
  // Each entry goes at once, but only `parallelism` of their requests are in flight together.
  const scheduler = new Scheduler(options.parallelism ?? DEFAULT_PARALLELISM, client.clock);
  const step: Step = (send, priority) => scheduler.inSlot(send, priority, options.signal);
  let reports: EntryReport[];
  try {
    reports = await Promise.all(
      await startInTurns(entries, async (entry) => {
        let report: EntryReport;
        try {
          report = await RUNNERS[command](client, entry, { ...options, shared, step, quota, batches, tokens });
        } catch (error) {
          if (!(error instanceof ZoomError)) throw error;
          report = {
            name: entry.name,
            ...entry.target,
            outcome: error.kind === 'cancelled' ? 'not done' : 'failed',
            error,
            ...(error.trackingId ? { trackingId: error.trackingId } : {}),
          };
        }
        options.onEntry?.(report);
        return report;
      }),
    );
  } finally {
    tokens.close();
  }
  const changed = reports.filter((r) => r.outcome === 'differs' || r.outcome === 'updated').length;
  const failed = reports.filter((r) => r.outcome === 'failed').length;
  const drift = command === 'plan' && reports.some((r) => r.outcome === 'differs' || r.outcome === 'problem');
  const youtube = entries.some((e) => e.youtube) ? { youtubeUnits: quota.units } : {};
  return { command, entries: reports, changed, failed, drift, ...youtube };
}
