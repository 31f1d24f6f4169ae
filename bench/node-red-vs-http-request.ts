/**
 * The zoom-livestream node's `get` against Node-RED's own `http request` node doing the same GET
 * (keep-alive on, the answer parsed as JSON, the URL and the bearer token handed to it in the
 * message), in one embedded Node-RED, the sandbox in a process of its own, 100 meetings, the two
 * nodes taking turns round by round after a warm-up of each:
 * - capacity: one message in flight per meeting (each answer lets the next go), messages per second
 *   (the median of the rounds) and Node-RED's CPU per message (the node's own cost, whatever bounds
 *   the rate);
 * - latency: messages arriving at a steady rate whether earlier ones are answered or not, as a flow's
 *   source sends them, the same rate for both (shares of the http request node's capacity just
 *   measured); the 99th percentile of each, from the time a message was due, of the median round.
 *   With a fixed number in flight, as in the first part, latency is that number over the rate
 *   (Little's law) and says nothing the rate does not.
 * Alone: `node build/bench/node-red-vs-http-request.js`.
 */
import { liveStreamFlowNode, sandboxAccountNode } from '../harness/flows.js';
import { SANDBOX_CLIENT, SANDBOX_TOKEN } from '../sandbox/server.js';
import { startSandboxProcess } from '../harness/sandbox-process.js';
import { sandboxMeetings } from './core-requests.js';
import { embeddedNodeRed } from './embedded-node-red.js';
import { arrivalsBatch } from './arrivals-batch.js';
import { perMeetingBatch } from './per-meeting-batch.js';
import { median, percentile, printWhenRun, round } from './stats.js';

export interface NodeVsHttpRequest {
  messagesPerRound: number;
  rounds: number;
  meetings: number;
  /** The zoom-livestream node, and Node-RED's http request node, one in flight per meeting. */
  ours: Capacity;
  theirs: Capacity;
  /** The same arrival rate for both, at each share of the http request node's capacity. */
  atLoads: Load[];
}

/** A node's capacity: median rate of the rounds, and the Node-RED process's CPU per message (the server runs elsewhere). */
interface Capacity {
  perSecond: number;
  cpuMicrosPerMessage: number;
  /** The median round's, shown, not judged: with a fixed number in flight it restates the rate (Little's law). */
  p99Ms: number;
  errors: number;
}

/** Messages arriving at `perSecond` (`share` of the http request node's capacity): each node's p99 and whether it kept up. */
interface Load {
  share: number;
  perSecond: number;
  ours: Latency;
  theirs: Latency;
}

/** Per round, the median round's: one stall of the shared machine in one round moves a p99 over every round. */
interface Latency {
  p50Ms: number;
  p99Ms: number;
  /** The p99 of the worst round. */
  worstP99Ms: number;
  /** The slowest round's rate over the rate the messages came at: under 0.9, a queue grew behind the node. */
  keptUp: number;
  errors: number;
}

