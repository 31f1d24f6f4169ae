/**
 * `start --file` and `confirm --file` prove each entry live at its `confirm:` destination (a MediaMTX
 * stand-in that knows one stream), on a fake clock: the table, the summary, the JSON and the exit
 * code say which entries are live there, and an entry without `confirm:` is not read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { streamRecord } from '../../sandbox/streams.js';
import { cli } from '../helpers/cli.js';
import { FakeClock } from '../helpers/clock.js';
import { cliOAuthEnv } from '../helpers/sandbox.js';

const LIVE_KEY = 'fleet-live-key-1';
const DARK_KEY = 'fleet-dark-key-2';
const IDS = { live: '86400000001', dark: '86400000002', plain: '86400000003' };

describe("cli: start and confirm over a streams file, at each entry's confirm: destination", function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let destination: http.Server;
  let file: string;
  let dir: string;
  const asked: string[] = [];

  beforeEach(async () => {
    const record = (id: string, key: string) => ({
      ...streamRecord('meeting', id, false),
      configured: true,
      running: true,
      stream_url: 'rtmp://127.0.0.1/live',
      stream_key: key,
      page_url: 'https://e.com/l',
    });
    sandbox = await startSandbox({ streams: [record(IDS.live, LIVE_KEY), record(IDS.dark, DARK_KEY), record(IDS.plain, 'plain-key-3')] });
    // MediaMTX's /v3/paths/get/live/KEY: only the live entry's stream is published, its bytes growing.
    let bytes = 0;
    asked.length = 0;
    destination = http.createServer((req, res) => {
      asked.push(req.url ?? '');
      const live = req.url?.endsWith(`/live/${LIVE_KEY}`);
      res
        .writeHead(live ? 200 : 404, { 'content-type': 'application/json' })
        .end(live ? JSON.stringify({ ready: true, bytesReceived: (bytes += 100_000) }) : '{"error":"path not found"}');
    });
    await new Promise<void>((resolve) => destination.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(destination.address() as AddressInfo).port}`;
    const confirm = `    confirm: { kind: mediamtx, url: "${url}", timeout: 20s }\n`;
    const entry = (name: string, id: string, key: string, withConfirm: boolean) =>
      `  - name: ${name}\n    meeting: ${id}\n    stream-url: rtmp://127.0.0.1/live\n    stream-key: ${key}\n    page-url: https://e.com/l\n${withConfirm ? confirm : ''}`;
    dir = mkdtempSync(join(tmpdir(), 'fleet-confirm-'));
    file = join(dir, 'streams.yml');
    writeFileSync(
      file,
      `streams:\n${entry('live-room', IDS.live, LIVE_KEY, true)}${entry('dark-room', IDS.dark, DARK_KEY, true)}${entry('plain-room', IDS.plain, 'plain-key-3', false)}`,
    );
  });
  afterEach(async () => {
    await sandbox.close();
    await new Promise<void>((resolve) => destination.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const starts = () => sandbox.requests.filter((r) => (r.json as { action?: string })?.action === 'start').length;

  it('confirm --file: which entries are live at their destination now (exit 7 when one is not), without a start', async () => {
    const run = await cli(['confirm', '--file', file, '--allow-literal-keys'], cliOAuthEnv(sandbox), undefined, new FakeClock());
    assert.equal(run.code, 7, run.stderr);
    assert.match(run.stdout, /live-room\s+meeting 86400000001\s+confirmed\s+mediamtx: accepted \(0\.0 s\) > publishing .* > receiving/);
    assert.match(
      run.stdout,
      /dark-room\s+meeting 86400000002\s+not confirmed\s+mediamtx: accepted \(0\.0 s\); asked receiving within 20 s/,
    );
    assert.match(run.stdout, /plain-room\s+meeting 86400000003\s+skipped\s+no confirm: for this entry in the file/);
    assert.match(run.stderr, /confirm: 1 of 3 not confirmed live: dark-room/);
    assert.equal(starts(), 0, 'confirm starts nothing');
    assert.ok(!asked.some((u) => u.includes('plain-key-3')), 'an entry without confirm: is not read');
    assert.ok(!(run.stdout + run.stderr).includes(LIVE_KEY) && !(run.stdout + run.stderr).includes(DARK_KEY), 'no key shown');
  });

  it('start --file: each entry started, then confirmed at its destination; the JSON carries each confirmation', async () => {
    const run = await cli(['start', '--file', file, '--allow-literal-keys', '--json'], cliOAuthEnv(sandbox), undefined, new FakeClock());
    assert.equal(run.code, 7, run.stderr);
    assert.equal(starts(), 3);
    const report = JSON.parse(run.stdout) as {
      entries: { name: string; outcome: string; confirmation?: { live: boolean; confirmed: string } }[];
    };
    const by = Object.fromEntries(report.entries.map((e) => [e.name, e]));
    assert.equal(by['live-room']!.outcome, 'started');
    assert.deepEqual([by['live-room']!.confirmation!.live, by['live-room']!.confirmation!.confirmed], [true, 'receiving']);
    assert.equal(by['dark-room']!.outcome, 'not confirmed');
    assert.equal(by['dark-room']!.confirmation!.live, false);
    assert.equal(by['plain-room']!.outcome, 'started');
    assert.equal(by['plain-room']!.confirmation, undefined);
    assert.match(run.stderr, /dark-room \(meeting 86400000002\): not confirmed: mediamtx:/);
  });
});
