/**
 * node-red-node-test-helper on the Node-RED that this run asks for: Node-RED 4 by default (Node 20),
 * Node-RED 5 when ZOOM_NODE_RED=5 (run under Node 22, see .mocharc.node-red-5.json).
 * The nodes are the tree's own (the compiled sources, so these tests and their coverage follow an
 * edit at once); real Node-RED processes load the ncc bundle (runtime, install, webhook, editor tests).
 */
import { createRequire } from 'node:module';
import { liveStreamFlowNode } from '../../harness/flows.js';

const require = createRequire(import.meta.url);

export const NODE_RED_PACKAGE = process.env.ZOOM_NODE_RED === '5' ? 'node-red-5' : 'node-red';

export interface TestHelper {
  init(runtimePath: string, settings?: object): void;
  load(nodes: unknown, flow: object[], credentials?: object): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): HelperNode;
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
  request(): { get(path: string): { expect(status: number): Promise<{ body: unknown; text: string }> } };
  _redNodes: { getFlows(): unknown };
}

export interface HelperNode {
  id: string;
  receive(msg: object): void;
  on(event: 'input', cb: (msg: Record<string, unknown>) => void): void;
  status: { args: unknown[][] };
  error: { args: unknown[][] };
  credentials: Record<string, string>;
}

export const helper = require('node-red-node-test-helper') as TestHelper;
helper.init(require.resolve(NODE_RED_PACKAGE));

export { default as zoomNodes } from '../../node-red/index.js';

export function nodeRedVersion(): string {
  return (require(`${NODE_RED_PACKAGE}/package.json`) as { version: string }).version;
}

/** A zoom-livestream node as the editor saves it (the harness's one builder), for meeting 85746065123, wired to `out`. */
export function livestreamNode(id: string, extra: object = {}): Record<string, unknown> {
  return liveStreamFlowNode(id, { target: '85746065123', wires: [['out']], ...extra });
}
