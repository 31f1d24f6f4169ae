/**
 * Config nodes of one Zoom account (node-red/account-registry.ts): they share the account's pace,
 * queues and waits, but a client and its token only when every setting is the same (issue 25).
 */
import assert from 'node:assert/strict';
import { planTask, type ZoomError } from '../../core/index.js';
import { acquireAccount, type AccountLease } from '../../node-red/account-registry.js';
import type { AccountSettings } from '../../node-red/account-service.js';
import { SANDBOX_CLIENT } from '../../sandbox/server.js';
import { useSandbox } from '../helpers/sandbox.js';

describe('node-red/account-registry: what config nodes of one account share', () => {
  const ctx = useSandbox();
  const leases: AccountLease[] = [];
  afterEach(() => {
    for (const lease of leases.splice(0)) lease.release();
  });

  function acquire(extra: Partial<AccountSettings> = {}, credentials: object = {}, onPaced?: (rate: number) => void): AccountLease {
    const lease = acquireAccount(
      {},
      {
        credentials: { ...SANDBOX_CLIENT, ...credentials },
        apiBaseUrl: ctx.sandbox.apiBaseUrl,
        oauthTokenUrl: ctx.sandbox.oauthTokenUrl,
        requestsPerSecond: 30,
        log: () => undefined,
        ...extra,
      },
      onPaced,
    );
    leases.push(lease);
    return lease;
  }
  const get = (lease: AccountLease) =>
    lease.service.run(planTask({ action: 'get', target: '85746065123' }), 'meeting:85746065123', new AbortController().signal);

  for (const order of ['right secret first', 'wrong secret first'] as const) {
    it(`a node with a wrong secret fails on its own, the right one works (${order})`, async () => {
      const make = {
        right: () => acquire(),
        wrong: () => acquire({}, { clientSecret: 'not-the-secret-0000' }),
      };
      let right: AccountLease, wrong: AccountLease;
      if (order === 'right secret first') {
        right = make.right();
        wrong = make.wrong();
      } else {
        wrong = make.wrong();
        right = make.right();
      }
      assert.notEqual(right.service, wrong.service, 'no client shared across secrets');
      assert.equal(right.service.shared, wrong.service.shared, 'one pace and one set of queues for the account');
      const [a, b] = await Promise.allSettled([get(wrong), get(right)]);
      assert.equal(a.status, 'rejected');
      assert.equal(((a as PromiseRejectedResult).reason as ZoomError).kind, 'auth');
      assert.equal(b.status, 'fulfilled');
    });
  }

  it('identical settings share one client and its token', async () => {
    const a = acquire();
    const b = acquire();
    assert.equal(a.service, b.service);
    await Promise.all([get(a), get(b)]);
    assert.equal(ctx.sandbox.tokenRequests, 1);
  });

  it("a rate typo fails its own node's messages only; the account paces at the valid rates", async () => {
    const good = acquire({ requestsPerSecond: 20 });
    const typo = acquire({ requestsPerSecond: Number('2O') });
    assert.equal(good.service.requestsPerSecond, 20);
    const [bad, fine] = await Promise.allSettled([get(typo), get(good)]);
    assert.equal(bad.status, 'rejected');
    assert.match(((bad as PromiseRejectedResult).reason as ZoomError).message, /^rate: must be a number of requests per second/);
    assert.equal(fine.status, 'fulfilled');
  });

  it('the lowest rate paces the account while its node lives; each node paced below its own rate is told, once per change', async () => {
    const told: number[] = [];
    const fast = acquire({ requestsPerSecond: 30 }, {}, (rate) => told.push(rate));
    assert.deepEqual(told, []);
    // A message already on its way is not failed by the change (no client is closed under it).
    const onItsWay = get(fast);
    const slow = acquire({ requestsPerSecond: 5 });
    assert.equal(fast.service.requestsPerSecond, 5);
    assert.deepEqual(told, [5], 'the node that came first hears that another paces it lower');
    await onItsWay;
    slow.release();
    assert.equal(fast.service.requestsPerSecond, 30, 'the pace comes back when the slow node goes');
    const slower = acquire({ requestsPerSecond: 4 });
    assert.deepEqual(told, [5, 4]);
    void slower;
  });
});
