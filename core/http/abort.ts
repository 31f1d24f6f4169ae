/** Waiting with a way out: the one helper every abortable wait in core goes through. */

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
