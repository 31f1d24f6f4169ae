/**
 * Runs the bundled Action the way the GitHub runner does: every input as INPUT_<NAME> (upper case,
 * hyphens kept) with action.yml's defaults filled in, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files,
 * and `node action/dist/index.js` under the given Node binary. Used by tests, `npm start` and bench.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

import { ROOT } from './root.js';

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  ms: number;
}

interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean; description: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

export function readActionYml(): ActionYml {
  return parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
}

/** GITHUB_OUTPUT's `name<<DELIM\nvalue\nDELIM` records. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i]!);
    outputs[match[1]!] = value.join('\n');
  }
  return outputs;
}

/** A runner's environment for one step: INPUT_* with action.yml's defaults, output and summary files in `dir`. */
export function actionEnvironment(inputs: Record<string, string>, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  const yml = readActionYml();
  for (const name of Object.keys(inputs)) {
    if (!(name in yml.inputs)) throw new Error(`action.yml has no input "${name}"`);
  }
  writeFileSync(join(dir, 'output'), '');
  writeFileSync(join(dir, 'summary'), '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    ...extra,
  };
  for (const [name, spec] of Object.entries(yml.inputs)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
  return env;
}

/** The outputs and the summary a step left in `dir`. */
export function actionResults(dir: string): Pick<ActionRun, 'outputs' | 'summary'> {
  return { outputs: parseOutputFile(readFileSync(join(dir, 'output'), 'utf8')), summary: readFileSync(join(dir, 'summary'), 'utf8') };
}

export async function runAction(
  inputs: Record<string, string>,
  options: { node?: string; env?: Record<string, string> } = {},
): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'zoom-action-'));
  const env = actionEnvironment(inputs, dir, options.env);
  const started = performance.now();
  const child = spawn(options.node ?? process.execPath, [join(ROOT, readActionYml().runs.main)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  const ms = performance.now() - started;
  const run = { code, stdout, stderr, ...actionResults(dir), ms };
  rmSync(dir, { recursive: true, force: true });
  return run;
}

/** What a person sees in the log: the runner hides ::add-mask:: commands and masks their values. */
export function visibleLog(run: Pick<ActionRun, 'stdout' | 'stderr'>): string {
  const text = `${run.stdout}\n${run.stderr}`;
  const masks = [...text.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1]!).filter(Boolean);
  let visible = text.replace(/^::add-mask::.*$/gm, '');
  for (const mask of masks.sort((a, b) => b.length - a.length)) visible = visible.split(mask).join('***');
  return visible;
}
