/**
 * What one `zoom-account` config node owns: one client (one token cache) for every node that uses
 * it, over what the whole Zoom account shares (SharedAccount: the pace, the per-target queues and
 * the waiting starts). The client is made on first use, so a credentials mistake is reported on each
 * message rather than silently at deploy.
 */
import {
  CancelledError,
  Scheduler,
  checkRequestsPerSecond,
  Pacer,
  systemClock,
  type Priority,
  OverloadedError,
  performPlan,
  ZoomLiveStreamClient,
  type ClientOptions,
  type Clock,
  type RetryInfo,
  type TaskPlan,
  type PendingConfirmation,
  type TaskResult,
  type Probe,
  type WaitProgress,
  type ZoomError,
} from '../core/index.js';

export interface AccountSettings {
  /**
   * Which credentials to use: the editor keeps both kinds, only the chosen one counts. Unset (a
   * hand-written or provisioned flow, an older export): the credentials present decide.
   */
  authType?: 'oauth' | 'token';
  credentials: Record<string, string | undefined>;
  apiBaseUrl?: string;
  oauthTokenUrl?: string;
  timeoutMs?: number;
  /**
   * The pace this node asks for (requests/s, checked on the first message). A service made on its own
   * paces its account at it; in the registry the account runs at the lowest valid pace its nodes ask
   * for. Unset: no pacing.
   */
  requestsPerSecond?: number;
  log: (message: string) => void;
  clock?: Clock;
  /** Messages queued or running at most (all nodes on the account); past it a message fails at once. */
  maxQueued?: number;
}

/** The default bound on an account's queued messages: about 3 KB each (bench), so some 30 MB at most. */
export const DEFAULT_MAX_QUEUED = 10_000;

/** What a node hears about its message while it waits and runs (for its status). */
export interface TaskProgress {
  /** Who sends the task (the node's id): the account's nodes take turns, so none waits behind another's burst. */
  source?: string;
  /** Its turn came: the request is being sent. */
  onStart?: () => void;
  /** The account is rate-limited: it waits this long before starting. */
  onPaused?: (ms: number) => void;
  /** Its own request is retried after this wait. */
  onRetry?: (info: RetryInfo) => void;
  /** A start waiting for the host says which probe it uses (once). */
  onProbe?: (probe: Probe, intervalMs: number) => void;
  /** A start waiting for the host pauses before its next try. */
  onWait?: (progress: WaitProgress) => void;
  /** `get`: the result carries the stream key (the node's "include the stream key"). */
  revealStreamKey?: boolean;
}

/** The credentials that count: the chosen kind, or (unset) the kind present. */
export function authTypeOf(settings: Pick<AccountSettings, 'authType' | 'credentials'>): 'oauth' | 'token' {
  const { accountId, clientId, clientSecret, accessToken } = settings.credentials;
  return settings.authType ?? (accessToken && !accountId && !clientId && !clientSecret ? 'token' : 'oauth');
}

/** The abort reason when the account closes: one, for every task. */
const CLOSED = new Error('the zoom-account closed');

/** The abort reason of a waiting start that a stop for its target cancelled. */
const STOPPED = Symbol('stopped by a stop for the same target');

/**
 * What every service of one Zoom account shares, whatever its credentials: the pace (Zoom's limit is
 * the account's), one queue per target so that a start and a stop never race, the request slots, and
 * the starts waiting for their host (a stop through any node cancels them).
 */
export class SharedAccount {
  readonly scheduler: Scheduler;
  /** Starts waiting for their host, by target. */
  readonly waitingStarts = new Map<string, Set<AbortController>>();
  private pacer?: Pacer;

  constructor(private readonly clock: Clock = systemClock) {
    this.scheduler = new Scheduler(8, clock);
  }

  /** Paces the account's requests at this rate from the next turn on (a valid rate, checked by the caller). */
  setRate(requestsPerSecond: number): void {
    if (this.pacer) this.pacer.setRate(requestsPerSecond);
    else this.pacer = new Pacer(requestsPerSecond, this.clock);
  }

  get requestsPerSecond(): number | undefined {
    return this.pacer?.requestsPerSecond;
  }

  /** Every client of the account takes its turns here. */
  readonly pace = (signal?: AbortSignal, priority?: Priority, source?: string): Promise<void> =>
    this.pacer ? this.pacer.turn(signal, priority, source) : Promise.resolve();
}

/** A rate that paces: a number from 1 to 10,000; anything else is its own node's error, never the account's pace. */
export function validRate(value: number | undefined): value is number {
  try {
    checkRequestsPerSecond(value);
    return true;
  } catch {
    return false;
  }
}

export class AccountService {
  private client?: ZoomLiveStreamClient;
  private readonly scheduler: Scheduler;
  /** One controller per task in flight, dropped when it settles: nothing per message outlives it. */
  private readonly running = new Set<AbortController>();
  private readonly waitingStarts: Map<string, Set<AbortController>>;

  readonly shared: SharedAccount;

  /** Without `shared`, the service is an account of its own, paced at its own rate. */
  constructor(
    private readonly settings: AccountSettings,
    shared?: SharedAccount,
  ) {
    if (!shared) {
      shared = new SharedAccount(settings.clock);
      if (validRate(settings.requestsPerSecond)) shared.setRate(settings.requestsPerSecond);
    }
    this.shared = shared;
    this.scheduler = shared.scheduler;
    this.waitingStarts = shared.waitingStarts;
  }

