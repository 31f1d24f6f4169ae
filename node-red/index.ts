/** Node-RED entry: registers the config node and the live stream node. */
import { registerAccountNode } from './account-node.js';
import { registerLiveStreamNode } from './livestream-node.js';
import type { RedApi } from './red-types.js';

export default function zoomLiveStreamNodes(RED: RedApi): void {
  registerAccountNode(RED);
  registerLiveStreamNode(RED);
}
