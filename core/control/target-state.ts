/**
 * What Zoom's read of a meeting or webinar says to the controller: whether it runs (meetings only;
 * a webinar's read has no status), whether its window is open (from `due` before its start until
 * it is over; no fixed time: always), and when a closed one opens.
 */
import type { Clock } from '../http/clock.js';
import type { ZoomLiveStreamClient } from '../zoom/client.js';
import { readTargetOperation } from '../zoom/operations.js';
import type { Target } from '../zoom/types.js';
import { dueAt } from '../fleet/schedule.js';

export interface TargetState {
  started?: boolean;
  open: boolean;
  over: boolean;
  opensAt?: number;
}

export async function readTargetState(
  client: ZoomLiveStreamClient,
  target: Target,
  options: { clock: Clock; dueMs: number; signal: AbortSignal },
): Promise<TargetState> {
  const { json } = await client.read(readTargetOperation(target), { signal: options.signal });
  const due = dueAt(json, options.clock.now(), options.dueMs);
  return {
    ...(target.kind === 'meeting' ? { started: json.status === 'started' } : {}),
    open: due.due || due.why === 'no-fixed-time' || due.why === 'no-schedule',
    over: !due.due && due.why === 'over',
    ...(!due.due && due.nextStartMs !== undefined ? { opensAt: due.nextStartMs - options.dueMs } : {}),
  };
}

/** Why the stream is over, or undefined while it runs: a meeting's read says whether it runs (one may run past its scheduled end); a webinar's has no status, its scheduled end is all there is. */
export function endOf(state: TargetState): string | undefined {
  if (state.started !== undefined) return state.started ? undefined : 'the meeting ended';
  return state.over ? 'its scheduled time is over' : undefined;
}
