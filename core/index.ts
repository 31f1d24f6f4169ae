/** Public API of the core: everything about Zoom's live stream endpoints, once. */
export { ZoomLiveStreamClient, type CallOptions, type PreparedRequest, type TargetInput } from './client.js';
export { parseTarget, checkId, resolveTarget } from './targets.js';
export { planTask, checkAction, checkWait, TASK_ACTIONS, type Task, type TaskAction, type TaskPlan } from './plan.js';
export { runPlan, runTask, type TaskOptions, type TaskResult, type TaskStep } from './tasks.js';
export { DEFAULT_PROBE_INTERVAL_MS, type Probe } from './waiting-start.js';
export {
  untilStarted,
  isNotStarted,
  NotStartedError,
  HostNotInError,
  clockTime,
  durationText,
  checkDurationMs,
  DEFAULT_POLL_INTERVAL_MS,
  MIN_POLL_INTERVAL_MS,
  MAX_POLL_INTERVAL_MS,
  MAX_WAIT_FOR_START_MS,
  type WaitForStart,
  type WaitProgress,
} from './wait.js';
export { validateUpdate, validateStatus, settingsFor, isPlainObject } from './validate.js';
export { describeOperation, getOperation, updateOperation, statusOperation, readOperation, type Operation } from './operations.js';
export { encodeBody, formFieldValue, ENCODINGS, type Encoding } from './encode.js';
export {
  ZoomError,
  ValidationError,
  AuthError,
  ZoomApiError,
  NetworkError,
  TimeoutError,
  CancelledError,
  OverloadedError,
  ZOOM_ERROR_HINTS,
  hintFor,
  NOT_STARTED_HINT,
  describeValue,
  quote,
  type ErrorKind,
  type StepsReport,
} from './errors.js';
export { parseRetryAfter, backoffDelay, rateLimitScope, MIN_RETRY_DELAY_MS, STREAM_START_RETRY_MS, type RateLimitScope } from './retry.js';
export { DEFAULT_API_BASE_URL, DEFAULT_OAUTH_TOKEN_URL, checkServiceUrl, type ClientOptions, type AuthOptions } from './options.js';
export { systemClock, type Clock } from './clock.js';
export { MASK, Redactor, maskStreamConfig } from './redact.js';
export type { Logger, RetryInfo, SendOptions } from './transport.js';
export * from './types.js';
export { VERSION } from './version.js';
export { Pacer, DEFAULT_REQUESTS_PER_SECOND, checkRequestsPerSecond, type Priority } from './pace.js';
export { FairQueue } from './fair-queue.js';
export { checkTarget, type Checklist, type CheckItem, type CheckState } from './check.js';
export {
  verifyDelivery,
  signDelivery,
  urlValidationAnswer,
  parseEvent,
  DeliveryMemory,
  MAX_EVENT_DEPTH,
  KNOWN_EVENTS,
  URL_VALIDATION_EVENT,
  SIGNATURE_TOLERANCE_MS,
  MAX_SIGNATURE_WINDOW_MS,
  MAX_WEBHOOK_BODY_BYTES,
  type ZoomEvent,
  type Verdict,
  type Refusal,
  type RefusalReason,
  type Recall,
} from './webhooks.js';
export { answerDelivery, type DeliveryAnswer } from './webhook-delivery.js';
export { parseInputs, toInputError, SECRET_INPUTS, type InputReader, type ActionSettings } from './named-inputs.js';
export { probeLine, waitLine, resultLines, resultJson, problemsLine, failureLine, stepsText, asZoomError, wholeSeconds } from './report.js';
