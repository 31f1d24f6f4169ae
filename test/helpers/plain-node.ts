/**
 * Runs core in a plain Node child process: nock, loaded in the mocha process, intercepts requests
 * (and handles IPv6 brackets and proxies its own way), so what goes on the wire is tried here.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../harness/root.js';

/**
 * Runs `body` (an async function's text, given ZoomLiveStreamClient and destinationReader) and
 * returns what it returns, or `{ error }` with the message it threw. The child must exit by itself:
 * a socket or timer left open would hold it until mocha's deadline.
 */
export function inPlainNode(body: string, env: NodeJS.ProcessEnv = process.env): Promise<unknown> {
  const module = (path: string) => JSON.stringify(pathToFileURL(join(ROOT, 'build', path)).href);
  const script = `const { ZoomLiveStreamClient } = await import(${module('core/zoom/client.js')});
const { destinationReader } = await import(${module('core/confirm/reader.js')});
const out = await (async () => { ${body} })().catch((e) => ({ error: String(e && e.message) }));
process.stdout.write(JSON.stringify(out));`;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--input-type=module', '-e', script], { env }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    ),
  );
}
