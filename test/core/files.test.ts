/**
 * Files the faces read: to their end whatever their size says (/proc), pipes as they come, a FIFO
 * nobody writes ended within a deadline (the command is never left waiting without end), and a
 * streams file named by its path.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../../core/errors.js';
import { loadStreamsFile } from '../../core/fleet/load.js';
import { readFileCapped, readSecretFile } from '../../core/files.js';
import { ROOT } from '../../harness/root.js';

describe('files: read to their end, pipes too', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'files-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a file whose size reads as 0 (/proc) is read to its end, not cut to one byte', function () {
    if (!existsSync('/proc/self/status')) this.skip();
    const text = readFileCapped('/proc/self/status', 64 * 1024, 'ZOOM_CLIENT_SECRET_FILE', 'the value');
    assert.match(text, /^Name:\t/);
    assert.ok(text.length > 100, text);
  });

  it('a FIFO is read as its writer writes (a password store behind <(...)), even when the writer comes after the reader', function () {
    const fifo = join(dir, 'secret');
    if (spawnSync('mkfifo', [fifo]).status !== 0) this.skip();
    // The writer opens the FIFO a moment after the reader (sh starts first): that is waited for.
    const writer = spawn('sh', ['-c', `printf 'pipe-secret-123\\n' > '${fifo}'`], { stdio: 'ignore' });
    try {
      assert.equal(readSecretFile(fifo, 'ZOOM_CLIENT_SECRET_FILE'), 'pipe-secret-123');
    } finally {
      writer.kill();
    }
  });

  it('a FIFO nobody writes ends the read with a usage error after 10 s (on an injected clock) instead of a wait without end', function () {
    const fifo = join(dir, 'nobody');
    if (spawnSync('mkfifo', [fifo]).status !== 0) this.skip();
    let now = 0;
    const clock = { now: () => now, pause: (ms: number) => void (now += ms) };
    assert.throws(
      () => readSecretFile(fifo, 'ZOOM_CLIENT_SECRET_FILE', clock),
      (e: ValidationError) =>
        /cannot read .*nobody.* \(nobody wrote to it within 10 s\)/.test(e.message) && e.field === 'ZOOM_CLIENT_SECRET_FILE',
    );
    assert.ok(now >= 10_000 && now < 10_100, `waited ${now} ms on the clock`);
  });

  it('SIGTERM ends the command at once while it reads a FIFO nobody writes (a stream-key-file of a streams file)', async function () {
    this.timeout(60_000);
    const fifo = join(dir, 'key');
    if (spawnSync('mkfifo', [fifo]).status !== 0 || !existsSync('/proc/self/fd')) this.skip();
    const file = join(dir, 'streams.yml');
    writeFileSync(
      file,
      `streams:\n  - name: a\n    meeting: 85746065123\n    stream-url: rtmp://127.0.0.1/live\n    page-url: https://e.com/l\n    stream-key-file: ${fifo}\n`,
    );
    const child = spawn(process.execPath, [join(ROOT, 'build', 'cli', 'index.js'), 'stop', '--file', file], {
      env: { PATH: process.env.PATH, ZOOM_ACCESS_TOKEN: 'token-1234567890' },
      stdio: 'ignore',
    });
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const { readdirSync, readlinkSync } = await import('node:fs');
    const { until } = await import('../../harness/until.js');
    // Once the command holds the FIFO open, it is waiting on it.
    await until(() => {
      try {
        return readdirSync(`/proc/${child.pid}/fd`).some((fd) => readlinkSync(`/proc/${child.pid}/fd/${fd}`) === fifo);
      } catch {
        return false;
      }
    }, 'the command to open the FIFO');
    child.kill('SIGTERM');
    assert.deepEqual(await ended, { code: null, signal: 'SIGTERM' });
  });

  it('a streams file is named by its path, whatever it looks like, and the hint says the flag', () => {
    const missing = (() => {
      try {
        loadStreamsFile('streams.yml', { env: {}, allowLiteralKeys: false });
      } catch (error) {
        return error as ValidationError;
      }
      assert.fail('read a file that is not there');
    })();
    assert.match(missing.message, /cannot read "streams\.yml" \(ENOENT\)/);
    assert.match(missing.worded((name) => `--${name}`).hint, /^Point --file at a readable file/);
  });

  it('a secret too large is refused without reading it whole', () => {
    const big = join(dir, 'big');
    writeFileSync(big, 'x'.repeat(20_000));
    assert.throws(() => readSecretFile(big, 'stream-key-file'), /names a file of 20000 bytes/);
  });
});
