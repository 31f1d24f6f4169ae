/** HTTP plumbing of the sandbox: what it records of a request, how it reads bodies, how it answers. */
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The port asked for is in use: said in one line, for the scripts to print without a stack. */
export class PortTakenError extends Error {}

/** Listens on 127.0.0.1 (port 0: any free one); resolves with the origin; a taken port is a PortTakenError. */
export async function listenOnLoopback(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PortTakenError(`port ${port} on 127.0.0.1 is taken (another sandbox?): choose another with ZOOM_SANDBOX_PORT=...`)
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  contentType: string;
  raw: string;
  /** Parsed body: JSON, form-urlencoded or multipart; multipart fields keep their order. */
  fields?: [string, string][];
  json?: unknown;
  at: number;
}

/** `rawJson`, when set, is sent instead of serialising `body` (ids as JSON numbers of any size). */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string>; rawJson?: string };

export const zoomError = (status: number, code: number | string, message: string, extra: object = {}): Reply => ({
  status,
  body: { code, message, ...extra },
});

/** JSON as it is; a form's fields as text, with `settings` read back from its JSON text. */
export function bodyObject(recorded: RecordedRequest): Record<string, unknown> | undefined {
  if (recorded.json !== undefined) {
    const j = recorded.json;
    return typeof j === 'object' && j !== null && !Array.isArray(j) ? (j as Record<string, unknown>) : undefined;
  }
  if (!recorded.fields) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of recorded.fields) {
    if (key === 'settings') {
      try {
        out[key] = JSON.parse(value);
      } catch {
        out[key] = value;
      }
    } else {
      out[key] = value;
    }
  }
  return out;
}

export async function parseBody(recorded: RecordedRequest): Promise<void> {
  const type = recorded.contentType.split(';')[0]!.trim();
  if (!recorded.raw) return;
  if (type === 'application/json') {
    try {
      recorded.json = JSON.parse(recorded.raw);
    } catch {
      recorded.json = null;
    }
  } else if (type === 'application/x-www-form-urlencoded') {
    recorded.fields = [...new URLSearchParams(recorded.raw)];
  } else if (type === 'multipart/form-data') {
    try {
      const form = await new Response(recorded.raw, { headers: { 'content-type': recorded.contentType } }).formData();
      recorded.fields = [...form.entries()].map(([k, v]) => [k, String(v)]);
    } catch {
      recorded.fields = [];
    }
  }
}
