/**
 * Each face words core's errors once, in its own terms (issue 26): real errors of every kind, from
 * the core's own code paths, rendered by the Action, the command line and the node. The Action names
 * only its inputs, the CLI only its flags and variables, the node only its fields and msg properties;
 * none names the core's own setting names or another face's words.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { cliWords } from '../../cli/args.js';
import {
  CancelledError,
  failureLine,
  inputWords,
  NotStartedError,
  OverloadedError,
  parseInputs,
  planTask,
  ZoomError,
  ZoomLiveStreamClient,
  type Words,
} from '../../core/index.js';
import { runTask } from '../../harness/run-task.js';
import { ZoomApiError } from '../../core/errors.js';
import { nodeWords } from '../../node-red/words.js';
import { API, unitClient, useNock } from '../helpers/nock.js';

const CORE_NAMES =
  /\b(waitForStart|pollInterval|apiBaseUrl|oauthTokenUrl|timeoutMs|maxRetries|accessToken|accountId|clientId|clientSecret)\b/;
const INPUT_NAMES =
  /(?<![-\w])(wait-for-start|poll-interval|api-base-url|oauth-token-url|timeout-seconds|max-retries|meeting-id|webinar-id|account-id|client-id|client-secret|access-token|stream-url|page-url|display-name)\b/;

const FACES: [string, Words, (line: string) => void][] = [
  [
    'the Action',
    inputWords(() => ''),
    (line) => {
      assert.doesNotMatch(line, /msg\.|--[a-z]|ZOOM_/);
      assert.doesNotMatch(line, CORE_NAMES);
    },
  ],
  [
    'the command line',
    cliWords(() => ''),
    (line) => {
      assert.doesNotMatch(line, /msg\./);
      assert.doesNotMatch(line, CORE_NAMES);
      assert.doesNotMatch(line, INPUT_NAMES, 'an input name where a flag or variable belongs');
    },
  ],
  [
    'the node',
    nodeWords,
    (line) => {
      assert.doesNotMatch(line, /--[a-z]|ZOOM_/);
      assert.doesNotMatch(line, INPUT_NAMES);
      // The node's own msg properties may spell a core name (msg.waitForStart): those are its words.
      assert.doesNotMatch(line.replace(/msg\.[\w.]+/g, ''), CORE_NAMES);
    },
  ],
];

/** What a call throws. */
async function caught(run: () => unknown): Promise<ZoomError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof ZoomError, String(error));
    return error;
  }
  throw new Error('it did not fail');
}

