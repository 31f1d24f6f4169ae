/**
 * The Action's own modules (inputs, main, summary) run in this process, so that an edit is tested
 * at once and counted in coverage: `run()` with the runner's environment, against the sandbox.
 * The bundled dist is run as GitHub runs it by action.e2e.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../action/main.js';
import type { Clock } from '../../core/index.js';
import { actionEnvironment, actionResults, type ActionRun } from '../../harness/action-runner.js';
import { FakeClock } from '../helpers/clock.js';
import { actionOAuthInputs, actionTokenInputs, useSandbox } from '../helpers/sandbox.js';
import { assertNoSecrets, STREAM } from '../helpers/secrets.js';

// One folder for every step: @actions/core keeps the summary file's path once it has used it.
const dir = mkdtempSync(join(tmpdir(), 'zoom-action-in-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** One step in this process: its environment set, stdout captured, exit code read and restored. */
async function step(inputs: Record<string, string>, clock?: Clock): Promise<Omit<ActionRun, 'ms' | 'stderr'>> {
  const env = actionEnvironment(inputs, dir);
  const saved = { ...process.env };
  const write = process.stdout.write;
  let stdout = '';
  Object.assign(process.env, env);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    await run(clock);
    return { code: Number(process.exitCode ?? 0), stdout, ...actionResults(dir) };
  } finally {
    process.stdout.write = write;
    process.exitCode = undefined;
    for (const name of Object.keys(env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

describe('action: its modules in process against the sandbox', function () {
  this.timeout(30_000);
  const ctx = useSandbox();
  const stream = { 'stream-url': STREAM.stream_url, 'stream-key': STREAM.stream_key, 'page-url': STREAM.page_url };

  it('update, start with settings, get, stop: outputs, summary and log', async () => {
    const target = { 'meeting-id': '857 4606 5123', ...actionOAuthInputs(ctx.sandbox) };
    const updated = await step({ ...target, action: 'update', ...stream, resolution: '1080p' });
    assert.equal(updated.code, 0, updated.stdout);
    assert.equal(updated.outputs.status, '204');
    const started = await step({
      ...target,
      action: 'start',
      'display-name': 'Town hall',
      'active-speaker-name': 'true',
      layout: 'gallery_view',
    });
    assert.equal(started.code, 0, started.stdout);
    assert.match(started.summary, /start/);
    const read = await step({ ...target, action: 'get' });
    assert.equal(read.code, 0, read.stdout);
    assert.equal(read.outputs['stream-url'], STREAM.stream_url);
    assert.equal(read.outputs.resolution, '1080p');
    assert.match(read.outputs['tracking-id']!, /^sbx_/);
    assert.equal(JSON.parse(read.outputs.result!).config.stream_key, '***');
    const stopped = await step({ ...target, action: 'stop' });
    assert.equal(stopped.code, 0, stopped.stdout);
    for (const r of [updated, started, read, stopped])
      assertNoSecrets(r.stdout.replace(/^::add-mask::.*$/gm, '') + r.summary + JSON.stringify(r.outputs));
  });

  it('check: the checklist in the log and the summary, problems counted, fail-on problem fails', async () => {
    const checked = await step({ 'meeting-id': '85746065123', action: 'check', ...actionOAuthInputs(ctx.sandbox) });
    assert.match(checked.stdout, /ok +credentials:/);
    assert.equal(checked.outputs.problems, '1', checked.stdout);
    assert.equal(checked.code, 1, 'a problem fails the step by default');
    assert.match(checked.stdout, /^::error::check meeting 85746065123: 1 problem: stream:/m);
    const lenient = await step({ 'meeting-id': '85746065123', action: 'check', 'fail-on': 'never', ...actionOAuthInputs(ctx.sandbox) });
    assert.equal(lenient.code, 0);
    assert.match(lenient.summary, /stream/);
  });

  it('dry-run prints the requests, secrets masked, and sends nothing', async () => {
    const dry = await step({
      'meeting-id': '85746065123',
      action: 'start',
      ...stream,
      'dry-run': 'true',
      ...actionTokenInputs(ctx.sandbox),
    });
    assert.equal(dry.code, 0, dry.stdout);
    assert.match(dry.stdout, /\[dry-run\] PATCH http:\/\/127\.0\.0\.1:\d+\/v2\/meetings\/85746065123\/livestream\n/);
    assert.equal(ctx.sandbox.apiRequests.length, 0);
    assert.deepEqual(JSON.parse(dry.outputs.result!).dryRun, true);
  });

  it('a waiting start: one log line per pause, waited-seconds, then live', async () => {
    Object.assign(ctx.sandbox.stream('meeting', '81000000001')!, {
      configured: true,
      stream_url: STREAM.stream_url,
      stream_key: STREAM.stream_key,
      page_url: STREAM.page_url,
    });
    // The host starts during the step's first pause, which the fake clock passes at once.
    const clock = new FakeClock();
    const sleep = clock.sleep.bind(clock);
    clock.sleep = async (ms, signal) => {
      await sleep(ms, signal);
      ctx.sandbox.hostStarts('meeting', '81000000001');
    };
    const waited = await step(
      {
        'meeting-id': '81000000001',
        action: 'start',
        'wait-for-start': '90s',
        'poll-interval': '5s',
        ...actionTokenInputs(ctx.sandbox),
      },
      clock,
    );
    assert.equal(waited.code, 0, waited.stdout);
    assert.match(waited.stdout, /Start waits up to 1:30 for the host, trying every 5 s\./);
    assert.match(waited.stdout, /Waiting for the host/);
    assert.equal(waited.outputs['waited-seconds'], '5');
  });

  it('failures: a Zoom error with its hint, a validation error before any request, the summary row', async () => {
    const missing = await step({ 'meeting-id': '11111111111', action: 'get', ...actionTokenInputs(ctx.sandbox) });
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /^::error::get meeting 11111111111 failed: HTTP 404/m);
    assert.equal(missing.outputs.status, '404');
    assert.match(missing.summary, /404/);
    const sent = ctx.sandbox.requests.length;
    const invalid = await step({
      'meeting-id': '85746065123',
      action: 'update',
      ...stream,
      resolution: '4k',
      ...actionTokenInputs(ctx.sandbox),
    });
    assert.equal(invalid.code, 1);
    assert.match(invalid.stdout, /^::error::resolution: /m);
    const noCredentials = await step({ 'meeting-id': '85746065123', action: 'get' });
    assert.equal(noCredentials.code, 1);
    assert.equal(ctx.sandbox.requests.length, sent, 'nothing invalid reached the sandbox');
  });

  it('messages a tired user meets: an unset stream key or action says so; nothing retried is not called retried', async () => {
    const noKey = await step({
      'meeting-id': '85746065123',
      action: 'update',
      'stream-url': STREAM.stream_url,
      'page-url': STREAM.page_url,
      ...actionTokenInputs(ctx.sandbox),
    });
    assert.match(noKey.stdout, /^::error::stream-key: is empty or unset\./m);
    const noAction = await step({ 'meeting-id': '85746065123', action: '', ...actionTokenInputs(ctx.sandbox) });
    assert.match(
      noAction.stdout,
      /^::error::action: is empty or unset: say which of update, start, stop, get, mode, check, confirm to do\./m,
    );
    const unreachable = await step({
      'meeting-id': '85746065123',
      action: 'get',
      'access-token': 'some-token-1234',
      'api-base-url': 'http://127.0.0.1:1/v2',
      'max-retries': '0',
    });
    assert.match(unreachable.stdout, /^::error::get meeting 85746065123: connection failed/m);
    assert.doesNotMatch(unreachable.stdout, /retried|tried \d+ times/);
  });
});

describe('action: confirmed live and a streams file, in process', function () {
  this.timeout(60_000);

  it('confirm publishing at a MediaMTX stand-in: live outputs and the ladder; refused credentials: not live, one error, nothing undone', async () => {
    const { createServer } = await import('node:http');
    const { startSandbox } = await import('../../sandbox/server.js');
    const sandbox = await startSandbox();
    let refuse = false;
    const api = createServer((req, res) => {
      if (refuse) return void res.writeHead(401).end('{"error":"authentication error"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'live/x', online: true, inboundBytes: 1000 }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const { port } = api.address() as import('node:net').AddressInfo;
    try {
      const inputs = {
        'meeting-id': '85746065123',
        ...actionOAuthInputs(sandbox),
        action: 'start',
        'stream-url': 'rtmp://127.0.0.1:1935/live',
        'stream-key': STREAM.stream_key,
        'page-url': STREAM.page_url,
        confirm: 'mediamtx',
        'confirm-url': `http://127.0.0.1:${port}`,
        'confirm-level': 'publishing',
        'confirm-user': 'monitor',
        'confirm-password': 'mtx-password-123',
      };
      const live = await step(inputs);
      assert.equal(live.code, 0, live.stdout);
      assert.equal(live.outputs.live, 'true');
      assert.equal(live.outputs.confirmed, 'publishing');
      assert.equal(live.outputs['received-bytes'], '1000');
      assert.match(live.summary, /Live at mediamtx: publishing/);
      refuse = true;
      const refused = await step(inputs);
      assert.equal(refused.code, 1);
      assert.equal(refused.outputs.live, 'false');
      assert.equal(refused.outputs.confirmed, 'accepted');
      assert.match(
        refused.stdout,
        /::error::start meeting 85746065123: Zoom started the stream, but mediamtx did not confirm it publishing/,
      );
      assert.match(refused.stdout, /Check confirm-user and confirm-password/);
      assert.equal(sandbox.stream('meeting', '85746065123')!.live, true);
      const unmasked = (text: string) => text.replace(/^::add-mask::.*$/gm, '');
      assertNoSecrets(unmasked(`${live.stdout}${refused.stdout}${live.summary}${refused.summary}`));
      assert.ok(!unmasked(`${refused.stdout}${refused.summary}`).includes('mtx-password-123'));
      assert.match(refused.stdout, /^::add-mask::mtx-password-123$/m);
      // Basic auth's header carries base64(user:password): the runner masks that form too.
      const basic = Buffer.from('monitor:mtx-password-123').toString('base64');
      assert.ok(
        refused.stdout.indexOf(`::add-mask::${basic}`) >= 0 &&
          refused.stdout.indexOf(`::add-mask::${basic}`) < refused.stdout.indexOf('start meeting'),
      );
    } finally {
      await new Promise<void>((resolve) => api.close(() => resolve()));
      await sandbox.close();
    }
  });

  it('file: plan reports each entry, counts the drift, fails the step; apply then passes', async () => {
    const { writeFileSync } = await import('node:fs');
    const { fleetWorld } = await import('../../harness/streams-fleet.js');
    const { startSandbox } = await import('../../sandbox/server.js');
    const fleet = fleetWorld(20, Date.now());
    // No problem entries in the first 20 but 11-13: keep them, and the 2 that drift.
    const sandbox = await startSandbox({ streams: fleet.streams });
    const file = join(dir, 'streams.yml');
    writeFileSync(file, fleet.yaml);
    Object.assign(process.env, fleet.env);
    try {
      const inputs = { file, ...actionOAuthInputs(sandbox), 'max-rate': '50' };
      const plan = await step({ ...inputs, action: 'plan' });
      assert.equal(plan.code, 1);
      assert.equal(plan.outputs.changed, '2');
      assert.equal(plan.outputs.failed, '0');
      assert.match(plan.summary, /### Zoom live streams: plan of 20 entries/);
      assert.match(plan.stdout, /^::error::plan: 2 of 20 differ: room-005, room-017/m);
      const apply = await step({ ...inputs, action: 'apply', only: 'room-005,room-017' });
      assert.equal(apply.code, 0, apply.stdout);
      assert.equal(apply.outputs.changed, '2');
      // A file's refusal names the Action's input, not the command line's flag.
      writeFileSync(join(dir, 'literal.yml'), fleet.yaml.replace('stream-key: ${FLEET_KEY}', 'stream-key: literal-key-123456'));
      const literal = await step({ ...inputs, file: join(dir, 'literal.yml'), action: 'plan' });
      assert.equal(literal.code, 1);
      assert.match(
        literal.stdout,
        /^::error::file: 20 problems in .*: line 4 \(room-000\): stream-key: is written in the file: .* or set allow-literal-keys;/m,
      );
      assert.doesNotMatch(literal.stdout, /--allow-literal-keys/);
      // An input a file's command does not use is refused before anything is sent, naming the input.
      const sent = sandbox.apiRequests.length;
      const confirmed = await step({ ...inputs, action: 'start', confirm: 'nginx-rtmp', 'confirm-url': 'http://127.0.0.1:1/stat' });
      assert.equal(confirmed.code, 1);
      assert.equal(confirmed.stdout.match(/^::error::/gm)?.length, 1, confirmed.stdout);
      assert.match(confirmed.stdout, /^::error::confirm: is not used with file: start over a streams file takes what the file says/m);
      assert.equal(sandbox.apiRequests.length, sent, 'the refused start sent a request');
      // The runner fills in action.yml's defaults: those are not "given".
      const defaults = await step({ ...inputs, action: 'check', confirm: 'none', 'fail-on': 'problem', only: 'room-000' });
      assert.doesNotMatch(defaults.stdout, /is not used with file/);
      const stop = await step({ ...inputs, action: 'stop', only: 'room-011' });
      assert.equal(stop.code, 1);
      assert.equal(stop.outputs.failed, '1');
      assertNoSecrets(`${plan.stdout}${plan.summary}${apply.stdout}${stop.stdout}`.replace(/^::add-mask::.*$/gm, ''));
      assert.ok(!`${plan.stdout.replace(/^::add-mask::.*$/gm, '')}${plan.summary}${plan.outputs.result}`.includes(fleet.env.FLEET_KEY!));
    } finally {
      for (const name of Object.keys(fleet.env)) delete process.env[name];
      await sandbox.close();
    }
  });
});
