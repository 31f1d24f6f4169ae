/**
 * `zoom-livestream run --file streams.yml`: the resident controller (core/control) until SIGTERM or
 * SIGINT, which stop watching and exit 0, leaving every stream as it is. SIGHUP reads the file
 * again: a file with problems is refused, with its problems, and the old one keeps running.
 * Stdout: one JSON line per change of an entry's state; stderr: human lines.
 */
import { parseArgs } from 'node:util';
import {
  AlertSender,
  answerDelivery,
  DeliveryMemory,
  ZOOM_EVENTS_WS_URL,
  ZoomEventSocket,
  asZoomError,
  checkDurationMs,
  FleetController,
  metricsText,
  parseDuration,
  prepareStreamsFile,
  ValidationError,
  VERSION,
  ZoomLiveStreamClient,
  type StreamsFileRun,
} from '../core/index.js';
import { cliWords, parseCommandLine } from './args.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { serveStatus } from './status-server.js';

export const RUN_USAGE = `Usage: zoom-livestream run --file <streams.yml> [options]

Keeps every entry of a streams file live until SIGTERM or Ctrl-C (exit 0, every stream left as it is):
Zoom kept in line with the file, each stream started when its host starts the meeting, confirmed and
watched at its destination (the entry's confirm:), restarted when a drop lasts. SIGHUP reads the file again.

  --file FILE               the streams file (or ZOOM_STREAMS_FILE)
  --reconcile-every D       apply the file to Zoom this often (default 10m)
  --poll-interval D         read each meeting whose window is open this often (default 15s, at least 5s)
  --due D                   a meeting's window opens this long before its start (default 20m)
  --watch-every D           read each live stream's destination this often (default 15s, at least 5s)
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
const EVENT_SOURCES = ['poll', 'websocket', 'webhook'] as const;
type EventSource = (typeof EVENT_SOURCES)[number];

interface RunSettings {
  durations: Record<keyof typeof DURATIONS, number | undefined>;
  maxRestarts: number;
  listen?: { host: string; port: number };
  alertUrl?: string;
  events: { source: EventSource; subscriptionId?: string; wsUrl: string; secretToken?: string };
  passOn: string[];
}

function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv): RunSettings & { help: boolean } {
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
    (values as Record<string, string | undefined>)[name] ?? (env[`ZOOM_${name.toUpperCase().replace(/-/g, '_')}`] || undefined);
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
  const file = given('file') ?? env.ZOOM_STREAMS_FILE;
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
  const source = (given('events') ?? 'poll').trim().toLowerCase();
  if (!(EVENT_SOURCES as readonly string[]).includes(source))
    throw new ValidationError(
      'events',
      `${JSON.stringify(source.slice(0, 40))} is not an event source.`,
      'Give --events poll, websocket or webhook.',
    );
  const subscriptionId = given('subscription-id');
  if (source === 'websocket' && !subscriptionId)
    throw new ValidationError(
      'subscription-id',
      'is missing: --events websocket reads one event subscription.',
      "Give --subscription-id ID (the app's Event Subscriptions page shows it).",
    );
  const secretToken = env.ZOOM_WEBHOOK_SECRET_TOKEN || undefined;
  if (source === 'webhook' && (!secretToken || !listen))
    throw new ValidationError(
      'events',
      !listen ? 'webhook needs --listen: the endpoint is POST /zoom/webhook there.' : 'webhook needs ZOOM_WEBHOOK_SECRET_TOKEN.',
      "Set ZOOM_WEBHOOK_SECRET_TOKEN to the app's secret token (its Features page shows it) and keep --listen on.",
    );
  const events = {
    source: source as EventSource,
    ...(subscriptionId ? { subscriptionId } : {}),
    wsUrl: given('ws-url') ?? ZOOM_EVENTS_WS_URL,
    ...(secretToken ? { secretToken } : {}),
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

export async function runController(argv: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const usage = (error: unknown) => {
    const { message, hint } = asZoomError(error).worded(cliWords(() => ''));
    io.stderr(`zoom-livestream: ${message}${hint ? ` ${hint}` : ''}\n`);
    return EXIT.usage;
  };
  let settings: ReturnType<typeof parseRunArgs>;
  let file: StreamsFileRun;
  const read = () => {
    const cli = parseCommandLine(settings.passOn, env);
    return { cli, file: prepareStreamsFile(cli.input, env) };
  };
  let secrets: string[];
  try {
    settings = parseRunArgs(argv, env);
    if (settings.help) {
      io.stdout(RUN_USAGE);
      return EXIT.done;
    }
    const first = read();
    file = first.file;
    secrets = [
      ...first.cli.secrets,
      ...file.keys,
      ...[settings.alertUrl, settings.events.secretToken].filter((s): s is string => Boolean(s)),
    ];
  } catch (error) {
    return usage(error instanceof TypeError ? new ValidationError('usage', error.message, 'Run zoom-livestream run --help.') : error);
  }

  let rateLimited = 0;
  const client = new ZoomLiveStreamClient({
    ...file.settings.client,
    secrets,
    logger: { info: (m) => io.stderr(`${m}\n`), warn: (m) => io.stderr(`warning: ${m}\n`) },
    onRetry: (info) => void (info.status === 429 && rateLimited++),
    ...(io.clock ? { clock: io.clock } : {}),
  });
  const alerts = settings.alertUrl
    ? new AlertSender({
        url: settings.alertUrl,
        userAgent: `zoom-livestream/${VERSION}`,
        onFailure: (alert, reason) => io.stderr(`alert ${alert.event} for ${alert.stream} not delivered: ${reason}\n`),
      })
    : undefined;
  const { durations } = settings;
  const controller = new FleetController(client, file.entries, {
    clock: client.clock,
    pollIntervalMs: durations['poll-interval']!,
    dueMs: durations.due!,
    watchEveryMs: durations['watch-every']!,
    reconcileEveryMs: durations['reconcile-every']!,
    ...(durations['restart-after'] !== undefined ? { restartAfterMs: durations['restart-after'] } : {}),
    maxRestarts: settings.maxRestarts,
    onTransition: (t) => io.stdout(`${JSON.stringify(t)}\n`),
    onAlert: (alert) => alerts?.send(alert),
    log: (line) => io.stderr(`${line}\n`),
  });

  const eventsHeard = new Map<string, number>();
  const heard = (source: EventSource, event: { event: string } & Parameters<FleetController['notify']>[0]) => {
    const key = `${source}\u0000${event.event}`;
    eventsHeard.set(key, (eventsHeard.get(key) ?? 0) + 1);
    controller.notify(event);
  };
  const socket =
    settings.events.source === 'websocket'
      ? new ZoomEventSocket({
          url: settings.events.wsUrl,
          subscriptionId: settings.events.subscriptionId!,
          token: (signal) => client.accessToken(signal),
          tokenRefused: (token) => client.tokenRefused(token),
          clock: client.clock,
          onEvent: (event) => heard('websocket', event),
          // Events of the time without a connection are lost: every entry reads Zoom now.
          onConnected: () => controller.recheck(),
          log: (line) => io.stderr(`${line}\n`),
        })
      : undefined;
  const memory = new DeliveryMemory();
  const webhook =
    settings.events.source === 'webhook'
      ? (raw: Buffer, headers: Record<string, string | string[] | undefined>) => {
          const answer = answerDelivery(raw, headers, settings.events.secretToken!, Date.now(), memory);
          if (answer.refused) io.stderr(`webhook delivery refused: ${answer.refused}\n`);
          if (answer.event) heard('webhook', answer.event);
          return answer;
        }
      : undefined;

  let status: Awaited<ReturnType<typeof serveStatus>> | undefined;
  if (settings.listen) {
    try {
      status = await serveStatus(settings.listen, {
        statuses: () => controller.statuses(),
        readiness: () => {
          const ready = controller.readiness();
          const down = socket?.downSince;
          if (ready.ready && down !== undefined && client.clock.now() - down > 60_000)
            return { ready: false, reason: "Zoom's event WebSocket has been down for over 60 s" };
          return ready;
        },
        metrics: () =>
          metricsText(controller.statuses(), {
            rateLimited,
            version: VERSION,
            events: [...eventsHeard].map(([key, count]) => {
              const [source, event] = key.split('\u0000') as [string, string];
              return { source, event, count };
            }),
            ...(socket ? { websocketConnected: socket.connected } : {}),
          }),
        ...(webhook ? { webhook } : {}),
        now: () => client.clock.now(),
      });
      io.stderr(`status page, /metrics, /livez, /readyz and /api/streams at ${status.url}\n`);
    } catch (error) {
      client.close();
      const code = (error as NodeJS.ErrnoException).code ?? 'unusable';
      return usage(
        new ValidationError(
          'listen',
          `cannot listen on ${settings.listen.host}:${settings.listen.port} (${code}).`,
          'Give another --listen port, or off.',
        ),
      );
    }
  }

  const ended = new Promise<string>((resolve) => {
    const stopListening = io.onSignal((signal) => {
      stopListening();
      resolve(signal);
    });
  });
  const stopReloading = io.onReload?.(() => {
    try {
      const again = read().file;
      const { added, removed } = controller.reload(again.entries);
      io.stderr(`reloaded ${again.entries.length} entries (${added.length} new, ${removed.length} no longer watched)\n`);
    } catch (error) {
      const e = asZoomError(error);
      io.stderr(`zoom-livestream: the file was not reloaded (the old one keeps running): ${e.worded(cliWords(() => '')).message}\n`);
    }
  });
  io.stderr(`running ${file.entries.length} entries; SIGTERM or Ctrl-C stops watching and leaves every stream as it is\n`);
  controller.start();
  socket?.start();
  const signal = await ended;
  stopReloading?.();
  await Promise.all([controller.stop(), socket?.stop()]);
  status?.server.close();
  status?.server.closeAllConnections();
  client.close();
  alerts?.close();
  io.stderr(`stopped watching on ${signal}; every stream was left as it is\n`);
  return EXIT.done;
}
