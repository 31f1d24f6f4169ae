/**
 * Reads one stream at its destination over HTTP: the API's URL for the stream, basic auth or a
 * login, the answer turned into a Reading, or a problem saying what went wrong and what to check.
 * The stream key is part of what is read (a path, a name in a page): it, the password and any
 * token are blanked from every message, and network text is bounded before it is quoted.
 */
import { CancelledError, ZoomError } from '../errors.js';
import { systemClock, type Clock } from '../http/clock.js';
import { parseJsonObject } from '../http/json.js';
import { Transport, type HttpRequest, type HttpResponse } from '../http/transport.js';
import { printable } from '../text.js';
import { Redactor } from '../http/redactor.js';
import { setting } from '../words.js';
import { DESTINATION_APIS, UnreadableAnswer, type Reading, type ReadTarget, type SignedRead } from './destinations.js';
import type { Destination } from './request.js';
import { basicAuthSecret } from './basic-auth.js';
import type { DestinationStream } from './stream-name.js';
import { QuotaMeter } from './quota.js';
import type { ReadBatches } from './read-batches.js';

/**
 * Why a read gave no reading, in words for the user. `refused`: the credentials, which no retry
 * fixes; `unreachable`: no answer, or the API out of service (5xx). Either way the monitor, not the
 * stream, is what failed: the stream's likely causes are for answers about the stream.
 */
export interface ReadProblem {
  problem: string;
  refused?: boolean;
  unreachable?: boolean;
  /** The service's daily quota is spent: no read until its reset. */
  quota?: boolean;
}

export interface DestinationReader {
  read(signal?: AbortSignal): Promise<Reading | ReadProblem>;
  /** Frees the reader's sockets. */
  close(): void;
}

export interface ReaderOptions {
  clock?: Clock;
  userAgent?: string;
  /** Per read; the confirmation's own deadline cuts it shorter. */
  timeoutMs?: number;
  /** Counts a service's units (YouTube's) and holds its reads once the quota is spent: one per run, shared with its other calls. */
  quota?: QuotaMeter;
  /** A run's readers of a service that reads many IDs at once share its calls (a fleet's YouTube streams). */
  batches?: ReadBatches;
  /** A service's login held by another (YouTube's API client): its token is used, no login of the reader's own. */
  tokens?: TokenSource;
}

/** A bearer token someone else holds for a service, shared with a reader. */
export interface TokenSource {
  /** The token; throws a ZoomError (an AuthError when refused) saying why there is none. */
  token(signal?: AbortSignal): Promise<string>;
  /** The service refused it: the next asker gets a fresh one. */
  refused(token: string): void;
}

/** A channel with more streams than this many pages is not searched to the end: give the ID. */
const MAX_FIND_PAGES = 20;

