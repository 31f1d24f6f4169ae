/** The check's plan, apart from the check itself: planning a check does not load it. */
import { getOperation, readTargetOperation, type Operation } from '../zoom/operations.js';
import type { Target } from '../zoom/types.js';

/**
 * The reads a check starts with, in the order it sends them: the target itself, then its stream
 * (the host's settings come between, once the target has named its host).
 */
export function checkReads(target: Target): [details: Operation, stream: Operation] {
  return [readTargetOperation(target), getOperation(target)];
}
