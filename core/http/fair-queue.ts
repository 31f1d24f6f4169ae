/**
 * Waiters by class and by source: every `first` waiter goes before any `wait`, and those before any
 * `poll`; within a class the sources take turns (round robin), each source's own waiters first come
 * first served. So one busy source (a node with 600 gets queued) cannot make another (a node's one
 * stop) wait behind it all. Every operation is O(1) amortised: a cancelled waiter is only marked, and
 * skipped when its turn comes (closing with 100,000 queued must not block the event loop).
 */

/**
 * A request's class: `first` (stops, updates, gets, checks, a plain start), `wait` (a waiting start's
 * configuration read and first try: patient by nature, so never ahead of a stop) or `poll` (a waiting
 * start's later tries).
 */
export type Priority = 'first' | 'wait' | 'poll';

export const PRIORITIES: readonly Priority[] = ['first', 'wait', 'poll'];

interface Entry<T> {
  item: T;
  live: boolean;
}

/** One source's waiters in a class: entries from `head` on, `live` of them not cancelled. */
interface Line<T> {
  entries: Entry<T>[];
  head: number;
  live: number;
}

export class FairQueue<T> {
  /** Per class, per source, in the order the sources take turns. */
  private readonly classes: Record<Priority, Map<string, Line<T>>> = { first: new Map(), wait: new Map(), poll: new Map() };
  private readonly counts: Record<Priority, number> = { first: 0, wait: 0, poll: 0 };
  /** Where each queued item is, so that removing it costs no search. */
  private readonly where = new Map<T, { entry: Entry<T>; priority: Priority; source: string }>();

  get size(): number {
    return this.where.size;
  }

  sizeOf(priority: Priority): number {
    return this.counts[priority];
  }

  push(item: T, priority: Priority = 'first', source = ''): void {
    const sources = this.classes[priority];
    let line = sources.get(source);
    if (!line) sources.set(source, (line = { entries: [], head: 0, live: 0 }));
    const entry = { item, live: true };
    line.entries.push(entry);
    line.live++;
    this.counts[priority]++;
    this.where.set(item, { entry, priority, source });
  }

  /** The next waiter of the class (undefined: none); its source goes to the back of the turn. */
  shift(priority: Priority): T | undefined {
    const sources = this.classes[priority];
    for (const [source, line] of sources) {
      sources.delete(source);
      let entry = line.entries[line.head++];
      while (entry && !entry.live) entry = line.entries[line.head++];
      if (!entry) continue; // only cancelled ones were left (cannot happen: such a line is dropped)
      line.live--;
      if (line.live > 0) {
        // Drop what was consumed now and then, so a long-lived line does not keep it all.
        if (line.head > 1024 && line.head * 2 > line.entries.length) {
          line.entries = line.entries.slice(line.head);
          line.head = 0;
        }
        sources.set(source, line);
      }
      this.counts[priority]--;
      this.where.delete(entry.item);
      return entry.item;
    }
    return undefined;
  }

  /** The next waiter of the highest class that has one. */
  next(): T | undefined {
    for (const priority of PRIORITIES) {
      if (this.counts[priority]) return this.shift(priority);
    }
    return undefined;
  }

  /** Takes a waiter out (it was cancelled); true when it was there. */
  remove(item: T): boolean {
    const at = this.where.get(item);
    if (!at) return false;
    this.where.delete(item);
    at.entry.live = false;
    this.counts[at.priority]--;
    const sources = this.classes[at.priority];
    const line = sources.get(at.source)!;
    if (--line.live === 0) sources.delete(at.source);
    return true;
  }
}
