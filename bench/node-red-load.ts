/**
 * 10,000 messages through one zoom-livestream node across 100 meetings, in an embedded Node-RED 4
 * (the real runtime, no test-helper spies that would hold every message). Keeps one message in
 * flight per meeting; measures latency from receive() to the node's output, throughput, RSS.
 */
import { liveStreamFlowNode, sandboxAccountNode } from '../harness/flows.js';
import { SANDBOX_CLIENT, type Sandbox } from '../sandbox/server.js';
import { embeddedNodeRed } from './embedded-node-red.js';
import { perMeetingBatch } from './per-meeting-batch.js';
import { median, percentile, round } from './stats.js';

const round1 = (value: number) => round(value, 1);

export async function nodeRedLoad(sandbox: Sandbox, meetings: string[], total = 10_000, warmUp = 10_000, rounds = 3) {
  const flows = [
    { id: 't', type: 'tab', label: 'bench' },
    // The node's own cost is measured here, not Zoom's limit: the account's pacing is set out of the way.
    sandboxAccountNode(sandbox, { rate: '10000' }),
    liveStreamFlowNode('z', { z: 't', target: 'meeting', targetType: 'msg', action: 'get', wires: [['sink']] }),
    { id: 'c', z: 't', type: 'catch', scope: ['z'], uncaught: false, wires: [['sink']] },
    { id: 'sink', z: 't', type: 'junction', wires: [] },
  ];
  const red = await embeddedNodeRed(flows, { acc: SANDBOX_CLIENT });
  const { RED } = red;
  const node = await red.node('z');

  /** Sends `count` messages, one in flight per meeting; resolves when all are answered. */
  const batch = (count: number) => {
    const b = perMeetingBatch(meetings, count, (meeting, n) => node.receive({ meeting, n }));
    current = ({ msg }) => b.answer(msg, Boolean(msg.error));
    return b.finished;
  };
  let current: (event: { msg: Record<string, unknown> }) => void = () => undefined;
  RED.hooks.add('onReceive.bench', (event) => {
    if (event.destination.id === 'sink') current(event);
  });

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rssStart = process.memoryUsage().rss;
  // A warm-up first: JIT, Node-RED's lazy modules, connection pool and heap sizing are not growth.
  await batch(warmUp);
  await new Promise((r) => setTimeout(r, 200));
  gc?.();
  const rss = () => process.memoryUsage().rss;
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 200));
    gc?.();
  };
  const rssBefore = rss();
  const heapBefore = process.memoryUsage().heapUsed;
  const requestsBefore = sandbox.apiRequestCount;
  const t0 = performance.now();
  const measured = await batch(total);
  const seconds = (performance.now() - t0) / 1000;
  const requests = sandbox.apiRequestCount - requestsBefore;
  await settle();
  const heapAfter = process.memoryUsage().heapUsed;
  // RSS moves with V8's and malloc's sizing as much as with what is kept: more rounds of the same
  // load, and their median, tell growth from noise.
  const rssAfterRounds = [rss()];
  for (let round = 1; round < rounds; round++) {
    await batch(total);
    await settle();
    rssAfterRounds.push(rss());
  }
  const growthPerRound = rssAfterRounds.map((after, i) => round1((after - (i ? rssAfterRounds[i - 1]! : rssBefore)) / 2 ** 20));
  RED.hooks.remove('onReceive.bench');
  await red.stop();
  return {
    messages: total,
    meetings: meetings.length,
    warmUpMessages: warmUp,
    answeredExactlyOnce: measured.exactlyOnce,
    errors: measured.errors,
    throughputPerSecond: round(total / seconds, 0),
    p50Ms: round(percentile(measured.latencies, 50)),
    p99Ms: round(percentile(measured.latencies, 99)),
    rounds,
    rssGrowthPerRoundMb: growthPerRound,
    rssGrowthMedianMb: round1(median(growthPerRound)),
    heapGrowthMb: round1((heapAfter - heapBefore) / 2 ** 20),
    rssStartMb: round1(rssStart / 2 ** 20),
    rssAfterWarmUpMb: round1(rssBefore / 2 ** 20),
    rssEndMb: round1(rssAfterRounds.at(-1)! / 2 ** 20),
    requestsPerMessage: round(requests / total, 3),
    gcExposed: Boolean(gc),
  };
}
