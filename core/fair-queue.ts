/**
 * Waiters by class and by source: every `first` waiter goes before any `poll`; within a class the
 * sources take turns (round robin), each source's own waiters first come first served. So one busy
 * source (a node with 600 gets queued) cannot make another (a node's one stop) wait behind it all.
 */
import type { Priority } from './pace.js';

export class FairQueue<T> {
  /** Per class, per source, in the order the sources take turns. */
  private readonly classes: Record<Priority, Map<string, T[]>> = { first: new Map(), poll: new Map() };
  private count = 0;

  get size(): number {
    return this.count;
  }

  sizeOf(priority: Priority): number {
    let n = 0;
    for (const queue of this.classes[priority].values()) n += queue.length;
    return n;
  }

  push(item: T, priority: Priority = 'first', source = ''): void {
    const sources = this.classes[priority];
    const queue = sources.get(source);
    if (queue) queue.push(item);
    else sources.set(source, [item]);
    this.count++;
  }

  /** The next waiter of the class (undefined: none); its source goes to the back of the turn. */
  shift(priority: Priority): T | undefined {
    const sources = this.classes[priority];
    for (const [source, queue] of sources) {
      const item = queue.shift()!;
      sources.delete(source);
      if (queue.length) sources.set(source, queue);
      this.count--;
      return item;
    }
    return undefined;
  }

  /** The next `first` waiter, else the next `poll` one. */
  next(): T | undefined {
    return this.shift('first') ?? this.shift('poll');
  }

  /** Takes a waiter out (it was cancelled); true when it was there. */
  remove(item: T): boolean {
    for (const sources of Object.values(this.classes)) {
      for (const [source, queue] of sources) {
        const at = queue.indexOf(item);
        if (at < 0) continue;
        queue.splice(at, 1);
        if (!queue.length) sources.delete(source);
        this.count--;
        return true;
      }
    }
    return false;
  }
}
