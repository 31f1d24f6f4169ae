/**
 * A YouTube broadcast's life around a Zoom stream, each step checked: the reusable live stream
 * (given, else found again by its title, else created once) whose ingestion address and name become
 * Zoom's stream URL and key; a broadcast created and bound to it; once video arrives, the broadcast
 * put on air (too early is errorStreamInactive, tried again until the deadline; already there is
 * redundantTransition, success); at the end, the broadcast live on the stream completed.
 * Calls cost units (api.ts counts them): lists are read 50 at a time, and nothing is read twice.
 */
import { ZoomApiError } from '../errors.js';
import { setting } from '../words.js';
import type { Clock } from '../http/clock.js';
import { isPlainObject } from '../http/json.js';
import { ingestion } from '../confirm/youtube.js';
import { items, reasonOf, type YouTubeApi } from './api.js';
import type { YouTubeSettings } from './settings.js';

export interface PreparedYouTube {
  streamId: string;
  /** Zoom's stream_url and stream_key (the key: a secret, never on a result). */
  streamUrl: string;
  streamKey: string;
  /** Found again by its title, or created now. */
  streamCreated: boolean;
  broadcastId?: string;
  /** The broadcast's watch URL: Zoom's page_url. */
  pageUrl?: string;
}

/** A channel with more streams than this many pages of 50 is not searched to the end: give youtube-stream-id. */
const MAX_PAGES = 20;

/** The channel's stream whose title is `title`, or undefined: its list, 50 a page. */
async function streamByTitle(api: YouTubeApi, title: string, signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await api.call(
      'liveStreams.list',
      'GET',
      '/liveStreams',
      { part: 'id,snippet,cdn', mine: 'true', maxResults: '50', ...(pageToken ? { pageToken } : {}) },
      undefined,
      signal,
    );
    const found = items(answer).find((s) => isPlainObject(s.snippet) && s.snippet.title === title);
    if (found) return found;
    if (typeof answer.nextPageToken !== 'string') return undefined;
    pageToken = answer.nextPageToken;
  }
  return undefined;
}

async function streamById(api: YouTubeApi, id: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const answer = await api.call('liveStreams.list', 'GET', '/liveStreams', { part: 'id,snippet,cdn', id }, undefined, signal);
  const [found] = items(answer);
  if (!found)
    throw new ZoomApiError(`YouTube liveStreams.list: no live stream of this channel has the ID ${id}.`, {
      status: 404,
      code: 'liveStreamNotFound',
      hint: `Check ${setting('youtubeStreamId')}.`,
    });
  return found;
}

function ingestionOf(stream: Record<string, unknown>): { url: string; name: string } {
  const found = ingestion(stream);
  if (!found)
    throw new ZoomApiError(`YouTube's live stream ${String(stream.id).slice(0, 64)} has no RTMP ingestion address.`, {
      status: 200,
      hint: `Use a stream whose ingestion type is rtmp (the product creates one when ${setting('youtubeStreamId')} is unset).`,
    });
  return found;
}

/** A broadcast's watch URL: Zoom's page URL. */
export const watchUrl = (broadcastId: string) => `https://www.youtube.com/watch?v=${encodeURIComponent(broadcastId)}`;

/** The entry's reusable stream: given, else found again by its title, else created once. */
export async function prepareStream(api: YouTubeApi, settings: YouTubeSettings, signal?: AbortSignal): Promise<PreparedYouTube> {
  let stream = settings.streamId
    ? await streamById(api, settings.streamId, signal)
    : await streamByTitle(api, settings.streamTitle, signal);
  const streamCreated = !stream;
  stream ??= await api.call(
    'liveStreams.insert',
    'POST',
    '/liveStreams',
    { part: 'id,snippet,cdn,contentDetails,status' },
    {
      snippet: { title: settings.streamTitle },
      cdn: { ingestionType: 'rtmp', frameRate: 'variable', resolution: 'variable' },
      contentDetails: { isReusable: true },
    },
    signal,
  );
  const { url, name } = ingestionOf(stream);
  api.learnSecret(name);
  return { streamId: String(stream.id), streamUrl: url, streamKey: name, streamCreated };
}

/**
 * A broadcast created and bound to the stream; its watch URL is Zoom's page URL. `meeting`: the
 * Zoom meeting's topic and start time, for its title and schedule.
 */
export async function createBroadcast(
  api: YouTubeApi,
  settings: YouTubeSettings,
  streamId: string,
  meeting: { topic?: string; startTime?: string },
  clock: Clock,
  signal?: AbortSignal,
): Promise<{ broadcastId: string; pageUrl: string }> {
  // YouTube wants a start time; one already past (a meeting that began) is now.
  const scheduled = Math.max(Date.parse(meeting.startTime ?? '') || 0, clock.now());
  const broadcast = await api.call(
    'liveBroadcasts.insert',
    'POST',
    '/liveBroadcasts',
    { part: 'id,snippet,status,contentDetails' },
    {
      snippet: {
        title: settings.title ?? meeting.topic?.slice(0, 100) ?? settings.streamTitle,
        scheduledStartTime: new Date(scheduled).toISOString(),
      },
      status: { privacyStatus: settings.privacy, selfDeclaredMadeForKids: false },
      // Put on air and completed by this product, once video arrives and when the meeting ends.
      contentDetails: { enableAutoStart: false, enableAutoStop: false, monitorStream: { enableMonitorStream: false } },
    },
    signal,
  );
  const broadcastId = String(broadcast.id);
  await api.call(
    'liveBroadcasts.bind',
    'POST',
    '/liveBroadcasts/bind',
    { id: broadcastId, streamId, part: 'id,contentDetails' },
    undefined,
    signal,
  );
  return { broadcastId, pageUrl: watchUrl(broadcastId) };
}

