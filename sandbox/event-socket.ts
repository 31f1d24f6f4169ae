/**
 * Zoom's WebSocket event delivery, as the sandbox offers it (`ws://127.0.0.1:PORT/ws?subscriptionId=
 * ID&access_token=TOKEN`), with Zoom's protocol: `build_connection` first, heartbeats answered,
 * each event as `{"module":"message","content":"<the webhook's JSON>"}`, an expired token told with
 * `success: false` and "Token is invalid", a second connection on a subscription closing the first,
 * and events that happen while nobody is connected dropped. RFC 6455 framing for text frames, by
 * hand: the sandbox needs no WebSocket library.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** A frame larger than this is not a heartbeat: the connection is closed. */
const MAX_FRAME_BYTES = 64 * 1024;

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length]) : Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff]);
  if (length > 0xffff) throw new Error('frame too large');
  return Buffer.concat([header, payload]);
}

class EventSocket {
  private buffered = Buffer.alloc(0);
  closed = false;

  constructor(
    private readonly socket: Duplex,
    readonly subscriptionId: string,
    readonly token: string,
    private readonly onText: (text: string) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => socket.destroy());
  }

  send(message: unknown): void {
    if (!this.closed) this.socket.write(frame(0x1, Buffer.from(JSON.stringify(message))));
  }

  close(code = 1000): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.end(frame(0x8, Buffer.from([code >> 8, code & 0xff])));
  }

  /** Client frames are masked; text frames go to onText, a ping gets its pong, a close is answered. */
  private read(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const b = this.buffered;
      if (b.length < 2) return;
      const opcode = b[0]! & 0x0f;
      let length = b[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (b.length < 4) return;
        length = b.readUInt16BE(2);
        offset = 4;
      } else if (length === 127 || !(b[1]! & 0x80) || length > MAX_FRAME_BYTES) {
        return void this.socket.destroy();
      }
      if (b.length < offset + 4 + length) return;
      const mask = b.subarray(offset, offset + 4);
      const payload = Buffer.from(b.subarray(offset + 4, offset + 4 + length).map((byte, i) => byte ^ mask[i % 4]!));
      this.buffered = b.subarray(offset + 4 + length);
      if (opcode === 0x1) this.onText(payload.toString('utf8'));
      else if (opcode === 0x9) this.socket.write(frame(0xa, payload));
      else if (opcode === 0x8) this.close();
    }
  }
}

export class EventSockets {
  private readonly open = new Map<string, EventSocket>();

  constructor(
    /** Whether a token is one the sandbox issued and still honours. */
    private readonly tokenValid: (token: string) => boolean,
    private readonly log?: (line: string) => void,
  ) {}

  /** Connections open now (tests wait for one). */
  get connected(): number {
    return [...this.open.values()].filter((s) => !s.closed).length;
  }

  /** The HTTP upgrade of /ws: refused (401) without a valid token or a subscription id. */
  upgrade(req: IncomingMessage, socket: Duplex): void {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const key = req.headers['sec-websocket-key'];
    const subscriptionId = url.searchParams.get('subscriptionId') ?? '';
    const token = url.searchParams.get('access_token') ?? '';
    if (url.pathname !== '/ws' || typeof key !== 'string' || !subscriptionId || !this.tokenValid(token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const connection = new EventSocket(socket, subscriptionId, token, (text) => {
      let message: { module?: unknown } | undefined;
      try {
        message = JSON.parse(text) as { module?: unknown };
      } catch {
        message = undefined;
      }
      if (message?.module === 'heartbeat') {
        if (this.tokenValid(token)) connection.send({ module: 'heartbeat', success: true, content: 'live', header: {} });
        else this.refuse(connection);
      }
    });
    // One connection per subscription: a new one closes the one before.
    this.open.get(subscriptionId)?.close();
    this.open.set(subscriptionId, connection);
    connection.send({ module: 'build_connection', success: true, content: '', header: {} });
    this.log?.(`event socket connected for subscription ${subscriptionId}`);
  }

  /** An event to every connection: those whose token expired are told so instead (and get nothing). */
  deliver(body: string): void {
    for (const connection of this.open.values()) {
      if (connection.closed) continue;
      if (this.tokenValid(connection.token)) connection.send({ module: 'message', success: true, content: body, header: {} });
      else this.refuse(connection);
    }
  }

  /** Zoom's word for an expired token; the client must reconnect with a new one. */
  private refuse(connection: EventSocket): void {
    connection.send({ module: 'heartbeat', success: false, content: 'Token is invalid', header: {} });
  }

  close(): void {
    for (const connection of this.open.values()) connection.close();
    this.open.clear();
  }
}
