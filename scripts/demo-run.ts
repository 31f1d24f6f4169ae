/**
 * The end of `npm start`: `zoom-livestream run` (the bundle) keeps three entries of a streams file
 * live on a fresh sandbox that publishes real video to Node-Media-Server: one goes live when its
 * host starts, one drops (the host's client loses the destination) and recovers, one waits for a
 * host who never comes. The state lines are printed as they come, then the status page's URL; SIGTERM
 * ends it with exit 0, every stream left live.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MediaServer } from '../harness/node-media-server.js';
import { ROOT } from '../harness/root.js';
import { until } from '../harness/until.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';
import { streamRecord } from '../sandbox/streams.js';

const ENTRIES = [
  ['all-hands', '86300000001'],
  ['town-hall', '86300000002'],
  ['board', '86300000003'],
] as const;

/** Runs the demo; resolves false when something did not happen as it should. */
export async function demoRun(media: MediaServer, ffmpeg: string): Promise<boolean> {
  const streams = ENTRIES.map(([, id]) => ({
    ...streamRecord('meeting', id, false),
    configured: true,
    stream_url: media.rtmpUrl,
    stream_key: `key-${id}`,
    page_url: 'https://example.com/live',
  }));
  const sandbox = await startSandbox({ ffmpeg, streams });
  const dir = mkdtempSync(join(tmpdir(), 'zoom-run-demo-'));
  const file = join(dir, 'streams.yml');
  writeFileSync(
    file,
    [
      'defaults:',
      `  stream-url: ${media.rtmpUrl}`,
      '  page-url: https://example.com/live',
      `  confirm: { kind: node-media-server, url: "${media.apiUrl}", user: "\${NMS_USER}", password: "\${NMS_PASSWORD}" }`,
      'streams:',
      ...ENTRIES.map(([name, id]) => `  - { name: ${name}, meeting: "${id}", stream-key: "\${KEY_${id}}" }`),
      '',
    ].join('\n'),
  );
  const env = {
    PATH: process.env.PATH ?? '',
    NMS_USER: media.user,
    NMS_PASSWORD: media.password,
    ...Object.fromEntries(ENTRIES.map(([, id]) => [`KEY_${id}`, `key-${id}`])),
    ZOOM_ACCOUNT_ID: SANDBOX_CLIENT.accountId,
    ZOOM_CLIENT_ID: SANDBOX_CLIENT.clientId,
    ZOOM_CLIENT_SECRET: SANDBOX_CLIENT.clientSecret,
    ZOOM_API_BASE_URL: sandbox.apiBaseUrl,
    ZOOM_OAUTH_TOKEN_URL: sandbox.oauthTokenUrl,
  };
  const args = ['run', '--file', file, '--listen', '0', '--poll-interval', '5s', '--watch-every', '5s', '--restart-after', 'off'];
  console.log(`$ zoom-livestream ${args.join(' ').replace(file, 'streams.yml')}`);
  const child = spawn(process.execPath, [join(ROOT, 'cli', 'dist', 'index.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
    for (const line of String(d).trim().split('\n')) if (line) console.log(`    ${line}`);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const said =
    (stream: string, to: string, after = 0) =>
    () =>
      stdout
        .slice(after)
        .split('\n')
        .some((l) => l.includes(`"stream":"${stream}"`) && l.includes(`"to":"${to}"`));
  let ok = true;
  try {
    await until(() => /at (http:\S+)/.test(stderr), 'the status page', 30_000);
    sandbox.hostStarts('meeting', ENTRIES[0][1]);
    sandbox.hostStarts('meeting', ENTRIES[1][1]);
    await until(() => said('all-hands', 'receiving')() && said('town-hall', 'receiving')(), 'both receiving', 90_000);
    const before = stdout.length;
    sandbox.hostClientBlocked('meeting', ENTRIES[1][1], true);
    await until(said('town-hall', 'dropped', before), 'the drop', 60_000);
    sandbox.hostClientBlocked('meeting', ENTRIES[1][1], false);
    await until(said('town-hall', 'receiving', before), 'the recovery', 90_000);
    console.log(`\n    The status page, /metrics, /livez, /readyz and /api/streams were at ${/at (http:\S+)/.exec(stderr)![1]}`);
  } catch (error) {
    console.log(`    ${(error as Error).message}\n${stderr}`);
    ok = false;
  } finally {
    child.kill('SIGTERM');
    const code = await exited;
    console.log(
      `    SIGTERM: exit ${code}; every stream left as it is (all-hands live: ${sandbox.stream('meeting', ENTRIES[0][1])!.live})\n`,
    );
    ok &&= code === 0;
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return ok;
}
