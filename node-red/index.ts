/** Node-RED entry: registers the config nodes (account, destination), the live stream node and the webhook node. */
import { registerAccountNode } from './account-node.js';
import { registerDestinationNode } from './destination-node.js';
import { registerLiveStreamNode } from './livestream-node.js';
import type { RedApi } from './red-types.js';
import { registerWebhookNode } from './webhook-node.js';

export default function zoomLiveStreamNodes(RED: RedApi): void {
  registerAccountNode(RED);
  registerDestinationNode(RED);
  registerLiveStreamNode(RED);
  registerWebhookNode(RED);
}
