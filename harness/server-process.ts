/**
 * A real server in a process and a folder of its own, for tests, benchmarks and demos: its ports
 * from listen(0) (taken, released, handed over: nginx cannot bind port 0 itself), started, waited
 * for until it answers, and stopped (killed, its folder removed).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { until } from './until.js';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An RTMP server for tests and demos: its ingest URL and the login of its API. */
export interface RtmpServer {
  /** rtmp://127.0.0.1:PORT/APP: the stream URL to configure in Zoom. */
  rtmpUrl: string;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/** An RTMP server's own folder and its two ports, ingest and HTTP. */
export async function rtmpServerPlace(prefix: string): Promise<{ dir: string; rtmpPort: number; httpPort: number }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, rtmpPort: await freePort(), httpPort: await freePort() };
}

export interface ServerProcess {
  stop(): Promise<void>;
}

/** Runs `command` in `dir` until `answers` says it serves; `what` names it in a failure. */
export async function startServerProcess(
  command: string,
  args: string[],
  dir: string,
  what: string,
  answers: () => Promise<boolean>,
): Promise<ServerProcess> {
  const child = spawn(command, args, { cwd: dir, stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  await until(async () => {
    if (exited) throw new Error(`${what} exited at start (its files: ${dir})`);
    return answers();
  }, `${what} to answer`);
  return {
    async stop() {
      if (!exited) {
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGKILL');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether `url` answers 2xx (the server is up and serving), never throwing. */
export const answersAt = (url: string) => () =>
  fetch(url).then(
    (r) => r.ok,
    () => false,
  );