/** A stat page or a stream list of a busy server is larger than Zoom's answers. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
const MAX_QUOTED_CHARS = 120;

export function isProblem(value: Reading | ReadProblem): value is ReadProblem {
  return 'problem' in value;
}

export function destinationReader(destination: Destination, stream: DestinationStream, options: ReaderOptions = {}): DestinationReader {
  const api = DESTINATION_APIS[destination.kind];
  const clock = options.clock ?? systemClock;
  const redactor = new Redactor();
  const basicCredential = basicAuthSecret(destination);
  const credentials = destination.credentials ?? {};
  const quota = options.quota ?? new QuotaMeter();
  // A service that finds the stream by its key keeps the ID it found.
  const target: ReadTarget = { stream, ...(destination.id !== undefined ? { id: destination.id } : {}), credentials };
  // A server that echoes the request quotes the header: its base64 is as secret as the password.
  for (const secret of [stream.name, encodeURIComponent(stream.name), destination.password, basicCredential, ...Object.values(credentials)])
    redactor.add(secret, true);
  // The headers a service's read sends (a basic credential's base64, a bearer token) are as secret.
  for (const value of Object.values(api.headers?.(credentials, undefined) ?? {})) redactor.add(value.replace(/^(Basic|Bearer) /, ''), true);
  const redact = (text: string) => redactor.redact(text);
  const transport = new Transport({
    timeoutMs: options.timeoutMs ?? 10_000,
    maxRetries: 0,
    maxWaitMs: 0,
    clock,
    random: Math.random,
    userAgent: options.userAgent ?? 'zoom-livestream',
    redact,
    timeoutSetting: setting('confirmTimeout'),
  });
  const basic: Record<string, string> = basicCredential && !api.login ? { authorization: `Basic ${basicCredential}` } : {};
  /** What a read sends to be let in: the service's own headers (signed over the read, for IVS), else basic auth, else the login's token. */
  const authHeaders = (signing?: SignedRead): Record<string, string> =>
    api.headers ? api.headers(credentials, token, signing) : token === undefined ? basic : { authorization: `Bearer ${token}` };
  const credentialNames = api.service ? api.service.variables.join(' and ') : `${setting('confirmUser')} and ${setting('confirmPassword')}`;
  let token: string | undefined;
  const label = `read ${destination.kind} at ${new URL(destination.url).origin}`;
  const { accept } = api;
  const request = (url: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
    method: 'GET',
    url,
    headers: { accept, ...basic },
    label,
    urlSetting: setting('confirmUrl'),
    paced: false,
    maxBodyBytes: MAX_ANSWER_BYTES,
    ...extra,
  });
  // A refused read quotes no body (a server may echo the request, headers and all): its status line only.
  const statusLine = (answer: HttpResponse) =>
    `HTTP ${answer.status}${answer.statusText ? ` ${printable(redact(answer.statusText.slice(0, MAX_QUOTED_CHARS))).slice(0, MAX_QUOTED_CHARS)}` : ''}`;
  const refusal = (status: number, more?: string): ReadProblem => ({
    problem: `${label}: HTTP ${status}, the API refused the credentials. ${more ?? `Check ${credentialNames}.`}`,
    refused: true,
  });
  const quotaProblem = (): ReadProblem => ({
    problem: `${label}: the daily quota is used up: no call ${quota.untilText()}. Raise the project's quota, or read less often.`,
    quota: true,
  });
  /** One call of the API: the quota counted (a refused call costs too), the answer as it came. */
  const call = async (sent: HttpRequest, signal?: AbortSignal) => {
    const answer = await transport.send(sent, { signal });
    if (api.units) quota.spend(api.units);
    return answer;
  };

  async function logIn(signal?: AbortSignal): Promise<ReadProblem | undefined> {
    const login = api.login!.request(destination.url, destination.user, destination.password, credentials);
    const answer = await transport.send(
      request(login.url, {
        method: 'POST',
        body: login.body,
        headers: { 'content-type': login.contentType, accept: 'application/json' },
      }),
      { signal },
    );
    // An OAuth token endpoint refuses a client or a grant with 400 (RFC 6749 5.2); a server's own login with 401/403.
    if ((answer.status === 400 && api.service) || answer.status === 401 || answer.status === 403)
      return refusal(answer.status, api.login!.refused?.(answer.body));
    const parsed = parseJsonObject(answer.body);
    const given = parsed ? api.login!.token(parsed) : undefined;
    if (answer.status !== 200 || typeof given !== 'string' || given.length > 4096) {
      return { problem: `${label}: the login answered ${statusLine(answer)} without a token.` };
    }
    token = given;
    redactor.add(token, true);
    return undefined;
  }

  /** The token from its holder (the calls of the same run use it too). */
  async function borrowToken(tokens: TokenSource, signal?: AbortSignal): Promise<ReadProblem | undefined> {
    try {
      token = await tokens.token(signal);
    } catch (error) {
      if (!(error instanceof ZoomError) || error.kind === 'cancelled') throw error;
      const said = `${label}: ${error.message}${error.hint ? ` ${error.hint}` : ''}`;
      return error.kind === 'auth' ? { problem: said, refused: true } : { problem: said, unreachable: true };
    }
    redactor.add(token, true);
    return undefined;
  }

  /** What a refused call means: the service's own words (its quota), else the credentials. */
  function refused(answer: HttpResponse): ReadProblem {
    const own = api.refusal?.(answer.status, answer.body);
    if (own?.quota) {
      quota.close(clock.now());
      return quotaProblem();
    }
    return own
      ? { problem: `${label}: HTTP ${answer.status}: ${own.problem}. Check ${credentialNames}.`, refused: true }
      : refusal(answer.status);
  }

  /** The stream's ID at a service that finds it by its key: its list, page by page. */
  async function find(signal?: AbortSignal): Promise<ReadProblem | undefined> {
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_FIND_PAGES; page++) {
      const answer = await call(request(api.find!.url(destination.url, pageToken), { headers: { accept, ...authHeaders() } }), signal);
      if (answer.status === 401 || answer.status === 403) return refused(answer);
      if (answer.status !== 200)
        return { problem: `${label}: ${statusLine(answer)} listing the streams. Check ${setting('confirmUrl')}: ${api.urlIs}.` };
      const found = api.find!.match(answer.body, stream.name);
      if (found.id) {
        target.id = found.id;
        return undefined;
      }
      if (!found.next) break;
      pageToken = found.next;
    }
    return {
      problem: `${label}: none of the channel's live streams has this stream key. Check the stream key, or set ${setting('confirmId')}: ${api.service!.idIs}.`,
    };
  }

  async function readInBatch(
    batch: NonNullable<(typeof api)['batch']>,
    id: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<HttpResponse> {
    const key = JSON.stringify([destination.kind, new URL(destination.url).origin, credentials]);
    const send = (ids: string[], own?: AbortSignal) => call(request(batch.url(destination.url, ids), { headers }), own);
    let shared: HttpResponse;
    try {
      shared = await options.batches!.read(key, id, batch.max, (ids) => send(ids), signal);
    } catch (error) {
      // The reader that led the shared call closed (its connections went with it): not this one's end.
      if (!(error instanceof CancelledError) || signal?.aborted) throw error;
      shared = await send([id], signal);
    }
    if (shared.status !== 200) return shared;
    try {
      return { ...shared, body: batch.only(shared.body, id) };
    } catch (error) {
      // Not a list: the reading says what is wrong with the answer.
      if (error instanceof UnreadableAnswer) return shared;
      throw error;
    }
  }

  async function readOnce(signal?: AbortSignal, loggedInNow = false): Promise<Reading | ReadProblem> {
    if (api.units && quota.closed(clock.now())) return quotaProblem();
    if (api.login && token === undefined) {
      const problem = options.tokens ? await borrowToken(options.tokens, signal) : await logIn(signal);
      if (problem) return problem;
      loggedInNow = true;
    }
    if (api.find && target.id === undefined) {
      const problem = await find(signal);
      if (problem) return problem;
    }
    const url = api.url(destination.url, target);
    const read = api.read?.(target);
    // A signed read (IVS) signs what it sends: its method, URL, content type and body, at this moment.
    const sent: Record<string, string> = read ? { 'content-type': read.contentType } : {};
    const signing = read ? { target, method: read.method, url, headers: sent, body: read.body, now: clock.now() } : undefined;
    const auth = authHeaders(signing);
    const { batch } = api;
    // Batched: the reads asked for now go as one call of their IDs; this one's part of the answer is read.
    const answer =
      batch && options.batches && target.id !== undefined
        ? await readInBatch(batch, target.id, { accept, ...auth }, signal)
        : await call(
            request(url, { ...(read ? { method: read.method, body: read.body } : {}), headers: { accept, ...sent, ...auth } }),
            signal,
          );
    if ((answer.status === 401 || answer.status === 403) && api.login && !loggedInNow) {
      // The token expired: one fresh login, then the read again.
      if (token !== undefined) options.tokens?.refused(token);
      token = undefined;
      return readOnce(signal, true);
    }
    if (answer.status === 401 || answer.status === 403) return refused(answer);
    if (answer.status === 404 && api.service && !api.absent.includes(404)) {
      return {
        problem: `${label}: HTTP 404: nothing there has the ID ${destination.id}. Check ${setting('confirmId')}: ${api.service.idIs}.`,
      };
    }
    if (answer.status !== 200 && !api.absent.includes(answer.status)) {
      return {
        ...(answer.status >= 500 ? { unreachable: true } : {}),
        problem: `${label}: ${statusLine(answer)}. Check ${setting('confirmUrl')}: ${api.urlIs}.`,
      };
    }
    try {
      return api.reading(answer.status, answer.body, stream, answer.headers);
    } catch (error) {
      if (!(error instanceof UnreadableAnswer)) throw error;
      return { problem: `${label}: ${error.message}. Check ${setting('confirm')} and ${setting('confirmUrl')}.` };
    }
  }

  return {
    async read(signal) {
      try {
        return await readOnce(signal);
      } catch (error) {
        if (!(error instanceof ZoomError) || error.kind === 'cancelled') throw error;
        // Its settings stay marked, for each face to word.
        const { message, hint } = error.worded((name) => setting(name));
        return { problem: redact(`${message} ${hint}`), unreachable: error.kind === 'network' || error.kind === 'timeout' };
      }
    },
    close: () => transport.close(),
  };
}
