/** Apart from the reader: the faces mask this before they parse anything else, and a get loads no reader. */
import type { Destination } from './request.js';

/** The base64 of `user:password` that basic auth sends: the faces mask it like the password. */
export function basicAuthSecret(destination: Partial<Destination>): string | undefined {
  if (destination.user === undefined || destination.password === undefined) return undefined;
  return Buffer.from(`${destination.user}:${destination.password}`).toString('base64');
}
