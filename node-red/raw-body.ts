/**
 * The raw bytes of a request, for signature checks. With httpAdminRoot and httpNodeRoot both "/"
 * (Node-RED's default) the admin app's JSON parser runs first and consumes the body before any
 * RED.httpNode route sees it, so a middleware at the very top of the root app's stack reads the
 * body of the paths registered here (as Node-RED's own http-in node does for its raw routes), with
 * a size limit, and hands it on as `zoomRawBody`; the parsers after it see the body as read.
 * A path is registered only once the node has made sure no admin route or other node serves it
 * (see routes.ts), so the capture never takes a request meant for the editor or another node.
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

/** The part of an express 4 layer used here. */
export interface Layer {
  handle?: unknown;
  match?(path: string): boolean;
  route?: { path?: string; methods?: Record<string, boolean>; stack: { handle: unknown }[] };
}

/** The part of an express 4 app used here. */
export interface HttpApp {
  parent?: HttpApp;
  use(fn: Middleware): void;
  post(path: string, ...handlers: unknown[]): void;
  _router?: { stack: Layer[] };
}

/**
 * The key express's router matches a path by, with its defaults (case-insensitive, one trailing
 * slash optional): "/Zoom/Events/" and "/zoom/events" are one route.
 */
export function routeKey(pathname: string): string {
  const lower = pathname.toLowerCase();
  return lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

/** The path of a request target, or undefined for one that is not a path ("http://x:99999/a", "*"). */
function pathnameOf(target: string | undefined): string | undefined {
  if (!target?.startsWith('/')) return undefined;
  const end = target.search(/[?#]/);
  return end < 0 ? target : target.slice(0, end);
}

/** Registered full paths (route keys) and their body limits; a count per path, as nodes come and go. */
const paths = new Map<string, { limit: number; count: number }>();
const installed = new WeakSet<HttpApp>();

function rootOf(app: HttpApp): HttpApp {
  return app.parent ? rootOf(app.parent) : app;
}

/** 413, and the connection closed once the answer is out: nothing more of the body is read. */
function tooLarge(req: RawRequest, res: ServerResponse, limit: number): void {
  req.removeAllListeners('data');
  req.pause();
  res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ error: `the body is larger than ${limit} bytes` }), () => req.socket.destroy());
}

const capture: Middleware = (req, res, next) => {
  // Read once: a second capture (another root app in the chain) would wait for an end already past.
  if (req.method !== 'POST' || req.zoomRawBody) return next();
  // Never throws: a target that is not a path is none of this node's business.
  const pathname = pathnameOf(req.url);
  const entry = pathname === undefined ? undefined : paths.get(routeKey(pathname));
  if (!entry) return next();
  if (Number(req.headers['content-length'] ?? 0) > entry.limit) return tooLarge(req, res, entry.limit);
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    // A chunked body has no length up front: refused the moment it passes the limit.
    if (size > entry.limit) tooLarge(req, res, entry.limit);
    else chunks.push(chunk);
  });
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    req.zoomRawBody = raw;
    req.body = raw;
    req._body = true;
    req.skipRawBodyParser = true;
    next();
  });
  req.on('error', () => req.socket.destroy());
};

/** Starts reading the raw body of POSTs to `fullPath`; returns the function that stops it. */
export function captureRawBodies(httpNode: HttpApp, fullPath: string, limit: number): () => void {
  const root = rootOf(httpNode);
  if (!installed.has(root)) {
    installed.add(root);
    root.use(capture);
    const stack = root._router?.stack ?? [];
    const at = stack.findIndex((layer) => layer.handle === capture);
    if (at > 0) stack.unshift(...stack.splice(at, 1));
  }
  const key = routeKey(fullPath);
  const entry = paths.get(key) ?? { limit, count: 0 };
  entry.count++;
  paths.set(key, entry);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--entry.count === 0) paths.delete(key);
  };
}
