/** Public API of the core: everything about Zoom's live stream endpoints, once. */
export { ZoomLiveStreamClient, type PreparedRequest } from './zoom/client.js';
export { parseTarget } from './zoom/targets.js';
export { planTask, TASK_ACTIONS, type Task, type TaskAction, type TaskPlan } from './tasks/plan.js';
export { performPlan, runTask, type PendingConfirmation, type TaskResult } from './tasks/run.js';
export { type Probe } from './tasks/waiting-start.js';
export { isNotStarted, NotStartedError, type WaitForStart, type WaitProgress } from './tasks/wait.js';
export { checkDurationMs, parseDuration, MIN_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS, MAX_WAIT_FOR_START_MS } from './tasks/durations.js';
export { settingsFor } from './zoom/validate.js';
export { describeOperation } from './zoom/operations.js';
export { isPlainObject } from './http/json.js';
export { ZoomError, ValidationError, CancelledError, OverloadedError, unhandled } from './errors.js';
export { clockTime, nearest } from './text.js';
export { readSecretFile } from './files.js';
export { DEFAULT_API_BASE_URL, DEFAULT_OAUTH_TOKEN_URL, type ClientOptions } from './zoom/options.js';
export { systemClock, type Clock } from './http/clock.js';
export type { RetryInfo } from './http/transport.js';
export * from './zoom/types.js';
export { VERSION } from './zoom/version.js';
export { Pacer, type Priority } from './http/pace.js';
export { DEFAULT_REQUESTS_PER_SECOND, checkRequestsPerSecond } from './zoom/rate-limits.js';
export { Scheduler } from './http/scheduler.js';
export { type Checklist, type CheckState } from './check/check.js';
export { SIGNATURE_TOLERANCE_MS, MAX_SIGNATURE_WINDOW_MS, MAX_WEBHOOK_BODY_BYTES } from './events/signature.js';
export { type ZoomEvent } from './events/events.js';
export { DESTINATION_KINDS, LADDER, type DestinationKind } from './confirm/ladder.js';
export { serviceCredentials, SERVICE_VARIABLES } from './confirm/service-credentials.js';
export type { YouTubeTaskInput } from './tasks/plan.js';
/** YouTube's side of a task, loaded only by a face whose task has one (Node-RED performs Zoom's part in its queue). */
export const loadYouTubeTask = () => import('./tasks/youtube-run.js');
export { confirmAt, type Confirmation } from './confirm/confirm.js';
export { QuotaMeter } from './confirm/quota.js';
export { YOUTUBE_WATCH_MS } from './confirm/youtube.js';
/** Google's device flow, loaded only by youtube-login. */
export const loadDeviceLogin = () => import('./youtube/device-login.js');
export { destinationReader } from './confirm/reader.js';
export { basicAuthSecret } from './confirm/basic-auth.js';
export { watchStream, WATCH_INTERVAL_MS, type Watch, type WatchEvent } from './confirm/watch.js';
export { type ConfirmInput, DEFAULT_CONFIRM_TIMEOUT_MS } from './confirm/request.js';
export { DeliveryMemory } from './events/memory.js';
export { answerDelivery } from './events/answer.js';
export { parseInputs } from './faces/named-inputs.js';
export { inputFor, inputWords, SECRET_INPUTS, usedBy, type InputReader } from './faces/input-queries.js';
export { type FleetReport } from './fleet/run.js';
export { FleetController } from './control/controller.js';
export { eventsUrlProblem, nodeWebSocket, subscriptionIdProblem, ZoomEventSocket, ZOOM_EVENTS_WS_URL } from './events/socket.js';
export { EVENT_SOURCES, type EventSource } from './fleet/run-settings.js';
export { streamsFileWords } from './fleet/file-words.js';
export { AlertSender } from './control/alerts.js';
export { metricsText } from './control/metrics.js';
export type { EntryStatus } from './control/states.js';
export { fleetLines, fleetSummary, fleetJson, entryDetail, shownName } from './faces/fleet-report.js';
export {
  dryRunLines,
  fleetFailure,
  interruptedText,
  prepareStreamsFile,
  runStreamsFile,
  type StreamsFileRun,
} from './faces/fleet-runner.js';
export { setting, worded, coreWords, type Words } from './words.js';
export { NAMED_INPUTS, type InputName, type Command } from './faces/inputs.js';
export {
  probeLine,
  waitLine,
  resultLines,
  resultJson,
  youtubeLines,
  youtubeDryRunLines,
  problemsLine,
  failureLine,
  notConfirmedText,
  rateText,
  stepsText,
  asZoomError,
  wholeSeconds,
} from './faces/report.js';
