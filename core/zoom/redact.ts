/**
 * Keeps the secrets a client has seen (access tokens, client secret, stream keys) and blanks them
 * out of any text before it reaches a message, an error or a log line.
 */
import type { LiveStreamConfig } from './types.js';

export const MASK = '***';

/** Bounded so a long-lived client (a Node-RED config node) does not grow without end. */
const MAX_PASSING_SECRETS = 256;

export class Redactor {
  /** The credentials the client was built with: a handful, kept for its whole life. */
  private readonly lasting = new Set<string>();
  /** Secrets that come and go (OAuth tokens, stream keys): the most recent ones, oldest dropped first. */
  private readonly passing = new Set<string>();

  /** `onSecret` hears of each new secret once (the Action masks it in the runner's log). */
  constructor(private readonly onSecret?: (secret: string) => void) {}

  /** `lasting` for credentials, which must be redacted however many passing secrets follow. */
  add(secret: string | undefined, lasting = false): void {
    // Very short values would blank ordinary words; Zoom secrets are never that short.
    if (!secret || secret.length < 4) return;
    if (this.lasting.has(secret)) return;
    const known = this.passing.delete(secret);
    if (!known) this.onSecret?.(secret);
    if (lasting) {
      this.lasting.add(secret);
      return;
    }
    this.passing.add(secret);
    if (this.passing.size > MAX_PASSING_SECRETS) {
      this.passing.delete(this.passing.values().next().value as string);
    }
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is blanked whole.
    const ordered = [...this.lasting, ...this.passing].sort((a, b) => b.length - a.length);
    for (const secret of ordered) out = out.split(secret).join(MASK);
    return out;
  }
}

/**
 * A stream configuration fit to show (outputs, logs, Node-RED's debug sidebar): the key masked,
 * and blanked from the stream URL too, where services such as rtmp://host/app/<key> embed it.
 */
export function maskStreamConfig(config: LiveStreamConfig): LiveStreamConfig {
  const key = config.stream_key;
  if (!key) return { ...config };
  return { ...config, stream_key: MASK, stream_url: maskKeyIn(config.stream_url, key) };
}

/**
 * The URL with the key masked where it stands as the key: a whole path segment or query value.
 * Masking every occurrence would show where a short key sits inside a host name.
 */
export function maskKeyIn(url: string, key: string): string {
  if (!key) return url;
  // A key with a separator in it can stand only at the end (rtmp://host/app/<key>).
  if (/[/?&=#]/.test(key)) return url.endsWith(`/${key}`) ? `${url.slice(0, -key.length)}${MASK}` : url;
  const encoded = encodeURIComponent(key);
  return url
    .split(/([/?&=#])/)
    .map((part) => (part === key || part === encoded ? MASK : part))
    .join('');
}
