/**
 * A real RTMP server and ffmpeg from npm alone (node-media-server, @ffmpeg-installer/ffmpeg), for
 * `npm start` and the benchmarks on a fresh machine: no system package needed. Node-Media-Server v4
 * serves its stream API behind a login, which the `node-media-server` destination kind performs.
 */
import { accessSync, chmodSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './root.js';
import { answersAt, rtmpServerPlace, startServerProcess, type RtmpServer } from './server-process.js';

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

export interface MediaServer extends RtmpServer {
  /** Its HTTP API (confirm-url for node-media-server). */
  apiUrl: string;
}

export async function startNodeMediaServer(app = 'live'): Promise<MediaServer> {
  const { dir, rtmpPort, httpPort } = await rtmpServerPlace('nms-');
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
  const apiUrl = `http://127.0.0.1:${httpPort}`;
  const child = [join(ROOT, 'build', 'harness', 'node-media-server-child.js'), JSON.stringify(config)];
  const server = await startServerProcess(process.execPath, child, dir, 'Node-Media-Server', answersAt(`${apiUrl}/api/v1/health`));
  return {
    rtmpUrl: `rtmp://127.0.0.1:${rtmpPort}/${app}`,
    apiUrl,
    user,
    password,
    stop: () => server.stop(),
  };
}
