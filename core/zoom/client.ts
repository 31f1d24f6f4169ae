/** ZoomLiveStreamClient: the public API, composing targets, validation, auth, encoding and transport. */
import { ServerToServerOAuth, StaticTokenProvider, type TokenProvider } from './auth.js';
import { systemClock, type Clock } from '../http/clock.js';
import { encodeBody } from '../http/encode.js';
import { CancelledError, ZoomApiError } from '../errors.js';
import { describeOperation, getOperation, statusOperation, updateOperation, type Operation } from './operations.js';
import { resolveOptions, type ClientOptions, type ResolvedOptions } from './options.js';
import { Pacer } from '../http/pace.js';
import { MASK, Redactor } from '../http/redactor.js';
import { errorFromResponse, isRejectedToken, parseLiveStreamConfig, saysNotStarted, saysStreamRunning, trackingIdOf } from './responses.js';
import { parseJsonObject } from '../http/json.js';
import { resolveTarget, type TargetInput } from './targets.js';
import { Transport, type HttpRequest, type HttpResponse, type SendOptions } from '../http/transport.js';
import type { LiveStream, LiveStreamConfig, LiveStreamStatusUpdate, LiveStreamUpdate, ResponseMeta } from './types.js';
import { checkRequestsPerSecond, judgeZoom429, STREAM_START } from './rate-limits.js';
import { VERSION } from './version.js';
import { setting } from '../words.js';

/** Per call: a way out (signal), a hook on retries (e.g. to show a status) and their pacing. */

/** What would be sent, with every secret masked: for dry runs and debugging. */
export interface PreparedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export type { TargetInput } from './targets.js';

const EARLIER_TRY_APPLIED =
  'Zoom says the stream is running: an earlier try of this start, whose answer did not come in time, was applied (Zoom answered the retry with code 300).';
const ALREADY_LIVE =
  'Already live: Zoom answered code 300, the stream was running before this start. Nothing was started, and settings given with it were not applied (Zoom changes them only while the stream is stopped: stop it, then start it with them).';
const NOTHING_TO_STOP = (kind: string) =>
  `Nothing to stop: the ${kind} has not started, so its stream is not running (Zoom's "has not started").`;

export class ZoomLiveStreamClient {
  readonly options: ResolvedOptions;
  private readonly redactor: Redactor;
  private readonly transport: Transport;
  private readonly auth: TokenProvider;
  /** The clock its retries and token expiry run on (a waiting start uses it too). */
  readonly clock: Clock;

  constructor(options: ClientOptions) {
    this.options = resolveOptions(options);
    this.redactor = new Redactor(options.onSecret);
    for (const secret of options.secrets ?? []) this.redactor.add(secret, true);
    this.clock = options.clock ?? systemClock;
    const pacer =
      options.requestsPerSecond === undefined ? undefined : new Pacer(checkRequestsPerSecond(options.requestsPerSecond), this.clock);
    this.transport = new Transport({
      timeoutMs: this.options.timeoutMs,
      maxRetries: this.options.maxRetries,
      maxWaitMs: this.options.maxWaitMs,
      clock: this.clock,
      random: options.random ?? Math.random,
      userAgent: options.userAgent ?? `zoom-livestream/${VERSION}`,
      redact: (text) => this.redactor.redact(text),
      logger: options.logger,
      onRetry: options.onRetry,
      timeoutSetting: setting('timeoutMs'),
      rateLimits: judgeZoom429,
      pace: options.pace ?? (pacer && ((signal, priority, source) => pacer.turn(signal, priority, source))),
    });
    const auth = this.options.auth;
    if ('accessToken' in auth) {
      this.redactor.add(auth.accessToken, true);
      this.auth = new StaticTokenProvider(auth.accessToken);
    } else {
      this.auth = new ServerToServerOAuth(auth, this.options.oauthTokenUrl, this.transport, this.clock, this.redactor);
    }
  }

  /** OAuth token requests sent by this client so far. */
  get tokenRequests(): number {
    return this.auth.tokenRequests;
  }

  /** A secret known only after the client was made (a streams file read again): never shown from now on. */
  learnSecret(secret: string): void {
    this.redactor.add(secret, true);
  }

  /** Blanks every secret this client knows of (tokens, client secret, stream keys) out of text. */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  async getLiveStream(target: TargetInput, call: SendOptions = {}): Promise<LiveStream> {
    const { config, ...meta } = await this.perform(getOperation(resolveTarget(target)), call);
    return { ...config!, ...meta };
  }

  // async so that a validation failure is a rejected promise, like every other failure.
  async updateLiveStream(target: TargetInput, update: LiveStreamUpdate, call: SendOptions = {}): Promise<ResponseMeta> {
    return this.perform(updateOperation(resolveTarget(target), update), call);
  }

  async setLiveStreamStatus(target: TargetInput, status: LiveStreamStatusUpdate, call: SendOptions = {}): Promise<ResponseMeta> {
    return this.perform(statusOperation(resolveTarget(target), status), call);
  }

  /** Sends one prepared operation; a get also returns the configuration it read. */
  async perform(op: Operation, call: SendOptions = {}): Promise<ResponseMeta & { config?: LiveStreamConfig }> {
    const response = await this.execute(op, call);
    const meta = this.meta(response);
    if (op.name !== 'get') return meta;
    const config = parseLiveStreamConfig(describeOperation(op), response, (t) => this.redact(t));
    this.redactor.add(config.stream_key);
    return { ...meta, config };
  }

