/** Round three of trying to break the core (issue 25): each case failed before its fix. */
import assert from 'node:assert/strict';
import { CancelledError, Pacer, type Clock } from '../../../core/index.js';
import { FairQueue } from '../../../core/http/fair-queue.js';
import { until } from '../../../harness/until.js';
import { FakeClock } from '../../helpers/clock.js';
import { sandboxClient, useSandbox } from '../../helpers/sandbox.js';
import { watchUnhandled } from '../../helpers/unhandled.js';

/** Real time, but every sleep waits until the test lets it go (or its signal aborts). */
class GateClock implements Clock {
  private opened?: () => void;
  get sleeping(): boolean {
    return this.opened !== undefined;
  }
  now(): number {
    return Date.now();
  }
  sleep(_ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError());
      signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true });
      this.opened = resolve;
    });
  }
  open(): void {
    this.opened?.();
    this.opened = undefined;
  }
}

describe('core: closing a client while it works', () => {
  const ctx = useSandbox();
  const unhandled = watchUnhandled();
  afterEach(() => assert.deepEqual(unhandled.splice(0), [], 'no unhandled rejection'));

  it('close() during a token request back-off ends it as cancelled: nothing sent on the closed client, nothing unhandled', async () => {
    ctx.sandbox.inject({ fault: { kind: 'status', status: 503 }, on: 'token' });
    const clock = new GateClock();
    const client = sandboxClient(ctx.sandbox, { clock });
    const outcome = client.getLiveStream('85746065123').then(
      () => 'answered',
      (error: unknown) => error,
    );
    await until(() => clock.sleeping, 'the token request to wait before its retry');
    client.close();
    clock.open();
    const error = (await outcome) as CancelledError;
    assert.ok(error instanceof CancelledError, String(error));
    assert.match(error.message, /OAuth token request: cancelled before it completed: the client was closed/);
    assert.equal(ctx.sandbox.tokenRequests, 1, 'no retry after close()');
    // One more turn of the loop, for a rejection that nobody heard to be reported.
    await new Promise((r) => setImmediate(r));
  });

  it('close() while the token request is out cancels it at once', async () => {
    ctx.sandbox.inject({ fault: { kind: 'delay', ms: 5_000 }, on: 'token' });
    const client = sandboxClient(ctx.sandbox);
    const outcome = client.getLiveStream('85746065123').catch((error: unknown) => error);
    await until(() => ctx.sandbox.tokenRequests === 1, 'the token request');
    client.close();
    assert.ok((await outcome) instanceof CancelledError);
    assert.equal(ctx.sandbox.tokenRequests, 1);
    await new Promise((r) => setImmediate(r));
  });
});

describe('core/fair-queue: cancelling is cheap', () => {
  it('removing 100,000 queued waiters one by one takes linear time', () => {
    const queue = new FairQueue<object>();
    const items = Array.from({ length: 100_000 }, () => ({}));
    for (const item of items) queue.push(item, 'first', 'node');
    // Counted, not timed: the work per removal is what the fix bounds.
    let visited = 0;
    const indexOf = Array.prototype.indexOf;
    Array.prototype.indexOf = function (this: unknown[], ...args: Parameters<typeof indexOf>) {
      visited += this.length;
      return indexOf.apply(this, args);
    } as typeof indexOf;
    try {
      for (const item of items) assert.ok(queue.remove(item));
    } finally {
      Array.prototype.indexOf = indexOf;
    }
    assert.ok(visited < 1_000_000, `${visited} entries visited`);
    assert.equal(queue.size, 0);
    assert.equal(queue.next(), undefined);
  });

  it('a removed waiter is skipped; the others keep their order and their classes', () => {
    const queue = new FairQueue<string>();
    for (const name of ['a1', 'a2', 'a3']) queue.push(name, 'first', 'a');
    queue.push('w1', 'wait', 'a');
    queue.push('p1', 'poll', 'b');
    queue.push('b1', 'first', 'b');
    assert.ok(queue.remove('a1'));
    assert.ok(!queue.remove('a1'));
    assert.deepEqual([queue.sizeOf('first'), queue.sizeOf('wait'), queue.sizeOf('poll')], [3, 1, 1]);
    const order = [];
    for (let item = queue.next(); item !== undefined; item = queue.next()) order.push(item);
    assert.deepEqual(order, ['a2', 'b1', 'a3', 'w1', 'p1']);
  });
});

describe('core/pace: waiting starts behind stops', () => {
  it("a waiting start's reads (class wait) go after every first request, and before polls", async () => {
    const pacer = new Pacer(10, new FakeClock());
    const order: string[] = [];
    const all = [
      ...Array.from({ length: 5 }, (_, i) => pacer.turn(undefined, 'poll', 'n').then(() => order.push(`poll${i}`))),
      ...Array.from({ length: 5 }, (_, i) => pacer.turn(undefined, 'wait', 'n').then(() => order.push(`wait${i}`))),
      pacer.turn(undefined, 'first', 'n').then(() => order.push('stop')),
    ];
    await Promise.all(all);
    // The first turn is handed out at once, before the others queue: the first poll.
    assert.deepEqual(order.slice(0, 7), ['poll0', 'stop', 'wait0', 'wait1', 'wait2', 'wait3', 'wait4']);
  });

  it('setRate changes the spacing from the next turn on', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(10, clock);
    const began = clock.now();
    await pacer.turn();
    await pacer.turn();
    pacer.setRate(2);
    await pacer.turn();
    assert.equal(pacer.requestsPerSecond, 2);
    // Rate 2: no more than two turns within a second and its margin, counted from the first.
    assert.equal(clock.now() - began, 1_100);
  });
});