describe('abuse: each face words every error kind in its own terms', () => {
  useNock();

  async function errors(): Promise<[string, ZoomError][]> {
    const target = { kind: 'meeting' as const, id: '85746065123' };
    const zoomError = (status: number, body: object) => {
      nock(API).get('/v2/meetings/85746065123/livestream').reply(status, body);
      return caught(() => unitClient({ maxRetries: 0 }).client.getLiveStream(target));
    };
    return [
      ['a wait on a stop', await caught(() => planTask({ action: 'stop', target, waitForStart: { timeoutMs: 60_000 } }))],
      [
        'a poll interval under 5 s',
        await caught(() => planTask({ action: 'start', target, waitForStart: { timeoutMs: 60_000, pollIntervalMs: 1 } })),
      ],
      ['settings on an update', await caught(() => planTask({ action: 'update', target, settings: { display_name: 'x' } }))],
      [
        'a layout on a webinar start',
        await caught(() => planTask({ action: 'start', target: { kind: 'webinar', id: '1' }, settings: { layout: 'gallery_view' } })),
      ],
      [
        'a stream URL over http',
        await caught(() =>
          planTask({ action: 'update', target, stream: { stream_url: 'http://x', stream_key: 'k-1234', page_url: 'https://p' } }),
        ),
      ],
      [
        'a webinar link as a meeting',
        await caught(() => planTask({ action: 'get', target: { kind: 'meeting', id: 'https://zoom.us/w/93000000001' } })),
      ],
      [
        'an http API URL',
        await caught(() => new ZoomLiveStreamClient({ auth: { accessToken: 't-1234' }, apiBaseUrl: 'http://api.example.com/v2' })),
      ],
      ['a timeout out of range', await caught(() => new ZoomLiveStreamClient({ auth: { accessToken: 't-1234' }, timeoutMs: 5 }))],
      [
        'a client secret with a space',
        await caught(() => new ZoomLiveStreamClient({ auth: { accountId: 'a', clientId: 'c', clientSecret: 's s' } })),
      ],
      [
        'no credentials (named inputs)',
        await caught(() => parseInputs((n) => (n === 'meeting-id' ? '85746065123' : n === 'action' ? 'get' : ''))),
      ],
      [
        'a bad timeout (named inputs)',
        await caught(() =>
          parseInputs((n) => ({ 'meeting-id': '1', action: 'get', 'timeout-seconds': 'x', 'access-token': 't' })[n as string] ?? ''),
        ),
      ],
      [
        'both IDs (named inputs)',
        await caught(() => parseInputs((n) => ({ 'meeting-id': '1', 'webinar-id': '2', action: 'get' })[n as string] ?? '')),
      ],
      ['not started (4927)', await zoomError(400, { code: 4927, message: 'Meeting 85746065123 has not started.' })],
      ['a 404 without a Zoom code', await zoomError(404, { message: 'Not Found' })],
      ['a 5xx', await zoomError(503, { code: 503, message: 'Service unavailable' })],
      ['an invalid ID (300)', await zoomError(400, { code: 300, message: 'Invalid meeting ID.' })],
      ['a bad token (auth)', await zoomError(401, { code: 124, message: 'Invalid access token.' })],
      [
        'the host never came (timeout)',
        new NotStartedError(
          'start meeting 1',
          'meeting',
          new ZoomApiError('x', { status: 400, code: 4927, zoomMessage: 'not started' }),
          60_000,
          4,
        ),
      ],
      [
        'no connection (network)',
        await caught(() =>
          new ZoomLiveStreamClient({ auth: { accessToken: 't-1234' }, apiBaseUrl: 'http://127.0.0.1:9/v2', maxRetries: 0 }).getLiveStream(
            target,
          ),
        ),
      ],
      ['cancelled', new CancelledError('start meeting 1')],
      ['overloaded', new OverloadedError('start: 10000 queued.', 'Send fewer messages at once.')],
      [
        'a waiting start with no stream (api)',
        await (async () => {
          nock(API).get('/v2/meetings/85746065123/livestream').reply(200, { stream_url: '', stream_key: '', page_url: '' });
          return caught(() => runTask(unitClient().client, { action: 'start', target, waitForStart: { timeoutMs: 60_000 } }));
        })(),
      ],
    ];
  }

  it("renders every error in each face with only that face's words", async () => {
    nock.enableNetConnect('127.0.0.1:9');
    const all = await errors();
    const kinds = new Set(all.map(([, e]) => e.kind));
    assert.deepEqual([...kinds].sort(), ['api', 'auth', 'cancelled', 'network', 'overloaded', 'timeout', 'validation']);
    for (const [face, words, check] of FACES) {
      for (const [what, error] of all) {
        // The named inputs are the Action's and the command line's; the node never reads them.
        if (face === 'the node' && what.includes('(named inputs)')) continue;
        const line = failureLine(error, words);
        const json = JSON.stringify(error.toJSON(words));
        try {
          check(line);
          check(json);
        } catch (failure) {
          throw new Error(`${face}, ${what}: ${(failure as Error).message}\n${line}`, { cause: failure });
        }
      }
    }
  });

  it("names the setting in each face's own word", async () => {
    const wait = await caught(() => planTask({ action: 'stop', target: '1', waitForStart: { timeoutMs: 60_000 } }));
    assert.match(
      failureLine(
        wait,
        inputWords(() => ''),
      ),
      /^wait-for-start: /,
    );
    assert.match(
      failureLine(
        wait,
        cliWords(() => ''),
      ),
      /^--wait-for-start: /,
    );
    assert.match(failureLine(wait, nodeWords), /^Wait \(msg\.waitForStart\): /);
    const secret = await caught(() => new ZoomLiveStreamClient({ auth: { accountId: 'a', clientId: 'c', clientSecret: 's s' } }));
    assert.match(
      failureLine(
        secret,
        cliWords(() => ''),
      ),
      /^ZOOM_CLIENT_SECRET: .* Hint: Copy ZOOM_CLIENT_SECRET again/,
    );
    assert.match(failureLine(secret, nodeWords), /^the zoom-account's Client secret: /);
  });
});
