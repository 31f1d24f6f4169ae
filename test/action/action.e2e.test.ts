/**
 * The bundled action/dist run as GitHub runs it (INPUT_ variables with action.yml defaults,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) under Node 24, against the sandbox.
 */
import assert from 'node:assert/strict';
import { actionNode, nodeBinary } from '../../harness/runtimes.js';
import { skipWithout } from '../helpers/skip.js';
import { runAction, type ActionRun } from '../../harness/action-runner.js';
import { until } from '../../harness/until.js';
import { NARROW_CLIENT, SANDBOX_CLIENT, SANDBOX_TOKEN } from '../../sandbox/server.js';
import { assertNoSecrets, STREAM, STREAM_KEY } from '../helpers/secrets.js';
import { actionOAuthInputs, actionTokenInputs, useSandbox } from '../helpers/sandbox.js';

const NODE24 = actionNode();
const runs: ActionRun[] = [];

describe('action: the bundled dist under Node 24 against the sandbox', function () {
  this.timeout(60_000);
  const ctx = useSandbox();

  const oauth = () => actionOAuthInputs(ctx.sandbox);
  const token = () => actionTokenInputs(ctx.sandbox);
  const streamInputs = { 'stream-url': STREAM.stream_url, 'stream-key': STREAM.stream_key, 'page-url': STREAM.page_url };

  async function act(inputs: Record<string, string>): Promise<ActionRun> {
    const run = await runAction(inputs, { node: NODE24 });
    runs.push(run);
    return run;
  }

  function errorLines(run: ActionRun): string[] {
    return run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
  }

  it('runs on Node 24', async function () {
    skipWithout(this, nodeBinary(24) ? undefined : 'Node 24 is not installed here: npm test installs it into .runtimes/ where npm has it');
    const { execFileSync } = await import('node:child_process');
    assert.match(execFileSync(NODE24, ['--version']).toString(), /^v24\./);
  });

  for (const [kind, id, auth] of [
    ['meeting', '85746065123', 'token'],
    ['webinar', '92345678901', 'oauth'],
  ] as const) {
    it(`${kind} with ${auth} auth: update, start, get, stop`, async () => {
      const base = { [`${kind}-id`]: id, ...(auth === 'token' ? token() : oauth()) };
      const update = await act({ ...base, action: 'update', ...streamInputs, resolution: '1080p' });
      assert.equal(update.code, 0, update.stdout);
      assert.equal(update.outputs.status, '204');
      assert.match(update.outputs['tracking-id']!, /^sbx_/);
      assert.match(update.summary, new RegExp(`Updated the live stream of ${kind} ${id}`));

      const start = await act({ ...base, action: 'start', 'display-name': 'Launch', 'active-speaker-name': 'false' });
      assert.equal(start.code, 0, start.stdout);
      assert.deepEqual(ctx.sandbox.stream(kind, id)!.settings, { active_speaker_name: false, display_name: 'Launch' });
      assert.equal(ctx.sandbox.stream(kind, id)!.live, true);

      const get = await act({ ...base, action: 'get' });
      assert.equal(get.code, 0, get.stdout);
      assert.equal(get.outputs.status, '200');
      assert.equal(get.outputs['stream-url'], STREAM.stream_url);
      assert.equal(get.outputs['page-url'], STREAM.page_url);
      assert.equal(get.outputs.resolution, '1080p');
      const result = JSON.parse(get.outputs.result!);
      assert.equal(result.config.stream_key, '***', 'the result output carries the key masked');
      assert.equal(result.kind, kind);

      const stop = await act({ ...base, action: 'stop' });
      assert.equal(stop.code, 0, stop.stdout);
      assert.equal(ctx.sandbox.stream(kind, id)!.live, false);
      assert.equal(ctx.sandbox.apiRequests.length, 4);
    });
  }

  it('mode changes the view of a running meeting stream', async () => {
    const base = { 'meeting-id': '857-4606-5123', ...token() };
    await act({ ...base, action: 'start', ...streamInputs });
    const mode = await act({
      ...base,
      action: 'mode',
      layout: 'gallery_view',
      settings: '{"layout":"speaker_view","close_caption":"off"}',
    });
    assert.equal(mode.code, 0, mode.stdout);
    assert.deepEqual(
      ctx.sandbox.stream('meeting', '85746065123')!.settings,
      { layout: 'gallery_view', close_caption: 'off' },
      'named inputs win over settings JSON',
    );
  });

  it('start with stream inputs updates first, then starts: two requests, in order', async () => {
    const run = await act({ 'meeting-id': 'https://us02web.zoom.us/j/85746065123?pwd=x', ...oauth(), action: 'start', ...streamInputs });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(
      ctx.sandbox.apiRequests.map((r) => `${r.method} ${r.path}`),
      ['PATCH /v2/meetings/85746065123/livestream', 'PATCH /v2/meetings/85746065123/livestream/status'],
    );
    assert.equal(JSON.parse(run.outputs.result!).steps.length, 2);
    assert.equal(ctx.sandbox.stream('meeting', '85746065123')!.live, true);
  });

  it('multipart sends the form fields', async () => {
    const run = await act({
      'webinar-id': '92345678901',
      ...token(),
      action: 'start',
      ...streamInputs,
      encoding: 'multipart',
      'display-name': 'Form',
    });
    assert.equal(run.code, 0, run.stdout);
    const [update, status] = ctx.sandbox.apiRequests;
    assert.match(update!.contentType, /^multipart\/form-data; boundary=/);
    assert.deepEqual(update!.fields, Object.entries(STREAM));
    assert.deepEqual(status!.fields, [
      ['action', 'start'],
      ['settings', '{"display_name":"Form"}'],
    ]);
  });

  it('dry-run prints the requests with secrets masked and sends nothing', async () => {
    const run = await act({ 'meeting-id': '85746065123', ...oauth(), action: 'start', ...streamInputs, 'dry-run': 'true' });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(ctx.sandbox.requests.length, 0, 'no request, not even for a token');
    assert.match(run.stdout, /\[dry-run\] PATCH http:\/\/127\.0\.0\.1:\d+\/v2\/meetings\/85746065123\/livestream\n/);
    assert.match(run.stdout, /"stream_key":"\*\*\*"/);
    assert.equal(run.outputs.status, '0');
    assert.equal(JSON.parse(run.outputs.result!).requests.length, 2);
    assert.match(run.summary, /dry run, nothing sent/);
  });

  it('retries after 429 (Retry-After) and after 5xx, then succeeds', async () => {
    ctx.sandbox.inject({ fault: { kind: 'status', status: 429, retryAfter: '1' } });
    ctx.sandbox.inject({ fault: { kind: 'status', status: 503 } });
    const run = await act({ 'meeting-id': '85746065123', ...token(), action: 'get' });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(ctx.sandbox.apiRequests.length, 3);
    assert.match(run.stdout, /HTTP 429; retry 1\/3 in 1000 ms/);
    assert.match(run.stdout, /HTTP 503; retry 2\/3 in \d+ ms/);
    const gaps = ctx.sandbox.apiRequests.map((r, i, all) => (i ? r.at - all[i - 1]!.at : 0));
    assert.ok(gaps[1]! >= 990, `waited ${gaps[1]} ms for Retry-After: 1 (timers may fire a ms early)`);
  });

  const failures: [string, () => Record<string, string>, RegExp, (() => void)?][] = [
    [
      'validation (bad resolution)',
      () => ({ 'meeting-id': '85746065123', ...token(), action: 'update', ...streamInputs, resolution: '4k' }),
      /^::error::resolution: "4k" is not one of 720p, 1080p\. Hint: Use one of/,
    ],
    [
      'validation (both ids)',
      () => ({ 'meeting-id': '1', 'webinar-id': '2', ...token(), action: 'get' }),
      /^::error::meeting-id: and webinar-id are both set/,
    ],
    [
      'validation (Start)',
      () => ({ 'meeting-id': '85746065123', ...token(), action: 'Start' }),
      /^::error::action: "Start" is not one of .* Hint: Write it as "start"/,
    ],
    [
      'auth (bad client secret)',
      () => ({ 'meeting-id': '85746065123', ...oauth(), 'client-secret': 'wrong-secret-value', action: 'get' }),
      /^::error::OAuth token request failed: HTTP 400, invalid_client: .* Hint: Zoom refused the client ID or client secret/,
    ],
    [
      'auth (bad token)',
      () => ({ 'meeting-id': '85746065123', ...token(), 'access-token': 'expired-token-value', action: 'get' }),
      /^::error::get meeting 85746065123 failed: HTTP 401, Zoom code 124: Invalid access token\. Hint: .* \(tracking id sbx_/,
    ],
    [
      'api (webinar not started)',
      () => ({ 'webinar-id': '93000000001', ...token(), action: 'start' }),
      /^::error::start webinar 93000000001 failed: HTTP 400, Zoom code 200: Webinar 93000000001 has not started\. Hint: /,
    ],
    [
      'api (unknown meeting)',
      () => ({ 'meeting-id': '89999999999', ...token(), action: 'get' }),
      /^::error::get meeting 89999999999 failed: HTTP 404, Zoom code 3001/,
    ],
    [
      'network (nothing listening)',
      () => ({
        'meeting-id': '85746065123',
        'access-token': SANDBOX_TOKEN,
        'api-base-url': 'http://127.0.0.1:9/v2',
        'max-retries': '0',
        action: 'get',
      }),
      /^::error::get meeting 85746065123: connection failed \(ECONNREFUSED/,
    ],
    [
      'timeout',
      () => ({ 'meeting-id': '85746065123', ...token(), 'timeout-seconds': '1', 'max-retries': '0', action: 'get' }),
      /^::error::get meeting 85746065123: no complete answer within 1000 ms\. Hint: /,
      () => ctx.sandbox.inject({ fault: { kind: 'delay', ms: 3000 } }),
    ],
  ];
  for (const [what, inputs, line, setup] of failures) {
    it(`fails with exit 1 and one clear ::error:: line: ${what}`, async () => {
      setup?.();
      const run = await act(inputs());
      assert.equal(run.code, 1, run.stdout);
      const errors = errorLines(run);
      assert.equal(errors.length, 1, run.stdout);
      assert.match(errors[0]!, line);
      assert.match(run.summary, /Zoom live stream failed/);
      assert.ok(JSON.parse(run.outputs.result!).error.hint);
    });
  }

  describe('wait-for-start', () => {
    const LATE = '81000000001';

    it('waits for a meeting whose host starts it after the first read, and goes live one poll after', async () => {
      const began = Date.now();
      const running = act({
        'meeting-id': LATE,
        ...oauth(),
        action: 'start',
        ...streamInputs,
        'wait-for-start': '2m',
        'poll-interval': '5s',
      });
      // The host starts it once the first read has seen it waiting, however slowly the Action came up.
      await until(
        () => ctx.sandbox.apiRequests.some((r) => r.method === 'GET' && r.path === `/v2/meetings/${LATE}`),
        'the first read',
        60_000,
      );
      ctx.sandbox.hostStarts('meeting', LATE);
      const run = await running;
      assert.equal(run.code, 0, run.stdout);
      assert.equal(ctx.sandbox.stream('meeting', LATE)!.live, true);
      // The app may read the meeting: its status is read (waiting at 0 s, started at 5 s), then one start.
      const reads = ctx.sandbox.apiRequests.filter((r) => r.method === 'GET' && r.path === `/v2/meetings/${LATE}`);
      assert.equal(reads.length, 2, 'read at 0 s and 5 s');
      // Sent 5 s apart; their arrivals differ by a connection set-up at most.
      assert.ok(reads[1]!.at - reads[0]!.at >= 4_950, `${reads[1]!.at - reads[0]!.at} ms between reads`);
      assert.equal(ctx.sandbox.apiRequests.filter((r) => r.path.endsWith('/status')).length, 1, 'one start, once the meeting ran');
      assert.ok(Date.now() - began >= 4_950);
      assert.match(
        run.stdout,
        /^Start waits up to 2:00 for the host, reading the meeting's status every 5 s \(the token may read the meeting\), then starting it\.$/m,
      );
      assert.match(
        run.stdout,
        /^Waiting for the host \(HTTP 200, Meeting 81000000001 has not started \(its status is "waiting"\)\.\): waited 0:00 of 2:00; next try in 5 s; gives up at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\.$/m,
      );
      assert.match(run.stdout, /^The meeting was running after 0:0[5-6] \(2 tries\)\.$/m);
      assert.match(run.outputs['waited-seconds']!, /^[56]$/);
      assert.match(run.summary, /Started the live stream of meeting 81000000001\. Waited 0:0[56] for the host to start it \(2 tries\)\./);
      const result = JSON.parse(run.outputs.result!) as { tries: number; waitedMs: number };
      assert.equal(result.tries, 2);
    });

    it('at the deadline: exit 1, one line saying how long it waited and Zoom last answer', async () => {
      const run = await act({
        'meeting-id': LATE,
        ...token(),
        action: 'start',
        ...streamInputs,
        'wait-for-start': '5',
        'poll-interval': '5s',
      });
      assert.equal(run.code, 1);
      const errors = errorLines(run);
      assert.equal(errors.length, 1, run.stdout);
      assert.match(
        errors[0]!,
        /^::error::start meeting 81000000001: the meeting had not started after waiting 0:05 \(2 tries\)\. Zoom's last answer: HTTP 400, Zoom code 4927: Meeting 81000000001 has not started\. Done: update meeting 81000000001\. Refused: start meeting 81000000001\. Hint: The host did not start the meeting within the wait\..* \(tracking id sbx_/,
      );
      assert.equal(run.outputs['waited-seconds'], '5');
      assert.match(run.summary, /\| waited for the host \| 0:05 \|/);
    });

    it('a webinar too: code 200 "has not started" is waited out', async () => {
      const running = act({
        'webinar-id': '93000000001',
        ...token(),
        action: 'start',
        ...streamInputs,
        'wait-for-start': '1m',
        'poll-interval': '5s',
      });
      // The host starts it once the first try has been answered "not started", however slowly the Action came up.
      await until(
        () => ctx.sandbox.requests.some((r) => r.path.startsWith('/v2/webinars/93000000001/livestream/status')),
        'the first try',
        60_000,
      );
      ctx.sandbox.hostStarts('webinar', '93000000001');
      const run = await running;
      assert.equal(run.code, 0, run.stdout);
      assert.equal(run.outputs['waited-seconds'], '5');
    });

    it('a running meeting starts at once: waited-seconds 0', async () => {
      const run = await act({ 'meeting-id': '85746065123', ...token(), action: 'start', ...streamInputs, 'wait-for-start': '45m' });
      assert.equal(run.code, 0, run.stdout);
      assert.equal(run.outputs['waited-seconds'], '0');
      assert.match(run.summary, /Waited 0:00 for the host to start it \(1 try\)\./);
    });
  });

  describe('check', () => {
    it('a meeting ready to stream: a summary table with a mark per item, problems 0, exit 0, no write', async () => {
      ctx.sandbox.stream('meeting', '85746065123')!.configured = true;
      Object.assign(ctx.sandbox.stream('meeting', '85746065123')!, {
        stream_url: STREAM.stream_url,
        stream_key: STREAM.stream_key,
        page_url: STREAM.page_url,
      });
      const run = await act({ 'meeting-id': '85746065123', ...oauth(), action: 'check' });
      assert.equal(run.code, 0, run.stdout);
      assert.equal(run.outputs.problems, '0');
      assert.match(run.summary, /### Zoom live stream: pre-flight check of meeting 85746065123\n\nNo problem found\. 7 ok, 0 unknown/);
      assert.match(run.summary, /\| ✅ \| host: custom live streaming service \| enabled for host sandbox-host \|/);
      assert.deepEqual(
        ctx.sandbox.apiRequests.filter((r) => r.method !== 'GET'),
        [],
      );
      const result = JSON.parse(run.outputs.result!) as { checklist: { items: unknown[] } };
      assert.equal(result.checklist.items.length, 7);
      assert.match(run.stdout, /^ok +stream: stream URL, page URL and stream key present/m);
    });

    it('an end-to-end encrypted meeting: the step fails naming the problem and its fix; fail-on: never only reports', async () => {
      const run = await act({ 'meeting-id': '81000000003', ...oauth(), action: 'check' });
      assert.equal(run.code, 1);
      assert.equal(run.outputs.problems, '1');
      const errors = errorLines(run);
      assert.equal(errors.length, 1, run.stdout);
      assert.match(
        errors[0]!,
        /^::error::check meeting 81000000003: 1 problem: encryption: end-to-end encryption: .* Fix: Switch the meeting to enhanced encryption/,
      );
      assert.match(run.summary, /\| ❌ \| encryption \|/);
      const lenient = await act({ 'meeting-id': '81000000003', ...oauth(), action: 'check', 'fail-on': 'never' });
      assert.equal(lenient.code, 0);
      assert.equal(lenient.outputs.problems, '1');
      assert.deepEqual(
        ctx.sandbox.apiRequests.filter((r) => r.method !== 'GET'),
        [],
        'no write in either run',
      );
    });

    it('an app without the read scopes: unknown items, no problem, exit 0', async () => {
      const run = await act({
        'meeting-id': '81000000002',
        ...oauth(),
        'client-id': NARROW_CLIENT.clientId,
        'client-secret': NARROW_CLIENT.clientSecret,
        action: 'check',
      });
      assert.equal(run.code, 0, run.stdout);
      assert.equal(run.outputs.problems, '0');
      assert.match(run.summary, /\| ❔ \| meeting \| the app may not read the meeting/);
    });

    it('refuses a bad fail-on and stream inputs, before any request', async () => {
      const bad = await act({ 'meeting-id': '85746065123', ...oauth(), action: 'check', 'fail-on': 'always' });
      assert.match(errorLines(bad)[0]!, /^::error::fail-on: "always" is not problem or never\./);
      const stream = await act({ 'meeting-id': '85746065123', ...oauth(), action: 'check', ...streamInputs });
      assert.match(errorLines(stream)[0]!, /^::error::stream-url: is not used by action "check"/);
      assert.equal(ctx.sandbox.requests.length, 0);
    });
  });

  it('validation failures send nothing', async () => {
    await act({ 'meeting-id': '85746065123', ...oauth(), action: 'update', ...streamInputs, 'page-url': 'javascript:alert(1)' });
    assert.equal(ctx.sandbox.requests.length, 0);
  });

  it('registers every secret with ::add-mask:: before using it', async () => {
    const run = await act({ 'meeting-id': '85746065123', ...oauth(), action: 'start', ...streamInputs });
    const masks = [...run.stdout.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1]);
    assert.ok(masks.includes(SANDBOX_CLIENT.clientSecret));
    assert.ok(masks.includes(STREAM_KEY));
    assert.ok(
      masks.some((m) => m?.startsWith('sbx_at_')),
      'the OAuth access token is masked too',
    );
    assert.ok(run.stdout.indexOf(`::add-mask::${STREAM_KEY}`) < run.stdout.indexOf('update meeting'));
  });

  // After each test: no secret appears anywhere in what its runs printed, masks aside (the runner
  // hides those lines). Per test, so a run filtered with --grep checks what it ran.
  afterEach(() => {
    for (const run of runs.splice(0)) {
      const printed = `${run.stdout}\n${run.stderr}`.replace(/^::add-mask::.*$/gm, '');
      assertNoSecrets(printed + run.summary + JSON.stringify(run.outputs));
    }
  });
});
