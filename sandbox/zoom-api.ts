/**
 * Zoom's API as the sandbox answers it: the six live stream operations, the meeting and webinar
 * reads (GET /meetings/{id}, with `status`), the host's settings, with Zoom's validation and errors.
 */
import type { IncomingMessage } from 'node:http';
import { isoSeconds as iso } from '../core/text.js';
import type { TokenIssuer } from './oauth.js';
import { bodyObject, zoomError, type RecordedRequest, type Reply } from './requests.js';
import { ERROR_IDS, USERS, type StreamRecord } from './streams.js';
import type { EventSubscriptions } from './webhook-deliveries.js';

export class ZoomApi {
  constructor(
    private readonly streams: Map<string, StreamRecord>,
    private readonly tokens: TokenIssuer,
    private readonly events: EventSubscriptions,
    private readonly now: () => number,
    /** Told whenever a stream goes live or stops (the sandbox publishes while it is live). */
    private readonly onLiveChange: (stream: StreamRecord) => void = () => undefined,
  ) {}

  private stream(kind: 'meeting' | 'webinar', id: string): StreamRecord | undefined {
    return this.streams.get(`${kind}:${id}`);
  }

  handle(req: IncomingMessage, recorded: RecordedRequest, url: URL): Reply {
    const user = /^\/v2\/users\/([^/]+)\/settings$/.exec(url.pathname);
    if (user && req.method === 'GET') return this.userSettings(req, decodeURIComponent(user[1]!));
    const read = /^\/v2\/(meetings|webinars)\/([^/]+)$/.exec(url.pathname);
    if (read && req.method === 'GET')
      return this.details(req, read[1] === 'webinars' ? 'webinar' : 'meeting', decodeURIComponent(read[2]!));
    const match = /^\/v2\/(meetings|webinars)\/([^/]*)\/livestream(\/status)?$/.exec(url.pathname);
    if (!match) return zoomError(404, 404, 'Not found.');
    if (!this.tokens.tokenValid(req)) return zoomError(401, 124, 'Invalid access token.');
    const kind = match[1] === 'webinars' ? 'webinar' : 'meeting';
    const Kind = kind === 'webinar' ? 'Webinar' : 'Meeting';
    const id = decodeURIComponent(match[2]!);
    if (!/^\d{1,19}$/.test(id)) return zoomError(400, 300, `Invalid ${kind} ID.`);
    const planted = ERROR_IDS[id];
    if (planted) return zoomError(planted.status, planted.code, planted.message);
    const stream = this.stream(kind, id);
    if (!stream) return zoomError(kind === 'webinar' ? 400 : 404, 3001, `${Kind} does not exist: ${id}.`);
    const isStatus = Boolean(match[3]);
    if (req.method === 'GET' && !isStatus) {
      const body: Record<string, unknown> = { stream_url: stream.stream_url, stream_key: stream.stream_key, page_url: stream.page_url };
      if (stream.resolution) body.resolution = stream.resolution;
      return { status: 200, body };
    }
    if (req.method !== 'PATCH') return zoomError(405, 405, 'Method not allowed.');
    const body = bodyObject(recorded);
    if (!body) return zoomError(400, 300, 'Request Body should be a valid JSON object.');
    return isStatus ? this.status(stream, body, Kind) : this.update(stream, body);
  }

  /**
   * GET /meetings/{id} (with `status`: waiting or started) and GET /webinars/{id} (without), the
   * fields Zoom's reference lists. The id is written as a JSON number with all its digits, as Zoom
   * does, which JSON.parse would round past 2^53: readers must take care.
   */
  private details(req: IncomingMessage, kind: 'meeting' | 'webinar', id: string): Reply {
    if (!this.tokens.tokenValid(req)) return zoomError(401, 124, 'Invalid access token.');
    const refused = this.tokens.missingScope(req, `${kind}:read:${kind}:admin`);
    if (refused) return refused;
    if (!/^\d{1,19}$/.test(id)) return zoomError(400, 300, `Invalid ${kind} ID.`);
    const stream = this.stream(kind, id);
    if (!stream) return zoomError(404, 3001, `${kind === 'webinar' ? 'Webinar' : 'Meeting'} does not exist: ${id}.`);
    const body: Record<string, unknown> = {
      uuid: Buffer.from(`${kind}:${id}`).toString('base64'),
      id: 0,
      host_id: stream.hostId ?? 'sandbox-host',
      topic: stream.topic ?? `Sandbox ${kind} ${id}`,
      type: stream.type ?? (kind === 'webinar' ? 5 : 2),
      start_time: iso(stream.scheduledAt ?? stream.startedAt ?? this.now()),
      duration: stream.durationMinutes ?? 60,
      settings: { encryption_type: stream.encryption ?? 'enhanced_encryption' },
    };
    if (stream.occurrences) {
      body.occurrences = stream.occurrences.map((o, i) => ({
        occurrence_id: String(1_700_000_000_000 + i),
        start_time: iso(o.startMs),
        duration: o.durationMinutes,
        status: o.deleted ? 'deleted' : 'available',
      }));
    }
    if (kind === 'meeting') body.status = stream.running ? 'started' : 'waiting';
    return { status: 200, body, rawJson: JSON.stringify(body).replace('"id":0', `"id":${id}`) };
  }

