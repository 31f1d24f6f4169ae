/** Entry point run by the runner (action.yml: runs.main -> dist/index.js). */
import { run } from './main.js';

// run() reports every failure itself (setFailed); anything else is a bug, said as Node says it.
run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
