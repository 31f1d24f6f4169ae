/**
 * The zoom-livestream node's `get` against Node-RED's own `http request` node doing the same GET
 * (keep-alive on, the answer parsed as JSON, the URL and the bearer token handed to it in the
 * message), in one embedded Node-RED, the sandbox in a process of its own: 100 meetings, one message
 * in flight per meeting, the two nodes taking turns round by round after a warm-up of each. Messages
 * per second (the median of the rounds), the 99th percentile of receive() to output over every
 * round, and Node-RED's CPU per message (the node's own cost, whatever bounds the rate).
 * Alone: `node build/bench/node-red-vs-http-request.js`.
 */
import { liveStreamFlowNode, sandboxAccountNode } from '../harness/flows.js';
import { SANDBOX_CLIENT, SANDBOX_TOKEN } from '../sandbox/server.js';
import { startSandboxProcess } from '../harness/sandbox-process.js';
import { sandboxMeetings } from './core-requests.js';
import { embeddedNodeRed } from './embedded-node-red.js';
import { perMeetingBatch } from './per-meeting-batch.js';
import { median, percentile, printWhenRun, round } from './stats.js';

export interface NodeVsHttpRequest {
  messagesPerRound: number;
  rounds: number;
  meetings: number;
  /** The zoom-livestream node, and Node-RED's http request node. */
  ours: Side;
  theirs: Side;
}

/** A node's figures: median rate of the rounds, p99 over them, and the Node-RED process's CPU per message (the server runs elsewhere). */
interface Side {
  perSecond: number;
  p99Ms: number;
  cpuMicrosPerMessage: number;
  errors: number;
}

type Which = 'ours' | 'theirs';

/** `meetings`: their IDs; they must be in the sandbox, which runs in a process of its own (sandbox-process.ts). */
export async function nodeRedVsHttpRequest(meetings: string[], perRound = 5_000, rounds = 4): Promise<NodeVsHttpRequest> {
  const sandbox = await startSandboxProcess({ streams: sandboxMeetings(meetings.length), recordRequests: false });
  try {
    return await compare(sandbox, meetings, perRound, rounds);
  } finally {
    await sandbox.stop();
  }
}

