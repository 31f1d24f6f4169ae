/**
 * Node-RED 4 embedded in the bench's process (the real runtime, no test-helper spies that would hold
 * every message), with this package linked into a throw-away user directory and the given flows.
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../harness/root.js';
import { PACKAGE_NAME } from '../harness/node-red-runner.js';

const require = createRequire(import.meta.url);

export interface Red {
  init(server: unknown, settings: object): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  nodes: { getNode(id: string): { receive(msg: object): void } | null };
  hooks: {
    add(name: string, fn: (event: { msg: Record<string, unknown>; destination: { id: string } }) => void): void;
    remove(name: string): void;
  };
}

export interface EmbeddedNodeRed {
  RED: Red;
  /** A node of the flows, once they have started. */
  node(id: string): Promise<{ receive(msg: object): void }>;
  stop(): Promise<void>;
}

export async function embeddedNodeRed(flows: object[], credentials: object, logLevel = 'error'): Promise<EmbeddedNodeRed> {
  const userDir = mkdtempSync(join(tmpdir(), 'zoom-bench-red-'));
  const link = join(userDir, 'node_modules', PACKAGE_NAME);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(ROOT, link, 'dir');
  writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'bench', private: true, dependencies: { [PACKAGE_NAME]: '*' } }));
  writeFileSync(join(userDir, 'flows.json'), JSON.stringify(flows));
  writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify(credentials));
  const RED = require('node-red') as Red;
  const server = createServer();
  RED.init(server, {
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpAdminRoot: false,
    httpNodeRoot: false,
    logging: { console: { level: logLevel } },
    telemetry: { enabled: false },
    externalModules: { autoInstall: false },
  });
  await RED.start();
  return {
    RED,
    async node(id) {
      // The flows start after start() resolves.
      while (!RED.nodes.getNode(id)) await new Promise((r) => setTimeout(r, 20));
      return RED.nodes.getNode(id)!;
    },
    async stop() {
      await RED.stop();
      server.close();
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}
