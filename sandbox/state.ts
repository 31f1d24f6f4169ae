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
}

/** Ids that answer with one documented Zoom error, so every code can be seen end to end. */
export const ERROR_IDS: Readonly<Record<string, { status: number; code: number; message: string }>> = {
  '88800001001': { status: 404, code: 1001, message: 'User does not exist: sandbox-user.' },
  '88800001010': { status: 400, code: 1010, message: 'User does not belong to this account: sandbox-account.' },
  '88800003000': { status: 400, code: 3000, message: 'Cannot access webinar info.' },
  '88800003161': { status: 400, code: 3161, message: 'Meeting hosting and scheduling capabilities are not allowed for your user account.' },
  '88800004400': { status: 400, code: 4400, message: 'End-to-end encrypted meetings do not support live streaming.' },
};

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

/** The default world: a running meeting, a 17-digit one, a meeting not started, two webinars. */
export function defaultStreams(): StreamRecord[] {
  return [
    streamRecord('meeting', '85746065123', true),
    streamRecord('meeting', '12345678901234567', true),
    streamRecord('meeting', '81000000001', false),
    streamRecord('webinar', '92345678901', true),
    streamRecord('webinar', '93000000001', false),
  ];
}