async function compare(
  sandbox: { apiBaseUrl: string; oauthTokenUrl: string },
  meetings: string[],
  perRound: number,
  rounds: number,
): Promise<NodeVsHttpRequest> {
  const flows = [
    { id: 't', type: 'tab', label: 'bench' },
    // The nodes' own cost is measured, not Zoom's limit: the account's pacing is set out of the way.
    sandboxAccountNode(sandbox, { rate: '10000' }),
    liveStreamFlowNode('ours', { z: 't', target: 'meeting', targetType: 'msg', action: 'get', wires: [['sink-ours']] }),
    {
      id: 'theirs',
      z: 't',
      type: 'http request',
      method: 'GET',
      ret: 'obj',
      paytoqs: 'ignore',
      url: '',
      persist: true,
      senderr: false,
      headers: [],
      wires: [['sink-theirs']],
    },
    { id: 'c', z: 't', type: 'catch', scope: ['ours', 'theirs'], uncaught: false, wires: [['sink-ours']] },
    { id: 'sink-ours', z: 't', type: 'junction', wires: [] },
    { id: 'sink-theirs', z: 't', type: 'junction', wires: [] },
  ];
  const red = await embeddedNodeRed(flows, { acc: SANDBOX_CLIENT });
  const nodes = { ours: await red.node('ours'), theirs: await red.node('theirs') };
  const message = (side: Which, meeting: string) =>
    side === 'ours'
      ? { meeting }
      : { meeting, url: `${sandbox.apiBaseUrl}/meetings/${meeting}/livestream`, headers: { authorization: `Bearer ${SANDBOX_TOKEN}` } };

  let answer: (msg: Record<string, unknown>) => void = () => undefined;
  red.RED.hooks.add('onReceive.benchVsHttpRequest', (event) => {
    if (event.destination.id.startsWith('sink-')) answer(event.msg);
  });

  /** `count` messages through one node, one in flight per meeting: its rate, its CPU and every latency. */
  const batch = async (side: Which, count: number) => {
    const began = performance.now();
    const cpu = process.cpuUsage();
    const b = perMeetingBatch(meetings, count, (meeting, n) => nodes[side].receive({ ...message(side, meeting), n }));
    // Ours answers a failure on msg.error; the http request node with a status.
    answer = (msg) => b.answer(msg, Boolean(msg.error) || (side === 'theirs' && msg.statusCode !== 200));
    const { latencies, errors } = await b.finished;
    const used = process.cpuUsage(cpu);
    return { perSecond: count / ((performance.now() - began) / 1000), cpuMicros: (used.user + used.system) / count, latencies, errors };
  };

  const results = {
    ours: { rates: [] as number[], cpu: [] as number[], latencies: [] as number[], errors: 0 },
    theirs: { rates: [] as number[], cpu: [] as number[], latencies: [] as number[], errors: 0 },
  };
  try {
    // A warm-up of each: JIT, Node-RED's lazy modules, connection pools, the token.
    await batch('ours', 2_000);
    await batch('theirs', 2_000);
    for (let r = 0; r < rounds; r++) {
      for (const side of r % 2 ? (['theirs', 'ours'] as const) : (['ours', 'theirs'] as const)) {
        const b = await batch(side, perRound);
        results[side].rates.push(b.perSecond);
        results[side].cpu.push(b.cpuMicros);
        results[side].latencies.push(...b.latencies);
        results[side].errors += b.errors;
      }
    }
  } finally {
    // One Node-RED per process, and `npm run bench` embeds it more than once: its hooks go with it.
    red.RED.hooks.remove('onReceive.benchVsHttpRequest');
    await red.stop();
  }
  const summary = (side: Which) => ({
    perSecond: round(median(results[side].rates), 0),
    p99Ms: round(percentile(results[side].latencies, 99)),
    cpuMicrosPerMessage: round(median(results[side].cpu), 0),
    errors: results[side].errors,
  });
  return { messagesPerRound: perRound, rounds, meetings: meetings.length, ours: summary('ours'), theirs: summary('theirs') };
}

/** The benchmark table's rows: the lead in throughput (>= 1.5x) and in p99 (a third or less), and the CPU each node costs. */
export function nodeRedVsHttpRequestRows(r: NodeVsHttpRequest): string[] {
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const rate = round(r.ours.perSecond / r.theirs.perSecond);
  const p99 = round(r.ours.p99Ms / r.theirs.p99Ms);
  const cpu = round(r.ours.cpuMicrosPerMessage / r.theirs.cpuMicrosPerMessage);
  const errors = r.ours.errors + r.theirs.errors;
  return [
    `| Node-RED: zoom-livestream \`get\` vs Node-RED's own \`http request\` node on the same GET (keep-alive, JSON), ${r.meetings} meetings, one in flight each, ${r.rounds} alternating rounds of ${r.messagesPerRound} messages, Node-RED's process on ${process.version}, the sandbox in its own | ${r.ours.perSecond} vs ${r.theirs.perSecond} msg/s = ${rate}x; p99 ${r.ours.p99Ms} vs ${r.theirs.p99Ms} ms = ${p99}x; ${errors} errors | >= 1.5x msg/s and <= 0.34x p99: ${met(rate >= 1.5 && p99 <= 0.34 && errors === 0)} |`,
    `| same run: Node-RED's CPU per message (user + system, the median round): the node's own cost, whatever bounds the rate on a busy machine | ${r.ours.cpuMicrosPerMessage} vs ${r.theirs.cpuMicrosPerMessage} µs = ${cpu}x (${round(1 / cpu)}x the messages per CPU second) | |`,
  ];
}

await printWhenRun(import.meta.url, async () =>
  nodeRedVsHttpRequestRows(
    await nodeRedVsHttpRequest(
      sandboxMeetings(100)
        .slice(1)
        .map((m) => m.id),
    ),
  ),
);
