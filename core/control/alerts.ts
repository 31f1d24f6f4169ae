/**
 * Alerts to a chat or incident webhook (Slack, Teams, Discord, or anything that takes JSON): one
 * POST per change, with a `text` the chat shows as it is and the structured fields. Each is retried
 * with back-off on its own and never holds the controller up; the URL carries a token, so it is a
 * secret: no line ever shows it.
 */
import { systemClock, type Clock } from '../http/clock.js';
import { Transport } from '../http/transport.js';
import type { Alert } from './states.js';

export interface AlertSenderOptions {
  url: string;
  clock?: Clock;
  userAgent: string;
  /** Told when an alert could not be delivered after its retries (the URL never named). */
  onFailure: (alert: Alert, reason: string) => void;
}

export class AlertSender {
  private readonly transport: Transport;
  private readonly pending = new Set<Promise<void>>();

  /** The URL carries a token: no text it appears in is shown as it is. */
  private readonly redact = (text: string) => text.split(this.options.url).join('[alert-url]');

  constructor(private readonly options: AlertSenderOptions) {
    this.transport = new Transport({
      timeoutMs: 10_000,
      maxRetries: 4,
      maxWaitMs: 60_000,
      clock: options.clock ?? systemClock,
      random: Math.random,
      userAgent: options.userAgent,
      redact: this.redact,
      timeoutSetting: 'alert-url',
    });
  }

  /** Sends in the background; the promise is kept until it settles (close() waits for none). */
  send(alert: Alert): void {
    const sending = this.deliver(alert).finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }

  private async deliver(alert: Alert): Promise<void> {
    try {
      const answer = await this.transport.send({
        method: 'POST',
        url: this.options.url,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alert),
        label: `alert ${alert.event} for ${alert.stream}`,
        urlSetting: 'alert-url',
        paced: false,
        maxBodyBytes: 64 * 1024,
      });
      if (answer.status >= 300) this.options.onFailure(alert, `the alert URL answered HTTP ${answer.status}`);
    } catch (error) {
      this.options.onFailure(alert, this.redact((error as Error).message));
    }
  }

  /** Every alert still out has settled (tests, and a last look before exit). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /**
   * Waits up to `ms` for the alerts still out (a `dropped` told just before SIGTERM still lands),
   * then closes: any left are cancelled, and told as not delivered.
   */
  async drain(ms: number): Promise<void> {
    const waited = new AbortController();
    const clock = this.options.clock ?? systemClock;
    await Promise.race([this.settled(), clock.sleep(ms, waited.signal).catch(() => undefined)]);
    waited.abort();
    this.close();
  }

  close(): void {
    this.transport.close();
  }
}
