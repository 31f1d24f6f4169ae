/**
 * `npm run bench`: what the project costs and how it compares, all on loopback against the sandbox,
 * in one run (the machine is noisy: medians and ratios only). Prints a table and writes
 * bench/results/latest.json.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ZoomLiveStreamClient } from '../core/index.js';
import { ROOT } from '../harness/root.js';
import { SANDBOX_CLIENT, SANDBOX_TOKEN, startSandbox, type Sandbox } from '../sandbox/server.js';
import { accountHeapGrowth } from '../harness/account-heap.js';
import { coldStart, coldStartRows } from './cold-start.js';
import { nodeRedLoad } from './node-red-load.js';
import { nodeRedClose } from './node-red-close.js';
import { alternate, median, round } from './stats.js';
import { actionTimeToLive, nodeTimeToLive, webhookTimeToLive } from './time-to-live.js';
import { webhookLoad } from './webhook-load.js';
import { fleetStarts } from '../harness/fleet.js';
import { fleetAccount } from './fleet-account.js';
import { actionFleet } from './action-fleet.js';
import { confirmLadder, ladderRow } from './confirm-ladder.js';
import { fleetFile, fleetFileRow } from './fleet-file.js';
import { coreVsFetch, MEETING, sandboxMeetings, STREAM, wireRequests } from './core-requests.js';
import { nodeRedVsHttpRequest, nodeRedVsHttpRequestRows } from './node-red-vs-http-request.js';
import { cliStart, cliStartRows } from './cli-start.js';
import { fleetPlan, fleetPlanRows } from './fleet-plan.js';
import { runFleet, runFleetRows } from './run-fleet.js';
import { youtubeQuota, youtubeQuotaRows } from './youtube-quota.js';

const run = promisify(execFile);

/** The seeds' curl commands (multipart, with their `settings=start{...}` bug) and Zoom's own SDK. */
async function peers(sandbox: Sandbox, n = 15) {
  const zoom = new ZoomLiveStreamClient({ auth: { accessToken: SANDBOX_TOKEN }, apiBaseUrl: sandbox.apiBaseUrl, encoding: 'multipart' });
  const { MeetingsS2SAuthClient } = await import('@zoom/rivet/meetings');
  // Rivet's token URL is fixed to zoom.us; a token store handing it the sandbox's token stands in.
  const tokenStore = {
    getLatestToken: () => ({ accessToken: SANDBOX_TOKEN, expirationTimeIso: '2099-01-01T00:00:00Z', scopes: [] }),
    storeToken: () => undefined,
  };
  const rivet = new MeetingsS2SAuthClient({
    ...SANDBOX_CLIENT,
    tokenStore,
    baseUrl: sandbox.apiBaseUrl,
    disableReceiver: true,
  } as never) as unknown as {
    endpoints: { meetings: Record<string, (args: object) => Promise<{ statusCode: number }>> };
  };
  const base = `${sandbox.apiBaseUrl}/meetings/${MEETING}/livestream`;
  const curl = (path: string, forms: string[]) => async () => {
    const args = [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-X',
      'PATCH',
      '-H',
      `Authorization: Bearer ${SANDBOX_TOKEN}`,
      '-H',
      'Content-Type: multipart/form-data',
    ];
    for (const form of forms) args.push('--form', form);
    const { stdout } = await run('curl', [...args, `${base}${path}`]);
    statuses.push(stdout);
  };
  let statuses: string[] = [];
  // Each call starts from the state it needs (start from stopped, stop from live), set directly.
  const record = sandbox.stream('meeting', MEETING)!;
  const from = (live: boolean, fn: () => Promise<unknown>) => () => {
    record.live = live;
    return fn();
  };
  const ops: [string, () => Promise<unknown>, () => Promise<unknown>, () => Promise<void>][] = [
    [
      'update',
      () => zoom.updateLiveStream(MEETING, STREAM),
      () => rivet.endpoints.meetings.updateLivestream!({ path: { meetingId: Number(MEETING) }, body: STREAM }),
      curl('', [`stream_url=${STREAM.stream_url}`, `stream_key=${STREAM.stream_key}`, `page_url=${STREAM.page_url}`]),
    ],
    [
      'start',
      () => zoom.setLiveStreamStatus(MEETING, { action: 'start', settings: { active_speaker_name: false, display_name: 'Bench' } }),
      () =>
        rivet.endpoints.meetings.updateLivestreamStatus!({
          path: { meetingId: Number(MEETING) },
          body: { action: 'start', settings: { active_speaker_name: false, display_name: 'Bench' } },
        }),
      curl('/status', ['action=start', 'settings=start{"active_speaker_name":false,"display_name":"Bench"}']),
    ],
    [
      'stop',
      () => zoom.setLiveStreamStatus(MEETING, { action: 'stop' }),
      () => rivet.endpoints.meetings.updateLivestreamStatus!({ path: { meetingId: Number(MEETING) }, body: { action: 'stop' } }),
      curl('/status', ['action=stop']),
    ],
  ];
  const rows = [];
  for (const [name, ...calls] of ops) {
    const [ours, sdk, cli] = calls.map((fn) => from(name !== 'start', fn)) as [
      () => Promise<unknown>,
      () => Promise<unknown>,
      () => Promise<void>,
    ];
    const count = async (fn: () => Promise<unknown>) => {
      const before = sandbox.apiRequests.length;
      const ok = await fn().then(
        () => true,
        () => false,
      );
      return { requests: sandbox.apiRequests.length - before, ok };
    };
    const wire = { core: await count(ours), rivet: await count(sdk), curl: await count(cli) };
    const curlStatus = statuses.at(-1);
    statuses = [];
    const quiet = (fn: () => Promise<unknown>) => async () => {
      await fn().catch(() => undefined);
    };
    const [core, sdkTimes] = await alternate(n, quiet(ours), quiet(sdk));
    const [, curlTimes] = await alternate(n, quiet(ours), quiet(cli));
    rows.push({
      operation: name,
      coreMedianMs: round(median(core), 2),
      rivetMedianMs: round(median(sdkTimes), 2),
      curlMedianMs: round(median(curlTimes), 2),
      rivetRatio: round(median(sdkTimes) / median(core)),
      curlRatio: round(median(curlTimes) / median(core)),
      requests: { core: wire.core.requests, rivet: wire.rivet.requests, curl: wire.curl.requests },
      succeeded: { core: wire.core.ok, rivet: wire.rivet.ok, curl: curlStatus === '204' },
      curlStatus,
    });
  }
  zoom.close();
  return rows;
}

