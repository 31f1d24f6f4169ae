/** Starting a fleet's entries a batch per turn of the event loop: other work runs between batches, and an early failure is not "unhandled". */
import assert from 'node:assert/strict';
import { STARTS_PER_TURN, startInTurns } from '../../../core/http/turns.js';

describe('core/http: startInTurns', () => {
  it('starts STARTS_PER_TURN items per turn, letting what waits for a turn run in between; results in order', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    const items = Array.from({ length: STARTS_PER_TURN * 2 + 1 }, (_, i) => i);
    const results = await startInTurns(items, (i) => {
      if (i % STARTS_PER_TURN === 0) order.push(`start ${i}`);
      return i * 2;
    });
    assert.deepEqual(order.slice(0, 3), ['start 0', 'other work', `start ${STARTS_PER_TURN}`]);
    assert.deepEqual(
      results,
      items.map((i) => i * 2),
    );
  });

  it('a promise that fails while later batches start is observed, and still reaches the caller', async () => {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      const started = await startInTurns(
        Array.from({ length: STARTS_PER_TURN * 3 }, (_, i) => i),
        (i) => (i === 0 ? Promise.reject(new Error('first failed')) : Promise.resolve(i)),
      );
      await assert.rejects(Promise.all(started), /first failed/);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', note);
    }
  });
});
