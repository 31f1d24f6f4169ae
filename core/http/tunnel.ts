/**
 * A CONNECT tunnel through the proxy that @actions/http-client's rules pick for a URL (proxy.ts),
 * opened under the attempt's signal, so
 * a timeout or a cancel tears down the tunnel too: a proxy that never answers the CONNECT leaves no
 * socket that keeps the process alive.
 */
import { request as httpRequest, type RequestOptions } from 'node:http';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { hostOf, portOf } from './proxy.js';

/** TLS to `url`'s host, its name sent for SNI unless it is an address (RFC 6066 forbids that). */
function tlsTo(url: URL, more: ConnectionOptions): Socket {
  const host = hostOf(url);
  return tlsConnect({ ...more, host, port: portOf(url), ...(isIP(host) ? {} : { servername: host }) });
}

/** Opens a tunnel to `target` through `proxy`: the socket to send the request on (TLS for https). */
export function openTunnel(proxy: URL, target: URL, signal: AbortSignal): Promise<Socket> {
  const headers: Record<string, string> = { host: `${target.hostname}:${portOf(target)}` };
  if (proxy.username || proxy.password) {
    const auth = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    headers['proxy-authorization'] = `Basic ${Buffer.from(auth).toString('base64')}`;
  }
  const options: RequestOptions = {
    host: hostOf(proxy),
    port: portOf(proxy),
    method: 'CONNECT',
    path: `${target.hostname}:${portOf(target)}`,
    headers,
    agent: false,
    signal,
  };
  // The CONNECT's own socket: its request's signal destroys it, TLS or not.
  if (proxy.protocol === 'https:') options.createConnection = () => tlsTo(proxy, {}) as never;
  return new Promise((resolve, reject) => {
    const connect = httpRequest(options);
    connect.once('connect', (answer, socket) => {
      if (answer.statusCode !== 200) {
        socket.destroy();
        reject(new Error(`the proxy refused the tunnel (HTTP ${answer.statusCode})`));
      } else if (target.protocol === 'https:') {
        resolve(tlsTo(target, { socket }));
      } else {
        resolve(socket);
      }
    });
    connect.once('error', reject);
    connect.end();
  });
}
