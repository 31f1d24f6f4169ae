/**
 * What goes on the wire for one attempt: the request (the attempt's own abort signal; a pooled
 * agent, or the CONNECT tunnel of the proxy http-client's rules pick), sent as http-client's
 * requestRaw sends it, and the answer's body read within its bound.
 */
import * as http from 'node:http';
import type * as https from 'node:https';
import { hostOf, proxyFor } from './proxy.js';

/** A request ready to send: its options and the module that sends it. */
export interface RequestInfo {
  options: http.RequestOptions;
  httpModule: typeof http | typeof https;
}

/**
 * A keep-alive pool per scheme, each made by its scheme's first request (http-client's getAgent keeps
 * one for whichever scheme came first); node:https (and TLS) is loaded only for an https URL.
 */
export interface Agents {
  'http:'?: http.Agent;
  'https:'?: https.Agent;
}

export function readBody(message: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    message.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) message.destroy(new Error(`response body larger than ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    message.on('error', reject);
    message.on('close', () => {
      if (!message.complete) reject(new Error('connection closed before the response was complete'));
    });
  });
}

/** The request for `sendRequest`; with a proxy, its tunnel is open when this resolves. */
export async function requestInfo(
  request: { method: string; url: string; headers: Record<string, string> },
  signal: AbortSignal,
  agents: Agents,
  userAgent: string | undefined,
): Promise<RequestInfo> {
  const url = new URL(request.url);
  const secure = url.protocol === 'https:';
  const headers: http.OutgoingHttpHeaders = { 'user-agent': userAgent };
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  const options: http.RequestOptions = {
    host: hostOf(url),
    port: Number(url.port) || (secure ? 443 : 80),
    path: url.pathname + url.search,
    method: request.method,
    headers,
    signal,
  };
  const httpModule = secure ? await import('node:https') : http;
  const proxy = await proxyFor(url);
  if (proxy) {
    const { openTunnel } = await import('./tunnel.js');
    const socket = await openTunnel(proxy, url, signal);
    // Cancelled as the tunnel opened: no request will own the socket.
    if (signal.aborted) socket.destroy();
    options.createConnection = () => socket as never;
  } else if (secure) {
    options.agent = agents['https:'] ??= new (httpModule as typeof https).Agent({ keepAlive: true });
  } else {
    options.agent = agents['http:'] ??= new http.Agent({ keepAlive: true });
  }
  return { options, httpModule };
}

/**
 * Sends the request with its body and resolves with the answer's head (the body still to read), as
 * http-client's requestRaw does; a socket idle past `socketTimeoutMs` fails it. The attempt's own
 * deadline (its signal) comes first: this timeout only backs it up.
 */
export function sendRequest(info: RequestInfo, body: string | undefined, socketTimeoutMs: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers = { ...info.options.headers, ...(body !== undefined ? { 'content-length': Buffer.byteLength(body, 'utf8') } : {}) };
    const request = info.httpModule.request({ ...info.options, headers }, resolve);
    request.setTimeout(socketTimeoutMs, () => request.destroy(new Error(`Request timeout: ${info.options.path}`)));
    request.on('error', reject);
    request.end(body);
  });
}
