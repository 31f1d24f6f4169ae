/**
 * A start or stop with YouTube, around the Zoom plan (run.ts): before the start, YouTube's stream
 * and broadcast are made ready (a refusal, the quota's included, stops it before Zoom is touched);
 * Zoom then gets YouTube's address, key and watch URL, and starts; the stream is confirmed
 * receiving at YouTube, and the broadcast put on air (the ladder's top: on-air). After a stop, the
 * broadcast live on the stream is completed. The units every call spent are on the result.
 */
import { ZoomError } from '../errors.js';
import type { ZoomLiveStreamClient } from '../zoom/client.js';
import { readTargetOperation } from '../zoom/operations.js';
import type { Target } from '../zoom/types.js';
import { printable } from '../text.js';
import { QuotaMeter } from '../confirm/quota.js';
import { confirmAt, type ConfirmAtOptions } from '../confirm/confirm.js';
import { YouTubeApi } from '../youtube/api.js';
import { completeYouTube, goOnAir, notOnAir, prepareYouTube } from '../youtube/lifecycle.js';
import type { YouTubeOptions, YouTubeReport } from '../youtube/report.js';
import type { YouTubeSettings } from '../youtube/settings.js';
import { streamedPlan, type TaskPlan } from './plan.js';
import { performPlan, runPlan, type PendingConfirmation, type TaskOptions, type TaskResult } from './run.js';

export interface YouTubeTaskOptions extends TaskOptions, YouTubeOptions {}

/** The meeting's topic and start time, for the broadcast; a read Zoom refuses (scope) leaves them unset. */
export async function meetingDetails(
  client: ZoomLiveStreamClient,
  target: Target,
  signal?: AbortSignal,
): Promise<{ topic?: string; startTime?: string }> {
  try {
    const { json } = await client.read(readTargetOperation(target), signal ? { signal } : {});
    return {
      ...(typeof json.topic === 'string' ? { topic: printable(json.topic).slice(0, 100) } : {}),
      ...(typeof json.start_time === 'string' ? { startTime: json.start_time } : {}),
    };
  } catch (error) {
    if (error instanceof ZoomError && error.kind === 'api' && error.status !== undefined && error.status < 500) return {};
    throw error;
  }
}

/**
 * A YouTube step's failure after Zoom's steps were done: the report says they were (Zoom's stream is
 * started or stopped by then), and that this one was refused, or, cut off, not done.
 */
const afterZoom =
  (result: TaskResult, step: string) =>
  (error: unknown): never => {
    if (error instanceof ZoomError) {
      const done = result.steps.map((s) => s.operation);
      error.steps = error.kind === 'cancelled' ? { done, notDone: [step] } : { done, failed: step, notDone: [] };
    }
    throw error;
  };

/**
 * One task's YouTube side, in the phases a face interleaves with Zoom's: `open` makes YouTube ready
 * and gives the plan to perform (a start's with YouTube's stream in it; a refusal, the quota's
 * included, comes before Zoom is touched); the face performs it its own way (Node-RED in the
 * target's queue); then `started` confirms and puts the broadcast on air, or `stopped` completes it.
 */
export class YouTubeTask {
  private readonly report: YouTubeReport = { units: 0 };
  private broadcastId: string | undefined;

  private constructor(
    private readonly api: YouTubeApi,
    private readonly quota: QuotaMeter,
    private readonly client: ZoomLiveStreamClient,
    private readonly settings: YouTubeSettings,
    private readonly options: Pick<YouTubeOptions, 'userAgent' | 'onAirIntervalMs' | 'batches'>,
  ) {}

  /** The plan to perform; `close()` the task whatever happens after. */
  static async open(
    client: ZoomLiveStreamClient,
    plan: TaskPlan,
    options: YouTubeOptions & Pick<TaskOptions, 'signal'> = {},
  ): Promise<{ task: YouTubeTask; plan: TaskPlan }> {
    const youtube = plan.youtube!;
    // This task's own count (a fleet's entries run side by side), the run's closing when YouTube says it is spent.
    const quota = (options.quota ?? new QuotaMeter()).child();
    const api = new YouTubeApi({
      apiUrl: youtube.api.url,
      credentials: youtube.api.credentials,
      clock: client.clock,
      quota,
      timeoutMs: client.options.timeoutMs,
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      onSecret: (secret) => {
        client.learnSecret(secret);
        options.onSecret?.(secret);
      },
      ...(options.tokens ? { tokens: options.tokens } : {}),
    });
    const task = new YouTubeTask(api, quota, client, youtube.settings, options);
    if (plan.action !== 'start') return { task, plan };
    try {
      const meeting =
        youtube.settings.broadcast === 'create' && !youtube.settings.title ? await meetingDetails(client, plan.target, options.signal) : {};
      const prepared = await prepareYouTube(api, youtube.settings, meeting, client.clock, options.signal);
      Object.assign(task.report, {
        streamId: prepared.streamId,
        streamCreated: prepared.streamCreated,
        ...(prepared.broadcastId ? { broadcastId: prepared.broadcastId, pageUrl: prepared.pageUrl } : {}),
      });
      task.broadcastId = prepared.broadcastId;
      const stream = {
        stream_url: prepared.streamUrl,
        stream_key: prepared.streamKey,
        ...(prepared.pageUrl ? { page_url: prepared.pageUrl } : {}),
      };
      return { task, plan: streamedPlan(plan, stream, prepared.streamId) };
    } catch (error) {
      task.close();
      throw error;
    }
  }

