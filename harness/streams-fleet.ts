/**
 * A fleet for tests and benchmarks: a sandbox world of `count` meetings and webinars and the
 * streams file that describes it, with known drift and known problems:
 *   - entries whose stream differs (URL, key, page, none configured): DIFFERING
 *   - a meeting Zoom converted to a webinar, a host with live streaming off, an e2ee meeting: PROBLEMS
 *   - schedules: most in two days; DUE begin within 20 minutes or began 5 minutes ago (running);
 *     a recurring meeting whose next occurrence is due; one with no fixed time (NO_FIXED_TIME)
 */
import { streamRecord, type StreamRecord } from '../sandbox/streams.js';

export const FLEET_URL = 'rtmp://live.example.org/app';
export const FLEET_PAGE = 'https://example.org/live';
export const FLEET_KEY = 'fleet-key-SECRET-0042';

export interface Fleet {
  streams: StreamRecord[];
  yaml: string;
  env: Record<string, string>;
  differing: string[];
  problems: string[];
  due: string[];
  noFixedTime: string;
}

const name = (i: number) => `room-${String(i).padStart(3, '0')}`;

export function fleetWorld(count: number, now: number): Fleet {
  const streams: StreamRecord[] = [];
  const lines = ['defaults:', `  stream-url: ${FLEET_URL}`, `  page-url: ${FLEET_PAGE}`, '  stream-key: ${FLEET_KEY}', 'streams:'];
  const differing: string[] = [];
  const problems: string[] = [];
  const due: string[] = [];
  let noFixedTime = '';
  const later = now + 2 * 24 * 3_600_000;
  for (let i = 0; i < count; i++) {
    const webinar = i % 10 === 9;
    const kind = webinar ? 'webinar' : 'meeting';
    const id = String((webinar ? 97_000_000_000 : 87_000_000_000) + i);
    const record: StreamRecord = {
      ...streamRecord(kind, id, false),
      configured: true,
      stream_url: FLEET_URL,
      stream_key: FLEET_KEY,
      page_url: FLEET_PAGE,
      scheduledAt: later,
      durationMinutes: 60,
    };
    let fileKind: string = kind;
    if (i === 5 || i === 17) record.stream_url = 'rtmp://old.example.org/app';
    if (i === 42) record.stream_key = 'someone-changed-it-1234';
    if (i === 60) Object.assign(record, { configured: false, stream_url: '', stream_key: '', page_url: '' });
    if (i === 150) record.page_url = 'https://old.example.org/live';
    if ([5, 17, 42, 60, 150].includes(i)) differing.push(name(i));
    if (i === 11) {
      // Zoom converted it: the file still says meeting.
      Object.assign(record, { kind: 'webinar' });
      fileKind = 'meeting';
      problems.push(name(i));
    }
    if (i === 12) {
      record.hostId = 'host-without-streaming';
      problems.push(name(i));
    }
    if (i === 13) {
      record.encryption = 'e2ee';
      problems.push(name(i));
    }
    if (i === 3 || i === 4) {
      // Its host is in early.
      Object.assign(record, { scheduledAt: now + 10 * 60_000, running: true, startedAt: now });
      due.push(name(i));
    }
    if (i === 7) {
      Object.assign(record, { scheduledAt: now - 5 * 60_000, running: true, startedAt: now - 5 * 60_000 });
      due.push(name(i));
    }
    if (i === 20) {
      Object.assign(record, { type: 8, running: true, startedAt: now });
      record.occurrences = [
        { startMs: now - 7 * 24 * 3_600_000, durationMinutes: 60 },
        { startMs: now + 15 * 60_000, durationMinutes: 60 },
        { startMs: now + 7 * 24 * 3_600_000, durationMinutes: 60 },
      ];
      due.push(name(i));
    }
    if (i === 21) {
      record.type = 3;
      noFixedTime = name(i);
    }
    streams.push(record);
    lines.push(`  - name: ${name(i)}`, `    ${fileKind}: ${id}`);
  }
  return { streams, yaml: `${lines.join('\n')}\n`, env: { FLEET_KEY }, differing, problems, due, noFixedTime };
}
