/**
 * `count` messages through a Node-RED node arriving at a steady `perSecond`, as a flow's source
 * sends them (an MQTT topic, a webhook), whether earlier ones are answered or not: message n goes
 * to meeting n mod meetings at start + n / perSecond. Each latency runs from that planned time, not
 * from when the timer let it go, so a stalled sender counts against the node too (no coordinated
 * omission). `answer` as in per-meeting-batch.ts.
 */
import type { PerMeetingBatch } from './per-meeting-batch.js';

export function arrivalsBatch(
  meetings: readonly string[],
  count: number,
  perSecond: number,
  send: (meeting: string, n: number) => void,
): PerMeetingBatch {
  const planned = (n: number) => began + (n * 1000) / perSecond;
  const latencies: number[] = [];
  const answered = new Map<number, number>();
  let errors = 0;
  let sent = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const began = performance.now();
  const tick = () => {
    const now = performance.now();
    while (sent < count && planned(sent) <= now) {
      send(meetings[sent % meetings.length]!, sent);
      sent++;
    }
    if (sent < count) setTimeout(tick, Math.max(0, planned(sent) - performance.now()));
  };
  tick();
  return {
    answer(msg, failed) {
      const n = msg.n as number;
      latencies.push(performance.now() - planned(n));
      answered.set(n, (answered.get(n) ?? 0) + 1);
      if (failed) errors++;
      if (answered.size === count) finish();
    },
    finished: finished.then(() => ({
      latencies,
      errors,
      exactlyOnce: answered.size === count && [...answered.values()].every((c) => c === 1),
    })),
  };
}
