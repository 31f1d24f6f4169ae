/**
 * How long a redeploy takes when a zoom-livestream node holds 100,000 queued messages (the first in
 * flight against a sandbox that does not answer): an embedded Node-RED 4 with its console log on, as
 * users run it, so the cost of what close prints is in the number. Goal: under 5 s.
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../harness/root.js';
import { liveStreamFlowNode, PACKAGE_NAME, sandboxAccountNode } from '../harness/node-red-runner.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';
import { round } from './stats.js';

const require = createRequire(import.meta.url);

interface Red {
  init(server: unknown, settings: object): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  nodes: { getNode(id: string): { receive(msg: object): void } | null };
}

export async function nodeRedClose(queued = 100_000): Promise<{ queued: number; closeSeconds: number }> {
  const sandbox = await startSandbox();
  // Nothing answers: every message stays queued behind the first.
  sandbox.inject({ fault: { kind: 'delay', ms: 600_000 } });
  const userDir = mkdtempSync(join(tmpdir(), 'zoom-bench-close-'));
  const link = join(userDir, 'node_modules', PACKAGE_NAME);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(ROOT, link, 'dir');
  writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'bench', private: true, dependencies: { [PACKAGE_NAME]: '*' } }));
  const flows = [
    { id: 't', type: 'tab', label: 'bench' },
    sandboxAccountNode(sandbox, { maxQueued: String(queued + 10) }),
    liveStreamFlowNode('z', { z: 't', target: '85746065123', action: 'get', wires: [[]] }),
    { id: 'c', z: 't', type: 'catch', scope: ['z'], uncaught: false, wires: [[]] },
  ];
  writeFileSync(join(userDir, 'flows.json'), JSON.stringify(flows));
  writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify({ acc: SANDBOX_CLIENT }));
  const RED = require('node-red') as Red;
  const server = createServer();
  RED.init(server, {
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpAdminRoot: false,
    httpNodeRoot: false,
    // Node-RED's default level: what close prints is part of its cost.
    logging: { console: { level: 'info' } },
    telemetry: { enabled: false },
    externalModules: { autoInstall: false },
  });
  await RED.start();
  // The flows start after start() resolves.
  while (!RED.nodes.getNode('z')) await new Promise((r) => setTimeout(r, 20));
  const node = RED.nodes.getNode('z')!;
  for (let n = 0; n < queued; n++) node.receive({ n });
  while (sandbox.apiRequestCount < 1) await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  await RED.stop();
  const closeSeconds = round((performance.now() - t0) / 1000, 2);
  server.close();
  await sandbox.close();
  rmSync(userDir, { recursive: true, force: true });
  return { queued, closeSeconds };
}
