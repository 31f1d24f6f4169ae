/**
 * A start that waits for the host, as one step of a task. Before it waits it reads the stream
 * configuration once (unless the task has just written it): a stream that is not configured would
 * only fail once the host is in, so it fails now, with the fix. Then it waits with the cheaper probe
 * the token allows: a meeting it may read is read (`GET /meetings/{id}`, `status: started`) at a
 * shorter interval and started once it runs; otherwise the start call itself is the probe (wait.ts).
 * Its first reads and try go behind stops, updates and plain starts; every later try is a poll,
 * behind everything else on the account's pace.
 */
import type { ZoomLiveStreamClient } from '../zoom/client.js';
import type { SendOptions } from '../http/transport.js';
import { ZoomApiError } from '../errors.js';
import { lacksScope } from '../zoom/scopes.js';
import { quote } from '../text.js';
import { describeOperation, readTargetOperation, type Operation } from '../zoom/operations.js';
import { printable } from '../text.js';
import type { ResponseMeta, LiveStreamConfig } from '../zoom/types.js';
import { HostNotInError, untilStarted, type WaitForStart, type WaitProgress } from './wait.js';
import { DEFAULT_POLL_INTERVAL_MS } from './durations.js';
import type { Priority } from '../http/pace.js';

/** The meeting read is cheap and starts nothing, so it can ask more often than the start call. */
export const DEFAULT_PROBE_INTERVAL_MS = 5_000;

/** Scopes that let the app read a meeting (granular first, then classic). Webinars have no `status` to read. */
const MEETING_READ_SCOPES = ['meeting:read:meeting:admin', 'meeting:read:meeting', 'meeting:read:admin', 'meeting:read'];

/** How a wait finds out that the host is in. */
export type Probe = 'meeting' | 'start';

export interface WaitingStartOptions extends SendOptions {
  onWait?: (progress: WaitProgress) => void;
  /** Told once, before the first try: which probe the wait uses, and how often. */
  onProbe?: (probe: Probe, intervalMs: number) => void;
  step: <T>(send: () => Promise<T>, priority?: Priority) => Promise<T>;
}

async function canReadMeeting(client: ZoomLiveStreamClient, op: Operation, call: SendOptions): Promise<boolean> {
  if (op.target.kind !== 'meeting') return false;
  const scopes = await client.tokenScopes(call.signal);
  return scopes?.some((s) => MEETING_READ_SCOPES.includes(s)) ?? false;
}

/** Fails at once when the target has no custom live stream to start; a read the app may not make is skipped. */
async function checkConfigured(
  client: ZoomLiveStreamClient,
  op: Operation,
  step: WaitingStartOptions['step'],
  call: SendOptions,
): Promise<void> {
  let config: LiveStreamConfig;
  try {
    // A waiting start is patient by nature: its reads and first try never go ahead of a stop.
    config = await step(() => client.getLiveStream(op.target, { ...call, priority: 'wait' }), 'wait');
  } catch (error) {
    if (lacksScope(error)) return;
    throw error;
  }
  if (!config.stream_url) {
    throw new ZoomApiError(
      `${describeOperation(op)}: the ${op.target.kind} has no custom live stream configured, so it could never start.`,
      {
        status: 200,
        operation: describeOperation(op),
        hint: 'Run update with the stream URL, key and page URL first (or give them to this start, which then updates first).',
      },
    );
  }
}

export async function waitingStart(
  client: ZoomLiveStreamClient,
  op: Operation,
  wait: WaitForStart,
  configured: boolean,
  options: WaitingStartOptions,
): Promise<ResponseMeta & { waitedMs: number; tries: number }> {
  const { onWait, onProbe, step, ...call } = options;
  if (!configured) await checkConfigured(client, op, step, call);
  const probe: Probe = (await canReadMeeting(client, op, call)) ? 'meeting' : 'start';
  const intervalMs = wait.pollIntervalMs ?? (probe === 'meeting' ? DEFAULT_PROBE_INTERVAL_MS : DEFAULT_POLL_INTERVAL_MS);
  onProbe?.(probe, intervalMs);
  const label = describeOperation(op);
  const statusRead = readTargetOperation(op.target, 'read meeting status', 'meeting');
  let running = probe === 'start';
  const started = await untilStarted(
    async (deadline, onSend, repeat) => {
      const pacing: SendOptions = {
        ...call,
        minRetryDelayMs: intervalMs,
        deadline,
        onSend,
        priority: repeat ? 'poll' : 'wait',
      };
      if (!running) {
        let read: Awaited<ReturnType<ZoomLiveStreamClient['read']>> | undefined;
        try {
          read = await step(() => client.read(statusRead, pacing), pacing.priority);
        } catch (error) {
          // A token refreshed without the meeting-read scope: the start call is the probe from now on.
          if (!lacksScope(error)) throw error;
        }
        running = read === undefined || read.json.status === 'started';
        if (read && !running) {
          // Zoom's text, redacted and cut like any text from the network.
          const said = `Meeting ${op.target.id} has not started (its status is ${quote(printable(client.redact(String(read.json.status ?? 'unknown'))))}).`;
          throw new HostNotInError(`${label}: ${said}`, {
            status: read.status,
            zoomMessage: said,
            trackingId: read.trackingId,
            operation: label,
          });
        }
      }
      // The caller hears of the start request itself leaving (it may then be applied), not of the reads.
      const starting: SendOptions = {
        ...pacing,
        onSend: () => {
          call.onSend?.();
          onSend();
        },
      };
      return step(() => client.perform(op, starting), pacing.priority);
    },
    { ...wait, pollIntervalMs: intervalMs },
    { clock: client.clock, label, kind: op.target.kind, signal: call.signal, onWait },
  );
  return { ...started.value, waitedMs: started.waitedMs, tries: started.tries };
}
