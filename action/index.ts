/** Entry point run by the runner (action.yml: runs.main -> dist/index.js). */
import { run } from './main.js';

await run();
