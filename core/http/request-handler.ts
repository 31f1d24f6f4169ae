/**
 * The request handler through which each request of @actions/http-client gets its abort signal
 * (and an IPv6 literal host its address).
 */
import type { RequestOptions } from 'node:http';
import type { RequestHandler } from '@actions/http-client/lib/interfaces';

/** The part of `tunnel`'s agent (http-client's proxy agent) that a per-request copy needs. */
interface TunnelAgent {
  constructor: new (options: object) => TunnelAgent;
  options: Record<string, unknown>;
  proxyOptions: Record<string, unknown>;
  request: unknown;
  createSocket: unknown;
  defaultPort: number;
}

function isTunnelAgent(agent: unknown): agent is TunnelAgent {
  return typeof agent === 'object' && agent !== null && 'proxyOptions' in agent && 'createSocket' in agent;
}

/**
 * Hands each request its abort signal. http-client builds a request's options synchronously inside
 * request(), before its first await, so the signal set just before the call is the one consumed.
 * Behind a proxy, the request waits for a CONNECT tunnel that the signal does not reach: the
 * request then gets its own tunnel agent whose CONNECT carries the signal, so a timeout tears the
 * tunnel down too instead of leaving a socket that keeps the process alive.
 */
export class SignalHandler implements RequestHandler {
  pending?: AbortSignal;
  prepareRequest(options: RequestOptions): void {
    // http-client passes the URL's hostname, which keeps an IPv6 literal's brackets ("[::1]"): the
    // resolver looks that up as a name and fails (ENOTFOUND). The address is what is inside them.
    if (typeof options.host === 'string' && /^\[[0-9a-f:.]+\]$/i.test(options.host)) options.host = options.host.slice(1, -1);
    const signal = this.pending;
    options.signal = signal;
    this.pending = undefined;
    const shared = options.agent;
    if (signal && isTunnelAgent(shared)) {
      const own = new shared.constructor({ ...shared.options, proxy: { ...shared.proxyOptions, signal } });
      Object.assign(own, { request: shared.request, createSocket: shared.createSocket, defaultPort: shared.defaultPort });
      options.agent = own as unknown as RequestOptions['agent'];
    }
  }
  canHandleAuthentication(): boolean {
    return false;
  }
  handleAuthentication(): never {
    throw new Error('not an authentication handler');
  }
}