const sandbox = await startSandbox({ streams: sandboxMeetings(100) });
// A second sandbox for the load test that keeps no request log, so its memory is the node's.
const loadSandbox = await startSandbox({ streams: sandboxMeetings(100), recordRequests: false });
const ids = Array.from({ length: 100 }, (_, i) => String(86_000_000_000 + i));
const results = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${round(os.totalmem() / 2 ** 30, 0)} GiB, ${os.type()} ${os.release()}`,
  wire: await wireRequests(sandbox),
  latency: await coreVsFetch(sandbox),
  action: await coldStart(sandbox),
  nodeRed: await nodeRedLoad(loadSandbox, ids),
  nodeRedVsHttpRequest: await nodeRedVsHttpRequest(ids),
  nodeRedClose: await nodeRedClose(100_000),
  accountHeap: await accountHeapGrowth(1_000_000, 1),
  peers: await peers(sandbox),
  timeToLive: {
    action: await actionTimeToLive(20, 5_000),
    node: await nodeTimeToLive(20, 5_000),
    nodeDefault: await nodeTimeToLive(20, 15_000),
    webhook: await webhookTimeToLive(20),
  },
  fleet: { paced: await fleetStarts(30), unpaced: await fleetStarts(undefined) },
  fleetAccount: await fleetAccount(),
  actionFleet: await actionFleet(),
  probes: { meeting: await actionTimeToLive(20, undefined, 'oauth'), start: await actionTimeToLive(20, undefined, 'token') },
  webhookLoad: await webhookLoad(),
  confirmLadder: await confirmLadder(),
  fleetFile: await fleetFile(),
  cliStart: await cliStart(),
  fleetPlan: await fleetPlan(),
  runFleet: await runFleet(),
  youtubeQuota: await youtubeQuota(),
};
await sandbox.close();
await loadSandbox.close();

const goal = (ok: boolean) => (ok ? 'met' : 'NOT met');
const lines = [
  `Benchmarks, ${results.date.slice(0, 10)}, one run of \`npm run bench\`, ${results.machine}. The bench's process and the Node-RED it embeds run on Node ${process.version}; the processes it starts as users do (the Action, the command line) on Node ${results.action.node}, as GitHub runs actions.`,
  '',
  '| measure | result | goal |',
  '|---|---|---|',
  `| requests per operation | ${Object.entries(results.wire.perOperation)
    .map(([k, v]) => `${k} ${v}`)
    .join(
      ', ',
    )} | 1 each, 2 for start with update: ${goal(Object.entries(results.wire.perOperation).every(([k, v]) => v === (k === 'start with update' ? 2 : 1)))} |`,
  `| token requests per 1,000 operations | ${results.wire.tokenRequestsPer1000Operations} | 1: ${goal(results.wire.tokenRequestsPer1000Operations === 1)} |`,
  `| core vs bare fetch, median per call (${results.latency.samples} each) | ${results.latency.coreMedianMs} ms vs ${results.latency.fetchMedianMs} ms = ${results.latency.ratio}x | <= 1.15x: ${goal(results.latency.ratio <= 1.15)} |`,
  ...coldStartRows(results.action),
  `| Node-RED: ${results.nodeRed.messages} msgs, ${results.nodeRed.meetings} meetings | ${results.nodeRed.throughputPerSecond} msg/s, p50 ${results.nodeRed.p50Ms} ms, p99 ${results.nodeRed.p99Ms} ms, ${results.nodeRed.errors} errors | |`,
  `| Node-RED: RSS growth per ${results.nodeRed.messages} messages, ${results.nodeRed.rounds} rounds after a ${results.nodeRed.warmUpMessages}-message warm-up | median ${results.nodeRed.rssGrowthMedianMb} MB (rounds: ${results.nodeRed.rssGrowthPerRoundMb.join(', ')} MB); heap in use +${results.nodeRed.heapGrowthMb} MB over the first round; RSS ${results.nodeRed.rssStartMb} MB at start, ${results.nodeRed.rssAfterWarmUpMb} after warm-up, ${results.nodeRed.rssEndMb} at end; ${results.nodeRed.requestsPerMessage} requests per message | < 20 MB: ${goal(results.nodeRed.rssGrowthMedianMb < 20)} |`,
  `| Node-RED account: heap growth over ${results.accountHeap.messages.toLocaleString('en-US')} messages that send nothing | ${results.accountHeap.heapGrowthMb} MB, ${results.accountHeap.leftInFlight} left in flight | < 5 MB: ${goal(results.accountHeap.heapGrowthMb < 5)} |`,
  `| Node-RED: redeploy of a node holding ${results.nodeRedClose.queued} queued messages (console log on) | ${results.nodeRedClose.closeSeconds} s | < 5 s: ${goal(results.nodeRedClose.closeSeconds < 5)} |`,
  ...nodeRedVsHttpRequestRows(results.nodeRedVsHttpRequest),
  `| Node-RED: every message answered exactly once | ${results.nodeRed.answeredExactlyOnce} | true: ${goal(results.nodeRed.answeredExactlyOnce)} |`,
  ...(
    [
      ['Action', results.timeToLive.action],
      ['Node-RED node', results.timeToLive.node],
      ['Node-RED node', results.timeToLive.nodeDefault],
    ] as const
  ).map(
    ([who, t]) =>
      `| time to live, ${who}, poll ${t.pollSeconds} s: host starts the meeting -> stream live (${t.runs} meetings) | median ${t.medianMs} ms, worst ${t.worstMs} ms; ${t.triesPerMeeting} start requests per meeting | worst <= poll interval + 1 s: ${goal(t.worstMs <= t.pollSeconds * 1000 + 1000)} |`,
  ),
  ...[results.fleet.paced, results.fleet.unpaced].map(
    (f) =>
      `| a fleet: ${f.starts} starts at once on one account, sandbox limit 30/s, ${f.requestsPerSecond ? `paced at ${f.requestsPerSecond}/s` : 'unpaced'} | ${f.seconds} s, ${f.rateLimited} 429s, ${f.requests} requests, ${f.failed} failed | ${f.requestsPerSecond ? `no 429, about ${f.starts}/30 s: ${goal(f.rateLimited === 0 && f.failed === 0 && f.seconds < (f.starts / 30) * 1.5)}` : ''} |`,
  ),
  `| ${results.fleetAccount.waiting} starts waiting on one account (pace 30/s): a stop, a get and a first start of other meetings | stop median ${results.fleetAccount.stop.medianMs} ms, worst ${results.fleetAccount.stop.worstMs} ms; get ${results.fleetAccount.get.medianMs} / ${results.fleetAccount.get.worstMs} ms; first start ${results.fleetAccount.firstStart.medianMs} / ${results.fleetAccount.firstStart.worstMs} ms; ${results.fleetAccount.rateLimited} 429s | worst < 1 s: ${goal(Math.max(results.fleetAccount.stop.worstMs, results.fleetAccount.get.worstMs, results.fleetAccount.firstStart.worstMs) < 1000)} |`,
  `| the same waits: their polls per second against the budget (half the pace) | ${results.fleetAccount.pollsPerSecond}/s of ${results.fleetAccount.pollBudgetPerSecond}/s | within the budget: ${goal(results.fleetAccount.pollsPerSecond <= results.fleetAccount.pollBudgetPerSecond)} |`,
  `| one meeting under the repeated-start 429 (Retry-After 30 s): a get of another meeting | ${results.fleetAccount.getDuringMeeting429Ms} ms | no extra wait (< 1 s): ${goal(results.fleetAccount.getDuringMeeting429Ms < 1000)} |`,
  `| ${results.fleetAccount.twoConfigNodes.starts} starts split across two config nodes of one Zoom account, sandbox limit 30/s | ${results.fleetAccount.twoConfigNodes.rateLimited} 429s, ${results.fleetAccount.twoConfigNodes.failed} failed | zero 429s: ${goal(results.fleetAccount.twoConfigNodes.rateLimited === 0 && results.fleetAccount.twoConfigNodes.failed === 0)} |`,
  `| memory per queued message (10,000 queued for one meeting) | ${results.fleetAccount.bytesPerQueuedMessage} bytes | |`,
  `| ${results.actionFleet.processes} Action processes at once on one sandbox account (limit 30/s), as a workflow matrix runs them | ${results.actionFleet.succeeded} succeeded; the last live after ${results.actionFleet.lastLiveSeconds} s; ${results.actionFleet.rateLimited} 429s drawn (and retried) | all succeed: ${goal(results.actionFleet.succeeded === results.actionFleet.processes)} |`,
  ...(
    [
      ["reading the meeting's status (OAuth with meeting:read:meeting:admin), default 5 s", results.probes.meeting],
      ['trying the start (a static token), default 15 s', results.probes.start],
    ] as const
  ).map(
    ([how, t]) =>
      `| time to live, Action ${how} (${t.runs} meetings) | median ${t.medianMs} ms, worst ${t.worstMs} ms; ${t.triesPerMeeting} tries per meeting | worst <= interval + 1 s: ${goal(t.worstMs <= t.pollSeconds * 1000 + 1000)} |`,
  ),
  `| time to live through the webhook: host starts the meeting -> signed meeting.started -> zoom-webhook -> start -> live (${results.timeToLive.webhook.runs} meetings, one at a time) | median ${results.timeToLive.webhook.medianMs} ms, worst ${results.timeToLive.webhook.worstMs} ms; ${results.timeToLive.webhook.triesPerMeeting} start requests per meeting | worst < 1 s: ${goal(results.timeToLive.webhook.worstMs < 1000)} |`,
  `| zoom-webhook under load: ${results.webhookLoad.deliveries} signed deliveries at ${results.webhookLoad.perSecond}/s | acknowledged p50 ${results.webhookLoad.p50Ms} ms, p99 ${results.webhookLoad.p99Ms} ms; all 204: ${results.webhookLoad.allAcknowledged}; each emitted once: ${results.webhookLoad.eachEmittedOnce} | p99 < 50 ms (Zoom waits 3 s): ${goal(results.webhookLoad.p99Ms < 50 && results.webhookLoad.allAcknowledged && results.webhookLoad.eachEmittedOnce)} |`,
  ...results.confirmLadder.map(ladderRow),
  ...results.fleetFile.map(fleetFileRow),
  ...cliStartRows(results.cliStart),
  ...fleetPlanRows(results.fleetPlan),
  ...runFleetRows(results.runFleet),
  ...youtubeQuotaRows(results.youtubeQuota),
  '',
  "| peer, median ms (core and curl multipart; rivet JSON) | core | @zoom/rivet 0.4.0 | seeds' curl | rivet / core | curl / core | requests core / rivet / curl | succeeded core / rivet / curl |",
  '|---|---|---|---|---|---|---|---|',
  ...results.peers.map(
    (p) =>
      `| ${p.operation} | ${p.coreMedianMs} | ${p.rivetMedianMs} | ${p.curlMedianMs} | ${p.rivetRatio}x | ${p.curlRatio}x | ${p.requests.core} / ${p.requests.rivet} / ${p.requests.curl} | ${p.succeeded.core} / ${p.succeeded.rivet} / ${p.succeeded.curl} (curl HTTP ${p.curlStatus}) |`,
  ),
];
console.log(lines.join('\n'));
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'latest.json'), JSON.stringify(results, null, 2));
writeFileSync(join(ROOT, 'bench', 'results', 'latest.md'), `${lines.join('\n')}\n`);
process.exit(0);
