/** Zoom's per-account limit per second, as Zoom answers it: 429 with X-RateLimit-* and no Retry-After. */
import { zoomError, type Reply } from './requests.js';

export class PerSecondLimit {
  /** 429s answered for the limit. */
  rateLimited = 0;
  private readonly recentApi: number[] = [];

  constructor(private readonly options: { rateLimitPerSecond?: number }) {}

  /** The per-second limit, over the last 1,000 ms of API requests (real time, like Zoom's). */
  check(): Reply | undefined {
    const limit = this.options.rateLimitPerSecond;
    if (!limit) return undefined;
    const now = performance.now();
    while (this.recentApi.length && now - this.recentApi[0]! >= 1_000) this.recentApi.shift();
    if (this.recentApi.length >= limit) {
      this.rateLimited++;
      const reply = zoomError(429, 429, 'You have reached the maximum per-second rate limit for this API. Try again later.');
      reply.headers = {
        'x-ratelimit-category': 'Light',
        'x-ratelimit-type': 'QPS',
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': '0',
      };
      return reply;
    }
    this.recentApi.push(now);
    return undefined;
  }
}