  /** Units this task spent so far (a failure's too). */
  get units(): number {
    return this.quota.units;
  }

  /** After Zoom started the stream: confirmed receiving at YouTube, then the broadcast on air (on-air). */
  async started(
    result: TaskResult,
    toConfirm: PendingConfirmation,
    confirm: Omit<ConfirmAtOptions, 'clock' | 'quota' | 'userAgent' | 'tokens'>,
  ): Promise<TaskResult> {
    const { clock } = this.client;
    const began = clock.now();
    const confirmation = await confirmAt(toConfirm.request, toConfirm.stream, {
      ...confirm,
      clock,
      quota: this.quota,
      ...(this.options.userAgent ? { userAgent: this.options.userAgent } : {}),
      ...(this.options.batches ? { batches: this.options.batches } : {}),
      tokens: this.api.tokens,
    });
    result.confirmation = confirmation;
    if (this.broadcastId) {
      confirmation.asked = 'on-air';
      if (confirmation.live) {
        const air = await goOnAir(this.api, this.broadcastId, {
          clock,
          deadline: began + toConfirm.request.timeoutMs,
          ...(this.options.onAirIntervalMs !== undefined ? { intervalMs: this.options.onAirIntervalMs } : {}),
          ...(confirm.signal ? { signal: confirm.signal } : {}),
        }).catch(afterZoom(result, 'put the YouTube broadcast on air'));
        Object.assign(this.report, { onAir: air.onAir, tooEarly: air.tooEarly });
        if (air.onAir) {
          const afterMs = clock.now() - began;
          confirmation.ladder.push({ level: 'on-air', afterMs });
          confirmation.confirmed = 'on-air';
          confirm.onLevel?.('on-air', afterMs);
        } else confirmation.problem = notOnAir(air);
      }
      confirmation.live = confirmation.confirmed === 'on-air';
    }
    return this.done(result);
  }

  /** After Zoom stopped the stream: the broadcast live on it completed. */
  async stopped(result: TaskResult, signal?: AbortSignal): Promise<TaskResult> {
    const done = await completeYouTube(this.api, this.settings, signal).catch(afterZoom(result, 'complete the YouTube broadcast'));
    Object.assign(this.report, { completed: done.completed, alreadyComplete: done.alreadyComplete });
    return this.done(result);
  }

  close(): void {
    this.api.close();
  }

  private done(result: TaskResult): TaskResult {
    this.report.units = this.quota.units;
    return { ...result, youtube: this.report };
  }
}

/** Performs a plan with YouTube (plan.youtube set: runTask brings it here). */
export async function runYouTubePlan(client: ZoomLiveStreamClient, plan: TaskPlan, options: YouTubeTaskOptions = {}): Promise<TaskResult> {
  const { quota, onSecret, userAgent, onAirIntervalMs, batches, tokens, ...taskOptions } = options;
  const youtube = {
    ...(quota ? { quota } : {}),
    ...(batches ? { batches } : {}),
    ...(tokens ? { tokens } : {}),
    ...(onSecret ? { onSecret } : {}),
    ...(userAgent ? { userAgent } : {}),
    ...(onAirIntervalMs !== undefined ? { onAirIntervalMs } : {}),
  };
  const { task, plan: streamed } = await YouTubeTask.open(client, plan, {
    ...youtube,
    ...(taskOptions.signal ? { signal: taskOptions.signal } : {}),
  });
  try {
    if (plan.action === 'stop') return await task.stopped(await runPlan(client, plan, taskOptions), taskOptions.signal);
    const { result, toConfirm } = await performPlan(client, streamed, taskOptions);
    return await task.started(result, toConfirm!, {
      ...(taskOptions.signal ? { signal: taskOptions.signal } : {}),
      ...(taskOptions.zoomEvent ? { zoomEvent: taskOptions.zoomEvent } : {}),
      ...(taskOptions.onLevel ? { onLevel: taskOptions.onLevel } : {}),
    });
  } finally {
    task.close();
  }
}
