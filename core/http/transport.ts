/**
 * HTTP with the proxies configured for the runner honoured (@actions/http-client's rules, wire.ts)
 * and our own policy on top: a per-request timeout, abort, and retries on 429 (Retry-After), 5xx and dropped
 * connections, within a cap on the total wait. The library's own retry is off: it covers neither
 * 429 nor PATCH.
 */
import { setMaxListeners } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import { rejectsOnAbort } from './abort.js';
import type { Agents } from './wire.js';
import type { Clock } from './clock.js';
import type { Priority } from './fair-queue.js';
import { CancelledError, NetworkError, TimeoutError, type ZoomError } from '../errors.js';
import { backoffDelay, delayForStatus, type RateLimitScope } from './retry.js';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface HttpRequest {
  method: 'GET' | 'PATCH' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** For messages: what the request does, in the caller's words. */
  label: string;
  /** The setting that chose the URL, named in the hint when the server cannot be reached. */
  urlSetting: string;
  /** Waits for its turn under the pace (TransportOptions.pace) before each attempt. */
  paced: boolean;
  /** What the request is, for the rate-limit policy (an API's own kinds, opaque here). */
  tag?: string;
  /** Past this the answer is not kept (default 1 MiB: an API's answers are usually a few hundred bytes). */
  maxBodyBytes?: number;
}

/** What a 429 means, as the API's policy reads it. */
export interface RateLimitJudgement {
  /** A per-second limit: it passes within a second, so its retries are bounded by max-wait alone. */
  perSecond: boolean;
  /** The wait when the answer names no time (Retry-After); unset: back off. */
  waitMs?: number;
  scope: RateLimitScope;
}

/** Reads a 429: only the API knows its headers and wording. */
export type RateLimitPolicy = (answer: { headers: IncomingHttpHeaders; body: string }, request: HttpRequest) => RateLimitJudgement;

export interface HttpResponse {
  status: number;
  /** The status line's reason phrase, as the server wrote it: untrusted text. */
  statusText?: string;
  headers: IncomingHttpHeaders;
  body: string;
  attempts: number;
  waitedMs: number;
}

export interface RetryInfo {
  /** For a 429: whether it concerns this request's target only, or the whole account (retry.ts). */
  scope?: RateLimitScope;
  status?: number;
  delayMs: number;
  label: string;
}

/** What one caller adds to a request: its way out and how its retries are paced. */
export interface SendOptions {
  signal?: AbortSignal;
  /** Hears of this request's waits, besides the transport-wide hook. */
  onRetry?: (info: RetryInfo) => void;
  /** No retry sooner than this after an answer (a waiting start keeps to its poll interval). */
  minRetryDelayMs?: number;
  /** No retry whose wait would end after this time (client clock, ms): the caller's own deadline. */
  deadline?: number;
  /** Told just before each attempt goes out (a waiting start spaces its tries from there). */
  onSend?: () => void;
  /**
   * Told when every attempt so far failed before reaching the server (connection refused, no such
   * host): the request was not sent after all, so nothing of it can have been applied.
   */
  onNotSent?: () => void;
  /** `poll`: a waiting start's repeat try, which goes behind everything else under the account's pace. */
  priority?: Priority;
  /** Who asks (a Node-RED node): within a class, sources take turns for the pace. */
  source?: string;
}

export interface TransportOptions {
  timeoutMs: number;
  maxRetries: number;
  maxWaitMs: number;
  clock: Clock;
  random: () => number;
  userAgent: string;
  redact: (text: string) => string;
  logger?: Logger;
  /** Called before each wait; the Node-RED node uses it to pause a whole account on 429. */
  onRetry?: (info: RetryInfo) => void;
  /** Resolves at a paced request's turn under the account's rate (see pace.ts). */
  pace?: (signal?: AbortSignal, priority?: Priority, source?: string) => Promise<void>;
  /** Reads 429s (the API's rules); without one, a 429 backs off like a 5xx and concerns the account. */
  rateLimits?: RateLimitPolicy;
  /** The setting that sets the per-request timeout, named in the hint of a timeout. */
  timeoutSetting: string;
}

