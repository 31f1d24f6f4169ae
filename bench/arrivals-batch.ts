/**
 * `count` messages through a Node-RED node arriving at a steady `perSecond`, as a flow's source
 * sends them (an MQTT topic, a webhook), whether earlier ones are answered or not: message n goes
 * to meeting n mod meetings at start + n / perSecond. Each latency runs from that planned time, not
 * from when the timer let it go, so a stalled sender counts against the node too (no coordinated
 * omission). `answer` as in per-meeting-batch.ts.
 */
import { answerTally, type PerMeetingBatch } from './per-meeting-batch.js';

export function arrivalsBatch(
  meetings: readonly string[],
  count: number,
  perSecond: number,
  send: (meeting: string, n: number) => void,
): PerMeetingBatch {
  const began = performance.now();
  const planned = (n: number) => began + (n * 1000) / perSecond;
  const tally = answerTally(count);
  let sent = 0;
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
      tally.record(n, performance.now() - planned(n), failed);
    },
    finished: tally.finished,
  };
}
