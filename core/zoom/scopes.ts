/** Zoom's scopes: which failures mean the app's token lacks one. */
import { ZoomError } from '../errors.js';

/** Zoom's OAuth codes for a token without a scope the call needs (4711 and its neighbours). */
export function isScopeCode(code: unknown): boolean {
  return typeof code === 'number' && code >= 4700 && code <= 4741;
}

/** Zoom refused a call for want of a scope (403, or one of its OAuth scope codes). */
export function lacksScope(error: unknown): boolean {
  return error instanceof ZoomError && (error.status === 403 || isScopeCode(error.code));
}
