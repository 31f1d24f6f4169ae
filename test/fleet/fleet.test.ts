/**
 * Streams as code, against the sandbox: a file of 200 entries (meetings, webinars, a recurring
 * meeting, one converted to a webinar, a host with live streaming off, an e2ee meeting) through the
 * command line in this process: plan, apply, plan again, start --due, and files that are wrong.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fleetWorld, FLEET_KEY, type Fleet } from '../../harness/streams-fleet.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { cli } from '../helpers/cli.js';
import { actionOAuthInputs, cliOAuthEnv } from '../helpers/sandbox.js';

interface Entry {
  name: string;
  outcome: string;
  detail?: string;
  changes?: { field: string }[];
  problems?: { item: string; found: string }[];
}

describe('fleet: one streams file for 200 entries', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let fleet: Fleet;
  let dir: string;
  let file: string;
  let env: Record<string, string>;

  /** The world and a sandbox with Zoom's per-second limit at `limit` (30 on Pro, 80 on Business). */
  async function open(limit: number) {
    fleet = fleetWorld(200, Date.now());
    sandbox = await startSandbox({ streams: fleet.streams, rateLimitPerSecond: limit });
    dir = mkdtempSync(join(tmpdir(), 'fleet-'));
    file = join(dir, 'streams.yml');
    writeFileSync(file, fleet.yaml);
    env = {
      ...fleet.env,
      ...cliOAuthEnv(sandbox),
    };
  }
  afterEach(async () => {
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const entries = (stdout: string) => (JSON.parse(stdout) as { entries: Entry[] }).entries;
  const named = (list: Entry[], outcome: string) =>
    list
      .filter((e) => e.outcome === outcome)
      .map((e) => e.name)
      .sort();
  const updates = () => sandbox.apiRequests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/livestream'));

  it('plan exits 8 naming exactly the drift and the problems; apply sends one update per differing entry; plan again: problems only', async () => {
    await open(200);
    const plan = await cli(['plan', '--file', file, '--json', '--max-rate', '180'], env);
    assert.equal(plan.code, 8, plan.stderr);
    const first = entries(plan.stdout);
    assert.deepEqual(named(first, 'differs'), [...fleet.differing].sort());
    assert.deepEqual(named(first, 'problem'), [...fleet.problems].sort());
    const byName = new Map(first.map((e) => [e.name, e]));
    assert.deepEqual(
      byName.get('room-005')!.changes!.map((c) => c.field),
      ['stream-url'],
    );
    assert.deepEqual(byName.get('room-042')!.changes, [{ field: 'stream-key' }]);
    assert.match(byName.get('room-011')!.problems![0]!.found, /meeting 87000000011 is now a webinar/);
    assert.ok(byName.get('room-012')!.problems!.some((p) => p.item.startsWith('host')));
    assert.ok(byName.get('room-013')!.problems!.some((p) => p.item === 'encryption'));
    assert.equal(updates().length, 0, 'plan sends no update');
    assert.match(plan.stderr, /5 of 200 differ: .*; 3 with a problem no update fixes/);

    const apply = await cli(['apply', '--file', file, '--max-rate', '180'], env);
    assert.deepEqual(
      updates()
        .map((r) => r.path.split('/')[3])
        .sort(),
      first
        .filter((e) => e.outcome === 'differs')
        .map((e) => fleet.streams.find((s) => e.name === `room-${String(fleet.streams.indexOf(s)).padStart(3, '0')}`)!.id)
        .sort(),
    );
    // The converted meeting cannot be read as a meeting: that entry fails, the others go on.
    assert.equal(apply.code, 1, apply.stderr);
    assert.match(apply.stderr, /1 of 200 failed: room-011/);

    const again = await cli(['plan', '--file', file, '--json', '--max-rate', '180'], env);
    assert.equal(again.code, 8);
    const second = entries(again.stdout);
    assert.deepEqual(named(second, 'differs'), []);
    assert.deepEqual(named(second, 'problem'), [...fleet.problems].sort());
    for (const run of [plan, apply, again]) assert.ok(!`${run.stdout}${run.stderr}`.includes(FLEET_KEY), 'the stream key shows');
    assert.equal(sandbox.rateLimited, 0);
  });

  it("start --due 20m starts exactly what Zoom's calendar has due, late hosts waited for, at the paced rate, with no 429 at --max-rate 10 against 30/s", async () => {
    await open(30);
    const started = () =>
      sandbox.apiRequests
        .filter((r) => r.method === 'PATCH' && r.path.endsWith('/livestream/status'))
        .map((r) => r.path.split('/')[3]!)
        .sort();
    // Two due meetings' hosts are late: their starts wait under the same pace as everything else.
    for (const id of ['87000000003', '87000000004']) {
      Object.assign(sandbox.stream('meeting', id)!, { running: false, startedAt: undefined });
      sandbox.hostStarts('meeting', id, 3_000);
    }
    const run = await cli(['start', '--file', file, '--due', '20m', '--wait-for-start', '2m', '--json'], env);
    for (const id of ['87000000003', '87000000004']) assert.equal(sandbox.stream('meeting', id)!.live, true);
    // The meeting Zoom converted to a webinar cannot be read as a meeting: that entry fails, alone.
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /1 of 200 failed: room-011/);
    const list = entries(run.stdout);
    assert.deepEqual(named(list, 'started'), [...fleet.due].sort());
    assert.deepEqual(named(list, 'skipped'), [fleet.noFixedTime]);
    assert.equal(list.find((e) => e.name === fleet.noFixedTime)!.detail, 'no fixed time in Zoom: name it with --only to start it');
    // One start each: the late ones were waited for by reading their meeting, then started once.
    assert.equal(started().length, fleet.due.length);
    assert.equal(sandbox.rateLimited, 0);
    // Paced: 200 reads and the starts at 10 a second take about 20 s, never a burst (arrivals may
    // bunch a little on a busy machine; the sandbox's limit is 30).
    const times = sandbox.apiRequests.map((r) => r.at).sort((a, b) => a - b);
    const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
    assert.ok(busiest <= 15, `${busiest} requests in one second`);
  });

  it('every problem of a malformed file, all at once, each with its entry and line; exit 2; nothing sent', async () => {
    await open(30);
    writeFileSync(
      file,
      [
        'defaults:',
        '  stream-url: rtmp://live.example.org/app',
        '  colour: blue',
        'streams:',
        '  - name: a',
        '    meeting: 85746065123',
        '    stream-key: ${MISSING_VARIABLE}',
        '    page-url: https://example.org/live',
        '  - name: a',
        '    meeting: 85746065123',
        '    stream-key: literal-key-in-the-file',
        '    page-url: https://example.org/live',
        '  - name: c',
        '    webinar: not-an-id',
        '    stream-key-file: /does/not/exist',
        '    page-url: https://example.org/live',
        '    layuot: gallery_view',
        '  - name: d',
        '    webinar: 93000000001',
        '    stream-key: ${FLEET_KEY}',
        '    page-url: https://example.org/live',
        '    layout: gallery_view',
        '',
      ].join('\n'),
    );
    const run = await cli(['plan', '--file', file], env);
    assert.equal(run.code, 2, run.stderr);
    for (const expected of [
      /line 3 \(defaults\): unknown field "colour"/,
      /line 7 \(a\): stream-key: the environment has no MISSING_VARIABLE/,
      /line 9 \(a\): name: also used on line 5/,
      /line 10 \(a\): meeting 85746065123 is also entry a/,
      /line 11 \(a\): stream-key: is written in the file: .* or set --allow-literal-keys;/,
      /line 14 \(c\): webinar: /,
      /line 15 \(c\): stream-key-file: cannot read "\/does\/not\/exist" \(ENOENT\); /,
      /line 17 \(c\): unknown field "layuot" \(did you mean layout\?\)/,
      /line 22 \(d\): layout: is for meetings only/,
    ])
      assert.match(run.stderr, expected);
    assert.ok(!run.stderr.includes('literal-key-in-the-file'));
    assert.equal(sandbox.requests.length, 0);
  });

  it("a fleet's options without --file, and --meeting with it, are usage errors; --dry-run checks the file and sends nothing", async () => {
    await open(30);
    const due = await cli(['start', '--meeting', '85746065123', '--due', '20m'], env);
    assert.equal(due.code, 2);
    assert.match(due.stderr, /--due: is set without --file/);
    const both = await cli(['plan', '--file', file, '--meeting', '85746065123'], env);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--meeting: is set together with --file/);
    const none = await cli(['plan', '--meeting', '85746065123'], env);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--file: is missing: plan works on a streams file/);
    const dry = await cli(['start', '--file', file, '--dry-run', '--only', 'room-003,room-004'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout, '[dry-run] start meeting 87000000003 (room-003)\n[dry-run] start meeting 87000000004 (room-004)\n');
    const unknown = await cli(['start', '--file', file, '--dry-run', '--only', 'room-3'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--only: names no entry: "room-3"/);
    assert.equal(sandbox.requests.length, 0);
  });
});

