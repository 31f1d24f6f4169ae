/**
 * `run`'s options: the controller's own (durations, restarts, listen address, alerts, events),
 * each also from ZOOM_<OPTION>; the streams file's options are passed on to the fleet commands'
 * reading. What the file's `events:` and `alerts:` say is merged in once the file is read (a flag
 * wins).
 */
import { parseArgs } from 'node:util';
import {
  checkDurationMs,
  EVENT_SOURCES,
  eventsUrlProblem,
  parseDuration,
  subscriptionIdProblem,
  ValidationError,
  ZOOM_EVENTS_WS_URL,
  type EventSource,
  type StreamsFileRun,
} from '../core/index.js';
import { envName } from './args.js';

export type { EventSource };

export const RUN_USAGE = `Usage: zoom-livestream run --file <streams.yml> [options]

Keeps every entry of a streams file live until SIGTERM or Ctrl-C (exit 0, every stream left as it is):
Zoom kept in line with the file, each stream started when its host starts the meeting, confirmed and
watched at its destination (the entry's confirm:), restarted when a drop lasts. A youtube: entry gets its
stream and broadcast before the meeting's first start, goes on-air once YouTube receives, and has its
broadcast completed when the meeting ends. SIGHUP reads the file again.

  --file FILE               the streams file (or ZOOM_STREAMS_FILE)
  --reconcile-every D       apply the file to Zoom this often (default 10m)
  --poll-interval D         read each meeting whose window is open this often (default 15s, at least 5s)
  --due D                   a meeting's window opens this long before its start (default 20m)
  --watch-every D           read each live stream's destination this often (default 15s, at least 5s;
                            YouTube: 40s at least, each read costs quota)
  --restart-after D|off     restart a stream whose drop lasts this long (default 60s, at least 10s)
  --max-restarts N          per meeting (default 3)
  --listen [HOST:]PORT|off  /metrics, /livez, /readyz, /api/streams and a status page (default 127.0.0.1:9464)
  --alert-url URL           POST a JSON alert on dropped, recovered, failed, not confirmed, restarting
                            (or ZOOM_ALERT_URL; a secret: never printed)
  --events poll|websocket|webhook   where Zoom's meeting events come from (default poll):
                            websocket: Zoom's WebSocket for --subscription-id ID (Node 22 or later;
                            --ws-url overrides wss://ws.zoom.us/ws); webhook: POST /zoom/webhook on
                            --listen, signed with ZOOM_WEBHOOK_SECRET_TOKEN
  --only a,b  --allow-literal-keys  --max-rate N  --api-base-url URL  --oauth-token-url URL
  --timeout-seconds N  --max-retries N      as for the other commands
Each option is also read from ZOOM_<OPTION> (ZOOM_WATCH_EVERY=30s); credentials as for the other commands.
`;

const DURATIONS = {
  'reconcile-every': { default: '10m', min: 60_000, max: 24 * 3_600_000 },
  'poll-interval': { default: '15s', min: 5_000, max: 3_600_000 },
  due: { default: '20m', min: 60_000, max: 24 * 3_600_000 },
  'watch-every': { default: '15s', min: 5_000, max: 300_000 },
  'restart-after': { default: '60s', min: 10_000, max: 3_600_000 },
} as const;
/** Passed on to the streams file's reading, as the fleet commands take them. */
const SHARED = ['only', 'max-rate', 'api-base-url', 'oauth-token-url', 'timeout-seconds', 'max-retries'] as const;
const OWN = ['max-restarts', 'listen', 'alert-url', 'events', 'subscription-id', 'ws-url'] as const;

export interface RunSettings {
  durations: Record<keyof typeof DURATIONS, number | undefined>;
  maxRestarts: number;
  listen?: { host: string; port: number };
  alertUrl?: string;
  /** As the flags give them; the file's events: fills in the rest (runEvents). */
  events: { source?: EventSource; subscriptionId?: string; wsUrl: string };
  passOn: string[];
}

export interface RunEvents {
  source: EventSource;
  subscriptionId?: string;
  wsUrl: string;
  secretToken?: string;
}

