/** The sandbox's Zoom: meetings and webinars with their stream configuration and state. */
export interface StreamRecord {
  kind: 'meeting' | 'webinar';
  id: string;
  /** The meeting or webinar is in progress (Zoom only starts streams of running ones). */
  running: boolean;
  configured: boolean;
  live: boolean;
  stream_url: string;
  stream_key: string;
  page_url: string;
  resolution?: string;
  settings: Record<string, unknown>;
  /** When its host started it (sandbox clock), and when its stream last went live: time to live. */
  startedAt?: number;
  liveAt?: number;
  topic?: string;
  /** Its host (default sandbox-host), whose settings USERS holds. */
  hostId?: string;
  /** An end-to-end encrypted meeting cannot stream (Zoom's 4400). */
  encryption?: 'e2ee' | 'enhanced_encryption';
  /** Its calendar, as Zoom's read gives it: the type (2 scheduled, 3 and 6 no fixed time, 8 and 9 recurring), start and duration. */
  type?: number;
  scheduledAt?: number;
  durationMinutes?: number;
  /** A recurring meeting's occurrences (type 8 or 9). */
  occurrences?: { startMs: number; durationMinutes: number; deleted?: boolean }[];
}

/** The hosts' settings as GET /users/{id}/settings answers them (the fields the check reads). */
export const USERS: Readonly<Record<string, { in_meeting: Record<string, unknown> }>> = {
  'sandbox-host': {
    in_meeting: {
      allow_live_streaming: true,
      custom_live_streaming_service: true,
      webinar_live_streaming: { enable: true, live_streaming_service: ['custom_live_streaming_service'] },
    },
  },
  'host-without-streaming': {
    in_meeting: {
      allow_live_streaming: false,
      custom_live_streaming_service: false,
      webinar_live_streaming: { enable: false, live_streaming_service: [] },
    },
  },
};

/** Ids that answer with one documented Zoom error, so every code can be seen end to end. */
export const ERROR_IDS: Readonly<Record<string, { status: number; code: number; message: string }>> = {
  '88800001001': { status: 404, code: 1001, message: 'User does not exist: sandbox-user.' },
  '88800001010': { status: 400, code: 1010, message: 'User does not belong to this account: sandbox-account.' },
  '88800003000': { status: 400, code: 3000, message: 'Cannot access webinar info.' },
  '88800003161': { status: 400, code: 3161, message: 'Meeting hosting and scheduling capabilities are not allowed for your user account.' },
  '88800004400': { status: 400, code: 4400, message: 'End-to-end encrypted meetings do not support live streaming.' },
};

function configured(kind: StreamRecord['kind'], id: string): StreamRecord {
  return {
    ...streamRecord(kind, id, true),
    configured: true,
    stream_url: 'rtmp://live.example.com/app',
    stream_key: `sandbox-key-${id}`,
    page_url: 'https://example.com/live',
  };
}

/** A meeting or webinar with no stream configured yet. */
export function streamRecord(kind: StreamRecord['kind'], id: string, running: boolean): StreamRecord {
  return {
    kind,
    id,
    running,
    configured: false,
    live: false,
    stream_url: '',
    stream_key: '',
    page_url: '',
    settings: {},
    topic: `Sandbox ${kind} ${id}`,
  };
}

/**
 * The default world: a running meeting, a 17-digit one, a meeting not started, two webinars; and
 * for the pre-flight check, a meeting and a webinar whose host may not stream, and an end-to-end
 * encrypted meeting (both configured and running, so only the check's own items fail).
 */
export function defaultStreams(): StreamRecord[] {
  return [
    streamRecord('meeting', '85746065123', true),
    streamRecord('meeting', '12345678901234567', true),
    streamRecord('meeting', '81000000001', false),
    streamRecord('webinar', '92345678901', true),
    streamRecord('webinar', '93000000001', false),
    { ...configured('meeting', '81000000002'), hostId: 'host-without-streaming' },
    { ...configured('meeting', '81000000003'), encryption: 'e2ee' },
    { ...configured('webinar', '93000000002'), hostId: 'host-without-streaming' },
  ];
}
