/** Requests paced to the account's rate before they are sent, against Zoom's per-second limit. */
import assert from 'node:assert/strict';
import nock from 'nock';
import { CancelledError, Pacer, ZoomLiveStreamClient } from '../../../core/index.js';
import { fleetStarts } from '../../../harness/fleet.js';
import { FakeClock } from '../../helpers/clock.js';
import { API, unitClient, useNock } from '../../helpers/nock.js';

describe('core/pace: the pacer', () => {
  it('hands out turns 1/rate apart, in order, whoever asks', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(40, clock);
    const began = clock.now();
    const at: number[] = [];
    for (let i = 0; i < 5; i++) {
      await pacer.turn();
      at.push(clock.now() - began);
    }
    assert.deepEqual(at, [0, 25, 50, 75, 100]);
  });

  it('never lets more than `rate` leave within a second and its 100 ms margin', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(3, clock);
    const began = clock.now();
    const at: number[] = [];
    for (let i = 0; i < 7; i++) {
      await pacer.turn();
      at.push(Math.round(clock.now() - began));
    }
    // 1/3 s apart, and the 4th not before the 1st + 1.1 s.
    assert.deepEqual(at, [0, 333, 667, 1100, 1433, 1767, 2200]);
  });

  it('refuses a rate that is not 1 to 10000 per second; an aborted wait is cancelled', async () => {
    assert.throws(() => new Pacer(0, new FakeClock()), RangeError);
    assert.throws(
      () => new ZoomLiveStreamClient({ auth: { accessToken: 't' }, requestsPerSecond: NaN }),
      /requestsPerSecond: must be a number/,
    );
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(new Pacer(1, new FakeClock()).turn(controller.signal), CancelledError);
  });
});

describe('core/retry: a per-second 429 on a stream start', () => {
  useNock();
  it("is retried after a backoff, not Zoom's 30 s for repeated starts", async () => {
    const { client, clock } = unitClient();
    nock(API)
      .patch('/v2/meetings/85746065123/livestream/status')
      .reply(429, { code: 429, message: 'You have reached the maximum per-second rate limit for this API.' }, { 'x-ratelimit-type': 'QPS' })
      .patch('/v2/meetings/85746065123/livestream/status')
      .reply(204);
    await client.setLiveStreamStatus('85746065123', { action: 'start' });
    assert.equal(clock.sleeps.length, 1);
    assert.ok(clock.sleeps[0]! < 1_000, `waited ${clock.sleeps[0]} ms`);
  });
});

describe('a fleet: 100 starts on one account against a sandbox that enforces 30/s', function () {
  this.timeout(60_000);

  it('paced at 30/s: every start succeeds, in no less than 100/30 s', async () => {
    const run = await fleetStarts(30);
    // Whether any 429 comes depends on how the machine bunches arrivals (the pacer's own window is
    // tested above on a fake clock; the bench counts the 429s): each one is retried, none fails.
    assert.deepEqual([run.failed, run.allLive], [0, true]);
    assert.equal(run.requests, 100 + run.rateLimited);
    // 30 per 1.1 s once the first second is full: 100 take at least 3.2 s (a busy machine only adds;
    // how close to 3.6 s it comes is the bench's to say).
    assert.ok(run.seconds >= 3.2, `${run.seconds} s`);
  });

  it('unpaced, the same burst draws 429s (what the pacing avoids)', async () => {
    const run = await fleetStarts(undefined);
    assert.ok(run.rateLimited > 0, 'the sandbox enforces the limit');
  });
});

describe('core/pace: priorities', () => {
  it('a request of the first class goes ahead of every waiting poll; polls use at most half the pace', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(10, clock);
    const began = clock.now();
    const order: string[] = [];
    const polls = Array.from({ length: 20 }, (_, i) => pacer.turn(undefined, 'poll').then(() => order.push(`poll ${i}`)));
    const stop = pacer.turn(undefined, 'first').then(() => order.push('stop'));
    await Promise.all([...polls, stop]);
    assert.ok(order.indexOf('stop') <= 1, `the stop came at ${order.indexOf('stop')}: ${order.join(', ')}`);
    // 20 polls at 5 a second (half of 10), the first five at once: about 3.3 s.
    assert.ok(clock.now() - began >= 3_000, `${clock.now() - began} ms`);
  });

  it('a cancelled turn leaves the queue and the others go on', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(2, clock);
    await pacer.turn();
    const controller = new AbortController();
    const cancelled = pacer.turn(controller.signal, 'poll');
    controller.abort();
    await assert.rejects(cancelled, CancelledError);
    await pacer.turn();
  });
});

describe('core/pace: fairness across sources', () => {
  it("one source's burst cannot make another's request wait behind it all: sources take turns", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(10, clock);
    const order: string[] = [];
    const burst = Array.from({ length: 50 }, (_, i) => pacer.turn(undefined, 'first', 'node-a').then(() => order.push(`a${i}`)));
    const stop = pacer.turn(undefined, 'first', 'node-b').then(() => order.push('b'));
    await Promise.all([...burst, stop]);
    assert.ok(order.indexOf('b') <= 2, `node b came at ${order.indexOf('b')}`);
  });
});
