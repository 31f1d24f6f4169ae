/**
 * Heap growth of one Node-RED account (AccountService) over many messages that send nothing: each
 * is a waiting start, cancelled (as when its node closes) once it got its signal and its place in
 * the queue, so what is measured is the per-message state the account keeps. Needs --expose-gc.
 */
import { planTask } from '../core/index.js';
import { AccountService } from '../node-red/account-service.js';

const BATCH = 10_000;

export async function accountHeapGrowth(
  messages: number,
  rounds = 3,
): Promise<{ messages: number; heapGrowthMb: number; leftInFlight: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run node with --expose-gc');
  const service = new AccountService({ authType: 'token', credentials: { accessToken: 'heap-test-token-1234' }, log: () => undefined });
  const plan = planTask({ action: 'start', target: '85746065123', waitForStart: { timeoutMs: 60_000 } });
  const round = async (count: number) => {
    for (let done = 0; done < count; done += BATCH) {
      const batch: Promise<unknown>[] = [];
      for (let i = 0; i < BATCH; i++) {
        const message = new AbortController();
        batch.push(service.run(plan, `meeting:${i % 100}`, message.signal).catch(() => undefined));
        message.abort();
      }
      await Promise.all(batch);
    }
  };
  await round(5 * BATCH);
  // The least growth of the rounds: a leak grows the heap in every round, while whatever else the
  // process does (a test suite's other state) lands in one round or another, not in all of them.
  let growth = Infinity;
  for (let i = 0; i < rounds; i++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    await round(messages);
    gc();
    growth = Math.min(growth, process.memoryUsage().heapUsed - before);
  }
  const leftInFlight = service.inFlight;
  service.close();
  return { messages, heapGrowthMb: Math.round(growth / 1e5) / 10, leftInFlight };
}
