/**
 * Entry point of the `zoom-livestream` command (package.json bin -> cli/dist/index.js). `--version`
 * and `--help` are answered before anything else is loaded; every other call loads the command
 * (from-process.ts, a chunk of its own in the bundle).
 */
import { quickAnswer } from './quick.js';

const quick = quickAnswer(process.argv.slice(2));
if (quick !== undefined) process.stdout.write(quick);
else
  import('./from-process.js')
    .then(({ runFromProcess }) => runFromProcess())
    .catch((error: unknown) => {
      // A bug, not a Zoom answer: said as Node says an uncaught error.
      console.error(error);
      process.exitCode = 1;
    });
