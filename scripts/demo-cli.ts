/** The command line as `npm start` shows it: the bundle run as a scheduler runs it, its output printed. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../harness/root.js';
import { SANDBOX_CLIENT, type Sandbox } from '../sandbox/server.js';

/** The environment a scheduler gives it for the sandbox: Server-to-Server OAuth in ZOOM_* variables. */
export function sandboxCliEnv(sandbox: Sandbox): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ZOOM_ACCOUNT_ID: SANDBOX_CLIENT.accountId,
    ZOOM_CLIENT_ID: SANDBOX_CLIENT.clientId,
    ZOOM_CLIENT_SECRET: SANDBOX_CLIENT.clientSecret,
    ZOOM_API_BASE_URL: sandbox.apiBaseUrl,
    ZOOM_OAUTH_TOKEN_URL: sandbox.oauthTokenUrl,
  };
}

/** Runs cli/dist/index.js with `args`, prints the command, its exit code and its output; resolves whether it exited 0. */
export async function showCli(args: string[], env: Record<string, string>): Promise<boolean> {
  // Not spawnSync: the sandbox (and any stand-in) answers from this process's event loop.
  const run = await new Promise<{ code: number; output: string }>((resolve) =>
    execFile(process.execPath, [join(ROOT, 'cli', 'dist', 'index.js'), ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    ),
  );
  console.log(`$ zoom-livestream ${args.join(' ')}  (exit ${run.code})`);
  for (const line of run.output.trim().split('\n')) console.log(`    ${line}`);
  console.log('');
  return run.code === 0;
}
