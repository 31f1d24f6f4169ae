/** The command's exit codes: distinct, so a scheduler can tell "retry" from "fix it". */
import { NotStartedError, unhandled, type Confirmation, type ZoomError } from '../core/index.js';

export const EXIT = {
  done: 0,
  /** Zoom refused the call. */
  api: 1,
  /** Usage or validation: nothing was sent. */
  usage: 2,
  authentication: 3,
  /** Network or timeout: worth retrying. */
  network: 4,
  /** The host did not start before --wait-for-start ran out. */
  notStarted: 5,
  /** check found a problem (with --fail-on problem, the default). */
  problem: 6,
  /** Started (or, for confirm, configured), but not proven live at the destination in time. */
  notConfirmed: 7,
  /** plan: what Zoom holds differs from the streams file, or a problem stands. */
  drift: 8,
  sigint: 130,
  sigterm: 143,
} as const;

/** Zoom (or the token endpoint) out of service or rate-limited: it passes, so a scheduler should retry. */
const passes = (error: ZoomError) => error.status !== undefined && (error.status >= 500 || error.status === 429);

export function exitCodeFor(error: ZoomError): number {
  if (error instanceof NotStartedError) return EXIT.notStarted;
  switch (error.kind) {
    case 'validation':
      return EXIT.usage;
    case 'auth':
      // 3 only for refused credentials: the token endpoint's outage is worth a retry.
      return passes(error) ? EXIT.network : EXIT.authentication;
    case 'network':
    case 'timeout':
    case 'overloaded':
      return EXIT.network;
    case 'api':
    case 'cancelled':
    case 'bug':
      return passes(error) ? EXIT.network : EXIT.api;
    default:
      return unhandled(error.kind);
  }
}

/** Not live (7) only when the destination answered about the stream; a broken monitor is not a verdict. */
export function exitCodeForUnconfirmed(confirmation: Confirmation): number {
  if (confirmation.problemKind === 'refused') return EXIT.authentication;
  if (confirmation.problemKind === 'unreachable') return EXIT.network;
  // A spent daily quota is the service's refusal until its reset: no retry within the day helps.
  if (confirmation.problemKind === 'quota') return EXIT.api;
  return EXIT.notConfirmed;
}
