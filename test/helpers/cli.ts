/** The command line run in this process, as the tests drive it. */
import { main } from '../../cli/main.js';
import type { Clock } from '../../core/index.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The command in this process, with its own environment and a signal the test can send. */
export async function cli(
  argv: string[],
  env: Record<string, string>,
  signal?: (send: (s: 'SIGINT' | 'SIGTERM') => void) => void,
  clock?: Clock,
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, env, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    colour: false,
    onSignal: (handler) => {
      signal?.(handler);
      return () => undefined;
    },
    ...(clock ? { clock } : {}),
  });
  return { code, stdout, stderr };
}
