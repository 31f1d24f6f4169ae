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
import { printable } from '../text.js';
import { QuotaMeter } from '../confirm/quota.js';
import { confirmAt } from '../confirm/confirm.js';
import { YouTubeApi } from '../youtube/api.js';
import { completeYouTube, goOnAir, prepareYouTube } from '../youtube/lifecycle.js';
import type { YouTubeOptions, YouTubeReport } from '../youtube/report.js';
import { streamedPlan, type TaskPlan } from './plan.js';
import { performPlan, runPlan, type TaskOptions, type TaskResult } from './run.js';

export interface YouTubeTaskOptions extends TaskOptions, YouTubeOptions {}

/** The meeting's topic and start time, for the broadcast; a read Zoom refuses (scope) leaves them unset. */
async function meetingDetails(
  client: ZoomLiveStreamClient,
  plan: TaskPlan,
  options: TaskOptions,
): Promise<{ topic?: string; startTime?: string }> {
  try {
    const { json } = await client.read(readTargetOperation(plan.target), options.signal ? { signal: options.signal } : {});
    return {
      ...(typeof json.topic === 'string' ? { topic: printable(json.topic).slice(0, 100) } : {}),
      ...(typeof json.start_time === 'string' ? { startTime: json.start_time } : {}),
    };
  } catch (error) {
    if (error instanceof ZoomError && error.kind === 'api' && error.status !== undefined && error.status < 500) return {};
    throw error;
  }
}

/** Performs a plan with YouTube (plan.youtube set: runTask brings it here). */
export async function runYouTubePlan(client: ZoomLiveStreamClient, plan: TaskPlan, options: YouTubeTaskOptions = {}): Promise<TaskResult> {
  const youtube = plan.youtube!;
  const { quota: runQuota = new QuotaMeter(), onSecret, userAgent, onAirIntervalMs, ...taskOptions } = options;
  // This task's own count (a fleet's entries run side by side), the run's closing when YouTube says it is spent.
  const quota = runQuota.child();
  const api = new YouTubeApi({
    apiUrl: youtube.api.url,
    credentials: youtube.api.credentials,
    clock: client.clock,
    quota,
    ...(userAgent ? { userAgent } : {}),
    onSecret: (secret) => {
      client.learnSecret(secret);
      onSecret?.(secret);
    },
  });
  const report: YouTubeReport = { units: 0 };
  const spent = () => (report.units = quota.units);
  try {
    if (plan.action === 'stop') {
      const result = await runPlan(client, plan, taskOptions);
      const done = await completeYouTube(api, youtube.settings, taskOptions.signal);
      Object.assign(report, { completed: done.completed, alreadyComplete: done.alreadyComplete });
      spent();
      return { ...result, youtube: report };
    }
    const meeting =
      youtube.settings.broadcast === 'create' && !youtube.settings.title ? await meetingDetails(client, plan, taskOptions) : {};
    const prepared = await prepareYouTube(api, youtube.settings, meeting, client.clock, taskOptions.signal);
    Object.assign(report, {
      streamId: prepared.streamId,
      streamCreated: prepared.streamCreated,
      ...(prepared.broadcastId ? { broadcastId: prepared.broadcastId, pageUrl: prepared.pageUrl } : {}),
    });
    const streamed = streamedPlan(
      plan,
      { stream_url: prepared.streamUrl, stream_key: prepared.streamKey, ...(prepared.pageUrl ? { page_url: prepared.pageUrl } : {}) },
      prepared.streamId,
    );
    const { result, toConfirm } = await performPlan(client, streamed, taskOptions);
    const began = client.clock.now();
    const confirmation = await confirmAt(toConfirm!.request, toConfirm!.stream, {
      clock: client.clock,
      quota,
      ...(userAgent ? { userAgent } : {}),
      ...(taskOptions.signal ? { signal: taskOptions.signal } : {}),
      ...(taskOptions.zoomEvent ? { zoomEvent: taskOptions.zoomEvent } : {}),
      ...(taskOptions.onLevel ? { onLevel: taskOptions.onLevel } : {}),
    });
    result.confirmation = confirmation;
    if (prepared.broadcastId) {
      confirmation.asked = 'on-air';
      if (confirmation.live) {
        const air = await goOnAir(api, prepared.broadcastId, {
          clock: client.clock,
          deadline: began + toConfirm!.request.timeoutMs,
          ...(onAirIntervalMs !== undefined ? { intervalMs: onAirIntervalMs } : {}),
          ...(taskOptions.signal ? { signal: taskOptions.signal } : {}),
        }).catch((error: unknown) => {
          // Zoom's stream is started by now: the report says so, and what YouTube refused.
          if (error instanceof ZoomError)
            error.steps = { done: result.steps.map((s) => s.operation), failed: 'put the YouTube broadcast on air', notDone: [] };
          throw error;
        });
        Object.assign(report, { onAir: air.onAir, tooEarly: air.tooEarly });
        if (air.onAir) {
          const afterMs = client.clock.now() - began;
          confirmation.ladder.push({ level: 'on-air', afterMs });
          confirmation.confirmed = 'on-air';
          taskOptions.onLevel?.('on-air', afterMs);
        } else
          confirmation.problem = `YouTube's broadcast did not go live (${air.tooEarly} transitions refused as too early; last ${air.lifeCycleStatus ?? 'unknown'}).`;
      }
      confirmation.live = confirmation.confirmed === 'on-air';
    }
    spent();
    return { ...result, youtube: report };
  } finally {
    // A failure's units are on the meter, which the face holds.
    api.close();
  }
}
