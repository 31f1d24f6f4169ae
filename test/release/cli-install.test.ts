/**
 * The command as users install it: the packed tarball into an empty prefix (`npm install -g`), then
 * `zoom-livestream` from that prefix's bin, every action against the sandbox, credentials from the
 * environment and from files.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../harness/root.js';
import { SANDBOX_CLIENT } from '../../sandbox/server.js';
import { useSandbox } from '../helpers/sandbox.js';
import { assertNoSecrets, STREAM } from '../helpers/secrets.js';

describe('release: zoom-livestream installed from the tarball', function () {
  this.timeout(120_000);
  const ctx = useSandbox();
  let prefix = '';
  let bin = '';

  before(() => {
    prefix = mkdtempSync(join(tmpdir(), 'zoom-cli-prefix-'));
    const [tarball] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', prefix], { cwd: ROOT, encoding: 'utf8' }),
    ) as { filename: string }[];
    execFileSync(
      'npm',
      ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', join(prefix, tarball!.filename)],
      {
        stdio: 'pipe',
      },
    );
    bin = join(prefix, 'bin', 'zoom-livestream');
  });
  after(() => rmSync(prefix, { recursive: true, force: true }));

  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(bin, args, { env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );

  it('runs every action with credentials from files, and --json holds no secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoom-cli-secrets-'));
    try {
      for (const [name, value] of Object.entries({
        account: SANDBOX_CLIENT.accountId,
        client: SANDBOX_CLIENT.clientId,
        secret: SANDBOX_CLIENT.clientSecret,
        key: STREAM.stream_key,
      })) {
        writeFileSync(join(dir, name), `${value}\n`);
      }
      const env = {
        ZOOM_API_BASE_URL: ctx.sandbox.apiBaseUrl,
        ZOOM_OAUTH_TOKEN_URL: ctx.sandbox.oauthTokenUrl,
        ZOOM_ACCOUNT_ID_FILE: join(dir, 'account'),
        ZOOM_CLIENT_ID_FILE: join(dir, 'client'),
        ZOOM_CLIENT_SECRET_FILE: join(dir, 'secret'),
        ZOOM_STREAM_KEY_FILE: join(dir, 'key'),
      };
      for (const args of [
        ['update', '--meeting', '85746065123', '--stream-url', STREAM.stream_url, '--page-url', STREAM.page_url],
        ['start', '--meeting', '85746065123'],
        ['mode', '--meeting', '85746065123', '--layout', 'speaker_view'],
        ['get', '--meeting', '85746065123'],
        ['check', '--meeting', '85746065123'],
        ['stop', '--meeting', '85746065123'],
      ]) {
        const result = await run([...args, '--json'], env);
        assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
        assert.equal((JSON.parse(result.stdout) as { action: string }).action, args[0]);
        assertNoSecrets(result.stdout + result.stderr);
      }
      const env2 = {
        ZOOM_API_BASE_URL: ctx.sandbox.apiBaseUrl,
        ZOOM_OAUTH_TOKEN_URL: ctx.sandbox.oauthTokenUrl,
        ZOOM_ACCOUNT_ID: SANDBOX_CLIENT.accountId,
        ZOOM_CLIENT_ID: SANDBOX_CLIENT.clientId,
        ZOOM_CLIENT_SECRET: SANDBOX_CLIENT.clientSecret,
      };
      const fromEnv = await run(['get', '--meeting', '85746065123'], env2);
      assert.equal(fromEnv.code, 0, fromEnv.stderr);
      assert.match(fromEnv.stdout, /^stream URL: rtmp:/m);
      assert.equal(
        (await run(['--version'], {})).stdout.trim(),
        JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: ROOT, encoding: 'utf8' })),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
