/**
 * Thousands of tasks started in one turn of the event loop block it (each runs to its first await):
 * a fleet's entries start a batch per turn instead, so timers, sockets and events keep their time.
 */

/** Tasks started per turn of the event loop. */
export const STARTS_PER_TURN = 100;

/**
 * Calls `start` for each item, STARTS_PER_TURN per turn; resolves with what each call returned, in
 * order. A returned promise is observed here (a failure while later batches start is not
 * "unhandled"); the caller still gets it as it is.
 */
export async function startInTurns<T, R>(items: readonly T[], start: (item: T) => R): Promise<R[]> {
  const started: R[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % STARTS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const result = start(items[i]!);
    if (result instanceof Promise) result.catch(() => undefined);
    started.push(result);
  }
  return started;
}