  /** GET /users/{userId}/settings: the in_meeting fields the pre-flight check reads. */
  private userSettings(req: IncomingMessage, userId: string): Reply {
    if (!this.tokens.tokenValid(req)) return zoomError(401, 124, 'Invalid access token.');
    const refused = this.tokens.missingScope(req, 'user:read:settings:admin');
    if (refused) return refused;
    const settings = USERS[userId];
    return settings ? { status: 200, body: settings } : zoomError(404, 1001, `User does not exist: ${userId}.`);
  }

  private update(stream: StreamRecord, body: Record<string, unknown>): Reply {
    const errors: { field: string; message: string }[] = [];
    const limits: [string, number][] = [
      ['stream_url', 1024],
      ['stream_key', 512],
      ['page_url', 1024],
    ];
    for (const [field, max] of limits) {
      const value = body[field];
      if (typeof value !== 'string' || value === '') errors.push({ field, message: `${field} is required.` });
      else if (value.length > max) errors.push({ field, message: `${field} must be at most ${max} characters.` });
    }
    if (typeof body.page_url === 'string' && body.page_url && !/^https?:\/\/\S+$/.test(body.page_url)) {
      errors.push({ field: 'page_url', message: 'Invalid field.' });
    }
    if (body.resolution !== undefined && !['720p', '1080p'].includes(String(body.resolution))) {
      errors.push({ field: 'resolution', message: "Invalid field. Allowed: '720p', '1080p'." });
    }
    if (errors.length) return zoomError(400, 300, 'Validation Failed.', { errors });
    Object.assign(stream, { stream_url: body.stream_url, stream_key: body.stream_key, page_url: body.page_url, configured: true });
    if (body.resolution !== undefined) stream.resolution = String(body.resolution);
    return { status: 204 };
  }

  private status(stream: StreamRecord, body: Record<string, unknown>, Kind: string): Reply {
    const actions = stream.kind === 'webinar' ? ['start', 'stop'] : ['start', 'stop', 'mode'];
    if (typeof body.action !== 'string' || !actions.includes(body.action)) {
      return zoomError(400, 300, 'Validation Failed.', {
        errors: [{ field: 'action', message: `Invalid field. Allowed: ${actions.map((a) => `'${a}'`).join(', ')}.` }],
      });
    }
    let settings: Record<string, unknown> | undefined;
    if (body.settings !== undefined) {
      settings = typeof body.settings === 'object' && body.settings !== null ? (body.settings as Record<string, unknown>) : undefined;
      const error = settings ? settingsError(settings, stream.kind, body.action) : 'settings must be an object.';
      if (error) return zoomError(400, 300, 'Validation Failed.', { errors: [{ field: 'settings', message: error }] });
    }
    if (!stream.running) {
      return stream.kind === 'webinar'
        ? zoomError(400, 200, `Webinar ${stream.id} has not started.`)
        : zoomError(400, 4927, `Meeting ${stream.id} has not started.`);
    }
    if (!stream.configured) return zoomError(400, 3000, `${Kind} is not configured with a custom streaming service.`);
    if (stream.encryption === 'e2ee') return zoomError(400, 4400, 'End-to-end encrypted meetings do not support live streaming.');
    const host = USERS[stream.hostId ?? 'sandbox-host']?.in_meeting;
    if (host?.allow_live_streaming === false) return zoomError(400, 200, 'Custom live streaming is not enabled for this user.');
    if (body.action === 'mode') {
      if (!stream.live) return zoomError(400, 300, 'The live stream is not running.');
      Object.assign(stream.settings, settings);
      return { status: 204 };
    }
    if (settings && stream.live) {
      return zoomError(400, 300, 'The live stream settings can only be updated while the stream is stopped.');
    }
    if (settings) Object.assign(stream.settings, settings);
    const wasLive = stream.live;
    if (body.action === 'start' && !stream.live) stream.liveAt = this.now();
    stream.live = body.action === 'start';
    // Zoom sends live streaming events for meetings only (no webinar.live_streaming_* is documented).
    if (stream.kind === 'meeting' && wasLive !== stream.live) {
      this.events.emit(stream.live ? 'meeting.live_streaming_started' : 'meeting.live_streaming_stopped', stream);
    }
    if (wasLive !== stream.live) this.onLiveChange(stream);
    return { status: 204 };
  }
}

/** Zoom's 2026 reference: names with start; layout (meetings) and close_caption with start or mode; none with stop. */
function settingsError(settings: Record<string, unknown>, kind: 'meeting' | 'webinar', action: string): string | undefined {
  const view = kind === 'webinar' ? ['close_caption'] : ['layout', 'close_caption'];
  const allowed = action === 'start' ? ['active_speaker_name', 'display_name', ...view] : action === 'mode' ? view : [];
  const unknown = Object.keys(settings).find((k) => !allowed.includes(k));
  if (unknown) return `Unknown field for ${action}: ${unknown}.`;
  if (settings.active_speaker_name !== undefined && typeof settings.active_speaker_name !== 'boolean')
    return 'active_speaker_name must be a boolean.';
  const name = settings.display_name;
  if (name !== undefined && (typeof name !== 'string' || name.length < 1 || name.length > 50))
    return 'display_name must be 1-50 characters.';
  if (settings.layout !== undefined && !['follow_host', 'gallery_view', 'speaker_view'].includes(String(settings.layout)))
    return 'Invalid layout.';
  if (settings.close_caption !== undefined && !['burnt-in', 'embedded', 'off'].includes(String(settings.close_caption)))
    return 'Invalid close_caption.';
  return undefined;
}
