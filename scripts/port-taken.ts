/** The demos' one line for a port in use, instead of a stack: which port, and how to choose another. */
import { PortTakenError } from '../sandbox/server.js';

export function exitOnPortTaken(error: unknown, nodeRedLine?: string): never {
  const nodeRedPortInUse = nodeRedLine !== undefined && /port in use|EADDRINUSE/i.test(String(error));
  if (error instanceof PortTakenError || nodeRedPortInUse) {
    console.error(error instanceof PortTakenError ? error.message : nodeRedLine);
    process.exit(1);
  }
  throw error;
}
