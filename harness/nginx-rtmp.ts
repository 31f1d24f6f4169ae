/**
 * A real nginx with the RTMP module on loopback, for tests and benchmarks: an RTMP ingest with one
 * application and the rtmp_stat page, its files in a temporary folder. Its ports come from
 * listen(0) (taken, released, handed to nginx, which cannot bind port 0 itself).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NGINX, NGINX_RTMP_MODULE } from './runtimes.js';
import { until } from './until.js';

export interface NginxRtmp {
  /** rtmp://127.0.0.1:PORT/APP: the stream URL to configure in Zoom. */
  rtmpUrl: string;
  /** The rtmp_stat page (confirm-url for nginx-rtmp). */
  statUrl: string;
  /** The same page behind basic auth (user and password below). */
  securedStatUrl: string;
  user: string;
  password: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startNginxRtmp(app = 'live'): Promise<NginxRtmp> {
  const dir = mkdtempSync(join(tmpdir(), 'nginx-rtmp-'));
  const [rtmpPort, httpPort] = [await freePort(), await freePort()];
  const user = 'monitor';
  const password = 'stat-password-4711';
  // nginx's htpasswd takes {PLAIN} for a plain-text password.
  writeFileSync(join(dir, 'htpasswd'), `${user}:{PLAIN}${password}\n`);
  writeFileSync(
    join(dir, 'nginx.conf'),
    `load_module ${NGINX_RTMP_MODULE};
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events {}
rtmp { server { listen 127.0.0.1:${rtmpPort}; application ${app} { live on; } } }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${httpPort};
    location /stat { rtmp_stat all; }
    location /secured/stat { rtmp_stat all; auth_basic "stat"; auth_basic_user_file ${dir}/htpasswd; }
  }
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  const statUrl = `http://127.0.0.1:${httpPort}/stat`;
  await until(async () => {
    if (exited) throw new Error(`nginx exited at start (see ${dir}/error.log)`);
    return fetch(statUrl).then(
      (r) => r.ok,
      () => false,
    );
  }, 'nginx-rtmp to answer its stat page');
  return {
    rtmpUrl: `rtmp://127.0.0.1:${rtmpPort}/${app}`,
    statUrl,
    securedStatUrl: `http://127.0.0.1:${httpPort}/secured/stat`,
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