  /**
   * Sends a read (readOperation: the pre-flight check's reads, the meeting probe) and returns its
   * answer as a bounded JSON object. Fails like every call (typed error, hint, tracking id).
   */
  async read(op: Operation, call: SendOptions = {}): Promise<ResponseMeta & { json: Record<string, unknown> }> {
    const response = await this.execute(op, call);
    const json = parseJsonObject(response.body);
    if (!json) {
      throw new ZoomApiError(`${describeOperation(op)}: Zoom answered 200 without a JSON object.`, {
        status: response.status,
        trackingId: trackingIdOf(response, (t) => this.redact(t)),
        hint: `Check ${setting('apiBaseUrl')} points at the Zoom API (https://api.zoom.us/v2).`,
        operation: describeOperation(op),
      });
    }
    return { ...this.meta(response), json };
  }

  /** The app's token, for Zoom's event WebSocket (which takes it in its URL): fetched or cached. */
  accessToken(signal?: AbortSignal): Promise<string> {
    return this.auth.getToken(signal);
  }

  /** Zoom refused the token elsewhere (the event WebSocket): the next request fetches a new one. */
  tokenRefused(token: string): void {
    this.auth.invalidate(token);
  }

  /** The scopes of the app's token (fetching one if needed); undefined for a static access token. */
  async tokenScopes(signal?: AbortSignal): Promise<readonly string[] | undefined> {
    await this.auth.getToken(signal);
    return this.auth.scopes;
  }

  /** The request an operation would send, secrets masked; sends nothing. */
  async prepare(op: Operation): Promise<PreparedRequest> {
    this.learnSecrets(op);
    const prepared: PreparedRequest = {
      method: op.method,
      url: this.options.apiBaseUrl + op.path,
      headers: { authorization: `Bearer ${MASK}` },
    };
    if (op.body) {
      // The field itself is masked, not searched for in the encoded text, where JSON escaping or a
      // very short key would hide it from the redactor.
      const body = 'stream_key' in op.body ? { ...op.body, stream_key: MASK } : op.body;
      const { contentType, payload } = await encodeBody(body, this.options.encoding);
      prepared.headers['content-type'] = contentType;
      prepared.body = this.redact(payload);
    }
    return prepared;
  }

  /** Stops pooled connections; the client is not usable afterwards. */
  close(): void {
    this.transport.close();
  }

  /**
   * The stream key an operation carries, learnt as it is used (shown or sent): from then on no text
   * this client passes on (Zoom's answers, a proxy's page, a URL that embeds the key) shows it.
   */
  private learnSecrets(op: Operation): void {
    const key = op.body?.stream_key;
    if (typeof key === 'string') this.redactor.add(key);
  }

  private meta(response: HttpResponse & Pick<ResponseMeta, 'note' | 'state'>): ResponseMeta {
    const meta: ResponseMeta = { status: response.status };
    if (response.note) meta.note = response.note;
    if (response.state) meta.state = response.state;
    const trackingId = trackingIdOf(response, (t) => this.redact(t));
    if (trackingId) meta.trackingId = trackingId;
    return meta;
  }

  /** Sends an operation; one token refresh and resend when Zoom rejects a refreshable token (401 or code 124). */
  private async execute(op: Operation, call: SendOptions): Promise<HttpResponse & Pick<ResponseMeta, 'note' | 'state'>> {
    const { signal } = call;
    const label = describeOperation(op);
    if (signal?.aborted) throw new CancelledError(label);
    this.learnSecrets(op);
    const encoded = op.body ? await encodeBody(op.body, this.options.encoding) : undefined;
    const send = async (): Promise<{ token: string; response: HttpResponse }> => {
      const token = await this.auth.getToken(signal);
      const request: HttpRequest = {
        method: op.method,
        url: this.options.apiBaseUrl + op.path,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        label,
        urlSetting: setting('apiBaseUrl'),
        paced: true,
        ...(op.isStreamStart ? { tag: STREAM_START } : {}),
      };
      if (encoded) {
        request.headers['content-type'] = encoded.contentType;
        request.body = encoded.payload;
      }
      return { token, response: await this.transport.send(request, call) };
    };
    const first = await send();
    let response = first.response;
    if (isRejectedToken(response) && this.auth.refreshable) {
      this.auth.invalidate(first.token);
      response = (await send()).response;
    }
    if (response.status !== op.expectedStatus) {
      const action = op.name === 'status' ? String(op.body?.action) : undefined;
      const error = errorFromResponse(label, response, (t) => this.redact(t), this.clock.now(), action);
      // What was asked for is already so, which Zoom answers with an error: success, said as it is.
      if (op.isStreamStart && saysStreamRunning(error.code, error.errors)) {
        // After a try with no answer (a timeout, a dropped connection), that try was applied.
        return { ...response, state: 'already live', note: response.attempts > 1 ? EARLIER_TRY_APPLIED : ALREADY_LIVE };
      }
      if (action === 'stop' && saysNotStarted(error.status, error.code, error.zoomMessage)) {
        return { ...response, state: 'nothing to stop', note: NOTHING_TO_STOP(op.target.kind) };
      }
      throw error;
    }
    return response;
  }
}
