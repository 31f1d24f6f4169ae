/**
 * Text from the network reaching people (issue 25): what `get` reads is redacted, bounded and made
 * printable; a key the command does not send is still blanked; the job summary takes Zoom's text as
 * text, never as markup.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { failureMarkdown, successMarkdown } from '../../action/summary.js';
import { resultLines, type TaskResult } from '../../core/index.js';
import { runTask } from '../../harness/run-task.js';
import { ZoomApiError } from '../../core/errors.js';
import { SANDBOX_CLIENT } from '../../sandbox/server.js';
import { cli } from '../helpers/cli.js';
import { API, TOKEN, unitClient, useNock } from '../helpers/nock.js';
import { useSandbox } from '../helpers/sandbox.js';
import { STREAM } from '../helpers/secrets.js';

const OSC52 = '\u001b]52;c;ZXZpbA==\u0007';

describe('abuse: text from the network', () => {
  describe('get (nock)', () => {
    useNock();

    it('a token echoed in the stream URL, page URL or resolution is blanked; escapes and line breaks cannot reach a terminal or a runner', async () => {
      const { client } = unitClient();
      nock(API)
        .get('/v2/meetings/85746065123/livestream')
        .reply(200, {
          stream_url: `rtmp://x.example/${TOKEN}${OSC52}\n::set-output name=live::true`,
          stream_key: 'echo-key-12345',
          page_url: `https://p.example/?t=${TOKEN}\r\u009b2J`,
          resolution: `1080p ${TOKEN}\u001b[2J`,
        });
      const result = await runTask(client, { action: 'get', target: '85746065123' });
      const text = resultLines(result).join('\n') + JSON.stringify(result.config);
      assert.ok(!text.includes(TOKEN), text);
      // eslint-disable-next-line no-control-regex -- what must not come through
      assert.doesNotMatch(resultLines(result).join(''), /[\u0000-\u001f\u007f-\u009f]/);
      assert.ok(resultLines(result).every((line) => !line.startsWith('::')));
    });

    it("check's meeting status and start time, and a proxy's page on stop, reach no terminal as escapes", async () => {
      const { client } = unitClient({ maxRetries: 0 });
      nock(API)
        .get('/v2/meetings/85746065123')
        .reply(200, {
          id: 85746065123,
          type: 2,
          topic: 't',
          host_id: 'h1',
          status: `started${OSC52}`,
          start_time: `2026-12-06T10:00:00Z\u001b[2J`,
        })
        .get('/v2/meetings/85746065123/livestream')
        .reply(200, { stream_url: 'rtmp://x.example/live', stream_key: 'k-1234', page_url: 'https://p.example' })
        .get(/\/v2\/users\/.*/)
        .reply(200, { in_meeting: { allow_live_streaming: true, live_streaming_facebook: false, custom_live_streaming_service: true } });
      const result = await runTask(client, { action: 'check', target: '85746065123' });
      const lines = resultLines(result).join('\n');
      assert.match(lines, /started\uFFFD\]52;c;ZXZpbA==\uFFFD, starts 2026-12-06T10:00:00Z\uFFFD\[2J/);
      nock(API).patch('/v2/meetings/85746065123/livestream/status').reply(502, `<html><body>Bad gateway ${OSC52}\u009b2J</body></html>`, {
        'content-type': 'text/html',
      });
      const stop = await runTask(client, { action: 'stop', target: '85746065123' }).catch((e: unknown) => e as ZoomApiError);
      assert.ok(stop instanceof ZoomApiError);
      assert.match(stop.message, /HTTP 502 \(Bad gateway /);
      // eslint-disable-next-line no-control-regex -- what must not come through
      assert.doesNotMatch(`${lines}${stop.message}`, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    });

    it('a stream URL past Zoom limit is cut', async () => {
      const { client } = unitClient();
      nock(API)
        .get('/v2/meetings/85746065123/livestream')
        .reply(200, { stream_url: `rtmp://x.example/${'a'.repeat(100_000)}`, stream_key: 'k-1234', page_url: 'https://p.example' });
      const result = await runTask(client, { action: 'get', target: '85746065123' });
      assert.ok(result.config!.stream_url.length <= 1_030);
    });
  });

  describe('the command line (sandbox)', () => {
    const ctx = useSandbox();

    it('stop with ZOOM_STREAM_KEY in its environment: an answer that echoes the key shows it blanked', async () => {
      ctx.sandbox.inject({ fault: { kind: 'status', status: 400, code: 300, message: `Stream ${STREAM.stream_key} refused.` } });
      const run = await cli(['stop', '--meeting', '85746065123'], {
        ZOOM_API_BASE_URL: ctx.sandbox.apiBaseUrl,
        ZOOM_OAUTH_TOKEN_URL: ctx.sandbox.oauthTokenUrl,
        ZOOM_ACCOUNT_ID: SANDBOX_CLIENT.accountId,
        ZOOM_CLIENT_ID: SANDBOX_CLIENT.clientId,
        ZOOM_CLIENT_SECRET: SANDBOX_CLIENT.clientSecret,
        ZOOM_STREAM_KEY: STREAM.stream_key,
      });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /Stream \*\*\* refused/);
      assert.ok(!run.stderr.includes(STREAM.stream_key));
    });
  });

  describe('the job summary', () => {
    it("Zoom's message is text in its cell: no table break, no link, no HTML", () => {
      const error = new ZoomApiError(
        'start meeting 1 failed: HTTP 400: a | b\n| injected | row |\n[click](https://evil.example) <img src=x>',
        {
          status: 400,
          hint: 'fix it',
        },
      );
      const md = failureMarkdown(error);
      const rows = md.split('\n').filter((l) => l.startsWith('|'));
      assert.equal(rows.length, 6, md); // header, rule, then error, message, status, hint: one row each
      assert.ok(!md.includes('[click](https'), md);
      assert.ok(!md.includes('<img'), md);
    });

    it('a URL read back is text in its cell', () => {
      const result: TaskResult = {
        action: 'get',
        kind: 'meeting',
        id: '1',
        status: 200,
        steps: [{ operation: 'get meeting 1', status: 200 }],
        config: { stream_url: 'rtmp://x|y', stream_key: 'k-1234', page_url: '[a](https://evil.example)' },
      };
      const md = successMarkdown(result);
      assert.ok(md.includes('rtmp://x\\|y'), md);
      assert.ok(!md.includes('[a](https'), md);
    });
  });
});
