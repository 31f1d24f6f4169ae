/**
 * HTTP to Google as the YouTube clients send it: the credentials (and each secret learnt later)
 * blanked from every message, nothing sent twice (a write that may have landed is not repeated: the
 * lifecycle finds what exists before it creates), the client's timeout.
 */
import type { Clock } from '../http/clock.js';
import { Redactor } from '../http/redactor.js';
import { Transport } from '../http/transport.js';
import { setting } from '../words.js';

export interface GoogleTransportOptions {
  credentials: Readonly<Record<string, string>>;
  clock: Clock;
  userAgent?: string;
  /** Per call: the Zoom client's (the timeout-seconds setting). */
  timeoutMs?: number;
  /** Hears of each secret once (the Action masks it in the runner's log). */
  onSecret?: (secret: string) => void;
}

export function googleTransport(options: GoogleTransportOptions): { transport: Transport; redactor: Redactor } {
  const redactor = new Redactor(options.onSecret);
  for (const secret of Object.values(options.credentials)) redactor.add(secret, true);
  const transport = new Transport({
    timeoutMs: options.timeoutMs ?? 30_000,
    maxRetries: 0,
    maxWaitMs: 0,
    clock: options.clock,
    random: Math.random,
    userAgent: options.userAgent ?? 'zoom-livestream',
    redact: (text) => redactor.redact(text),
    timeoutSetting: setting('timeoutMs'),
  });
  return { transport, redactor };
}