const MAX_BODY_BYTES = 1024 * 1024;

type Answer = Omit<HttpResponse, 'attempts' | 'waitedMs'>;

/** An attempt that got no answer: the error to throw if it is the last, and its reason for the log. */
interface AttemptFailure {
  reason: string;
  error: ZoomError;
  /** It failed before a connection was made: the request never left. */
  unsent?: boolean;
}

/**
 * The wire (node:http, https, tls, a proxy's tunnel) is loaded by the first request, once: a dry
 * run, --help or a usage error never pays for it.
 */
let wire: Promise<typeof import('./wire.js')> | undefined;
const loadWire = () => (wire ??= import('./wire.js'));

/** Connection failures that leave nothing on the server's side: no connection, or no address. */
const UNSENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export class Transport {
  /** One keep-alive pool per scheme, each made by its first request (wire.ts). */
  private readonly agents: Agents = {};
  /** Aborted by close(): every request still out or due (a shared token request included) ends as cancelled. */
  private readonly closing = new AbortController();

  constructor(private readonly options: TransportOptions) {
    // One listener per request in flight: a fleet or a busy Node-RED account has hundreds by design.
    setMaxListeners(0, this.closing.signal);
  }

  /** Sends with retries; returns the last answer (success or not) or throws a network-class error. */
  async send(request: HttpRequest, call: SendOptions = {}): Promise<HttpResponse> {
    // One controller per send, hearing both the caller and close(); its listeners go when it ends.
    const controller = new AbortController();
    const abort = () => controller.abort();
    const sources = [call.signal, this.closing.signal].filter((s): s is AbortSignal => s !== undefined);
    for (const source of sources) {
      if (source.aborted) abort();
      else source.addEventListener('abort', abort, { once: true });
    }
    try {
      return await this.sendUntil(request, call, controller.signal);
    } catch (error) {
      // A pace turn or a back-off cut short says which request, and why.
      if (controller.signal.aborted && error instanceof CancelledError) throw this.cancelled(request);
      throw error;
    } finally {
      for (const source of sources) source.removeEventListener('abort', abort);
    }
  }

  private async sendUntil(request: HttpRequest, call: SendOptions, signal: AbortSignal): Promise<HttpResponse> {
    const { maxRetries, maxWaitMs, clock, random } = this.options;
    const { onRetry, minRetryDelayMs = 0, deadline = Infinity } = call;
    let waitedMs = 0;
    // Retries counted against max-retries. A per-second 429 (X-RateLimit-Type: QPS) is not counted:
    // it passes within a second, and a fleet of processes on one account may meet it several times
    // in a row; those retries are bounded by max-wait (and the caller's deadline) alone.
    let retries = 0;
    let mayHaveReached = false;
    for (let attempt = 1; ; attempt++) {
      if (request.paced) await this.options.pace?.(signal, call.priority, call.source);
      call.onSend?.();
      const outcome = await this.once(request, signal, attempt);
      if ((outcome as AttemptFailure).unsent && !mayHaveReached) call.onNotSent?.();
      else mayHaveReached = true;
      const response = 'status' in outcome ? outcome : undefined;
      const limit = response?.status === 429 ? this.options.rateLimits?.(response, request) : undefined;
      const proposed = response
        ? delayForStatus(response.status, response.headers['retry-after'], {
            attempt,
            now: clock.now(),
            random,
            ...(limit?.waitMs !== undefined ? { waitOn429Ms: limit.waitMs } : {}),
          })
        : backoffDelay(attempt, random);
      const delay = proposed === undefined ? undefined : Math.max(proposed, minRetryDelayMs);
      const perSecond = limit?.perSecond ?? false;
      const allowed = perSecond ? maxRetries > 0 : retries < maxRetries;
      const canRetry = delay !== undefined && allowed && waitedMs + delay <= maxWaitMs && clock.now() + delay <= deadline;
      if (!canRetry) {
        if (response) return { ...response, attempts: attempt, waitedMs };
        throw (outcome as AttemptFailure).error;
      }
      if (!perSecond) retries++;
      const why = response ? `HTTP ${response.status}` : (outcome as AttemptFailure).reason;
      const which = perSecond ? "the account's per-second limit; retry" : `retry ${retries}/${maxRetries}`;
      this.options.logger?.info(`${request.label}: ${why}; ${which} in ${delay} ms`);
      const info: RetryInfo = { status: response?.status, delayMs: delay, label: request.label };
      if (response?.status === 429) info.scope = limit?.scope ?? 'account';
      this.options.onRetry?.(info);
      onRetry?.(info);
      await clock.sleep(delay, signal);
      waitedMs += delay;
    }
  }

  /**
   * One attempt: an answer, or the failure with its reason (for the retry log line, which already
   * names the operation). The timeout covers the whole attempt: connection, proxy tunnel, TLS,
   * headers and body. Throws only when the caller cancelled.
   */
  private async once(request: HttpRequest, signal: AbortSignal, attempt: number): Promise<Answer | AttemptFailure> {
    if (signal.aborted) throw this.cancelled(request);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    const onAbort = () => controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    // Whatever the library is waiting for, the attempt ends when its signal aborts.
    const aborted = rejectsOnAbort(controller.signal, () => new Error('aborted'));
    const bounded = <T>(promise: Promise<T>) => Promise.race([promise, aborted]);
    try {
      const { readBody, requestInfo, sendRequest } = await bounded(loadWire());
      const info = await bounded(requestInfo(request, controller.signal, this.agents, this.options.userAgent));
      // Our deadline fires first; the socket timeout only backs it up.
      const answer = await bounded(sendRequest(info, request.body, this.options.timeoutMs + 1_000));
      const body = await bounded(readBody(answer, request.maxBodyBytes ?? MAX_BODY_BYTES)).finally(() => {
        if (!answer.complete) answer.destroy();
      });
      return { status: answer.statusCode ?? 0, statusText: answer.statusMessage, headers: answer.headers, body };
    } catch (error) {
      if (signal.aborted) throw this.cancelled(request);
      // Said only of an attempt that followed others: with max-retries 0 nothing was retried.
      const retried = attempt > 1 ? ` It was tried ${attempt} times.` : '';
      if (timedOut) {
        const reason = `no complete answer within ${this.options.timeoutMs} ms`;
        return {
          reason,
          error: new TimeoutError(`${request.label}: ${reason}.`, {
            operation: request.label,
            attempts: attempt,
            hint: `The server, the network or a proxy is slow.${retried} Raise ${this.options.timeoutSetting} if this persists.`,
          }),
        };
      }
      const err = error as NodeJS.ErrnoException;
      const reason = `connection failed (${this.options.redact(err.code ? `${err.code}: ${err.message}` : err.message)})`;
      return {
        reason,
        unsent: UNSENT_CODES.has(err.code ?? ''),
        error: new NetworkError(`${request.label}: ${reason}.`, {
          operation: request.label,
          attempts: attempt,
          cause: err,
          hint: `Check network access to ${new URL(request.url).origin} (proxy, firewall, DNS) and the ${request.urlSetting} setting.${retried}`,
        }),
      };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  private cancelled(request: HttpRequest): CancelledError {
    return new CancelledError(request.label, this.closing.signal.aborted ? 'the client was closed' : undefined);
  }

  /** Ends every request still out or waiting to retry (as cancelled), then frees pooled sockets. */
  close(): void {
    this.closing.abort();
    for (const agent of Object.values(this.agents)) agent?.destroy();
  }
}
