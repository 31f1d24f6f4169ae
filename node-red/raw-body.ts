/**
 * The raw bytes of a request, for signature checks. With httpAdminRoot and httpNodeRoot both "/"
 * (Node-RED's default) the admin app's JSON parser runs first and consumes the body before any
 * RED.httpNode route sees it, so a middleware at the very top of the root app's stack reads the
 * body of the paths registered here (as Node-RED's own http-in node does for its raw routes), with
 * a size limit, and hands it on as `zoomRawBody`; the parsers after it see the body as read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): void;
  end(): void;
}
export type RawRequest = IncomingMessage & { zoomRawBody?: Buffer; _body?: boolean; skipRawBodyParser?: boolean; body?: unknown };
export type Handler = (req: RawRequest, res: HttpResponse) => void;
type Middleware = (req: RawRequest, res: ServerResponse, next: (err?: unknown) => void) => void;

/** The part of an express 4 app used here. */
export interface HttpApp {
  parent?: HttpApp;
  use(fn: Middleware): void;
  post(path: string, ...handlers: unknown[]): void;
  _router?: { stack: { handle?: unknown; route?: { stack: { handle: unknown }[] } }[] };
}

/** Registered full paths and their body limits; a count per path, as nodes come and go. */
const paths = new Map<string, { limit: number; count: number }>();
const installed = new WeakSet<HttpApp>();

function rootOf(app: HttpApp): HttpApp {
  return app.parent ? rootOf(app.parent) : app;
}

const capture: Middleware = (req, res, next) => {
  if (req.method !== 'POST') return next();
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  const entry = paths.get(pathname);
  if (!entry) return next();
  const tooLarge = () => {
    res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify({ error: `the body is larger than ${entry.limit} bytes` }));
  };
  if (Number(req.headers['content-length'] ?? 0) > entry.limit) {
    tooLarge();
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    // Past the limit nothing more is kept; the rest is read and dropped, then refused.
    if (size <= entry.limit) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > entry.limit) return tooLarge();
    const raw = Buffer.concat(chunks);
    req.zoomRawBody = raw;
    req.body = raw;
    req._body = true;
    req.skipRawBodyParser = true;
    next();
  });
  req.on('error', next);
};

/**
 * Starts reading the raw body of POSTs to `fullPath`; returns the function that stops it, and
 * whether another node already serves that path (whose route then receives every delivery).
 */
export function captureRawBodies(httpNode: HttpApp, fullPath: string, limit: number): { release: () => void; shared: boolean } {
  const root = rootOf(httpNode);
  if (!installed.has(root)) {
    installed.add(root);
    root.use(capture);
    const stack = root._router?.stack ?? [];
    const at = stack.findIndex((layer) => layer.handle === capture);
    if (at > 0) stack.unshift(...stack.splice(at, 1));
  }
  const entry = paths.get(fullPath) ?? { limit, count: 0 };
  entry.count++;
  paths.set(fullPath, entry);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (--entry.count === 0) paths.delete(fullPath);
  };
  return { release, shared: entry.count > 1 };
}
