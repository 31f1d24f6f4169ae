/**
 * The Zoom app's event subscriptions: URL validation when one is added, then signed deliveries of
 * each event, retried as Zoom retries them when the endpoint does not answer 200 or 204 in 3 s.
 */
import { randomBytes } from 'node:crypto';
import { signDelivery, urlValidationAnswer } from '../core/events/signature.js';
import { isoSeconds as iso } from '../core/text.js';
import { SANDBOX_CLIENT } from './credentials.js';
import type { StreamRecord } from './streams.js';
import type { Timers } from './timers.js';

/** An event subscription, as a Zoom app has one: an endpoint URL and the app's secret token. */
export interface Subscription {
  url: string;
  secretToken: string;
  /** Zoom's waits before retrying a delivery that got no 200/204 in 3 s (about +5, +20, +60 min). */
  retryDelaysMs: number[];
}

/** One attempt to deliver an event, as the sandbox's log of them keeps it. */
export interface Delivery {
  event: string;
  url: string;
  attempt: number;
  /** The endpoint's HTTP status, or 0 when it did not answer in 3 s. */
  status: number;
  at: number;
  ms: number;
}

export const ZOOM_RETRY_DELAYS_MS = [5 * 60_000, 20 * 60_000, 60 * 60_000];

export class EventSubscriptions {
  private readonly subscriptions: Subscription[] = [];
  /** Every delivery attempt to a subscription, in order. */
  readonly deliveries: Delivery[] = [];
  private readonly inFlightDeliveries = new Set<Promise<void>>();

  constructor(
    private readonly now: () => number,
    private readonly timers: Timers,
    private readonly log?: (line: string) => void,
    /** Hears every event's body too (the WebSocket delivery), subscribed endpoints or not. */
    private readonly alsoTo?: (body: string) => void,
  ) {}

  /**
   * Adds an event subscription after Zoom's URL validation: a signed `endpoint.url_validation`
   * whose answer must carry the hex HMAC-SHA256 of the plain token. Resolves false (and subscribes
   * nothing) when the endpoint does not answer it right.
   */
  async subscribe(url: string, secretToken: string, retryDelaysMs: number[] = ZOOM_RETRY_DELAYS_MS): Promise<boolean> {
    const plainToken = randomBytes(16).toString('base64url');
    const body = JSON.stringify({ payload: { plainToken }, event_ts: this.now(), event: 'endpoint.url_validation' });
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signDelivery(body, secretToken, this.now()) },
        body,
        signal: AbortSignal.timeout(3_000),
      });
      const answer = (await response.json()) as { plainToken?: string; encryptedToken?: string };
      const expected = urlValidationAnswer(plainToken, secretToken);
      if (response.status !== 200 || answer.plainToken !== plainToken || answer.encryptedToken !== expected.encryptedToken) return false;
    } catch {
      return false;
    }
    this.subscriptions.push({ url, secretToken, retryDelaysMs });
    this.log?.(`event subscription validated: ${url}`);
    return true;
  }

  /** Resolves when every delivery started so far has been answered or has failed (retries aside). */
  async settled(): Promise<void> {
    while (this.inFlightDeliveries.size) await Promise.all([...this.inFlightDeliveries]);
  }

  /** Zoom's event body for a meeting or webinar; its id a JSON number of any length, as Zoom sends it. */
  private eventBody(event: string, record: StreamRecord): string {
    const object: Record<string, unknown> = {
      id: '__ID__',
      uuid: Buffer.from(`${record.kind}:${record.id}`).toString('base64'),
      host_id: 'sandbox-host',
      topic: record.topic ?? `Sandbox ${record.kind} ${record.id}`,
      type: record.kind === 'webinar' ? 5 : 2,
      start_time: iso(record.startedAt ?? this.now()),
      duration: 60,
      timezone: 'UTC',
    };
    if (event.endsWith('.ended')) object.end_time = iso(this.now());
    if (event.startsWith('meeting.live_streaming_')) {
      Object.assign(object, {
        operator: 'host@example.com',
        operator_id: 'sandbox-host',
        live_streaming: {
          service: 'Custom_Live_Streaming_Service',
          // Zoom sends the stream key in the payload: the node must mask it.
          custom_live_streaming_settings: {
            stream_url: record.stream_url,
            stream_key: record.stream_key,
            page_url: record.page_url,
            resolution: record.resolution ?? '720p',
          },
          date_time: iso(this.now()),
        },
      });
    }
    const body = { event, event_ts: this.now(), payload: { account_id: SANDBOX_CLIENT.accountId, object } };
    return JSON.stringify(body).replace('"__ID__"', record.id);
  }

  emit(event: string, record: StreamRecord): void {
    if (!this.subscriptions.length && !this.alsoTo) return;
    const body = this.eventBody(event, record);
    this.alsoTo?.(body);
    for (const subscription of this.subscriptions) this.deliver(subscription, event, body, 1);
  }

  /** One signed POST; without a 200/204 within 3 s, another after Zoom's next retry delay. */
  private deliver(subscription: Subscription, event: string, body: string, attempt: number): void {
    const at = this.now();
    const started = performance.now();
    const attemptDone = fetch(subscription.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signDelivery(body, subscription.secretToken, this.now()) },
      body,
      signal: AbortSignal.timeout(3_000),
    })
      .then(async (response) => {
        await response.arrayBuffer().catch(() => undefined);
        return response.status;
      })
      .catch(() => 0)
      .then((status) => {
        this.deliveries.push({ event, url: subscription.url, attempt, status, at, ms: performance.now() - started });
        this.log?.(`delivered ${event} to ${subscription.url} -> ${status || 'no answer'}`);
        const wait = subscription.retryDelaysMs[attempt - 1];
        if (status === 200 || status === 204 || wait === undefined) return;
        this.timers.later(wait, () => this.deliver(subscription, event, body, attempt + 1));
      });
    this.inFlightDeliveries.add(attemptDone);
    void attemptDone.finally(() => this.inFlightDeliveries.delete(attemptDone));
  }
}