/** The shares of the http request node's capacity the messages arrive at; the goal is judged at the second. */
const LOADS = [0.5, 0.8] as const;
const GOAL_LOAD = 0.8;
/** A node that answered the round's messages at less than this share of the rate they came at fell behind. */
const KEPT_UP = 0.9;

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
    // Only ours: with `senderr` off the http request node sends a failure on its output (a statusCode)
    // and to Catch nodes as well, which would answer that message twice.
    { id: 'c', z: 't', type: 'catch', scope: ['ours'], uncaught: false, wires: [['sink-ours']] },
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

  /** `count` messages through one node, one in flight per meeting or arriving at a rate: its rate, its CPU and every latency. */
  const batch = async (side: Which, count: number, arrivalsPerSecond?: number) => {
    const began = performance.now();
    const cpu = process.cpuUsage();
    const send = (meeting: string, n: number) => nodes[side].receive({ ...message(side, meeting), n });
    const b = arrivalsPerSecond ? arrivalsBatch(meetings, count, arrivalsPerSecond, send) : perMeetingBatch(meetings, count, send);
    // Ours answers a failure on msg.error; the http request node with a status.
    answer = (msg) => b.answer(msg, Boolean(msg.error) || (side === 'theirs' && msg.statusCode !== 200));
    const { latencies, errors } = await b.finished;
    const used = process.cpuUsage(cpu);
    return { perSecond: count / ((performance.now() - began) / 1000), cpuMicros: (used.user + used.system) / count, latencies, errors };
  };

  /** The two nodes taking turns, `rounds` rounds of `perRound` messages each. */
  const alternating = async (arrivalsPerSecond?: number) => {
    const perRoundOf = () => ({ rates: [] as number[], cpu: [] as number[], p50s: [] as number[], p99s: [] as number[], errors: 0 });
    const results = { ours: perRoundOf(), theirs: perRoundOf() };
    for (let r = 0; r < rounds; r++) {
      for (const side of r % 2 ? (['theirs', 'ours'] as const) : (['ours', 'theirs'] as const)) {
        const b = await batch(side, perRound, arrivalsPerSecond);
        results[side].rates.push(b.perSecond);
        results[side].cpu.push(b.cpuMicros);
        results[side].p50s.push(percentile(b.latencies, 50));
        results[side].p99s.push(percentile(b.latencies, 99));
        results[side].errors += b.errors;
      }
    }
    return results;
  };

  try {
    // A warm-up of each: JIT, Node-RED's lazy modules, connection pools, the token.
    await batch('ours', 2_000);
    await batch('theirs', 2_000);
    const capacity = await alternating();
    const summary = (side: Which): Capacity => ({
      perSecond: round(median(capacity[side].rates), 0),
      cpuMicrosPerMessage: round(median(capacity[side].cpu), 0),
      p99Ms: round(median(capacity[side].p99s)),
      errors: capacity[side].errors,
    });
    const atLoads: Load[] = [];
    for (const share of LOADS) {
      const perSecond = Math.round(median(capacity.theirs.rates) * share);
      const results = await alternating(perSecond);
      const latency = (side: Which): Latency => ({
        p50Ms: round(median(results[side].p50s)),
        p99Ms: round(median(results[side].p99s)),
        worstP99Ms: round(Math.max(...results[side].p99s)),
        keptUp: round(Math.min(...results[side].rates) / perSecond),
        errors: results[side].errors,
      });
      atLoads.push({ share, perSecond, ours: latency('ours'), theirs: latency('theirs') });
    }
    return { messagesPerRound: perRound, rounds, meetings: meetings.length, ours: summary('ours'), theirs: summary('theirs'), atLoads };
  } finally {
    // One Node-RED per process, and `npm run bench` embeds it more than once: its hooks go with it.
    red.RED.hooks.remove('onReceive.benchVsHttpRequest');
    await red.stop();
  }
}

/**
 * The benchmark table's rows: the issue's lead in throughput (>= 1.5x the messages per second) and in
 * p99 (a third or less at the same arrival rate), and the CPU each node costs.
 */
export function nodeRedVsHttpRequestRows(r: NodeVsHttpRequest): string[] {
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const rate = round(r.ours.perSecond / r.theirs.perSecond);
  const cpu = round(r.ours.cpuMicrosPerMessage / r.theirs.cpuMicrosPerMessage);
  const errors = r.ours.errors + r.theirs.errors;
  const behind = (l: Latency) => (l.keptUp < KEPT_UP ? `, fell behind (${l.keptUp} of the rate)` : '');
  const loadRow = (l: Load) => {
    const p99 = round(l.ours.p99Ms / l.theirs.p99Ms);
    const failed = l.ours.errors + l.theirs.errors;
    const ok = p99 <= 0.34 && l.ours.keptUp >= KEPT_UP && failed === 0;
    return `| same run: ${l.perSecond} messages/s arriving at each node (${l.share}x the http request node's capacity above), ${r.rounds} alternating rounds of ${r.messagesPerRound}; latency from when each was due, the median round's | p99 ${l.ours.p99Ms}${behind(l.ours)} vs ${l.theirs.p99Ms} ms${behind(l.theirs)} = ${p99}x (p50 ${l.ours.p50Ms} vs ${l.theirs.p50Ms} ms; the worst round's p99 ${l.ours.worstP99Ms} vs ${l.theirs.worstP99Ms} ms); ${failed} errors | ${l.share === GOAL_LOAD ? `<= 0.34x p99, ours keeping up: ${met(ok)}` : ''} |`;
  };
  return [
    `| Node-RED: zoom-livestream \`get\` vs Node-RED's own \`http request\` node on the same GET (keep-alive, JSON), ${r.meetings} meetings, one in flight each, ${r.rounds} alternating rounds of ${r.messagesPerRound} messages, Node-RED's process on ${process.version}, the sandbox in its own | ${r.ours.perSecond} vs ${r.theirs.perSecond} msg/s = ${rate}x (p99 ${r.ours.p99Ms} vs ${r.theirs.p99Ms} ms: with a fixed number in flight, the rate restated); ${errors} errors | >= 1.5x msg/s: ${met(rate >= 1.5 && errors === 0)} |`,
    `| same run: Node-RED's CPU per message (user + system, the median round): the node's own cost, whatever bounds the rate on a busy machine | ${r.ours.cpuMicrosPerMessage} vs ${r.theirs.cpuMicrosPerMessage} µs = ${cpu}x (${round(1 / cpu)}x the messages per CPU second) | |`,
    ...r.atLoads.map(loadRow),
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
