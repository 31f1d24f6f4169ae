/**
 * `count` messages through a Node-RED node, one in flight per meeting: the next message for a
 * meeting goes when its last one is answered. `send` hands message `n` to the node; `answer` is
 * what the bench's hook calls with each answered msg (carrying its `meeting` and `n`).
 */
export interface PerMeetingBatch {
  answer(msg: Record<string, unknown>, failed: boolean): void;
  /** Every message answered: receive() to output of each, failures, and whether each was answered exactly once. */
  finished: Promise<{ latencies: number[]; errors: number; exactlyOnce: boolean }>;
}

export function perMeetingBatch(meetings: readonly string[], count: number, send: (meeting: string, n: number) => void): PerMeetingBatch {
  const started = new Map<number, number>();
  const latencies: number[] = [];
  const answered = new Map<number, number>();
  let errors = 0;
  let sent = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const next = (meeting: string) => {
    const n = sent++;
    started.set(n, performance.now());
    send(meeting, n);
  };
  const answer = (msg: Record<string, unknown>, failed: boolean) => {
    const n = msg.n as number;
    latencies.push(performance.now() - started.get(n)!);
    started.delete(n);
    answered.set(n, (answered.get(n) ?? 0) + 1);
    if (failed) errors++;
    if (sent < count) next(msg.meeting as string);
    if (answered.size === count) finish();
  };
  for (const meeting of meetings) if (sent < count) next(meeting);
  return {
    answer,
    finished: finished.then(() => ({
      latencies,
      errors,
      exactlyOnce: answered.size === count && [...answered.values()].every((c) => c === 1),
    })),
  };
}
