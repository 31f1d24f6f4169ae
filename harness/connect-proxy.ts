/**
 * A forwarding proxy on loopback as corporate networks run them: it answers CONNECT only, asks for
 * basic credentials when given some, and opens every tunnel to one local port whatever host was
 * asked (it stands in for the proxy's DNS). Records what it was asked, and counts open sockets so a
 * test can see that every tunnel was closed.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ConnectProxy {
  /** http://[user:password@]127.0.0.1:PORT */
  url: string;
  /** The `host:port` of each CONNECT, with the credentials it carried (decoded). */
  asked: { target: string; credentials?: string }[];
  /** Sockets still open, from clients and to the target. */
  open(): number;
  close(): Promise<void>;
}

export async function connectProxy(options: {
  routeToPort: number;
  credentials?: { user: string; password: string };
}): Promise<ConnectProxy> {
  const sockets = new Set<Socket>();
  const asked: ConnectProxy['asked'] = [];
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const expected = options.credentials ? `${options.credentials.user}:${options.credentials.password}` : undefined;
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Socket) => {
    const header = req.headers['proxy-authorization'] ?? '';
    const credentials = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : undefined;
    asked.push({ target: req.url ?? '', ...(credentials !== undefined ? { credentials } : {}) });
    if (expected !== undefined && credentials !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    const upstream = connect(options.routeToPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const auth = options.credentials
    ? `${encodeURIComponent(options.credentials.user)}:${encodeURIComponent(options.credentials.password)}@`
    : '';
  return {
    url: `http://${auth}127.0.0.1:${port}`,
    asked,
    open: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
