/** The sandbox's timers (a host starting later, a delivery retried), all cleared when it closes. */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();

  /** Runs `run` in `ms`; returns what cancels it. */
  later(ms: number, run: () => void): () => void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      run();
    }, ms);
    this.pending.add(timer);
    return () => {
      clearTimeout(timer);
      this.pending.delete(timer);
    };
  }

  /** Resolves after `ms`, unless the sandbox closes first (then never: its request is gone too). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(ms, resolve));
  }

  clear(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
