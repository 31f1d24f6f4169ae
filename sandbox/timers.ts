/** The sandbox's timers (a host starting later, a delivery retried), all cleared when it closes. */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  /** Timers with a name (a host's start to come): a later one of a name replaces the earlier. */
  private readonly named = new Map<string, NodeJS.Timeout>();

  /** Runs `run` in `ms`; with a `name`, in place of that name's timer still to come. */
  later(ms: number, run: () => void, name?: string): void {
    if (name !== undefined) this.cancel(name);
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      if (name !== undefined && this.named.get(name) === timer) this.named.delete(name);
      run();
    }, ms);
    this.pending.add(timer);
    if (name !== undefined) this.named.set(name, timer);
  }

  /** Calls off the named timer still to come, if any. */
  cancel(name: string): void {
    const timer = this.named.get(name);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.pending.delete(timer);
    this.named.delete(name);
  }

  /** Resolves after `ms`, unless the sandbox closes first (then never: its request is gone too). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(ms, resolve));
  }

  clear(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    this.named.clear();
  }
}
