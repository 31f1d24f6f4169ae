/** A started entry confirmed at its destination: the levels as they come, its bytes, and why it is not live. */
import type { Clock } from '../http/clock.js';
import { coreWords, worded, type Words } from '../words.js';
import { confirmStream } from '../confirm/confirm.js';
import type { DestinationReader } from '../confirm/reader.js';
import type { ConfirmRequest } from '../confirm/request.js';
import type { EntryStatus } from './states.js';

/** Reads the destination up to the level asked for; returns why it is not live, or undefined when it is. */
export async function confirmEntry(
  reader: DestinationReader,
  request: ConfirmRequest,
  status: EntryStatus,
  options: { clock: Clock; signal: AbortSignal; words?: Words; onLevel: (level: 'publishing' | 'receiving', reason: string) => void },
): Promise<string | undefined> {
  const confirmation = await confirmStream(reader, request, {
    clock: options.clock,
    signal: options.signal,
    onLevel: (level) => {
      if (level === 'publishing' || level === 'receiving') options.onLevel(level, `confirmed ${level} at ${request.destination.kind}`);
    },
  });
  if (confirmation.receivedBytes !== undefined) status.receivedBytes = confirmation.receivedBytes;
  if (confirmation.bitsPerSecond !== undefined) status.bitsPerSecond = confirmation.bitsPerSecond;
  if (confirmation.live) return undefined;
  const problem = confirmation.problem ? `: ${worded(confirmation.problem, options.words ?? coreWords)}` : '';
  return `not ${request.level} at ${request.destination.kind} within the confirm timeout${problem}`;
}
