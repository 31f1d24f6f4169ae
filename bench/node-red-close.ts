/**
 * How long a redeploy takes when a zoom-livestream node holds 100,000 queued messages (the first in
 * flight against a sandbox that does not answer): an embedded Node-RED 4 with its console log on, as
 * users run it, so the cost of what close prints is in the number. Goal: under 5 s.
 */
import { liveStreamFlowNode, sandboxAccountNode } from '../harness/flows.js';
import { SANDBOX_CLIENT, startSandbox } from '../sandbox/server.js';
import { embeddedNodeRed } from './embedded-node-red.js';
import { round } from './stats.js';

export async function nodeRedClose(queued = 100_000): Promise<{ queued: number; closeSeconds: number }> {
  const sandbox = await startSandbox();
  // Nothing answers: every message stays queued behind the first.
  sandbox.inject({ fault: { kind: 'delay', ms: 600_000 } });
  const flows = [
    { id: 't', type: 'tab', label: 'bench' },
    sandboxAccountNode(sandbox, { maxQueued: String(queued + 10) }),
    liveStreamFlowNode('z', { z: 't', target: '85746065123', action: 'get', wires: [[]] }),
    { id: 'c', z: 't', type: 'catch', scope: ['z'], uncaught: false, wires: [[]] },
  ];
  // Node-RED's default level: what close prints is part of its cost.
  const red = await embeddedNodeRed(flows, { acc: SANDBOX_CLIENT }, 'info');
  const node = await red.node('z');
  for (let n = 0; n < queued; n++) node.receive({ n });
  while (sandbox.apiRequestCount < 1) await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  await red.stop();
  const closeSeconds = round((performance.now() - t0) / 1000, 2);
  await sandbox.close();
  return { queued, closeSeconds };
}
