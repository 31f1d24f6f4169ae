/**
 * Runs the bundled Action the way the GitHub runner does: every input as INPUT_<NAME> (upper case,
 * hyphens kept) with action.yml's defaults filled in, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files,
 * and `node action/dist/index.js` under the given Node binary. Used by tests, `npm start` and bench.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root, found from this file whether it runs from sources or from build/. */
export const ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'action.yml'))) dir = dirname(dir);
  return dir;
})();

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

export async function runAction(
  inputs: Record<string, string>,
  options: { node?: string; env?: Record<string, string> } = {},
): Promise<ActionRun> {
  const yml = readActionYml();
  const dir = mkdtempSync(join(tmpdir(), 'zoom-action-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...options.env,
  };
  for (const [name, spec] of Object.entries(yml.inputs)) {
    const value = inputs[name] ?? spec.default ?? '';
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  for (const name of Object.keys(inputs)) {
    if (!(name in yml.inputs)) throw new Error(`action.yml has no input "${name}"`);
  }
  const started = performance.now();
  const child = spawn(options.node ?? process.execPath, [join(ROOT, yml.runs.main)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  const ms = performance.now() - started;
  const run = {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    ms,
  };
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
