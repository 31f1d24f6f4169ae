/** What a task with YouTube takes besides a plain task's options, and what it reports. */
import type { QuotaMeter } from '../confirm/quota.js';
import type { ReadBatches } from '../confirm/read-batches.js';
import type { YouTubeTokenRegistry } from './tokens.js';

/** What YouTube did for a task, for every face's report (the stream key never on it). */
export interface YouTubeReport {
  streamId?: string;
  /** The reusable stream was created by this start (else found again, or given). */
  streamCreated?: boolean;
  broadcastId?: string;
  /** The broadcast's watch URL, Zoom's page_url. */
  pageUrl?: string;
  /** The broadcast went on air. */
  onAir?: boolean;
  /** Transitions to live refused as too early (errorStreamInactive) before one was taken. */
  tooEarly?: number;
  /** stop: the broadcasts completed, and those already complete. */
  completed?: string[];
  alreadyComplete?: string[];
  /** Quota units spent by this task's calls (reads 1, writes 50). */
  units: number;
}

export interface YouTubeOptions {
  /** The run's meter (a fleet shares one); unset, the task's own. */
  quota?: QuotaMeter;
  /** Hears of each secret YouTube gives (its stream name): the Action masks it. */
  onSecret?: (secret: string) => void;
  userAgent?: string;
  /** Between tries of the transition to live (default 5 s). */
  onAirIntervalMs?: number;
  /** A fleet's confirmations share their reads of YouTube (one liveStreams.list for up to 50 streams). */
  batches?: ReadBatches;
  /** A fleet's entries share one access token per credentials (the run closes it). */
  tokens?: YouTubeTokenRegistry;
}
