/**
 * The controller's state as Prometheus text (prometheus.io's exposition format and naming
 * conventions): one gauge per entry and state, when it entered it, bytes received, restarts, the
 * client's rate limiting, and YouTube's quota units spent. Label values are escaped; no key and no URL ever appears.
 */
import { STREAM_STATES, type EntryStatus } from './states.js';

export interface Counters {
  rateLimited: number;
  version: string;
  /** Zoom's events heard, by source (websocket, webhook) and event name. */
  events?: { source: string; event: string; count: number }[];
  /** YouTube's quota units the controller's calls spent: set when the file has a YouTube entry. */
  youtubeUnits?: number;
  /** Set with the WebSocket source only. */
  websocketConnected?: boolean;
}

const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export function metricsText(statuses: readonly EntryStatus[], counters: Counters): string {
  const lines: string[] = [];
  const family = (name: string, type: 'gauge' | 'counter', help: string, rows: string[]) =>
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...rows);
  family(
    'zoomls_stream_state',
    'gauge',
    'The entry is in this state (1) or not (0).',
    statuses.flatMap((s) =>
      STREAM_STATES.map((state) => `zoomls_stream_state{stream="${label(s.stream)}",state="${state}"} ${s.state === state ? 1 : 0}`),
    ),
  );
  family(
    'zoomls_stream_state_since_timestamp_seconds',
    'gauge',
    'When the entry entered its state.',
    statuses.map((s) => `zoomls_stream_state_since_timestamp_seconds{stream="${label(s.stream)}"} ${Math.floor(s.sinceMs / 1000)}`),
  );
  family(
    'zoomls_stream_received_bytes',
    'gauge',
    "The destination's count of bytes received from the entry's publisher, at the last read.",
    statuses
      .filter((s) => s.receivedBytes !== undefined)
      .map((s) => `zoomls_stream_received_bytes{stream="${label(s.stream)}"} ${s.receivedBytes}`),
  );
  family(
    'zoomls_stream_restarts_total',
    'counter',
    'Restarts of the entry for its current meeting.',
    statuses.map((s) => `zoomls_stream_restarts_total{stream="${label(s.stream)}"} ${s.restarts}`),
  );
  family('zoomls_zoom_rate_limited_total', 'counter', "Zoom's 429 answers.", [`zoomls_zoom_rate_limited_total ${counters.rateLimited}`]);
  family(
    'zoomls_events_total',
    'counter',
    "Zoom's events heard, by source and event.",
    (counters.events ?? []).map(
      (e) => `zoomls_events_total{source="${label(e.source)}",event="${label(e.event.slice(0, 80))}"} ${e.count}`,
    ),
  );
  if (counters.youtubeUnits !== undefined)
    family('zoomls_youtube_units_total', 'counter', 'YouTube Data API quota units spent (a read 1, a write 50; 10,000 a day by default).', [
      `zoomls_youtube_units_total ${counters.youtubeUnits}`,
    ]);
  if (counters.websocketConnected !== undefined)
    family('zoomls_websocket_connected', 'gauge', "Zoom's event WebSocket is connected (1) or not (0).", [
      `zoomls_websocket_connected ${counters.websocketConnected ? 1 : 0}`,
    ]);
  family('zoomls_build_info', 'gauge', 'The version running.', [`zoomls_build_info{version="${label(counters.version)}"} 1`]);
  return `${lines.join('\n')}\n`;
}
