/**
 * A real nginx with the RTMP module on loopback, for tests and benchmarks: an RTMP ingest with one
 * application and the rtmp_stat page, its files in a temporary folder (server-process.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NGINX, NGINX_RTMP_MODULE } from './runtimes.js';
import { answersAt, rtmpServerPlace, startServerProcess, type RtmpServer } from './server-process.js';

export interface NginxRtmp extends RtmpServer {
  /** The rtmp_stat page (confirm-url for nginx-rtmp). */
  statUrl: string;
  /** The same page behind basic auth (user and password). */
  securedStatUrl: string;
}

export async function startNginxRtmp(app = 'live'): Promise<NginxRtmp> {
  const { dir, rtmpPort, httpPort } = await rtmpServerPlace('nginx-rtmp-');
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
  const statUrl = `http://127.0.0.1:${httpPort}/stat`;
  const server = await startServerProcess(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], dir, 'nginx-rtmp', answersAt(statUrl));
  return {
    rtmpUrl: `rtmp://127.0.0.1:${rtmpPort}/${app}`,
    statUrl,
    securedStatUrl: `http://127.0.0.1:${httpPort}/secured/stat`,
    user,
    password,
    stop: () => server.stop(),
  };
}
