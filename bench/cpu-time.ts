/**
 * CPU time of a child process (user + system), read by a preload at its exit: the same preload for
 * every variant of a bench, so what it costs cancels out of the ratios.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MARK = 'zoomls-cpu';

/** Writes the preload into `dir`; returns the NODE_OPTIONS that load it and the reader of a child's stderr. */
export function cpuPreload(dir: string): { nodeOptions: string; cpuMs: (stderr: string) => number } {
  const preload = join(dir, 'cpu.cjs');
  writeFileSync(
    preload,
    `process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(2, '\\n${MARK} ' + (u.user + u.system) / 1000 + '\\n'); });\n`,
  );
  return {
    nodeOptions: `--require ${preload}`,
    cpuMs: (stderr) => {
      const found = new RegExp(`${MARK} ([\\d.]+)`).exec(stderr);
      if (!found) throw new Error(`no CPU time in the child's stderr: ${stderr.slice(0, 200)}`);
      return Number(found[1]);
    },
  };
}
