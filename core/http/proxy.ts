/**
 * Which proxy a request goes through, by @actions/http-client's rules (HTTPS_PROXY/HTTP_PROXY,
 * NO_PROXY, loopback never proxied), and the URL helpers the wire and the tunnel share. Imports
 * nothing heavy: the wire loads the tunnel (net, tls) only for a proxied request.
 */

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

export function portOf(url: URL): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}
