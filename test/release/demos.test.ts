/**
 * The README's "try it" commands as a new user runs them: `npm run sandbox` stays up on its fixed
 * port and the bundled Action runs against it with the README's INPUT_* command; `npm run
 * node-red` keeps the flows built in it between runs.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../harness/root.js';
import { until } from '../../harness/until.js';

/** Starts a script of build/scripts and resolves once it printed `ready`. */
async function startScript(script: string, env: Record<string, string>, args: string[] = [], ready = 'Ctrl-C to stop.') {
  const child = spawn(process.execPath, [join(ROOT, 'build', 'scripts', script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d;
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (d: Buffer) => (output += d));
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
  });
  return { child, output: () => output };
}

/** The port a script printed (it was started on port 0). */
function portIn(output: string, pattern: RegExp): number {
  const port = Number(pattern.exec(output)?.[1] ?? 0);
  assert.ok(port > 0, `no port in:\n${output}`);
  return port;
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  return exited;
}

describe('release: the README demos', function () {
  this.timeout(240_000);

  it('npm start runs the bundled Action: four actions, a start that waits for a late host, and ends confirmed live at a real RTMP server', async () => {
    const { execFile } = await import('node:child_process');
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [join(ROOT, 'build', 'scripts', 'demo.js')], { cwd: ROOT }, (error, out) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out }),
      );
    });
    assert.equal(code, 0, stdout);
    for (const action of ['update', 'start', 'get', 'check', 'stop'])
      assert.match(stdout, new RegExp(`^\\$ action: ${action}  \\(exit 0`, 'm'));
    // The demo's app may read the meeting, so the wait reads its status and starts it once it runs.
    assert.match(stdout, /reading the meeting's status every 5 s/);
    assert.match(
      stdout,
      /Waiting for the host \(HTTP 200, Meeting 81000000001 has not started \(its status is "waiting"\)\.\): waited 0:00 of 2:00/,
    );
    assert.match(stdout, /waited-seconds=5/);
    assert.match(stdout, /ok +host: custom live streaming service: enabled for host sandbox-host/);
    assert.match(stdout, /Meeting 81000000001 went live \d+ ms after its host started it\./);
    assert.ok(!stdout.includes('demo-stream-key-123'), 'the stream key is masked');
    for (const command of ['get --meeting 85746065123', 'start --meeting 85746065123 --json', 'stop --meeting 85746065123'])
      assert.ok(stdout.includes(`$ zoom-livestream ${command}  (exit 0)`), command);
    // Real RTMP from the sandbox into Node-Media-Server (both from npm ci), read through its API.
    assert.match(
      stdout,
      /node-media-server \(live\/\*\*\*\): accepted \(0\.0 s\) > publishing \([\d.]+ s\) > receiving \([\d.]+ s, \d+ kbit\/s\); \d+ bytes received\. Live: receiving\./,
    );
    // And the fleet running itself: run starts two streams, sees one drop and recover, exits 0 on SIGTERM.
    assert.match(stdout, /"stream":"all-hands".*"to":"receiving"/);
    assert.match(stdout, /"stream":"town-hall".*"from":"receiving","to":"dropped"/);
    assert.match(stdout, /"stream":"town-hall".*"from":"dropped","to":"receiving","reason":"recovered"/);
    assert.match(stdout, /The status page, \/metrics, \/livez, \/readyz and \/api\/streams were at http:\/\/127\.0\.0\.1:\d+\//);
    assert.match(stdout, /SIGTERM: exit 0; every stream left as it is \(all-hands live: true\)/);
    assert.ok(!stdout.includes('key-86300000001'), 'the stream keys are masked');
  });

  it('npm run sandbox -- --start-after N: the late meeting and webinar start N seconds after launch', async () => {
    const { child, output } = await startScript('sandbox.js', { ZOOM_SANDBOX_PORT: '0' }, ['--start-after', '3']);
    const port = portIn(output(), /Zoom sandbox on http:\/\/127\.0\.0\.1:(\d+)/);
    try {
      assert.match(output(), /the host starts meeting 81000000001 and webinar 93000000001 in 3 s/);
      const status = async () => {
        const response = await fetch(`http://127.0.0.1:${port}/v2/meetings/81000000001`, {
          headers: { authorization: 'Bearer sandbox-static-access-token-0123456789' },
        });
        return ((await response.json()) as { status: string }).status;
      };
      assert.equal(await status(), 'waiting');
      await until(async () => (await status()) === 'started', 'the host to start the meeting');
      assert.match(output(), /sandbox: host started meeting 81000000001/);
    } finally {
      await stop(child);
    }
  });

  it('a second sandbox on a port in use says so in one line, without a stack', async () => {
    const { child, output } = await startScript('sandbox.js', { ZOOM_SANDBOX_PORT: '0' });
    const port = portIn(output(), /Zoom sandbox on http:\/\/127\.0\.0\.1:(\d+)/);
    try {
      const { execFile } = await import('node:child_process');
      const second = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          [join(ROOT, 'build', 'scripts', 'sandbox.js')],
          { env: { ...process.env, ZOOM_SANDBOX_PORT: String(port) } },
          (error, _out, stderr) => resolve({ code: Number(error?.code ?? 0), stderr }),
        ),
      );
      assert.equal(second.code, 1);
      assert.equal(
        second.stderr.trim(),
        `port ${port} on 127.0.0.1 is taken (another sandbox?): choose another with ZOOM_SANDBOX_PORT=...`,
      );
    } finally {
      await stop(child);
    }
  });

  it('npm run sandbox stays up on its port, and the README command runs the Action against it', async () => {
    const { child, output } = await startScript('sandbox.js', { ZOOM_SANDBOX_PORT: '0' });
    const port = portIn(output(), /Zoom sandbox on http:\/\/127\.0\.0\.1:(\d+)/);
    try {
      assert.match(output(), new RegExp(`API base URL: +http://127\\.0\\.0\\.1:${port}/v2`));
      assert.match(output(), /client secret sandbox-client-secret/);
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
      const command = readme.split('\n').find((line) => line.startsWith("env 'INPUT_MEETING-ID="));
      assert.ok(command, 'the README shows the INPUT_* command');
      assert.match(command, /127\.0\.0\.1:8910\/v2/, 'the README uses the default port');
      const run = spawn('bash', ['-c', command.replace(':8910/', `:${port}/`)], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
      let stdout = '';
      run.stdout.on('data', (d: Buffer) => (stdout += d));
      run.stderr.on('data', (d: Buffer) => (stdout += d));
      const code = await new Promise((resolve) => run.on('exit', resolve));
      assert.equal(code, 0, stdout);
      assert.match(stdout, /^get meeting 85746065123: HTTP 200 \(tracking id sbx_/m);
    } finally {
      assert.equal(await stop(child), 0);
    }
  });

  it('npm run node-red keeps the flows a user builds between runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoom-demo-'));
    // Port 0: the system picks free ones, and the demo prints them.
    const env = { PORT: '0', ZOOM_SANDBOX_PORT: '0', ZOOM_DEMO_DIR: dir };
    type Node = { id: string; type: string; apiBaseUrl?: string };
    let url = '';
    const flows = async () => (await (await fetch(`${url}/flows`)).json()) as Node[];
    try {
      const first = await startScript('node-red-demo.js', env);
      url = `http://127.0.0.1:${portIn(first.output(), /Node-RED: +http:\/\/127\.0\.0\.1:(\d+)/)}`;
      const sandboxPort = portIn(first.output(), /Zoom sandbox: http:\/\/127\.0\.0\.1:(\d+)/);
      // The webhook example: the sandbox's host starts the meeting, the flow makes its stream live.
      assert.match(first.output(), /Webhooks: +the sandbox sends its events to http:\/\/127\.0\.0\.1:\d+\/zoom\/events/);
      const host = await fetch(`http://127.0.0.1:${sandboxPort}/sandbox/meetings/81000000001/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(host.status, 200);
      await until(() => first.output().includes('delivered meeting.live_streaming_started'), 'the live streaming event');
      assert.match(first.output(), /PATCH \/v2\/meetings\/81000000001\/livestream\/status \(start\) -> 204/);
      assert.match(first.output(), /delivered meeting\.live_streaming_started to .* -> 204/);
      const seeded = await flows();
      assert.ok(!seeded.some((n) => String(n.id).startsWith('zoom-runner')), 'no test probe tab is shown or saved');
      // Node-RED's own log is shown to the person who started it.
      assert.match(first.output(), /\[info\] (Starting flows|Started flows)/);
      const account = seeded.find((n) => n.type === 'zoom-account');
      assert.equal(account?.apiBaseUrl, `http://127.0.0.1:${sandboxPort}/v2`);
      const mine = { id: 'mine', type: 'comment', z: 'tab1', name: 'built by the user', x: 700, y: 500, wires: [] };
      const deployed = await fetch(`${url}/flows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'full' },
        body: JSON.stringify([...seeded, mine]),
      });
      assert.equal(deployed.status, 204);
      assert.equal(await stop(first.child), 0);

      const second = await startScript('node-red-demo.js', env);
      url = `http://127.0.0.1:${portIn(second.output(), /Node-RED: +http:\/\/127\.0\.0\.1:(\d+)/)}`;
      const kept = await flows();
      assert.ok(
        kept.some((n) => n.id === 'mine'),
        'the flow built in the first run is still there',
      );
      assert.equal(kept.filter((n) => n.type === 'zoom-account').length, 1, 'the examples were not added again');
      assert.equal(await stop(second.child), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
