/**
 * Keeps the secrets a client has seen (access tokens, client secrets, keys, passwords) and blanks
 * them out of any text before it reaches a message, an error or a log line: every layer that quotes
 * network text uses it.
 */

export const MASK = '***';

/** Bounded so a long-lived client (a Node-RED config node) does not grow without end. */
const MAX_PASSING_SECRETS = 256;

export class Redactor {
  /** The credentials the client was built with: a handful, kept for its whole life. */
  private readonly lasting = new Set<string>();
  /** Secrets that come and go (OAuth tokens, keys): the most recent ones, oldest dropped first. */
  private readonly passing = new Set<string>();
  /**
   * Every secret, longest first: sorted again only when one is learnt or dropped, not per text (a
   * client in a long-lived process redacts a few texts per request and keeps up to 256 passing secrets).
   */
  private ordered?: string[];

  /** `onSecret` hears of each new secret once (the Action masks it in the runner's log). */
  constructor(private readonly onSecret?: (secret: string) => void) {}

  /** `lasting` for credentials, which must be redacted however many passing secrets follow. */
  add(secret: string | undefined, lasting = false): void {
    // Very short values would blank ordinary words; the secrets of the APIs read are never that short.
    if (!secret || secret.length < 4) return;
    if (this.lasting.has(secret)) return;
    const known = this.passing.delete(secret);
    if (!known) {
      this.onSecret?.(secret);
      this.ordered = undefined;
    }
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
    this.ordered ??= [...this.lasting, ...this.passing].sort((a, b) => b.length - a.length);
    for (const secret of this.ordered) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  }
}
