/** The sandbox's own endpoints, not Zoom's: play the host, subscribe the app's webhooks. */
import type { IncomingMessage } from 'node:http';
import { bodyObject, type RecordedRequest, type Reply } from './requests.js';
import type { StreamRecord } from './streams.js';

/** What the controls drive. */
export interface HostSide {
  origin: string;
  stream(kind: 'meeting' | 'webinar', id: string): StreamRecord | undefined;
  hostStarts(kind: 'meeting' | 'webinar', id: string, afterMs?: number): StreamRecord;
  hostEnds(kind: 'meeting' | 'webinar', id: string): StreamRecord;
  hostClientBlocked(kind: 'meeting' | 'webinar', id: string, blocked: boolean): StreamRecord;
  subscribe(url: string, secretToken: string): Promise<boolean>;
}

const quoteOrigin = (origin: string) => JSON.stringify(origin.slice(0, 100));

/**
 * The host's side, for demos and tests: POST /sandbox/{meetings|webinars}/{id}/start[?after=N]
 * (seconds) and POST /sandbox/{meetings|webinars}/{id}/end; and the app's: POST /sandbox/webhooks
 * {url, secretToken} subscribes an endpoint after URL validation. Loopback only, like the sandbox.
 */
export async function control(req: IncomingMessage, url: URL, recorded: RecordedRequest, host: HostSide): Promise<Reply> {
  // A web page cannot make a browser send these: a foreign Origin is refused, and a POST must be
  // JSON, which a cross-site form cannot send without the Origin that CORS would announce.
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== host.origin) {
    return {
      status: 403,
      body: { error: `requests from ${quoteOrigin(origin)} are refused: the sandbox takes its controls from local tools only` },
    };
  }
  if (req.method === 'POST' && !/^application\/json\b/i.test(recorded.contentType)) {
    return { status: 415, body: { error: "send the controls as JSON: curl -X POST -H 'content-type: application/json' ..." } };
  }
  if (url.pathname === '/sandbox/webhooks') {
    if (req.method !== 'POST') return { status: 405, body: { error: 'use POST' } };
    const body = bodyObject(recorded);
    if (typeof body?.url !== 'string' || typeof body.secretToken !== 'string') {
      return { status: 400, body: { error: 'POST {"url": "...", "secretToken": "..."}' } };
    }
    const validated = await host.subscribe(body.url, body.secretToken);
    return { status: validated ? 200 : 502, body: { url: body.url, validated } };
  }
  const match = /^\/sandbox\/(meetings|webinars)\/(\d{1,19})\/(start|end|publisher)$/.exec(url.pathname);
  if (!match) return { status: 404, body: { error: 'POST /sandbox/{meetings|webinars}/{id}/start?after=SECONDS or .../end' } };
  if (req.method !== 'POST') return { status: 405, body: { error: 'use POST' } };
  const kind = match[1] === 'webinars' ? 'webinar' : 'meeting';
  const id = match[2]!;
  if (!host.stream(kind, id)) return { status: 404, body: { error: `no ${kind} ${id} in the sandbox` } };
  if (match[3] === 'publisher') {
    const blocked = bodyObject(recorded)?.blocked;
    if (typeof blocked !== 'boolean') return { status: 400, body: { error: 'POST {"blocked": true} or {"blocked": false}' } };
    host.hostClientBlocked(kind, id, blocked);
    return { status: 200, body: { kind, id, blocked } };
  }
  const after = Number(url.searchParams.get('after') ?? 0);
  if (!Number.isFinite(after) || after < 0 || after > 86_400) return { status: 400, body: { error: 'after: seconds from 0 to 86400' } };
  const record = match[3] === 'start' ? host.hostStarts(kind, id, after * 1000) : host.hostEnds(kind, id);
  return {
    status: 200,
    body: { kind, id, running: record.running, ...(match[3] === 'start' && after ? { startsInSeconds: after } : {}) },
  };
}
