/**
 * Faults that stall instead of failing: a proxy that accepts the tunnel and never answers, a call
 * cancelled before it starts, and the per-message state of a long-lived Node-RED account.
 */
import assert from 'node:assert/strict';
import { until } from '../../harness/until.js';
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CancelledError } from '../../core/index.js';
import { accountHeapGrowth } from '../../harness/account-heap.js';
import { SANDBOX_CLIENT } from '../../sandbox/server.js';
import { sandboxClient, useSandbox } from '../helpers/sandbox.js';
import { watchUnhandled } from '../helpers/unhandled.js';

/** A proxy that accepts every connection, reads the CONNECT and says nothing, ever. */
async function silentProxy(): Promise<{ url: string; open: () => number; accepted: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.resume();
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    open: () => sockets.size,
    accepted: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('fault suite: stalls, cancellation and per-message state', function () {
  this.timeout(30_000);

  describe('a proxy that accepts the tunnel and never answers', () => {
    let proxy: Awaited<ReturnType<typeof silentProxy>>;
    beforeEach(async () => {
      proxy = await silentProxy();
    });
    afterEach(async () => {
      await proxy.close();
    });

    /** Runs a scenario of proxied-calls.js in a fresh process (no nock), as users' processes run. */
    async function proxied(scenario: 'core' | 'account') {
      const child = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), '../helpers/proxied-calls.js'), scenario], {
        env: { ...process.env, HTTPS_PROXY: proxy.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let printedAt = 0;
      child.stdout.on('data', (d: Buffer) => {
        stdout += d;
        printedAt ||= performance.now();
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 0, stderr);
      const result = JSON.parse(stdout) as { ms: number; errors: ({ kind: string; attempts: number } | undefined)[] };
      return { ...result, exitAfterMs: performance.now() - printedAt };
    }

    it('a core call: the timeout bounds each attempt, tunnel included, and the process exits at once', async () => {
      const run = await proxied('core');
      assert.deepEqual(run.errors, [{ kind: 'timeout', attempts: 2 }]);
      assert.ok(run.ms < 2_000, `two 300 ms attempts took ${Math.round(run.ms)} ms`);
      assert.ok(run.exitAfterMs < 10_000, `the process lived ${Math.round(run.exitAfterMs)} ms after the error`);
      assert.equal(proxy.accepted(), 2, 'each attempt opened its own tunnel');
      await until(() => proxy.open() === 0, 'every tunnel socket to close');
    });

    it('ten messages to ten meetings on one Node-RED account: every one times out, none holds a slot', async () => {
      const run = await proxied('account');
      assert.deepEqual(
        run.errors,
        Array.from({ length: 10 }, () => ({ kind: 'timeout', attempts: 4 })),
      );
      // 8 slots: two rounds of four 300 ms attempts (the backoff runs on a fake clock).
      assert.ok(run.ms < 6_000, `took ${Math.round(run.ms)} ms`);
      assert.ok(run.exitAfterMs < 10_000, `the process lived ${Math.round(run.exitAfterMs)} ms after the last error`);
      await until(() => proxy.open() === 0, 'every tunnel socket to close');
    });
  });

  describe('cancellation', () => {
    const ctx = useSandbox();
    const unhandled = watchUnhandled();

    it('a call whose signal is already aborted sends nothing, not even a token request', async () => {
      ctx.sandbox.inject({ fault: { kind: 'status', status: 400, code: 'invalid_client' }, on: 'token' });
      const client = sandboxClient(ctx.sandbox);
      const err = await client.getLiveStream('85746065123', { signal: AbortSignal.abort() }).catch((e: unknown) => e);
      assert.ok(err instanceof CancelledError, String(err));
      await new Promise((r) => setImmediate(r));
      assert.equal(ctx.sandbox.tokenRequests, 0);
      assert.equal(ctx.sandbox.requests.length, 0);
      assert.deepEqual(unhandled, [], 'no unhandled rejection');
      client.close();
    });

    it('a call aborted while its token is fetched ends at once; the token failure is nobody’s rejection', async () => {
      ctx.sandbox.inject({ fault: { kind: 'delay', ms: 200 }, on: 'token' });
      const client = sandboxClient(ctx.sandbox, { auth: { ...SANDBOX_CLIENT, clientSecret: 'wrong-secret-1234' } });
      const controller = new AbortController();
      const pending = client.getLiveStream('85746065123', { signal: controller.signal }).catch((e: unknown) => e);
      await until(() => ctx.sandbox.tokenRequests === 1, 'the token request');
      controller.abort();
      assert.ok((await pending) instanceof CancelledError);
      // The delayed token answer lands (or its connection closes) with no one left waiting for it.
      await until(() => ctx.sandbox.closed === ctx.sandbox.requests.length, 'the token answer');
      for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
      assert.deepEqual(unhandled, [], 'no unhandled rejection');
      assert.equal(ctx.sandbox.apiRequests.length, 0);
      client.close();
    });
  });

  describe('per-message state of a Node-RED account', () => {
    // npm run bench measures 1,000,000 (README); three rounds of 100,000 keep the test quick and
    // the old leak (a listener per message on the account's closing signal) far above the bound.
    it('100,000 messages that send nothing, three times over, leave the heap where it was', async function () {
      this.timeout(180_000);
      const { heapGrowthMb, leftInFlight } = await accountHeapGrowth(100_000);
      console.log(`      heap growth over 100,000 messages (the least of three rounds): ${heapGrowthMb} MB`);
      assert.equal(leftInFlight, 0);
      assert.ok(heapGrowthMb < 4, `the heap grew ${heapGrowthMb} MB`);
    });
  });
});
