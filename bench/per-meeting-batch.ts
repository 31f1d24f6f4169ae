/**
 * `count` messages through a Node-RED node, one in flight per meeting: the next message for a
 * meeting goes when its last one is answered. `send` hands message `n` to the node; `answer` is
 * what the bench's hook calls with each answered msg (carrying its `meeting` and `n`).
 */
export interface PerMeetingBatch {
  answer(msg: Record<string, unknown>, failed: boolean): void;
  /** Every message answered: the latency of each, failures, and whether each was answered exactly once. */
  finished: Promise<{ latencies: number[]; errors: number; exactlyOnce: boolean }>;
}

export function perMeetingBatch(meetings: readonly string[], count: number, send: (meeting: string, n: number) => void): PerMeetingBatch {
  const started = new Map<number, number>();
  const tally = answerTally(count);
  let sent = 0;
  const next = (meeting: string) => {
    const n = sent++;
    started.set(n, performance.now());
    send(meeting, n);
  };
  for (const meeting of meetings) if (sent < count) next(meeting);
  return {
    answer(msg, failed) {
      const n = msg.n as number;
      tally.record(n, performance.now() - started.get(n)!, failed);
      started.delete(n);
      if (sent < count) next(msg.meeting as string);
    },
    finished: tally.finished,
  };
}

/** What a batch of `count` messages keeps of their answers, whichever way they were sent. */
export function answerTally(
  count: number,
): { record(n: number, latencyMs: number, failed: boolean): void } & Pick<PerMeetingBatch, 'finished'> {
  const latencies: number[] = [];
  const answered = new Map<number, number>();
  let errors = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  return {
    record(n, latencyMs, failed) {
      latencies.push(latencyMs);
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
