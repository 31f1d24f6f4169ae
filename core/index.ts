/** Public API of the core: everything about Zoom's live stream endpoints, once. */
export { ZoomLiveStreamClient, type CallOptions, type PreparedRequest, type TargetInput } from './zoom/client.js';
export { parseTarget, checkId, resolveTarget } from './zoom/targets.js';
export { planTask, checkAction, checkWait, TASK_ACTIONS, type Task, type TaskAction, type TaskPlan } from './tasks/plan.js';
export { runPlan, runTask, type TaskOptions, type TaskResult, type TaskStep } from './tasks/run.js';
export { DEFAULT_PROBE_INTERVAL_MS, type Probe } from './tasks/waiting-start.js';
export { untilStarted, isNotStarted, NotStartedError, HostNotInError, type WaitForStart, type WaitProgress } from './tasks/wait.js';
export {
  clockTime,
  durationText,
  checkDurationMs,
  DEFAULT_POLL_INTERVAL_MS,
  MIN_POLL_INTERVAL_MS,
  MAX_POLL_INTERVAL_MS,
  MAX_WAIT_FOR_START_MS,
} from './tasks/durations.js';
export { validateUpdate, validateStatus, settingsFor, isPlainObject } from './zoom/validate.js';
export { describeOperation, getOperation, updateOperation, statusOperation, readOperation, type Operation } from './zoom/operations.js';
export { encodeBody, formFieldValue, ENCODINGS, type Encoding } from './http/encode.js';
export {
  ZoomError,
  ValidationError,
  AuthError,
  ZoomApiError,
  NetworkError,
  TimeoutError,
  CancelledError,
  OverloadedError,
  unhandled,
  type ErrorKind,
  type StepsReport,
} from './errors.js';
export { ZOOM_ERROR_HINTS, hintFor, NOT_STARTED_HINT } from './zoom/hints.js';
export { describeValue, quote } from './text.js';
export { parseRetryAfter, backoffDelay, MIN_RETRY_DELAY_MS, type RateLimitScope } from './http/retry.js';
export { DEFAULT_API_BASE_URL, DEFAULT_OAUTH_TOKEN_URL, checkServiceUrl, type ClientOptions, type AuthOptions } from './zoom/options.js';
export { systemClock, type Clock } from './http/clock.js';
export { MASK, Redactor, maskStreamConfig } from './zoom/redact.js';
export type { Logger, RetryInfo, SendOptions } from './http/transport.js';
export * from './zoom/types.js';
export { VERSION } from './zoom/version.js';
export { Pacer, type Priority } from './http/pace.js';
export { DEFAULT_REQUESTS_PER_SECOND, checkRequestsPerSecond, rateLimitScope, STREAM_START_RETRY_MS } from './zoom/rate-limits.js';
export { FairQueue } from './http/fair-queue.js';
export { checkTarget, type Checklist, type CheckItem, type CheckState } from './check/check.js';
export {
  verifyDelivery,
  signDelivery,
  urlValidationAnswer,
  SIGNATURE_TOLERANCE_MS,
  MAX_SIGNATURE_WINDOW_MS,
  MAX_WEBHOOK_BODY_BYTES,
  type Verdict,
  type Refusal,
  type RefusalReason,
} from './webhooks/signature.js';
export { parseEvent, MAX_EVENT_DEPTH, KNOWN_EVENTS, URL_VALIDATION_EVENT, type ZoomEvent } from './webhooks/events.js';
export { DeliveryMemory, type Recall } from './webhooks/memory.js';
export { answerDelivery, type DeliveryAnswer } from './webhooks/answer.js';
export { parseInputs, inputFor, inputWords, type InputReader, type ActionSettings } from './faces/named-inputs.js';
export { setting, worded, coreWords, type Words } from './words.js';
export { NAMED_INPUTS, SECRET_INPUTS, usedBy, type InputName, type NamedInput, type CliSource } from './faces/inputs.js';
export {
  probeLine,
  waitLine,
  resultLines,
  resultJson,
  problemsLine,
  failureLine,
  stepsText,
  asZoomError,
  wholeSeconds,
} from './faces/report.js';
