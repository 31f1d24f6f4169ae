/**
 * docs/cli.md's examples work as written: the YAML parses and says what the docs promise
 * (Forbid, a starting deadline, no retry on exit codes 2 and 3), and every zoom-livestream command
 * in them (crontab, systemd, Kubernetes, GitLab CI, the streams file's commands) is valid for the command line:
 * run here with --dry-run, it plans its requests and exits 0.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { main } from '../../cli/main.js';
import { ROOT } from '../../harness/root.js';

const doc = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
const blocks = (lang: string) => [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

/** Shell words of a command line, quotes removed, from `zoom-livestream` to its end (or a redirect). */
function commandWords(line: string): string[] {
  const from = line.slice(line.indexOf('zoom-livestream ') + 'zoom-livestream '.length).split(/\s(?:>>|&&|\|\||&$|2>&1|#)/)[0]!;
  return [...from.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!).filter((w) => w !== '&');
}

/** The page's own streams file (its first YAML block with streams:), where a command names --file. */
function withStreamsFile(argv: string[]): string[] {
  const at = argv.indexOf('--file');
  if (at < 0) return argv;
  const dir = mkdtempSync(join(tmpdir(), 'cli-docs-'));
  const file = join(dir, 'streams.yml');
  // Its secret file, where the page's Kubernetes mounts it.
  writeFileSync(join(dir, 'all-hands'), 'k-all-hands-1234\n');
  writeFileSync(
    file,
    blocks('yaml')
      .find((b) => /^streams:/m.test(b))!
      .replace('/run/secrets/all-hands', join(dir, 'all-hands')),
  );
  return argv.map((w, i) => (i === at + 1 ? file : w));
}

async function dryRun(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const env = {
    // The page's streams file reads these, and a stream-key-file: the dry run checks the file whole.
    STREAM_KEY_SALES: 'k-sales-1234',
    ZOOM_ACCOUNT_ID: 'a-1234',
    ZOOM_CLIENT_ID: 'c-1234',
    ZOOM_CLIENT_SECRET: 's-1234',
    ZOOM_STREAM_KEY: 'k-1234',
    // As the page's environment file would hold them for the confirming lines.
    MUX_TOKEN_ID: 'mux-id',
    MUX_TOKEN_SECRET: 'mux-secret',
    ZOOM_CONFIRM_USER: 'monitor',
    ZOOM_CONFIRM_PASSWORD: 'p-1234',
    // The YouTube lines' (youtube-login wrote the refresh token's file).
    YOUTUBE_CLIENT_ID: 'yt-id',
    YOUTUBE_CLIENT_SECRET: 'yt-secret',
    YOUTUBE_REFRESH_TOKEN: 'yt-refresh',
  };
  const code = await main([...withStreamsFile(argv), '--dry-run'], env, {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    colour: false,
    onSignal: () => () => undefined,
  });
  return { code, stderr };
}

describe('release: docs/cli.md examples', () => {
  const yamls = blocks('yaml').map((text) => parse(text) as Record<string, unknown>);

  it('the Kubernetes CronJob: Forbid, a starting deadline, exit codes 2, 3 and 5 fail the job, secrets as files', () => {
    const cron = yamls.find((y) => y.kind === 'CronJob') as {
      spec: Record<string, unknown> & { jobTemplate: { spec: Record<string, unknown> } };
    };
    assert.equal(cron.spec.concurrencyPolicy, 'Forbid');
    assert.ok(Number(cron.spec.startingDeadlineSeconds) > 0);
    const job = cron.spec.jobTemplate.spec as {
      podFailurePolicy: { rules: { action: string; onExitCodes: { values: number[] } }[] };
      template: { spec: { restartPolicy: string; containers: { command: string[]; env: { name: string }[] }[] } };
    };
    assert.deepEqual(job.podFailurePolicy.rules[0]!.onExitCodes.values, [2, 3, 5]);
    assert.equal(job.podFailurePolicy.rules[0]!.action, 'FailJob');
    assert.equal(job.template.spec.restartPolicy, 'Never', 'podFailurePolicy needs it');
    assert.ok(job.template.spec.containers[0]!.env.every((e) => e.name.endsWith('_FILE')));
  });

  it('cron and systemd read one environment file: NAME=value lines, no export; cron sets PATH', () => {
    const [envFile] = blocks('ini').filter((b) => b.includes('ZOOM_CLIENT_SECRET='));
    assert.ok(envFile, 'the environment file is shown');
    for (const line of envFile.trim().split('\n')) assert.match(line, /^ZOOM_[A-Z_]+=\S*$/, line);
    const [cron] = blocks('crontab');
    assert.match(cron!, /^PATH=/m);
    assert.match(cron!, /set -a && \. \/etc\/zoom-livestream\.env && set \+a/);
    assert.ok(doc.includes('EnvironmentFile=/etc/zoom-livestream.env'));
  });

  it('the GitLab CI jobs retry only exit code 4', () => {
    const gitlab = yamls.find((y) => 'zoom-livestream-start' in y) as Record<
      string,
      { retry?: { exit_codes: number[] }; script: string[] }
    >;
    assert.deepEqual(gitlab['zoom-livestream-start']!.retry!.exit_codes, [4]);
    assert.ok(gitlab['zoom-livestream-stop']!.script[0]!.includes('zoom-livestream stop'));
  });

  it('every zoom-livestream command in the examples is valid for the command line', async () => {
    const commands: string[][] = [];
    for (const text of [...blocks('crontab'), ...blocks('ini'), ...blocks('sh')]) {
      for (const line of text.split('\n'))
        if (/zoom-livestream (update|start|stop|get|mode|check|confirm|plan|apply)\b/.test(line)) commands.push(commandWords(line));
    }
    for (const y of yamls) {
      const cron = y as { spec?: { jobTemplate?: { spec: { template: { spec: { containers: { command: string[] }[] } } } } } };
      const command = cron.spec?.jobTemplate?.spec.template.spec.containers[0]?.command;
      if (command) commands.push(command.slice(command.indexOf('zoom-livestream') + 1));
      for (const job of Object.values(y)) {
        for (const line of (job as { script?: string[] })?.script ?? []) commands.push(commandWords(line));
      }
    }
    assert.ok(commands.length >= 7, `${commands.length} commands found`);
    for (const argv of commands) {
      const run = await dryRun(argv.map((w) => (w === '"$m"' || w === '$m' ? '85746065123' : w)));
      assert.equal(run.code, 0, `zoom-livestream ${argv.join(' ')}: ${run.stderr}`);
    }
  });
});

describe('release: the docs per face', () => {
  it('the README is the short way in and links a page per face; the Node-RED page lists every action', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.ok(readme.length < 16_000, `README ${readme.length} characters`);
    for (const page of ['docs/action.md', 'docs/node-red.md', 'docs/cli.md', 'docs/core.md', 'docs/benchmarks.md']) {
      assert.ok(readme.includes(`](${page})`), page);
      readFileSync(join(ROOT, page), 'utf8');
    }
    const nodeRed = readFileSync(join(ROOT, 'docs', 'node-red.md'), 'utf8');
    for (const action of ['update', 'start', 'stop', 'get', 'mode', 'check']) assert.match(nodeRed, new RegExp('`' + action + '`'), action);
  });
});
