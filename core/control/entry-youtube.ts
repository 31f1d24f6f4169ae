/**
 * A YouTube entry's side of its loop (entry-loop.ts), as `run` keeps it live: the reusable stream
 * found again (or created) once; before the meeting's first start, a broadcast created and bound and
 * Zoom given the stream's address, key and watch URL (a restart sends YouTube nothing and reuses
 * them); the broadcast put on air once the stream receives; completed when the meeting ends. Every
 * call counts on the entry's share of the controller's quota meter, and the watch's reads go to
 * YouTube with the other entries' (one liveStreams.list for up to 50 streams).
 */
import { QuotaMeter } from '../confirm/quota.js';
import { ReadBatches } from '../confirm/read-batches.js';
import { destinationReader, type DestinationReader } from '../confirm/reader.js';
import type { ConfirmRequest } from '../confirm/request.js';
import { destinationStream } from '../confirm/stream-name.js';
import { reasonOf, YouTubeApi } from '../youtube/api.js';
import { YouTubeTokenRegistry } from '../youtube/tokens.js';
import {
  activeBroadcastsOn,
  completeYouTube,
  createBroadcast,
  goOnAir,
  lifeCycle,
  notOnAir,
  prepareStream,
  watchUrl,
  type Completed,
  type PreparedYouTube,
} from '../youtube/lifecycle.js';
import type { YouTubeSettings } from '../youtube/settings.js';
import { planTask } from '../tasks/plan.js';
import { meetingDetails } from '../tasks/youtube-run.js';
import type { ZoomLiveStreamClient } from '../zoom/client.js';
import type { FleetEntry } from '../fleet/entry.js';

/** What every YouTube entry of a controller shares: the quota (spent for all when YouTube says so), the batched reads, and an access token per credentials. */
export class YouTubeShared {
  readonly quota = new QuotaMeter();
  readonly batches = new ReadBatches();
  readonly tokens = new YouTubeTokenRegistry();
}

export class EntryYouTube {
  /** The entry's confirmation at YouTube: its confirm:, else YouTube's defaults. */
  readonly confirm: ConfirmRequest;
  private readonly settings: YouTubeSettings;
  private readonly api: YouTubeApi;
  private readonly quota: QuotaMeter;
  private stream?: PreparedYouTube;
  /** This meeting's broadcast: created before its first start, or found live on the stream when adopted. */
  private broadcast?: string;
  /** Zoom has this meeting's stream URL, key and page. */
  private zoomHasIt = false;
  /** This meeting's broadcast went on air. */
  onAir = false;

  constructor(
    private readonly entry: FleetEntry,
    private readonly client: ZoomLiveStreamClient,
    private readonly shared: YouTubeShared,
  ) {
    const plan = planTask({
      action: 'start',
      target: entry.target,
      youtube: entry.youtube!,
      ...(entry.confirm ? { confirm: entry.confirm } : {}),
      ...(entry.pageUrl ? { stream: { page_url: entry.pageUrl } } : {}),
    });
    this.settings = plan.youtube!.settings;
    this.confirm = plan.confirm!;
    this.quota = shared.quota.child();
    this.api = new YouTubeApi({
      apiUrl: plan.youtube!.api.url,
      credentials: plan.youtube!.api.credentials,
      clock: client.clock,
      quota: this.quota,
      timeoutMs: client.options.timeoutMs,
      onSecret: (secret) => client.learnSecret(secret),
      tokens: shared.tokens,
    });
  }

  /** Each meeting gets a broadcast (`broadcast: create`). */
  get createsBroadcasts(): boolean {
    return this.settings.broadcast === 'create';
  }

  /** Units this entry's calls spent since it joined. */
  get units(): number {
    return this.quota.units;
  }

