/**
 * `zoom-livestream run --file streams.yml`: the resident controller (core/control) until SIGTERM or
 * SIGINT, which stop watching and exit 0, leaving every stream as it is. SIGHUP reads the file
 * again: a file with problems is refused, with its problems, and the old one keeps running.
 * Stdout: one JSON line per change of an entry's state; stderr: human lines.
 */
import {
  AlertSender,
  answerDelivery,
  DeliveryMemory,
  ZoomEventSocket,
  asZoomError,
  FleetController,
  metricsText,
  prepareStreamsFile,
  ValidationError,
  VERSION,
  streamsFileWords,
  ZoomLiveStreamClient,
  type StreamsFileRun,
  type ZoomEvent,
} from '../core/index.js';
import { cliWords, parseCommandLine } from './args.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { serveStatus } from './status-server.js';
import { parseRunArgs, RUN_USAGE, runEvents, type EventSource, type RunEvents } from './run-args.js';

/** How long alerts still out may take to land when run stops (SIGTERM's exit stays within 5 s). */
export const ALERT_DRAIN_MS = 4_000;

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
  let events: RunEvents;
  let alertUrl: string | undefined;
  try {
    settings = parseRunArgs(argv, env);
    if (settings.help) {
      io.stdout(RUN_USAGE);
      return EXIT.done;
    }
    const first = read();
    file = first.file;
    events = runEvents(settings, file, env);
    alertUrl = settings.alertUrl ?? file.run.alerts?.url;
    secrets = [...first.cli.secrets, ...file.secrets, ...[alertUrl, events.secretToken].filter((s): s is string => Boolean(s))];
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
  const alertsTo = (url: string | undefined) =>
    url
      ? new AlertSender({
          url,
          clock: client.clock,
          userAgent: `zoom-livestream/${VERSION}`,
          onFailure: (alert, reason) => io.stderr(`alert ${alert.event} for ${alert.stream} not delivered: ${reason}\n`),
        })
      : undefined;
  let alerts = alertsTo(alertUrl);
  const { durations } = settings;
  const controller = new FleetController(client, file.entries, {
    clock: client.clock,
    pollIntervalMs: durations['poll-interval']!,
    dueMs: durations.due!,
    watchEveryMs: durations['watch-every']!,
    reconcileEveryMs: durations['reconcile-every']!,
    ...(durations['restart-after'] !== undefined ? { restartAfterMs: durations['restart-after'] } : {}),
    maxRestarts: settings.maxRestarts,
    words: streamsFileWords(cliWords(() => '')),
    onTransition: (t) => io.stdout(`${JSON.stringify(t)}\n`),
    onAlert: (alert) => alerts?.send(alert),
    log: (line) => io.stderr(`${line}\n`),
  });

  /** Zoom's events heard, by source and event name (zoomls_events_total). */
  const eventsHeard = new Map<string, { source: EventSource; event: string; count: number }>();
  const heard = (source: EventSource, event: ZoomEvent) => {
    const key = JSON.stringify([source, event.event]);
    const counted = eventsHeard.get(key) ?? { source, event: event.event, count: 0 };
    counted.count++;
    eventsHeard.set(key, counted);
    controller.notify(event);
  };
  const socket =
    events.source === 'websocket'
      ? new ZoomEventSocket({
          url: events.wsUrl,
          subscriptionId: events.subscriptionId!,
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
    events.source === 'webhook'
      ? (raw: Buffer, headers: Record<string, string | string[] | undefined>) => {
          const answer = answerDelivery(raw, headers, events.secretToken!, Date.now(), memory);
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
            events: [...eventsHeard.values()],
            ...(controller.youtubeUnits !== undefined ? { youtubeUnits: controller.youtubeUnits } : {}),
            ...(socket ? { websocketConnected: socket.connected } : {}),
          }),
        ...(webhook ? { webhook } : {}),
        now: () => client.clock.now(),
      });
      io.stderr(`status page, /metrics, /livez, /readyz and /api/streams at ${status.url}\n`);
    } catch (error) {
      client.close();
      alerts?.close();
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
      const againEvents = runEvents(settings, again, env);
      for (const secret of again.secrets) client.learnSecret(secret);
      const { added, removed } = controller.reload(again.entries);
      io.stderr(`reloaded ${again.entries.length} entries (${added.length} new, ${removed.length} no longer watched)\n`);
      // A new alert URL takes over at once (the old one's alerts still out land first); a new event source needs a restart.
      const url = settings.alertUrl ?? again.run.alerts?.url;
      if (url !== alertUrl) {
        if (url) client.learnSecret(url);
        void alerts?.drain(ALERT_DRAIN_MS);
        alerts = alertsTo((alertUrl = url));
        io.stderr(url ? 'alerts go to the new alerts: url\n' : 'alerts are off (the file has no alerts: any more)\n');
      }
      if (againEvents.source !== events.source || againEvents.subscriptionId !== events.subscriptionId)
        io.stderr(`events: the file now says ${againEvents.source}; run keeps ${events.source} until it is started again\n`);
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
  // Alerts still out (a drop told a moment ago) get their chance to land, within the stop's time.
  await Promise.all([controller.stop(), socket?.stop(), alerts?.drain(ALERT_DRAIN_MS)]);
  status?.server.close();
  status?.server.closeAllConnections();
  client.close();
  io.stderr(`stopped watching on ${signal}; every stream was left as it is\n`);
  return EXIT.done;
}