/** The stream, and with `broadcast: create` a broadcast bound to it: what a start gives Zoom. */
export async function prepareYouTube(
  api: YouTubeApi,
  settings: YouTubeSettings,
  meeting: { topic?: string; startTime?: string },
  clock: Clock,
  signal?: AbortSignal,
): Promise<PreparedYouTube> {
  const prepared = await prepareStream(api, settings, signal);
  if (settings.broadcast !== 'create') return prepared;
  return { ...prepared, ...(await createBroadcast(api, settings, prepared.streamId, meeting, clock, signal)) };
}

export interface OnAir {
  onAir: boolean;
  /** Transitions refused as too early (errorStreamInactive) before one was taken. */
  tooEarly: number;
  /** The broadcast's last lifeCycleStatus read. */
  lifeCycleStatus?: string;
}

/** Why a broadcast is not on air after goOnAir, in one line. */
export const notOnAir = (air: OnAir): string =>
  `YouTube's broadcast did not go live (${air.tooEarly} transitions refused as too early; last ${air.lifeCycleStatus ?? 'unknown'}).`;

export async function lifeCycle(api: YouTubeApi, broadcastId: string, signal?: AbortSignal): Promise<string | undefined> {
  const answer = await api.call('liveBroadcasts.list', 'GET', '/liveBroadcasts', { part: 'id,status', id: broadcastId }, undefined, signal);
  const status = items(answer)[0]?.status;
  return isPlainObject(status) && typeof status.lifeCycleStatus === 'string' ? status.lifeCycleStatus.slice(0, 40) : undefined;
}

/**
 * Puts the broadcast on air once its stream receives: the transition to live, tried again while
 * YouTube says the stream is inactive, then its status read until `live`, all before `deadline`.
 */
export async function goOnAir(
  api: YouTubeApi,
  broadcastId: string,
  options: { clock: Clock; deadline: number; intervalMs?: number; signal?: AbortSignal },
): Promise<OnAir> {
  const { clock, deadline, signal } = options;
  const interval = options.intervalMs ?? 5_000;
  const result: OnAir = { onAir: false, tooEarly: 0 };
  for (;;) {
    try {
      await api.call(
        'liveBroadcasts.transition',
        'POST',
        '/liveBroadcasts/transition',
        { broadcastStatus: 'live', id: broadcastId, part: 'id,status' },
        undefined,
        signal,
      );
      break;
    } catch (error) {
      const reason = reasonOf(error);
      if (reason === 'redundantTransition') break;
      if (reason !== 'errorStreamInactive') throw error;
      result.tooEarly++;
      if (clock.now() + interval > deadline) return result;
      await clock.sleep(interval, signal);
    }
  }
  // liveStarting comes first; Google moves it on to live within seconds.
  for (;;) {
    result.lifeCycleStatus = await lifeCycle(api, broadcastId, signal);
    if (result.lifeCycleStatus === 'live') return { ...result, onAir: true };
    if (result.lifeCycleStatus !== 'liveStarting' && result.lifeCycleStatus !== 'testing') return result;
    if (clock.now() + interval > deadline) return result;
    await clock.sleep(Math.min(interval, 2_000), signal);
  }
}

/** The channel's active broadcasts (live, or starting) bound to the stream, with their lifeCycleStatus. */
export async function activeBroadcastsOn(
  api: YouTubeApi,
  streamId: string,
  signal?: AbortSignal,
): Promise<{ id: string; lifeCycleStatus?: string }[]> {
  const answer = await api.call(
    'liveBroadcasts.list',
    'GET',
    '/liveBroadcasts',
    { part: 'id,status,contentDetails', broadcastStatus: 'active', maxResults: '50' },
    undefined,
    signal,
  );
  return items(answer)
    .filter((b) => isPlainObject(b.contentDetails) && b.contentDetails.boundStreamId === streamId)
    .map((b) => ({
      id: String(b.id).slice(0, 128),
      ...(isPlainObject(b.status) && typeof b.status.lifeCycleStatus === 'string'
        ? { lifeCycleStatus: b.status.lifeCycleStatus.slice(0, 40) }
        : {}),
    }));
}

export interface Completed {
  /** The broadcasts completed now. */
  completed: string[];
  /** Already complete (redundantTransition). */
  alreadyComplete: string[];
}

/**
 * Completes the broadcast named by youtube-broadcast-id, else every broadcast live on the entry's
 * stream (youtube-stream-id, else found by its title). Nothing live there: nothing to do.
 */
export async function completeYouTube(api: YouTubeApi, settings: YouTubeSettings, signal?: AbortSignal): Promise<Completed> {
  let ids: string[];
  if (settings.broadcastId) ids = [settings.broadcastId];
  else {
    const streamId = settings.streamId ?? (await streamByTitle(api, settings.streamTitle, signal))?.id;
    if (typeof streamId !== 'string') return { completed: [], alreadyComplete: [] };
    ids = (await activeBroadcastsOn(api, streamId, signal)).map((b) => b.id);
  }
  const result: Completed = { completed: [], alreadyComplete: [] };
  for (const id of ids) {
    try {
      await api.call(
        'liveBroadcasts.transition',
        'POST',
        '/liveBroadcasts/transition',
        { broadcastStatus: 'complete', id, part: 'id,status' },
        undefined,
        signal,
      );
      result.completed.push(id);
    } catch (error) {
      if (reasonOf(error) !== 'redundantTransition') throw error;
      result.alreadyComplete.push(id);
    }
  }
  return result;
}
