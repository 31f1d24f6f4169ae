/**
 * Flows as the editor saves them, for tests, benchmarks and the demo: a `zoom-livestream` node, a
 * `zoom-account` on the sandbox, and the package's examples/ as one deployable flow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './root.js';

/** The Node-RED flows of examples/ (its run/ folder holds the controller's systemd and Kubernetes files). */
export function flowExamples(): string[] {
  return readdirSync(join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/**
 * A `zoom-livestream` node as the editor saves it, for flows written in tests and benchmarks: every
 * typed input present and empty, on account `acc`, a meeting given by msg.meetingId, action start,
 * wired to nothing; `fields` override.
 */
export function liveStreamFlowNode(id: string, fields: object = {}): Record<string, unknown> {
  return {
    id,
    type: 'zoom-livestream',
    account: 'acc',
    targetKind: 'meeting',
    target: '',
    targetType: 'str',
    action: 'start',
    actionType: 'action',
    streamUrl: '',
    streamUrlType: 'str',
    streamKeyFrom: '',
    streamKeyFromType: 'cred',
    pageUrl: '',
    pageUrlType: 'str',
    resolution: '',
    resolutionType: 'resolution',
    activeSpeakerName: '',
    activeSpeakerNameType: 'speaker',
    displayName: '',
    displayNameType: 'str',
    layout: '',
    layoutType: 'layout',
    closeCaption: '',
    closeCaptionType: 'caption',
    wires: [[]],
    ...fields,
  };
}

/** A `zoom-account` node `acc` on the sandbox (its credentials go in flows_cred.json). */
export function sandboxAccountNode(sandbox: { apiBaseUrl: string; oauthTokenUrl: string }, fields: Record<string, unknown> = {}) {
  return {
    id: 'acc',
    type: 'zoom-account',
    authType: 'oauth',
    apiBaseUrl: sandbox.apiBaseUrl,
    oauthTokenUrl: sandbox.oauthTokenUrl,
    ...fields,
  };
}

/**
 * The package's examples/ as one deployable flow: each example on its own tab (`tab1`, `tab2`, ...,
 * node ids prefixed with the tab), sharing one `zoom-account` node `zoomacc` with the given
 * properties; each zoom-destination keeps its own (prefixed) ID, with `destination`'s properties,
 * and the nodes that confirm there stream to `destination.streamUrl` when given.
 */
export function exampleFlows(
  account: { apiBaseUrl: string; oauthTokenUrl: string },
  destination: Record<string, unknown> & { streamUrl?: string } = {},
): Record<string, unknown>[] {
  const flows: Record<string, unknown>[] = [];
  const { streamUrl, ...destinationFields } = destination;
  const files = flowExamples();
  for (const [index, file] of files.entries()) {
    const tab = `tab${index + 1}`;
    const local = (id: string) => `${tab}-${id}`;
    flows.push({ id: tab, type: 'tab', label: file.replace(/\.json$/, ''), disabled: false, info: '' });
    const nodes = JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8')) as Record<string, unknown>[];
    const accounts = new Set(nodes.filter((n) => n.type === 'zoom-account').map((n) => n.id));
    for (const node of nodes) {
      if (node.type === 'zoom-account') continue;
      if (node.type === 'zoom-destination') {
        // A config node: no tab of its own.
        flows.push({ ...node, id: local(String(node.id)), ...destinationFields });
        continue;
      }
      const copy: Record<string, unknown> = { ...node, id: local(String(node.id)), z: tab };
      if (accounts.has(node.account)) copy.account = 'zoomacc';
      if (typeof node.destination === 'string' && node.destination) {
        copy.destination = local(node.destination);
        if (streamUrl) copy.streamUrl = streamUrl;
      }
      copy.wires = ((node.wires as string[][]) ?? []).map((wire) => wire.map(local));
      if (Array.isArray(node.scope)) copy.scope = (node.scope as string[]).map(local);
      flows.push(copy);
    }
  }
  flows.push({ id: 'zoomacc', type: 'zoom-account', name: 'Zoom sandbox', authType: 'oauth', ...account });
  return flows;
}
