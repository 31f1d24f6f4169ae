/** The part of Node-RED's runtime API these nodes use (no @types/node-red: it pulls in express). */
export interface NodeMessage {
  _msgid?: string;
  payload?: unknown;
  [key: string]: unknown;
}

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export interface RedNode {
  id: string;
  name?: string;
  credentials: Record<string, string | undefined>;
  on(event: 'input', listener: (msg: NodeMessage, send: (msg: NodeMessage) => void, done: (err?: Error) => void) => void): void;
  on(event: 'close', listener: (removed: boolean, done: () => void) => void): void;
  /** One message, or one per output (null for none). */
  send(msg: NodeMessage | (NodeMessage | null)[]): void;
  status(status: NodeStatus): void;
  log(message: string): void;
  warn(message: string): void;
  error(message: string, msg?: NodeMessage): void;
  debug(message: string): void;
}

export interface RedApi {
  nodes: {
    createNode(node: RedNode, config: object): void;
    getNode(id: string): RedNode | null;
    registerType(
      type: string,
      constructor: (this: RedNode, config: never) => void,
      options?: { credentials?: Record<string, { type: 'text' | 'password' }> },
    ): void;
  };
  util: {
    evaluateNodeProperty(
      value: string,
      type: string,
      node: RedNode,
      msg: NodeMessage,
      callback: (err: Error | null, result: unknown) => void,
    ): void;
  };
  _(key: string, substitutions?: Record<string, string | number>): string;
  /** The HTTP node server (express), absent when httpNodeRoot is false. */
  httpNode?: unknown;
  /** The editor's admin API (express), absent when httpAdminRoot is false. */
  httpAdmin?: unknown;
  settings: {
    httpNodeRoot?: string | false;
    httpAdminRoot?: string | false;
    httpNodeMiddleware?: unknown;
  };
}
