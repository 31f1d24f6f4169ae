/** Waiting with a way out: every abortable wait in core goes through one of these two. */

/**
 * Settles as `promise` does, or rejects with `reason()` as soon as `signal` aborts. `promise` goes
 * on (it may be shared, or a library's that ignores the signal) and its later rejection is absorbed,
 * never left unhandled.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, reason: () => Error): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Rejects with `reason()` once `signal` aborts, and never settles otherwise: raced against each
 * step of one attempt (`Promise.race([step, aborted])`), it bounds them all with one listener, not
 * one per step. For a signal that ends with its attempt (the listener goes with it).
 */
export function rejectsOnAbort(signal: AbortSignal, reason: () => Error): Promise<never> {
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(reason());
    else signal.addEventListener('abort', () => reject(reason()), { once: true });
  });
  // Observed here too: an attempt may abort when no step is waiting on it.
  aborted.catch(() => undefined);
  return aborted;
}