  /** Before a start: the stream, this meeting's broadcast, and Zoom given both, each once per meeting. */
  async beforeStart(signal: AbortSignal): Promise<void> {
    const stream = await this.ownStream(signal);
    if (this.settings.broadcast === 'create' && this.broadcast === undefined) {
      const meeting = this.settings.title ? {} : await meetingDetails(this.client, this.entry.target, signal);
      this.broadcast = (await createBroadcast(this.api, this.settings, stream.streamId, meeting, this.client.clock, signal)).broadcastId;
      this.zoomHasIt = false;
    }
    if (this.zoomHasIt) return;
    // Without a broadcast, the entry's page-url (the file's check made sure there is one).
    const page = this.broadcast !== undefined ? watchUrl(this.broadcast) : (this.entry.pageUrl ?? '');
    await this.client.updateLiveStream(
      this.entry.target,
      { stream_url: stream.streamUrl, stream_key: stream.streamKey, page_url: page },
      { signal },
    );
    this.zoomHasIt = true;
  }

  /** A reader of the entry's stream by its ID, its reads sent with the other entries'. */
  async reader(signal: AbortSignal): Promise<DestinationReader> {
    const stream = await this.ownStream(signal);
    return destinationReader({ ...this.confirm.destination, id: stream.streamId }, destinationStream(stream.streamUrl, stream.streamKey), {
      clock: this.client.clock,
      quota: this.quota,
      batches: this.shared.batches,
      tokens: this.api.tokens,
      timeoutMs: this.client.options.timeoutMs,
    });
  }

  /** A meeting found live at YouTube (run started again meanwhile): the broadcast live on its stream is this meeting's, on air. */
  async adopt(signal: AbortSignal): Promise<void> {
    this.zoomHasIt = true;
    if (this.settings.broadcast !== 'create') return;
    const stream = await this.ownStream(signal);
    const live = (await activeBroadcastsOn(this.api, stream.streamId, signal)).find((b) => b.lifeCycleStatus === 'live');
    if (!live) return;
    this.broadcast = live.id;
    this.onAir = true;
  }

  /**
   * Once the stream receives: the broadcast on air, or why not. One already on air (a restart's) is
   * read once; one no longer live (completed in YouTube Studio) is forgotten, and the next start
   * creates another. Without a broadcast there is nothing to put on air.
   */
  async putOnAir(deadline: number, signal: AbortSignal): Promise<string | undefined> {
    if (this.broadcast === undefined) return undefined;
    if (this.onAir) {
      const status = await lifeCycle(this.api, this.broadcast, signal);
      if (status === 'live') return undefined;
      this.onAir = false;
      if (status !== 'ready' && status !== 'testing' && status !== 'liveStarting') {
        this.broadcast = undefined;
        this.zoomHasIt = false;
        return `YouTube's broadcast is no longer live (${status ?? 'not found'}): the next restart creates another.`;
      }
    }
    const air = await goOnAir(this.api, this.broadcast, { clock: this.client.clock, deadline, signal });
    this.onAir = air.onAir;
    return air.onAir ? undefined : notOnAir(air);
  }

  /** The meeting ended: its broadcast (else any live on the stream) completed; the next meeting starts afresh. */
  async complete(signal: AbortSignal): Promise<Completed | undefined> {
    const broadcast = this.broadcast ?? this.settings.broadcastId;
    const wasOnAir = this.onAir;
    this.broadcast = undefined;
    this.onAir = this.zoomHasIt = false;
    if (this.settings.broadcast !== 'create' && broadcast === undefined) return undefined;
    try {
      return await completeYouTube(
        this.api,
        {
          ...this.settings,
          ...(broadcast !== undefined ? { broadcastId: broadcast } : {}),
          ...(this.stream ? { streamId: this.stream.streamId } : {}),
        },
        signal,
      );
    } catch (error) {
      // One that never went live cannot be completed: left as it is (YouTube lists it as upcoming).
      if (!wasOnAir && reasonOf(error) === 'invalidTransition') return undefined;
      throw error;
    }
  }

  close(): void {
    this.api.close();
  }

  /** The entry's reusable stream, found (or created) once while the entry is watched. */
  private async ownStream(signal: AbortSignal): Promise<PreparedYouTube> {
    this.stream ??= await prepareStream(this.api, this.settings, signal);
    return this.stream;
  }
}