  /** The pace the account runs at. */
  get requestsPerSecond(): number | undefined {
    return this.shared.requestsPerSecond;
  }

  /** The shared client; throws a ValidationError when the credentials or a setting are wrong. */
  getClient(): ZoomLiveStreamClient {
    if (this.client) return this.client;
    // This node's own typo fails its own messages; the account paces at its other nodes' rates.
    if (this.settings.requestsPerSecond !== undefined) checkRequestsPerSecond(this.settings.requestsPerSecond, 'rate');
    const { accountId, clientId, clientSecret, accessToken } = this.settings.credentials;
    const authType = authTypeOf(this.settings);
    const options: ClientOptions = {
      auth:
        authType === 'token'
          ? { accessToken: accessToken ?? '' }
          : { accountId: accountId ?? '', clientId: clientId ?? '', clientSecret: clientSecret ?? '' },
      logger: { info: this.settings.log, warn: this.settings.log },
      // Only a limit of the whole account pauses the account; a meeting's own 429 (repeated starts)
      // delays that meeting's next try alone, inside its own queue.
      onRetry: ({ status, delayMs, scope }) => {
        if (status === 429 && scope === 'account') this.scheduler.pause(delayMs);
      },
    };
    if (this.settings.apiBaseUrl) options.apiBaseUrl = this.settings.apiBaseUrl;
    if (this.settings.oauthTokenUrl) options.oauthTokenUrl = this.settings.oauthTokenUrl;
    if (this.settings.timeoutMs !== undefined) options.timeoutMs = this.settings.timeoutMs;
    options.pace = this.shared.pace;
    if (this.settings.clock) options.clock = this.settings.clock;
    this.client = new ZoomLiveStreamClient(options);
    return this.client;
  }

  get tokenRequests(): number {
    return this.client?.tokenRequests ?? 0;
  }

  /**
   * Runs a task in its target's queue; `signal` cancels it (the node closed). A start that waits
   * for its host holds the queue (later messages for the target wait their turn) but no slot while
   * it pauses, and a stop for the same target cancels it at once: the stop then runs, and wins.
   */
  run(
    task: TaskPlan,
    targetKey: string,
    signal: AbortSignal,
    progress: TaskProgress = {},
  ): Promise<{ result: TaskResult; toConfirm?: PendingConfirmation }> {
    let client: ZoomLiveStreamClient;
    try {
      client = this.getClient();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const limit = this.settings.maxQueued ?? DEFAULT_MAX_QUEUED;
    if (this.running.size >= limit) {
      return Promise.reject(
        new OverloadedError(
          `${String(task.action)}: the account has ${limit} messages queued already; this one was not queued.`,
          "Send fewer messages at once (a delay node's rate limit in front), or raise the zoom-account's queue limit.",
        ),
      );
    }
    // Not AbortSignal.any(): that would hang a listener per message on a signal that lives as long
    // as the account. This controller and its one listener go when the task settles.
    const controller = new AbortController();
    // The reason passed on: a new DOMException per message (its stack captured) made closing 100,000 slow.
    const abort = () => controller.abort(signal.reason);
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
    this.running.add(controller);
    if (task.action === 'stop') for (const start of this.waitingStarts.get(targetKey) ?? []) start.abort(STOPPED);
    const waiting = task.wait !== undefined;
    if (waiting) this.waitingStarts.set(targetKey, (this.waitingStarts.get(targetKey) ?? new Set()).add(controller));
    // "sending…" once for the task, and again for each try after a pause.
    let announce = true;
    const result = this.scheduler.schedule(
      targetKey,
      async (inSlot) => {
        try {
          // The node confirms at the destination itself, once the target's queue is free again.
          return await performPlan(client, task, {
            signal: controller.signal,
            ...(progress.source ? { source: progress.source } : {}),
            ...(progress.revealStreamKey ? { revealStreamKey: true } : {}),
            onRetry: progress.onRetry,
            onProbe: progress.onProbe,
            onWait: (waited) => {
              announce = true;
              progress.onWait?.(waited);
            },
            step: (send, priority) =>
              inSlot(() => {
                if (announce) progress.onStart?.();
                announce = false;
                return send();
              }, priority),
          });
        } catch (error) {
          if (controller.signal.reason !== STOPPED) throw error;
          const { kind, id } = task.target;
          const why = new CancelledError(`start ${kind} ${id}`, `a stop for the same ${kind} came while it waited for the host`);
          // What the task had done stays with it (performPlan's steps).
          why.steps = (error as ZoomError).steps;
          throw why;
        }
      },
      controller.signal,
      progress.onPaused,
      progress.source,
    );
    const release = () => {
      signal.removeEventListener('abort', abort);
      this.running.delete(controller);
      const starts = this.waitingStarts.get(targetKey);
      if (starts?.delete(controller) && starts.size === 0) this.waitingStarts.delete(targetKey);
    };
    result.then(release, release);
    return result;
  }

  /** Tasks in flight or queued (tests and benchmarks check that nothing is left behind). */
  get inFlight(): number {
    return this.running.size;
  }

  /** Cancels everything in flight and frees the connections. */
  close(): void {
    for (const controller of this.running) controller.abort(CLOSED);
    this.client?.close();
  }
}
