/**
 * Shared reads (read-batches.ts) through the destination reader: readers of YouTube asking at once
 * go as one liveStreams.list, and a reader that closes while it leads a shared call does not cut
 * the others' reads short (the call went through its connections); a call nobody waits for any more
 * is not sent.
 */
import assert from 'node:assert/strict';
import { destinationReader } from '../../../core/confirm/reader.js';
import { ReadBatches } from '../../../core/confirm/read-batches.js';
import { CancelledError } from '../../../core/errors.js';
import { ManualClock } from '../../helpers/clock.js';
import { destinationStream } from '../../../core/confirm/stream-name.js';
import { isProblem } from '../../../core/confirm/reader.js';
import { serviceCredentials } from '../../../core/confirm/service-credentials.js';
import { youtubeEnv } from '../../../harness/youtube.js';
import { startYouTubeStandIn, type YouTubeStandIn } from '../../../sandbox/youtube.js';

describe('confirm: shared reads of YouTube', () => {
  let yt: YouTubeStandIn;
  let bytes = 0;
  beforeEach(async () => {
    yt = await startYouTubeStandIn({ ingestionAddress: 'rtmp://127.0.0.1:1/live2', receivedBytes: async () => (bytes += 1_000) });
    for (const id of ['s-a', 's-b']) yt.streams.set(id, { id, title: id, streamName: `name-${id}`, wasActive: false });
  });
  afterEach(async () => {
    await yt.close();
  });

  it('two readers asking at once share one list; the leader closing leaves the other its reading', async () => {
    const batches = new ReadBatches();
    const credentials = serviceCredentials('youtube', youtubeEnv(yt));
    const reader = (id: string) =>
      destinationReader({ kind: 'youtube', url: yt.url, id, credentials }, destinationStream('rtmp://127.0.0.1:1/live2', `name-${id}`), {
        batches,
      });
    const [a, b] = [reader('s-a'), reader('s-b')];
    try {
      // Each signs in once first, so the next reads reach the batch in the order they are asked.
      await Promise.all([a.read(), b.read()]);
      const before = yt.calls.length;
      const shared = await Promise.all([a.read(), b.read()]);
      assert.ok(shared.every((r) => !isProblem(r) && r.publishing));
      const lists = yt.calls.slice(before).filter((c) => c.path.startsWith('/youtube/v3/liveStreams'));
      assert.deepEqual(
        lists.map((c) => decodeURIComponent(/id=([^&]+)/.exec(c.path)![1]!)),
        ['s-a,s-b'],
      );
      // `a` leads the next shared call, then closes before it goes: `b` still gets its reading.
      const led = a.read();
      const followed = b.read();
      a.close();
      await assert.rejects(led);
      const reading = await followed;
      assert.ok(!isProblem(reading) && reading.publishing, JSON.stringify(reading));
    } finally {
      a.close();
      b.close();
    }
  });
  it('a shared call whose askers have all given up before it goes is not sent (no unit spent for nobody)', async () => {
    const clock = new ManualClock();
    const batches = new ReadBatches(clock);
    const sent: string[][] = [];
    const send = (ids: string[]) => {
      sent.push([...ids]);
      return Promise.reject(new Error('sent'));
    };
    const [a, b] = [new AbortController(), new AbortController()];
    const reads = [batches.read('api', 's-a', 50, send, a.signal), batches.read('api', 's-b', 50, send, b.signal)];
    a.abort();
    b.abort();
    for (const read of reads) await assert.rejects(read, CancelledError);
    clock.next();
    await new Promise((resolve) => setImmediate(resolve));
    // The window is over: the next read opens a batch of its own, which goes (one asker waits for it).
    const later = batches.read('api', 's-c', 50, send);
    clock.next();
    await assert.rejects(later, /sent/);
    assert.deepEqual(sent, [['s-c']]);
  });
});
