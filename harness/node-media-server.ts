/**
 * A real RTMP server and ffmpeg from npm alone (node-media-server, @ffmpeg-installer/ffmpeg), for
 * `npm start` and the benchmarks on a fresh machine: no system package needed. Node-Media-Server v4
 * serves its stream API behind a login, which the `node-media-server` destination kind performs.
 */
import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './root.js';
import { until } from './until.js';

const require = createRequire(import.meta.url);

/** The ffmpeg binary that @ffmpeg-installer/ffmpeg ships for this platform, made executable if npm did not. */
export function npmFfmpeg(): string {
  const { path } = require('@ffmpeg-installer/ffmpeg') as { path: string };
  try {
    accessSync(path, constants.X_OK);
  } catch {
    // npm 11 may skip the package's postinstall (chmod u+x): the binary is there all the same.
    chmodSync(path, 0o755);
  }
  return path;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface MediaServer {
  rtmpUrl: string;
  apiUrl: string;
  user: string;
  password: string;
  stop(): Promise<void>;
}

export async function startNodeMediaServer(app = 'live'): Promise<MediaServer> {
  const dir = mkdtempSync(join(tmpdir(), 'nms-'));
  const [rtmpPort, httpPort] = [await freePort(), await freePort()];
  const user = 'admin';
  const password = `demo-${Math.random().toString(36).slice(2, 12)}`;
  const config = {
    bind: '127.0.0.1',
    rtmp: { port: rtmpPort },
    http: { port: httpPort },
    store: { path: join(dir, 'data') },
    record: { auto: false, path: join(dir, 'record') },
    auth: {
      play: false,
      publish: false,
      secret: '',
      jwt: { secret: `jwt-${password}`, expiresIn: '1h', users: [{ username: user, password, role: 'admin' }] },
    },
  };
  const child = spawn(process.execPath, [join(ROOT, 'build', 'harness', 'node-media-server-child.js'), JSON.stringify(config)], {
    cwd: dir,
    stdio: 'ignore',
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  const apiUrl = `http://127.0.0.1:${httpPort}`;
  await until(async () => {
    if (exited) throw new Error('Node-Media-Server exited at start');
    return fetch(`${apiUrl}/api/v1/health`).then(
      (r) => r.status < 500,
      () => false,
    );
  }, 'Node-Media-Server to answer');
  return {
    rtmpUrl: `rtmp://127.0.0.1:${rtmpPort}/${app}`,
    apiUrl,
    user,
    password,
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
