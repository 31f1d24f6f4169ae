/**
 * Reads of one API by ID that come together go as one call: a service whose list takes many IDs
 * (YouTube's liveStreams.list, up to 50, one quota unit whatever the count) is read once for a
 * fleet's streams, not once per stream. Readers that ask within BATCH_WINDOW_MS of the first share
 * the call it sends (with its credentials); each waits with its own way out. Confirmations that read
 * every second fall into step after their first shared read, so they keep sharing.
 */
import { CancelledError } from '../errors.js';
import { untilAborted } from '../http/abort.js';
import type { HttpResponse } from '../http/transport.js';

/** How long a batch takes IDs: a fraction of the confirmation's 1 s between reads. */
export const BATCH_WINDOW_MS = 100;

interface Batch {
  ids: string[];
  answer: Promise<HttpResponse>;
}

export class ReadBatches {
  /** The batch still taking IDs, per API and credentials. */
  private readonly open = new Map<string, Batch>();

  /**
   * The answer to the call that reads `id` with the others asked for now. `key` names the API and
   * credentials (only reads that one call can serve share it); `send` is the asker's own call.
   */
  read(key: string, id: string, max: number, send: (ids: string[]) => Promise<HttpResponse>, signal?: AbortSignal): Promise<HttpResponse> {
    let batch = this.open.get(key);
    if (!batch || batch.ids.length >= max) {
      const ids: string[] = [];
      const answer = new Promise<HttpResponse>((resolve, reject) =>
        setTimeout(() => {
          if (this.open.get(key) === fresh) this.open.delete(key);
          send(ids).then(resolve, reject);
        }, BATCH_WINDOW_MS),
      );
      // A rejection is each asker's to see; none is left unobserved when every asker has gone.
      answer.catch(() => undefined);
      const fresh: Batch = { ids, answer };
      this.open.set(key, (batch = fresh));
    }
    if (!batch.ids.includes(id)) batch.ids.push(id);
    return untilAborted(batch.answer, signal, () => new CancelledError());
  }
}
