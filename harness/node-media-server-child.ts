/**
 * Node-Media-Server in a process of its own (its log is its own, and it stops with a kill): the
 * configuration comes as JSON in argv[2]. Started by node-media-server.ts.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const NodeMediaServer = require('node-media-server') as new (config: object) => { run(): Promise<void> };
await new NodeMediaServer(JSON.parse(process.argv[2]!) as object).run();
