/**
 * `run`'s HTTP face on its listen address: /metrics (Prometheus text), /livez (the process
 * answers), /readyz (503 with the reason while Zoom's token cannot be had), /api/streams (JSON) and
 * / (a status page that refreshes itself, readable on a phone). No secret on any of them: entries
 * show names, targets, states and the destination's kind, never a key or a URL.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clockTime, MAX_WEBHOOK_BODY_BYTES, type EntryStatus } from '../core/index.js';

export interface StatusSource {
  statuses(): EntryStatus[];
  readiness(): { ready: boolean; reason?: string };
  metrics(): string;
  now(): number;
  /** Zoom's webhook deliveries (POST /zoom/webhook): the answer to send. */
  webhook?: (raw: Buffer, headers: Record<string, string | string[] | undefined>) => { status: number; body?: Record<string, string> };
}

const html = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(statuses: EntryStatus[], now: number): string {
  const rows = statuses
    .map(
      (s) =>
        `<tr class="${html(s.state)}"><td>${html(s.stream)}</td><td>${html(s.target)}</td><td><b>${html(s.state)}</b> for ${html(clockTime(Math.max(0, now - s.sinceMs)))}</td><td>${html(s.destination ?? '')}${s.bitsPerSecond !== undefined ? ` ${Math.round(s.bitsPerSecond / 1000)} kbit/s` : ''}${s.youtubeUnits !== undefined ? ` ${s.youtubeUnits} units` : ''}</td><td>${s.restarts}</td><td>${html(s.problem ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5"><title>zoom-livestream run</title>
<style>body{font-family:system-ui,sans-serif;margin:1rem}table{border-collapse:collapse;width:100%}td,th{padding:.4rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
.receiving td:nth-child(3),.on-air td:nth-child(3){color:#0a0}.dropped td:nth-child(3),.failed td:nth-child(3){color:#c00}.unknown td:nth-child(3){color:#a60}
@media (max-width:600px){thead{display:none}tr{display:block;border-bottom:2px solid #ccc}td{display:block;border:0;padding:.15rem}}</style></head>
<body><h1>Streams</h1><table><thead><tr><th>stream</th><th>meeting or webinar</th><th>state</th><th>destination</th><th>restarts</th><th>last problem</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}

/** A delivery read within Zoom's bound (64 KiB), answered at once as core decides. */
function receive(req: IncomingMessage, res: ServerResponse, webhook: NonNullable<StatusSource['webhook']>): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_WEBHOOK_BODY_BYTES) {
      res.writeHead(413).end();
      req.destroy();
    } else chunks.push(chunk);
  });
  req.on('end', () => {
    if (res.headersSent) return;
    const answer = webhook(Buffer.concat(chunks), req.headers);
    if (answer.body) res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    else res.writeHead(answer.status).end();
  });
}

/** Listens on `host:port` (the port alone: loopback); resolves with the address it listens on. */
export async function serveStatus(listen: { host: string; port: number }, source: StatusSource): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/zoom/webhook' && req.method === 'POST' && source.webhook) return void receive(req, res, source.webhook);
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    const send = (status: number, type: string, body: string) =>
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
    if (path === '/metrics') return send(200, 'text/plain; version=0.0.4; charset=utf-8', source.metrics());
    if (path === '/livez') return send(200, 'text/plain; charset=utf-8', 'ok\n');
    if (path === '/readyz') {
      const ready = source.readiness();
      return send(ready.ready ? 200 : 503, 'text/plain; charset=utf-8', ready.ready ? 'ready\n' : `not ready: ${ready.reason}\n`);
    }
    if (path === '/api/streams') return send(200, 'application/json', JSON.stringify({ streams: source.statuses() }));
    if (path === '/') return send(200, 'text/html; charset=utf-8', page(source.statuses(), source.now()));
    send(404, 'text/plain; charset=utf-8', 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return { server, url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/` };
}
