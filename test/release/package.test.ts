/**
 * The npm package as Node-RED users get it: what the tarball holds (npm pack --dry-run), and the
 * flow library's criteria, checked here because node-red-dev 0.1.6 crashes on its own warnings.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { flowExamples } from '../../harness/flows.js';
import { ROOT } from '../../harness/root.js';
import { VERSION } from '../../core/index.js';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function satisfiesMinimum(range: string, version: string): boolean {
  const min = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(range.trim());
  assert.ok(min, `range ${range} is a plain >= range`);
  const [a, b, c] = version.split('.').map(Number) as [number, number, number];
  const want = [Number(min[1]), Number(min[2]), Number(min[3] ?? 0)];
  return a !== want[0] ? a > want[0]! : b !== want[1] ? b > want[1]! : c >= want[2]!;
}

describe('release: the npm package', function () {
  this.timeout(60_000);
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }),
  )[0] as {
    files: { path: string }[];
    size: number;
    unpackedSize: number;
  };
  const files = packed.files.map((f) => f.path).sort();

  it('carries the node bundle, editor, catalogs, help, icons, examples, README, LICENSE, CHANGELOG', () => {
    for (const needed of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'node-red/dist/zoom-livestream.js',
      'node-red/dist/zoom-livestream.html',
      'node-red/dist/package.json',
      'node-red/dist/locales/en-US/zoom-livestream.json',
      'node-red/dist/locales/en-US/zoom-livestream.html',
      'node-red/dist/icons/zoom-livestream.svg',
    ]) {
      assert.ok(files.includes(needed), `${needed} is in the tarball`);
    }
    const examples = [...flowExamples(), ...readdirSync(join(ROOT, 'examples/run')).map((f) => `run/${f}`)].map((f) => `examples/${f}`);
    for (const example of examples) assert.ok(files.includes(example), example);
  });

  it('leaves out tests, the sandbox, sources, the Action and tooling', () => {
    const forbidden = files.filter(
      (f) =>
        /^(test|sandbox|harness|core|action|bench|scripts|build|\.github|\.ci|\.runtimes)\//.test(f) ||
        /^cli\/[^/]+$/.test(f) ||
        /\.ts$/.test(f) ||
        /^node-red\/[^/]+$/.test(f) ||
        f.startsWith('node-red/editor') ||
        /^\.mocharc|tsconfig|eslint/.test(f),
    );
    assert.deepEqual(forbidden, []);
  });

  it('the core reports the package version in its User-Agent', () => {
    assert.equal(VERSION, pkg.version);
  });

  it('is small: the node bundle and the command, nothing else big', () => {
    assert.ok(packed.size < 600_000, `tarball ${packed.size} bytes`);
    // package.json's sideEffects: false lets the bundler drop what a face does not use (the node carries no streams file reader).
    assert.ok(packed.unpackedSize < 2_000_000, `unpacked ${packed.unpackedSize} bytes`);
  });

  describe('flow library criteria', () => {
    it('a scoped node-red- name, the node-red keyword, license, repository, bugs', () => {
      assert.match(pkg.name, /^@[a-z0-9-]+\/node-red-[a-z0-9-]+$/);
      assert.ok(pkg.keywords.includes('node-red'));
      assert.equal(pkg.license, 'MIT');
      assert.match(pkg.repository.url, /github\.com/);
      assert.match(pkg.bugs.url, /issues/);
    });

    it('node-red.version is met by the latest Node-RED; engines.node names the maintained lines (22.9 and up), not Node 20, past its end of life', () => {
      assert.ok(satisfiesMinimum(pkg['node-red'].version, require('node-red-5/package.json').version));
      assert.ok(satisfiesMinimum(pkg['node-red'].version, require('node-red/package.json').version));
      assert.ok(satisfiesMinimum(pkg.engines.node, '22.9.0'));
      assert.ok(!satisfiesMinimum(pkg.engines.node, '20.19.0'));
    });

    it('the node files exist and no runtime dependency is needed (all is bundled)', () => {
      for (const file of Object.values(pkg['node-red'].nodes) as string[]) assert.ok(files.includes(file), file);
      assert.equal(Object.keys(pkg.dependencies ?? {}).length, 0);
    });

    it('the examples use every non-config node', () => {
      const used = new Set(
        flowExamples().flatMap((f) =>
          (JSON.parse(readFileSync(join(ROOT, 'examples', f), 'utf8')) as { type: string }[]).map((n) => n.type),
        ),
      );
      assert.ok(used.has('zoom-livestream'));
    });

    it('the examples share one zoom-account node (one ID, so an import reuses it) and no other node ID; none needs an environment variable', () => {
      const seen = new Map<string, string>();
      const accounts = new Set<string>();
      for (const f of flowExamples()) {
        const text = readFileSync(join(ROOT, 'examples', f), 'utf8');
        const nodes = JSON.parse(text) as { id: string; type: string; account?: string }[];
        const account = nodes.filter((n) => n.type === 'zoom-account');
        assert.equal(account.length, 1, `${f} has one zoom-account node`);
        accounts.add(JSON.stringify(account[0]));
        for (const node of nodes) {
          if (node.account !== undefined) assert.equal(node.account, account[0]!.id, `${node.id} in ${f} uses its account`);
          if (node.type === 'zoom-account') continue;
          assert.ok(!seen.has(node.id), `${node.id} is in ${seen.get(node.id)} and ${f}`);
          seen.set(node.id, f);
        }
        assert.doesNotMatch(text, /"(\w+Type)": "env"/, `${f} reads the environment`);
      }
      assert.equal(accounts.size, 1, `the examples' accounts differ: ${[...accounts].join(' ')}`);
    });

    it("the demo's flows resolve every config node reference (account, destination) to a node of its type", async () => {
      const { exampleFlows } = await import('../../harness/flows.js');
      const flows = exampleFlows({ apiBaseUrl: 'http://127.0.0.1:1/v2', oauthTokenUrl: 'http://127.0.0.1:1/oauth/token' });
      const byId = new Map(flows.map((n) => [String(n.id), n]));
      const refs = flows.flatMap((n) =>
        (['account', 'destination'] as const).filter((k) => n[k]).map((k) => ({ node: String(n.id), key: k, to: String(n[k]) })),
      );
      assert.ok(refs.some((r) => r.key === 'destination'));
      for (const r of refs) assert.equal(byId.get(r.to)?.type, `zoom-${r.key}`, `${r.node}.${r.key} = ${r.to}`);
    });
  });
});
