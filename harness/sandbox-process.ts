/**
 * The sandbox in a process of its own, for a benchmark that measures a client against another:
 * served from the same event loop, the stand-in's own work would be shared by both and narrow the
 * gap. Its addresses come from its first line of output; stop() ends it and waits for it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './root.js';
import type { SandboxOptions } from '../sandbox/server.js';

export interface SandboxProcess {
  apiBaseUrl: string;
  oauthTokenUrl: string;
  stop(): Promise<void>;
}

const SERVE = `
const { startSandbox } = await import(process.env.SANDBOX_MODULE);
const sandbox = await startSandbox(JSON.parse(process.env.SANDBOX_OPTIONS));
process.on('SIGTERM', () => sandbox.close().then(() => process.exit(0)));
console.log(JSON.stringify({ apiBaseUrl: sandbox.apiBaseUrl, oauthTokenUrl: sandbox.oauthTokenUrl }));
`;

export async function startSandboxProcess(options: SandboxOptions, deadlineMs = 20_000): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SERVE], {
    env: {
      ...process.env,
      SANDBOX_MODULE: pathToFileURL(join(ROOT, 'build', 'sandbox', 'server.js')).href,
      SANDBOX_OPTIONS: JSON.stringify(options),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const lines = createInterface({ input: child.stdout! });
  const deadline = AbortSignal.timeout(deadlineMs);
  try {
    const first = await Promise.race([
      once(lines, 'line', { signal: deadline }).then(([line]) => String(line)),
      exited.then(([code]) => Promise.reject(new Error(`the sandbox process exited at start (code ${code})`))),
    ]);
    const { apiBaseUrl, oauthTokenUrl } = JSON.parse(first) as Omit<SandboxProcess, 'stop'>;
    return { apiBaseUrl, oauthTokenUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    lines.close();
  }
}
