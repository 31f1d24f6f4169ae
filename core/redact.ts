/**
 * Keeps the secrets a client has seen (access tokens, client secret, stream keys) and blanks them
 * out of any text before it reaches a message, an error or a log line.
 */
export const MASK = '***';

/** Bounded so a long-lived client (a Node-RED config node) does not grow without end. */
const MAX_SECRETS = 256;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** `onSecret` hears of each new secret once (the Action masks it in the runner's log). */
  constructor(private readonly onSecret?: (secret: string) => void) {}

  add(secret: string | undefined): void {
    // Very short values would blank ordinary words; Zoom secrets are never that short.
    if (!secret || secret.length < 4) return;
    if (!this.secrets.delete(secret)) this.onSecret?.(secret);
    this.secrets.add(secret);
    if (this.secrets.size > MAX_SECRETS) {
      const oldest = this.secrets.values().next().value as string;
      this.secrets.delete(oldest);
    }
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is blanked whole.
    const ordered = [...this.secrets].sort((a, b) => b.length - a.length);
    for (const secret of ordered) out = out.split(secret).join(MASK);
    return out;
  }
}
