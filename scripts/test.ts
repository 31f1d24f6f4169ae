/**
 * `npm test` (after `npm run build`): bundles the faces from the sources in the tree, installs what
 * the suites need beyond npm ci when asked or in CI (harness/runtimes.ts: `--all-runtimes` for Node
 * 22/24/26, `--install-system` for Chromium, nginx-rtmp, ffmpeg), then runs every suite, each even
 * when an earlier one failed, and ends with one line per suite and the exit code of the worst.
 *   1. mocha under this Node (20): core, the Action (its bundle under Node 24), Node-RED 4, the
 *      editor in Chromium; with c8's line coverage of core, action and node-red (>= 90 % each).
 *   2. the Node-RED suites again with Node-RED 5 under Node 22, and the core and command line
 *      suites under 24 and 26.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { ROOT } from '../harness/root.js';
import { ensureRuntimes, ensureSystemPackages, missingChromium, missingRtmp, nodeBinary } from '../harness/runtimes.js';

interface Outcome {
  name: string;
  code: number | 'skipped';
  why?: string;
  ms: number;
}

const outcomes: Outcome[] = [];

function step(name: string, command: string, args: string[], env: Record<string, string> = {}): void {
  console.log(`\n=== ${name}`);
  const began = Date.now();
  const run = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  outcomes.push({ name, code: run.status ?? 1, ms: Date.now() - began });
}

const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

/** The faces, named once (faces.json): coverage covers the core and each of them. */
const FACES = (JSON.parse(readFileSync(join(ROOT, 'faces.json'), 'utf8')) as { faces: string[] }).faces;

/** Each face's line coverage from c8's summary: core, action, node-red and cli, each held to 90 %. */
function coverageStep(): void {
  const FLOOR = 90;
  const file = join(ROOT, 'coverage', 'coverage-summary.json');
  if (!existsSync(file)) {
    outcomes.push({ name: 'line coverage', code: 1, why: 'no coverage summary', ms: 0 });
    return;
  }
  const summary = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { lines: { total: number; covered: number } }>;
  const lines = ['core', ...FACES].map((face) => {
    const files = Object.entries(summary).filter(([path]) => path.startsWith(join(ROOT, face) + sep));
    const total = files.reduce((n, [, f]) => n + f.lines.total, 0);
    const covered = files.reduce((n, [, f]) => n + f.lines.covered, 0);
    return { face, pct: total ? (100 * covered) / total : 0 };
  });
  const low = lines.filter((l) => l.pct < FLOOR);
  console.log(`\n=== line coverage: ${lines.map((l) => `${l.face} ${l.pct.toFixed(1)} %`).join(', ')} (floor ${FLOOR} % each)`);
  outcomes.push({ name: 'line coverage of core, action, node-red and cli', code: low.length ? 1 : 0, ms: 0 });
}

// The suites load action/dist and node-red/dist as users do: rebuilt here, so they run the code in
// the tree (CI also checks that the committed bundles are these).
// CI has just bundled them and checked they are the committed ones (.ci/run): not again.
if (process.env.ZOOM_BUNDLED !== 'checked') step('bundle the faces', process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')]);
// Node 22, 24 and 26 from npm (about 200 MB each) only when asked (--all-runtimes) or in CI; otherwise
// the suites run on the Node at hand and on those already installed, and the rest say they were skipped.
const allRuntimes = process.argv.includes('--all-runtimes') || Boolean(process.env.CI);
const unavailable = allRuntimes ? ensureRuntimes() : [];
// System packages (Chromium, nginx-rtmp, ffmpeg) are installed only when asked (--install-system) or
// in CI; otherwise the tests that need them are skipped with one line saying what is missing.
if (process.argv.includes('--install-system') || process.env.CI) ensureSystemPackages();
const noChromium = missingChromium();
const noRtmp = missingRtmp();
for (const line of [...unavailable, noChromium, noRtmp]) if (line) console.log(`note: ${line}`);

const mochaEnv: Record<string, string> = noChromium ? { ZOOM_SKIP_BROWSER: noChromium } : {};
// The spec is named here, not in .mocharc.json, so that `npx mocha build/test/x.test.js` runs that file alone.
const covered = ['core', ...FACES].flatMap((dir) => ['--include', `${dir}/**`, '--include', `build/${dir}/**`]);
step(
  'core, Action, Node-RED 4 and the editor (Node ' + process.versions.node + ', with coverage)',
  bin('c8'),
  [...covered, 'mocha', 'build/test/**/*.test.js'],
  mochaEnv,
);

coverageStep();

// The maintained Node lines users run (Node 20, this machine's, is past its end of life): Node-RED 5
// on each, and the core and the command line on 24 and 26 too.
const mocha = join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
for (const major of [22, 24, 26] as const) {
  const node = nodeBinary(major);
  if (!node) {
    outcomes.push({
      name: `Node ${major}`,
      code: 'skipped',
      why: allRuntimes
        ? unavailable.filter((u) => u.includes(`Node.js ${major}`)).join('; ')
        : `not installed here (npm test -- --all-runtimes installs it; CI does)`,
      ms: 0,
    });
    continue;
  }
  // CI's time is bounded: Node-RED 5 on 22 (the bundle is the same on every line; GitHub's matrix
  // runs it on 24 and 26 too), the core and the command line on 24 and 26.
  if (major === 22)
    step(`Node-RED 5 on Node ${major}`, node, [mocha, '--config', '.mocharc.node-red.json'], { ...mochaEnv, ZOOM_NODE_RED: '5' });
  if (major !== 22) step(`core and the command line on Node ${major}`, node, [mocha, '--config', '.mocharc.core.json']);
}

console.log('\n=== summary');
for (const o of outcomes) {
  const verdict =
    o.code === 'skipped' ? `skipped: ${o.why}` : o.code === 0 ? 'passed' : `FAILED${o.why ? `: ${o.why}` : ` (exit ${o.code})`}`;
  console.log(`${o.name}: ${verdict}${o.ms ? ` in ${Math.round(o.ms / 1000)} s` : ''}`);
}
process.exitCode = outcomes.some((o) => o.code !== 0 && o.code !== 'skipped') ? 1 : 0;
