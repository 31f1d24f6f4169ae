/**
 * Whether a webhook URL is already someone's: an admin API route of the editor (POST /flows,
 * /inject/:id, ...) where the admin and HTTP node roots overlap, or another node's route. A node
 * that took such a path would break what is there (every deploy, an inject button), so it refuses.
 */
import { routeKey, type HttpApp, type Layer } from './raw-body.js';

/**
 * The first path segments of the editor's own API (its routes live in sub-apps that a route lookup
 * does not see): POST /flows, /flow, /nodes, /auth/token, /context/..., /projects/..., and the rest.
 */
const EDITOR_SEGMENTS = new Set([
  'auth',
  'comms',
  'context',
  'credentials',
  'debug',
  'diagnostics',
  'flow',
  'flows',
  'icons',
  'inject',
  'library',
  'locales',
  'nodes',
  'plugins',
  'projects',
  'settings',
  'theme',
  'vendor',
]);

/** "/" -> "", "/admin/" -> "/admin": a root as a prefix. */
function prefix(root: string): string {
  return routeKey(root) === '/' ? '' : routeKey(root);
}

/** The route of `app` that would serve a POST to `path` (relative to where the app is mounted). */
function postRoute(app: HttpApp | undefined, path: string): Layer | undefined {
  return app?._router?.stack.find(
    (layer) => layer.route && (layer.route.methods?.post || layer.route.methods?._all) && layer.match?.(path),
  );
}

/**
 * Who already serves POST `fullPath` (a full URL path): the `editor` (an admin route), another
 * `node` (a route on the HTTP node server), or undefined when it is free.
 */
export function takenBy(
  fullPath: string,
  nodePath: string,
  apps: { httpNode: HttpApp; httpAdmin?: HttpApp; adminRoot?: string | false },
): 'editor' | 'node' | undefined {
  const { httpAdmin, adminRoot } = apps;
  if (httpAdmin && adminRoot !== false) {
    const admin = prefix(adminRoot ?? '/');
    const key = routeKey(fullPath);
    if (admin === '' || key === admin || key.startsWith(`${admin}/`)) {
      const relative = fullPath.slice(admin.length) || '/';
      const segment = routeKey(relative).split('/')[1] ?? '';
      if (EDITOR_SEGMENTS.has(segment) || postRoute(httpAdmin, relative)) return 'editor';
    }
  }
  return postRoute(apps.httpNode, nodePath) ? 'node' : undefined;
}
