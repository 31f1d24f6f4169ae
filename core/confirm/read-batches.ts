/**
 * Reads of one API by ID that come together go as one call: a service whose list takes many IDs
 * (YouTube's liveStreams.list, up to 50, one quota unit whatever the count) is read once for a
 * fleet's streams, not once per stream. Readers that ask within BATCH_WINDOW_MS of the first share
 * the call it sends (with its credentials); each waits with its own way out. Confirmations that read
 * every second fall into step after their first shared read, so they keep sharing.
 */
import { CancelledError } from '../errors.js';
import { untilAborted } from '../http/abort.js';
import { systemClock, type Clock } from '../http/clock.js';
import type { HttpResponse } from '../http/transport.js';

/** How long a batch takes IDs: a fraction of the confirmation's 1 s between reads. */
export const BATCH_WINDOW_MS = 100;

interface Batch {
  ids: string[];
  answer: Promise<HttpResponse>;
  /** Askers still waiting for it: none left when it would go, it does not (a unit spent for nobody). */
  waiting: number;
}

export class ReadBatches {
  /** The batch still taking IDs, per API and credentials. */
  private readonly open = new Map<string, Batch>();

  /** `clock`: the window's (a test's manual one). */
  constructor(private readonly clock: Clock = systemClock) {}

  /**
   * The answer to the call that reads `id` with the others asked for now. `key` names the API and
   * credentials (only reads that one call can serve share it); `send` is the asker's own call.
   */
  read(key: string, id: string, max: number, send: (ids: string[]) => Promise<HttpResponse>, signal?: AbortSignal): Promise<HttpResponse> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    let batch = this.open.get(key);
    if (!batch || batch.ids.length >= max) {
      const ids: string[] = [];
      const answer = this.clock.sleep(BATCH_WINDOW_MS).then(() => {
        if (this.open.get(key) === fresh) this.open.delete(key);
        if (fresh.waiting === 0) throw new CancelledError();
        return send(ids);
      });
      // A rejection is each asker's to see; none is left unobserved when every asker has gone.
      answer.catch(() => undefined);
      const fresh: Batch = { ids, answer, waiting: 0 };
      this.open.set(key, (batch = fresh));
    }
    if (!batch.ids.includes(id)) batch.ids.push(id);
    const joined = batch;
    joined.waiting++;
    const gaveUp = () => joined.waiting--;
    signal?.addEventListener('abort', gaveUp, { once: true });
    return untilAborted(joined.answer, signal, () => new CancelledError()).finally(() => signal?.removeEventListener('abort', gaveUp));
  }
}
