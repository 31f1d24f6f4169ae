/**
 * HTTP on @actions/http-client (so proxies configured for the runner are honoured) with our own
 * policy on top: a per-request timeout, abort, and retries on 429 (Retry-After), 5xx and dropped
 * connections, within a cap on the total wait. The library's own retry is off: it covers neither
 * 429 nor PATCH.
 */
import type { IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import { HttpClient } from '@actions/http-client';
import type { RequestHandler } from '@actions/http-client/lib/interfaces';
import type { Clock } from './clock.js';
import { CancelledError, NetworkError, TimeoutError, type ZoomError } from './errors.js';
import { backoffDelay, delayForStatus } from './retry.js';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface HttpRequest {
  method: 'GET' | 'PATCH' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** For messages: "start meeting 857...". */
  label: string;
  isStreamStart?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  attempts: number;
  waitedMs: number;
}

export interface RetryInfo {
  status?: number;
  delayMs: number;
  label: string;
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
}

/**
 * Hands each request its abort signal. http-client builds a request's options synchronously inside
 * request(), before its first await, so the signal set just before the call is the one consumed.
 */
class SignalHandler implements RequestHandler {
  pending?: AbortSignal;
  prepareRequest(options: RequestOptions): void {
    options.signal = this.pending;
    this.pending = undefined;
  }
  canHandleAuthentication(): boolean {
    return false;
  }
  handleAuthentication(): never {
    throw new Error('not an authentication handler');
  }
}

/** Zoom's answers here are a few hundred bytes; anything past this is not Zoom and is not kept. */
const MAX_BODY_BYTES = 1024 * 1024;

function readBody(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    message.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) message.destroy(new Error(`response body larger than ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    message.on('error', reject);
    message.on('close', () => {
      if (!message.complete) reject(new Error('connection closed before the response was complete'));
    });
  });
}

export class Transport {
  private readonly handler = new SignalHandler();
  private readonly http: HttpClient;

  constructor(private readonly options: TransportOptions) {
    this.http = new HttpClient(options.userAgent, [this.handler], {
      keepAlive: true,
      allowRetries: false,
      allowRedirects: false,
      // Ours fires first; this only backs it up.
      socketTimeout: options.timeoutMs + 1_000,
    });
  }

  /**
   * Sends with retries; returns the last answer (success or not) or throws a network-class error.
   * `onRetry` hears of this request's waits, besides the transport-wide hook.
   */
  async send(request: HttpRequest, signal?: AbortSignal, onRetry?: (info: RetryInfo) => void): Promise<HttpResponse> {
    const { maxRetries, maxWaitMs, clock, random } = this.options;
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      let response: Omit<HttpResponse, 'attempts' | 'waitedMs'> | undefined;
      let failure: ZoomError | undefined;
      try {
        response = await this.once(request, signal);
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        failure = error as ZoomError;
      }
      const delay = response
        ? delayForStatus(response.status, response.headers['retry-after'], {
            attempt,
            now: clock.now(),
            random,
            isStreamStart: request.isStreamStart ?? false,
          })
        : backoffDelay(attempt, random);
      const canRetry = delay !== undefined && attempt <= maxRetries && waitedMs + delay <= maxWaitMs;
      if (!canRetry) {
        if (response) return { ...response, attempts: attempt, waitedMs };
        throw Object.assign(failure!, { attempts: attempt });
      }
      const why = response ? `HTTP ${response.status}` : failure!.message;
      this.options.logger?.info(`${request.label}: ${why}; retry ${attempt}/${maxRetries} in ${delay} ms`);
      const info: RetryInfo = { status: response?.status, delayMs: delay, label: request.label };
      this.options.onRetry?.(info);
      onRetry?.(info);
      await clock.sleep(delay, signal);
      waitedMs += delay;
    }
  }

  private async once(request: HttpRequest, signal?: AbortSignal): Promise<Omit<HttpResponse, 'attempts' | 'waitedMs'>> {
    if (signal?.aborted) throw new CancelledError(request.label);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      this.handler.pending = controller.signal;
      const pending = this.http.request(request.method, request.url, request.body ?? (null as unknown as string), request.headers);
      if (this.handler.pending) throw new Error('http-client did not take the abort signal synchronously');
      const response = await pending;
      const body = await readBody(response.message);
      return { status: response.message.statusCode ?? 0, headers: response.message.headers, body };
    } catch (error) {
      if (signal?.aborted) throw new CancelledError(request.label);
      if (timedOut) {
        throw new TimeoutError(`${request.label}: no complete answer within ${this.options.timeoutMs} ms.`, {
          operation: request.label,
          hint: 'Zoom or the network is slow. It was retried; raise timeout-seconds if this persists.',
        });
      }
      const err = error as NodeJS.ErrnoException;
      const detail = this.options.redact(err.code ? `${err.code}: ${err.message}` : err.message);
      throw new NetworkError(`${request.label}: connection failed (${detail}).`, {
        operation: request.label,
        hint: 'Check network access to the Zoom API (proxy, firewall, DNS) and the api-base-url. It was retried.',
      });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Frees pooled sockets; pending requests are not affected. */
  close(): void {
    this.http.dispose();
  }
}