describe('fleet: the streams file JSON Schema', () => {
  it('ships in the package, is the one the field table makes, and every field it names is one the reader takes', async () => {
    const { readFileSync } = await import('node:fs');
    const { ROOT } = await import('../../harness/root.js');
    const { streamsFileSchema } = await import('../../core/fleet/fields.js');
    const { readStreamsFile } = await import('../../core/fleet/file.js');
    const schema = JSON.parse(readFileSync(join(ROOT, 'streams.schema.json'), 'utf8')) as {
      properties: { defaults: { properties: object }; streams: { items: { properties: object } } };
    };
    assert.deepEqual(schema, streamsFileSchema(), 'streams.schema.json is stale: run npm run inputs');
    // Every field the schema allows, once in defaults and once in an entry: none is unknown to the reader.
    const value = (field: string) =>
      ({
        meeting: '85746065123',
        webinar: '85746065124',
        'active-speaker-name': 'true',
        resolution: '720p',
        layout: 'gallery_view',
        'close-caption': 'off',
      })[field] ?? 'x';
    const lines = (fields: string[], indent: string) => fields.map((f) => `${indent}${f}: ${value(f)}`).join('\n');
    const file = `defaults:\n${lines(Object.keys(schema.properties.defaults.properties), '  ')}\nstreams:\n  - ${lines(Object.keys(schema.properties.streams.items.properties), '    ').trimStart()}\n`;
    const error = (() => {
      try {
        readStreamsFile(file, { env: {}, readSecretFile: () => 'k', allowLiteralKeys: true });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    assert.ok(error, 'the file sets both meeting and webinar, and a key with a key file: it is refused');
    assert.doesNotMatch(error.message, /unknown field/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    assert.ok(pkg.files.includes('streams.schema.json'));
  });
});

describe('fleet: the bundled Action with file:, and SIGTERM in the command', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let fleet: Fleet;
  let dir: string;
  let file: string;

  beforeEach(async () => {
    fleet = fleetWorld(30, Date.now());
    sandbox = await startSandbox({ streams: fleet.streams, rateLimitPerSecond: 30 });
    dir = mkdtempSync(join(tmpdir(), 'fleet-action-'));
    file = join(dir, 'streams.yml');
    writeFileSync(file, fleet.yaml);
  });
  afterEach(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plan fails the step on drift with the counts as outputs and a row per entry in the summary; the key never shows', async () => {
    const { runAction } = await import('../../harness/action-runner.js');
    const run = await runAction(
      {
        file,
        action: 'plan',
        ...actionOAuthInputs(sandbox),
      },
      { env: fleet.env },
    );
    assert.equal(run.code, 1, run.stdout);
    assert.equal(run.outputs.changed, '2');
    assert.equal(run.outputs.failed, '0');
    const result = JSON.parse(run.outputs.result!) as { entries: Entry[] };
    assert.equal(result.entries.length, 30);
    assert.match(
      run.stdout,
      /^::error::plan: 2 of 30 differ: room-005, room-017; 3 with a problem no update fixes: room-011, room-012, room-013\. Run apply/m,
    );
    assert.match(
      run.summary,
      /\| ✏️ \| room-005 \| meeting 87000000005 \| differs \| stream-url: rtmp:\/\/old\.example\.org\/app → rtmp:\/\/live\.example\.org\/app \|/,
    );
    assert.match(run.summary, /\| ❌ \| room-013 \| meeting 87000000013 \| problem \| encryption: /);
    const shown = `${run.stdout.replace(/^::add-mask::.*$/gm, '')}${run.summary}${JSON.stringify(run.outputs)}`;
    assert.ok(!shown.includes(FLEET_KEY), 'the stream key shows');
  });

  it('SIGTERM stops every entry at once; the line names what was done, what may have reached Zoom and what was not; exit 143', async () => {
    let send: ((s: 'SIGINT' | 'SIGTERM') => void) | undefined;
    const env = { ...fleet.env, ...cliOAuthEnv(sandbox) };
    for (const record of fleet.streams) record.running = true;
    // Paced at 1 a second, the stops go out one by one; the second one gets no answer in time.
    const running = cli(['stop', '--file', file, '--max-rate', '1'], env, (handler) => (send = handler));
    const { until } = await import('../../harness/until.js');
    await until(() => sandbox.apiRequests.length >= 1, 'the first stop to be sent');
    sandbox.inject({ fault: { kind: 'delay', ms: 60_000 }, path: '/status' });
    await until(() => sandbox.apiRequests.length >= 2, 'the second stop to be sent');
    send!('SIGTERM');
    const run = await running;
    assert.equal(run.code, 143, run.stderr);
    const line = run.stderr.split('\n').find((l) => l.includes('interrupted by SIGTERM'))!;
    const [first, second] = sandbox.apiRequests.map((r) => `room-${r.path.split('/')[3]!.slice(-3)}`);
    assert.match(
      line,
      new RegExp(
        `Done: ${first}\\. May have been applied \\(sent, no answer came\\): ${second}\\. Not done: room-\\d{3}(, room-\\d{3})*\\.`,
      ),
    );
    const notDone = line.slice(line.indexOf('Not done: ') + 10).split(', ').length;
    assert.equal(notDone, 28, line);
  });
});
