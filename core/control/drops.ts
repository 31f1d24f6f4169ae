/** A watched stream's drop: since when, and what a lasting one calls for (a restart, or word that they are spent). */
export class Drop {
  private since?: number;
  private spent = false;

  constructor(
    private readonly restartAfterMs: number | undefined,
    private readonly maxRestarts: number,
  ) {}

  /** The destination is up: ends the drop, if any. */
  over(): void {
    this.since = undefined;
    this.spent = false;
  }

  /** The destination is down at `now`: true when this begins a drop. */
  begins(now: number): boolean {
    if (this.since !== undefined) return false;
    this.since = now;
    return true;
  }

  /** What the drop calls for at `now`, after `restarts` restarts: once spent, said once. */
  next(now: number, restarts: number): { restart: true } | { spent: string } | undefined {
    if (this.restartAfterMs === undefined || this.spent || this.since === undefined || now - this.since < this.restartAfterMs)
      return undefined;
    if (restarts < this.maxRestarts) {
      this.since = undefined;
      return { restart: true };
    }
    this.spent = true;
    return { spent: `dropped for ${Math.round((now - this.since) / 1000)} s and the ${this.maxRestarts} restarts are spent` };
  }
}
