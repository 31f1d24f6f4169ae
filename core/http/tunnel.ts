/**
 * A CONNECT tunnel through the proxy that @actions/http-client's rules pick for a URL
 * (HTTPS_PROXY/HTTP_PROXY, NO_PROXY, loopback never proxied), opened under the attempt's signal, so
 * a timeout or a cancel tears down the tunnel too: a proxy that never answers the CONNECT leaves no
 * socket that keeps the process alive.
 */
import { request as httpRequest, type RequestOptions } from 'node:http';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

/** The variables http-client reads a proxy from, by scheme (NO_PROXY only ever narrows them). */
const PROXY_VARIABLES = { 'https:': ['https_proxy', 'HTTPS_PROXY'], 'http:': ['http_proxy', 'HTTP_PROXY'] } as const;

/**
 * The proxy for `url` as http-client decides it, or undefined when the request goes direct.
 * http-client (and the undici it imports at its top) is loaded only when a proxy variable is set:
 * without one every request goes direct, and a command's start-up does not pay for it.
 */
export async function proxyFor(url: URL): Promise<URL | undefined> {
  const variables = PROXY_VARIABLES[url.protocol as keyof typeof PROXY_VARIABLES] ?? [];
  if (!variables.some((name) => process.env[name])) return undefined;
  const { getProxyUrl } = await import('@actions/http-client');
  const proxy = getProxyUrl(url.href);
  return proxy ? new URL(proxy) : undefined;
}

/** An IPv6 literal without its brackets: what the resolver and `connect` take. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** TLS to `url`'s host, its name sent for SNI unless it is an address (RFC 6066 forbids that). */
function tlsTo(url: URL, more: ConnectionOptions): Socket {
  const host = hostOf(url);
  return tlsConnect({ ...more, host, port: portOf(url), ...(isIP(host) ? {} : { servername: host }) });
}

function portOf(url: URL): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
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
