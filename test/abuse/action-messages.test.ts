/**
 * The abuse suite, the Action's side: what a tired user reads (hints in the inputs' words, one
 * cause per message, one ::error:: line whatever fails) and what an echoing server must not get
 * into the log, the outputs or the summary. The bundled dist under Node 24, against the sandbox.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { actionNode } from '../../harness/runtimes.js';
import { runAction, visibleLog, type ActionRun } from '../../harness/action-runner.js';
import { SANDBOX_CLIENT, SANDBOX_TOKEN } from '../../sandbox/server.js';
import { actionOAuthInputs, actionTokenInputs, useSandbox } from '../helpers/sandbox.js';
import { assertNoSecrets, STREAM, STREAM_KEY } from '../helpers/secrets.js';

const NODE24 = actionNode();

describe('abuse suite: the Action’s messages and outputs', function () {
  this.timeout(60_000);
  const ctx = useSandbox();
  const token = () => actionTokenInputs(ctx.sandbox);
  const oauth = () => actionOAuthInputs(ctx.sandbox);
  const streamInputs = { 'stream-url': STREAM.stream_url, 'stream-key': STREAM_KEY, 'page-url': STREAM.page_url };
  const act = (inputs: Record<string, string>, env?: Record<string, string>) =>
    runAction(inputs, { node: NODE24, ...(env ? { env } : {}) });
  const errorLine = (run: ActionRun) => {
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    assert.equal(lines.length, 1, run.stdout + run.stderr);
    return lines[0]!;
  };
  /** Everything a person or a later step can see. */
  const seen = (run: ActionRun) => [visibleLog(run), run.summary, JSON.stringify(run.outputs)].join('\n');

  describe('hints name the inputs the user set, in their own words', () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      [
        'display-name on an update',
        { action: 'update', ...streamInputs, 'display-name': 'Town hall' },
        /^::error::display-name: is not used by action "update"\. Hint: Settings go with start \(or mode, for layout and close-caption\)\./,
      ],
      [
        'a long display-name',
        { action: 'start', 'display-name': 'x'.repeat(51) },
        /^::error::display-name: is 51 characters .* Hint: Shorten display-name\.$/,
      ],
      [
        'layout for a webinar',
        { action: 'start', layout: 'gallery_view', 'webinar-id': '92345678901', 'meeting-id': '' },
        /^::error::layout: is for meetings only .* Hint: Use only: active-speaker-name, display-name, close-caption\.$/,
      ],
      [
        'a missing stream-key',
        { action: 'update', 'stream-url': STREAM.stream_url, 'page-url': STREAM.page_url },
        /^::error::stream-key: is empty or unset\. Hint: Set stream-key, for example/,
      ],
      [
        'display_name in the settings JSON on a mode',
        { action: 'mode', settings: '{"display_name":"x","layout":"gallery_view"}' },
        /^::error::settings\.display_name: is not used by action "mode"\./,
      ],
      [
        'a wait-for-start that is not a duration',
        { action: 'start', 'wait-for-start': '15 minutes' },
        /^::error::wait-for-start: "15 minutes" is not a duration\. Hint: Write seconds \(90\) or a number with a unit: 90s, 45m, 2h/,
      ],
      [
        'a wait-for-start over 6 hours',
        { action: 'start', 'wait-for-start': '7h' },
        /^::error::wait-for-start: must be from 0 to 6 h, got 7 h\./,
      ],
      [
        'a poll-interval under 5 s',
        { action: 'start', 'wait-for-start': '10m', 'poll-interval': '2s' },
        /^::error::poll-interval: must be from 5 s to 1 h, got 2 s\./,
      ],
      [
        'a poll-interval in days',
        { action: 'start', 'wait-for-start': '10m', 'poll-interval': '1d' },
        /^::error::poll-interval: "1d" is not a duration\./,
      ],
      [
        'a wait-for-start on a stop',
        { action: 'stop', 'wait-for-start': '10m' },
        /^::error::wait-for-start: is not used by action "stop"\./,
      ],
    ];
    for (const [what, inputs, pattern] of cases) {
      it(what, async () => {
        const run = await act({ 'meeting-id': '85746065123', ...token(), ...inputs });
        assert.equal(run.code, 1);
        const line = errorLine(run);
        assert.match(line, pattern);
        assert.ok(
          !/settings\.display_name|stream_key|close_caption|active_speaker_name/.test(line.replace(/^::error::settings(\.\w+)?: .*/, '')),
          line,
        );
        assert.equal(ctx.sandbox.requests.length, 0);
      });
    }
  });

  describe('each message names its real cause', () => {
    it('a retry log line names the operation once', async () => {
      ctx.sandbox.inject({ fault: { kind: 'drop' } });
      const run = await act({ 'meeting-id': '85746065123', ...token(), action: 'get' });
      const retry = run.stdout.split('\n').find((l) => l.includes('retry 1/3'))!;
      assert.match(retry, /^get meeting 85746065123: connection failed \(.*\); retry 1\/3 in \d+ ms$/);
      assert.equal(retry.split('get meeting').length, 2, retry);
    });

    it('an unreachable oauth-token-url is blamed on oauth-token-url, not api-base-url', async () => {
      const run = await act({
        'meeting-id': '85746065123',
        ...oauth(),
        'oauth-token-url': 'http://127.0.0.1:9/oauth/token',
        'max-retries': '0',
        action: 'get',
      });
      assert.match(errorLine(run), /^::error::OAuth token request: connection failed .* Hint: .*the oauth-token-url setting/);
      assert.ok(!errorLine(run).includes('api-base-url'), errorLine(run));
    });

    it('a 404 without Zoom’s code (an api-base-url without /v2) points at api-base-url', async () => {
      const run = await act({ 'meeting-id': '85746065123', ...token(), 'api-base-url': ctx.sandbox.origin, action: 'get' });
      const line = errorLine(run);
      assert.match(line, /HTTP 404.* Hint: .*Check api-base-url: Zoom's is https:\/\/api\.zoom\.us\/v2 \(with \/v2\)/);
      assert.ok(!/meeting or webinar ID/.test(line), line);
    });

    it('start before the host started the meeting: code 4927 with its hint', async () => {
      ctx.sandbox.stream('meeting', '81000000001')!.configured = true;
      const run = await act({ 'meeting-id': '81000000001', ...token(), action: 'start' });
      assert.match(
        errorLine(run),
        /HTTP 400, Zoom code 4927: Meeting 81000000001 has not started\. Hint: .*The host must start the meeting first.*wait-for-start/,
      );
      assert.equal(run.outputs['waited-seconds'], undefined, 'no wait was asked for');
    });
  });

  describe('after the Zoom call', () => {
    it('a GITHUB_OUTPUT that does not exist: one ::error:: line, the result logged, no stack', async () => {
      ctx.sandbox.stream('meeting', '85746065123')!.configured = true;
      const run = await act(
        { 'meeting-id': '85746065123', ...token(), action: 'get' },
        { GITHUB_OUTPUT: join(tmpdir(), 'no-such-dir', 'output') },
      );
      assert.equal(run.code, 1);
      assert.match(errorLine(run), /^::error::Could not write the step's outputs or summary: .* Hint: GITHUB_OUTPUT/);
      assert.match(run.stdout, /^get meeting 85746065123: HTTP 200 \(tracking id sbx_/m, 'the call itself was logged');
      assert.equal(run.stderr, '', 'no uncaught error, no minified bundle');
    });

    it('each secret is masked once', async () => {
      const run = await act({ 'meeting-id': '85746065123', ...oauth(), action: 'update', ...streamInputs });
      assert.equal(run.code, 0, run.stdout);
      for (const secret of [SANDBOX_CLIENT.clientSecret, STREAM_KEY]) {
        assert.equal(run.stdout.split('\n').filter((l) => l === `::add-mask::${secret}`).length, 1, secret);
      }
    });
  });

  describe('no secret in the result output, the summary or the log', () => {
    it('a code, field and tracking id that echo the token and the key', async () => {
      ctx.sandbox.inject({
        fault: {
          kind: 'status',
          status: 400,
          code: `echo ${SANDBOX_TOKEN}`,
          message: 'Validation Failed.',
          errors: [{ field: `stream_key ${STREAM_KEY}`, message: 'bad' }],
          headers: { 'x-zm-trackingid': `trk-${SANDBOX_TOKEN}` },
        },
      });
      const run = await act({ 'meeting-id': '85746065123', ...token(), action: 'update', ...streamInputs });
      assert.equal(run.code, 1);
      // The runner would mask what ::add-mask:: names; the Action must not rely on it.
      assertNoSecrets([run.stdout.replace(/^::add-mask::.*$/gm, ''), run.summary, JSON.stringify(run.outputs)].join('\n'));
      assert.match(errorLine(run), /Zoom code echo \*\*\*/);
    });

    it('OAuth errors that echo the client secret', async () => {
      ctx.sandbox.inject({
        fault: { kind: 'status', status: 401, code: `invalid_client ${SANDBOX_CLIENT.clientSecret}`, message: 'no' },
        on: 'token',
      });
      const run = await act({ 'meeting-id': '85746065123', ...oauth(), action: 'get' });
      assert.equal(run.code, 1);
      assertNoSecrets([run.stdout.replace(/^::add-mask::.*$/gm, ''), run.summary, JSON.stringify(run.outputs)].join('\n'));
    });

    for (const key of ['k"ey\\with-escapes', 'abc']) {
      it(`a dry run with the stream key ${JSON.stringify(key)}`, async () => {
        const run = await act({
          'meeting-id': '85746065123',
          ...token(),
          action: 'update',
          ...streamInputs,
          'stream-key': key,
          'dry-run': 'true',
        });
        assert.equal(run.code, 0, run.stdout);
        const text = [run.summary, run.outputs.result, run.stdout.replace(/^::add-mask::.*$/gm, '')].join('\n');
        assert.ok(!text.includes(key) && !text.includes(JSON.stringify(key).slice(1, -1)), text);
        const { requests } = JSON.parse(run.outputs.result!) as { requests: { body: string }[] };
        assert.match(requests[0]!.body, /"stream_key":"\*\*\*"/);
      });
    }

    it('get with a stream URL that embeds the key', async () => {
      Object.assign(ctx.sandbox.stream('meeting', '85746065123')!, {
        configured: true,
        stream_url: `rtmp://live.example.com/app/${STREAM_KEY}`,
        stream_key: STREAM_KEY,
        page_url: STREAM.page_url,
      });
      const run = await act({ 'meeting-id': '85746065123', ...token(), action: 'get' });
      assert.equal(run.code, 0, run.stdout);
      assert.equal(run.outputs['stream-url'], 'rtmp://live.example.com/app/***');
      assertNoSecrets([run.stdout.replace(/^::add-mask::.*$/gm, ''), run.summary, JSON.stringify(run.outputs)].join('\n'));
      assert.ok(seen(run).includes('rtmp://live.example.com/app/***'));
    });
  });

  describe('IDs as people paste them', () => {
    for (const id of ['857  4606 5123', 'us02web.zoom.us/j/85746065123?pwd=abc', '857\u00a04606\u00a05123']) {
      it(JSON.stringify(id), async () => {
        const run = await act({ 'meeting-id': id, ...token(), action: 'start', ...streamInputs });
        assert.equal(run.code, 0, run.stdout);
        assert.equal(ctx.sandbox.apiRequests[0]!.path, '/v2/meetings/85746065123/livestream');
      });
    }
  });
});
