import { fileURLToPath } from 'node:url';
/** Small statistics for noisy machines: medians and percentiles of samples from one run. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const median = (samples: number[]) => percentile(samples, 50);

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs `a` and `b` alternately `n` times, so drift on the machine hits both alike. */
export async function alternate(n: number, a: () => Promise<void>, b: () => Promise<void>): Promise<[number[], number[]]> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const [fn, out] of i % 2
      ? ([
          [b, tb],
          [a, ta],
        ] as const)
      : ([
          [a, ta],
          [b, tb],
        ] as const)) {
      const start = performance.now();
      await fn();
      out.push(performance.now() - start);
    }
  }
  return [ta, tb];
}

/** A bench file run by itself (`node build/bench/x.js`): prints its rows as a table and exits. */
export async function printWhenRun(moduleUrl: string, rows: () => Promise<string[]>): Promise<void> {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  console.log(['| measure | result | goal |', '|---|---|---|', ...(await rows())].join('\n'));
  process.exit(0);
}