export function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv): RunSettings & { help: boolean } {
  const strings = [...Object.keys(DURATIONS), ...SHARED, ...OWN, 'file'];
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(strings.map((name) => [name, { type: 'string' as const }])),
      'allow-literal-keys': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  const given = (name: string): string | undefined =>
    (values as Record<string, string | undefined>)[name] ?? (env[envName(name)] || undefined);
  const durations = Object.fromEntries(
    Object.entries(DURATIONS).map(([name, d]) => {
      const text = given(name) ?? d.default;
      if (name === 'restart-after' && text.trim().toLowerCase() === 'off') return [name, undefined];
      return [name, checkDurationMs(parseDuration(name, text), name, d.min, d.max)];
    }),
  ) as RunSettings['durations'];
  const restarts = given('max-restarts') ?? '3';
  if (!/^\d{1,3}$/.test(restarts.trim()) || Number(restarts) > 100)
    throw new ValidationError(
      'max-restarts',
      `must be a whole number from 0 to 100, got ${JSON.stringify(restarts.slice(0, 20))}.`,
      'Give --max-restarts 3, say.',
    );
  const listenText = (given('listen') ?? '127.0.0.1:9464').trim();
  let listen: RunSettings['listen'];
  if (listenText !== 'off') {
    const match = /^(?:(\[[0-9a-f:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/i.exec(listenText);
    if (!match || Number(match[2]) > 65535)
      throw new ValidationError(
        'listen',
        `${JSON.stringify(listenText.slice(0, 60))} is not an address.`,
        'Give a port (9464), HOST:PORT (0.0.0.0:9464) or off.',
      );
    listen = { host: (match[1] ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1'), port: Number(match[2]) };
  }
  const file = given('file');
  if (!file && !values.help)
    throw new ValidationError('file', 'is missing: run keeps a streams file live.', 'Give --file streams.yml (or ZOOM_STREAMS_FILE).');
  const passOn = [
    'apply',
    '--file',
    file ?? '',
    ...SHARED.flatMap((name) => {
      const value = (values as Record<string, string | undefined>)[name];
      return value ? [`--${name}`, value] : [];
    }),
  ];
  if (values['allow-literal-keys']) passOn.push('--allow-literal-keys');
  const alertUrl = given('alert-url');
  const source = given('events')?.trim().toLowerCase();
  if (source !== undefined && !(EVENT_SOURCES as readonly string[]).includes(source))
    throw new ValidationError(
      'events',
      `${JSON.stringify(source.slice(0, 40))} is not an event source.`,
      'Give --events poll, websocket or webhook.',
    );
  const subscriptionId = given('subscription-id')?.trim();
  const idProblem = subscriptionId === undefined ? undefined : subscriptionIdProblem(subscriptionId);
  if (idProblem) throw new ValidationError('subscription-id', `${idProblem}.`, 'Give --subscription-id ID.');
  const wsUrl = given('ws-url')?.trim() ?? ZOOM_EVENTS_WS_URL;
  const urlProblem = eventsUrlProblem(wsUrl);
  if (urlProblem) throw new ValidationError('ws-url', `${urlProblem}.`, 'Give --ws-url wss://HOST/PATH, or leave it out for Zoom.');
  const events = {
    ...(source ? { source: source as EventSource } : {}),
    ...(subscriptionId ? { subscriptionId } : {}),
    wsUrl,
  };
  return {
    events,
    durations,
    maxRestarts: Number(restarts),
    ...(listen ? { listen } : {}),
    ...(alertUrl ? { alertUrl } : {}),
    passOn,
    help: values.help === true,
  };
}

/** Where events come from: the flags, else the file's events:, else polling; checked for what each source needs. */
export function runEvents(settings: RunSettings, file: StreamsFileRun, env: NodeJS.ProcessEnv): RunEvents {
  const source = settings.events.source ?? file.run.events?.source ?? 'poll';
  const subscriptionId = settings.events.subscriptionId ?? file.run.events?.subscriptionId;
  if (source === 'websocket' && !subscriptionId)
    throw new ValidationError(
      'subscription-id',
      'is missing: the websocket source reads one event subscription.',
      "Give --subscription-id ID, or subscription-id in the file's events: (the app's Event Subscriptions page shows it).",
    );
  const secretToken = env.ZOOM_WEBHOOK_SECRET_TOKEN || undefined;
  if (source === 'webhook' && (!secretToken || !settings.listen))
    throw new ValidationError(
      'events',
      !settings.listen ? 'webhook needs --listen: the endpoint is POST /zoom/webhook there.' : 'webhook needs ZOOM_WEBHOOK_SECRET_TOKEN.',
      "Set ZOOM_WEBHOOK_SECRET_TOKEN to the app's secret token (its Features page shows it) and keep --listen on.",
    );
  return { source, wsUrl: settings.events.wsUrl, ...(subscriptionId ? { subscriptionId } : {}), ...(secretToken ? { secretToken } : {}) };
}
