import assert from 'node:assert/strict';
import { until } from '../../harness/until.js';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseTarget, type ZoomError } from '../../core/index.js';
import { AuthError, ZoomApiError } from '../../core/errors.js';
import { SANDBOX_TOKEN } from '../../sandbox/server.js';
import { ERROR_IDS } from '../../sandbox/streams.js';
import { STREAM } from '../helpers/secrets.js';
import { sandboxClient, useSandbox } from '../helpers/sandbox.js';

describe('core end to end against the sandbox (real HTTP on 127.0.0.1)', () => {
  const ctx = useSandbox();

  for (const encoding of ['json', 'multipart'] as const) {
    for (const [kind, id] of [
      ['meeting', '85746065123'],
      ['webinar', '92345678901'],
    ] as const) {
      it(`${kind} (${encoding}): update, start with settings, get, stop`, async () => {
        const client = sandboxClient(ctx.sandbox, { encoding });
        const target = parseTarget(id, kind);
        await client.updateLiveStream(target, { ...STREAM, resolution: '720p' });
        await client.setLiveStreamStatus(target, { action: 'start', settings: { active_speaker_name: true, display_name: 'Keynote' } });
        const record = ctx.sandbox.stream(kind, id)!;
        assert.equal(record.live, true);
        assert.deepEqual(record.settings, { active_speaker_name: true, display_name: 'Keynote' });
        const config = await client.getLiveStream(target);
        assert.deepEqual({ ...config, trackingId: undefined }, { ...STREAM, resolution: '720p', status: 200, trackingId: undefined });
        assert.match(config.trackingId!, /^sbx_/);
        await client.setLiveStreamStatus(target, { action: 'stop' });
        assert.equal(record.live, false);
        assert.equal(ctx.sandbox.tokenRequests, 1);
        assert.equal(ctx.sandbox.apiRequests.length, 4, 'one request per operation');
        client.close();
      });
    }
  }

  it('a 17-digit meeting id works end to end', async () => {
    const client = sandboxClient(ctx.sandbox, { token: true });
    await client.updateLiveStream('12345678901234567', STREAM);
    assert.equal(ctx.sandbox.apiRequests[0]!.path, '/v2/meetings/12345678901234567/livestream');
  });

  it('a start while live is "already live" (Zoom\'s code 300): success, its settings not applied; mode works while live', async () => {
    const client = sandboxClient(ctx.sandbox, { token: true });
    await client.updateLiveStream('85746065123', STREAM);
    await client.setLiveStreamStatus('85746065123', { action: 'start' });
    const again = await client.setLiveStreamStatus('85746065123', { action: 'start', settings: { display_name: 'x' } });
    assert.equal(again.state, 'already live');
    assert.match(again.note!, /Already live: .* settings given with it were not applied/);
    assert.notEqual(ctx.sandbox.stream('meeting', '85746065123')!.settings.display_name, 'x');
    await client.setLiveStreamStatus('85746065123', { action: 'mode', settings: { layout: 'gallery_view' } });
    assert.equal(ctx.sandbox.stream('meeting', '85746065123')!.settings.layout, 'gallery_view');
  });

  const failures: [string, string, string, number, number | string, typeof ZoomApiError | typeof AuthError][] = [
    ['a webinar that has not started', 'webinar', '93000000001', 400, 200, ZoomApiError],
    ['a meeting that has not started', 'meeting', '81000000001', 400, 4927, ZoomApiError],
    ['a stream never configured', 'meeting', '85746065123', 400, 3000, ZoomApiError],
    ['an unknown meeting', 'meeting', '89999999999', 404, 3001, ZoomApiError],
    ['an unknown webinar', 'webinar', '99999999999', 400, 3001, ZoomApiError],
    ...Object.entries(ERROR_IDS).map(
      ([id, e]) =>
        [`planted error ${e.code}`, 'meeting', id, e.status, e.code, ZoomApiError] as [
          string,
          string,
          string,
          number,
          number,
          typeof ZoomApiError,
        ],
    ),
  ];
  for (const [what, kind, id, status, code, Type] of failures) {
    it(`start on ${what}: HTTP ${status} code ${code}`, async () => {
      const client = sandboxClient(ctx.sandbox);
      const err = (await client
        .setLiveStreamStatus({ kind: kind as 'meeting', id }, { action: 'start' })
        .catch((e: unknown) => e)) as ZoomError;
      assert.ok(err instanceof Type, String(err));
      assert.equal(err.status, status);
      assert.equal(err.code, code);
      assert.match(err.trackingId!, /^sbx_/);
      assert.ok(err.hint.length > 20);
    });
  }

  it('a bad static token: 401/124 AuthError', async () => {
    const client = sandboxClient(ctx.sandbox, { auth: { accessToken: 'not-a-valid-token' } });
    const err = (await client.getLiveStream('85746065123').catch((e: unknown) => e)) as AuthError;
    assert.ok(err instanceof AuthError);
    assert.equal(err.code, 124);
  });

  it('bad OAuth credentials: invalid_client from the token endpoint', async () => {
    const client = sandboxClient(ctx.sandbox, {
      auth: { accountId: 'sandbox-account', clientId: 'sandbox-client-id', clientSecret: 'wrong-secret' },
    });
    const err = (await client.getLiveStream('85746065123').catch((e: unknown) => e)) as AuthError;
    assert.equal(err.code, 'invalid_client');
    assert.equal(ctx.sandbox.apiRequests.length, 0);
  });

  it('a token that expires in the middle of a run is refreshed once', async () => {
    const client = sandboxClient(ctx.sandbox);
    await client.updateLiveStream('85746065123', STREAM);
    ctx.sandbox.inject({ fault: { kind: 'expire-token' } });
    await client.setLiveStreamStatus('85746065123', { action: 'start' });
    assert.equal(ctx.sandbox.tokenRequests, 2);
    assert.equal(ctx.sandbox.stream('meeting', '85746065123')!.live, true);
  });

  it('50 concurrent calls on one client: one token request', async () => {
    const client = sandboxClient(ctx.sandbox);
    await Promise.all(Array.from({ length: 50 }, () => client.getLiveStream('85746065123')));
    assert.equal(ctx.sandbox.tokenRequests, 1);
    assert.equal(ctx.sandbox.apiRequests.length, 50);
  });

  it('429 with Retry-After from the server, then success', async () => {
    ctx.sandbox.inject({ fault: { kind: 'status', status: 429, retryAfter: '1' } });
    const client = sandboxClient(ctx.sandbox, { token: true });
    await client.getLiveStream('85746065123');
    assert.equal(ctx.sandbox.apiRequests.length, 2);
  });

  it('a slow answer past the timeout, then a fast one', async () => {
    ctx.sandbox.inject({ fault: { kind: 'delay', ms: 1_000 } });
    const client = sandboxClient(ctx.sandbox, { token: true, timeoutMs: 150 });
    assert.equal((await client.getLiveStream('85746065123')).status, 200);
    assert.equal(ctx.sandbox.apiRequests.length, 2);
  });

  describe('the host: starts later, ends now; meeting reads', () => {
    const LATE = '81000000001';
    const control = (path: string) =>
      fetch(`${ctx.sandbox.origin}/sandbox/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    const read = (path: string) =>
      fetch(`${ctx.sandbox.apiBaseUrl}/${path}`, { headers: { authorization: `Bearer ${SANDBOX_TOKEN}` } }).then(async (r) => ({
        status: r.status,
        text: await r.text(),
      }));

    it('GET /meetings/{id} says waiting, then started once the control endpoint starts it; the id keeps every digit', async () => {
      const before = await read(`meetings/${LATE}`);
      assert.equal(before.status, 200);
      assert.equal((JSON.parse(before.text) as { status: string }).status, 'waiting');
      assert.ok(before.text.includes(`"id":${LATE}`), 'a JSON number, as Zoom sends it');
      const started = await control(`meetings/${LATE}/start`);
      assert.deepEqual(await started.json(), { kind: 'meeting', id: LATE, running: true });
      assert.equal((JSON.parse((await read(`meetings/${LATE}`)).text) as { status: string }).status, 'started');
      const long = await read('meetings/12345678901234567');
      assert.ok(long.text.includes('"id":12345678901234567'), long.text);
      const webinar = JSON.parse((await read('webinars/93000000001')).text) as Record<string, unknown>;
      assert.equal(webinar.status, undefined, 'webinars carry no status');
      assert.equal(webinar.type, 5);
      assert.equal((await read('meetings/89999999999')).status, 404);
    });

    it('start?after=N starts it N seconds later: "has not started" until then, then the stream goes live', async () => {
      const client = sandboxClient(ctx.sandbox, { token: true });
      await client.updateLiveStream(LATE, STREAM);
      const answer = await control(`meetings/${LATE}/start?after=0.3`);
      assert.deepEqual(await answer.json(), { kind: 'meeting', id: LATE, running: false, startsInSeconds: 0.3 });
      const early = (await client.setLiveStreamStatus(LATE, { action: 'start' }).catch((e: unknown) => e)) as ZoomApiError;
      assert.equal(early.code, 4927);
      await until(() => ctx.sandbox.stream('meeting', LATE)!.running === true, 'the host to start it');
      await client.setLiveStreamStatus(LATE, { action: 'start' });
      const record = ctx.sandbox.stream('meeting', LATE)!;
      assert.equal(record.live, true);
      assert.ok(record.liveAt! >= record.startedAt!, 'time to live is recorded');
    });

    it('end calls off a start still to come (start?after=N, then end)', async () => {
      await control(`meetings/${LATE}/start?after=0.3`);
      await control(`meetings/${LATE}/end`);
      // A second meeting's start, asked later for later, has come: the first one's time has passed too.
      await control('webinars/93000000001/start?after=0.6');
      await until(() => ctx.sandbox.stream('webinar', '93000000001')!.running === true, 'the later start');
      assert.equal(ctx.sandbox.stream('meeting', LATE)!.running, false, 'the ended meeting started after all');
    });

    it('end stops the stream with the meeting; a later start says "has not started" again', async () => {
      const client = sandboxClient(ctx.sandbox, { token: true });
      await client.updateLiveStream(parseTarget('92345678901', 'webinar'), STREAM);
      await client.setLiveStreamStatus(parseTarget('92345678901', 'webinar'), { action: 'start' });
      await control('webinars/92345678901/end');
      assert.equal(ctx.sandbox.stream('webinar', '92345678901')!.live, false);
      const again = (await client
        .setLiveStreamStatus(parseTarget('92345678901', 'webinar'), { action: 'start' })
        .catch((e: unknown) => e)) as ZoomApiError;
      assert.equal(again.code, 200);
      assert.match(again.zoomMessage!, /has not started/);
    });

    it('the publisher control blocks and unblocks the host client; a body without a boolean is refused', async () => {
      const post = (body: string) =>
        fetch(`${ctx.sandbox.origin}/sandbox/meetings/${LATE}/publisher`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
      const blocked = await post('{"blocked": true}');
      assert.equal(blocked.status, 200);
      assert.deepEqual(await blocked.json(), { kind: 'meeting', id: LATE, blocked: true });
      assert.equal((await post('{"blocked": false}')).status, 200);
      assert.equal((await post('{"blocked": "yes"}')).status, 400);
      // This sandbox publishes nothing (no ffmpeg given): nothing to block, and no error.
      assert.equal(ctx.sandbox.isPublishing('meeting', LATE), false);
    });

    it('the control endpoint refuses what it does not know, and is no part of the API log', async () => {
      assert.equal((await control('meetings/89999999999/start')).status, 404);
      assert.equal((await control(`meetings/${LATE}/start?after=-1`)).status, 400);
      assert.equal((await control(`meetings/${LATE}/pause`)).status, 404);
      assert.equal((await fetch(`${ctx.sandbox.origin}/sandbox/meetings/${LATE}/start`)).status, 405);
      assert.equal(ctx.sandbox.apiRequests.length, 0);
    });
  });

  describe('event subscriptions: URL validation, signed deliveries, Zoom retries', () => {
    const SECRET = 'sub-secret-42';
    /** An endpoint that answers validation as Zoom expects and deliveries with the given statuses. */
    async function endpoint(statuses: number[]) {
      const got: { headers: http.IncomingHttpHeaders; body: string }[] = [];
      const server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c));
        req.on('end', () => {
          const parsed = JSON.parse(body) as { event: string; payload: { plainToken?: string } };
          if (parsed.event === 'endpoint.url_validation') {
            const plainToken = parsed.payload.plainToken!;
            const encryptedToken = createHmac('sha256', SECRET).update(plainToken).digest('hex');
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ plainToken, encryptedToken }));
            return;
          }
          got.push({ headers: req.headers, body });
          res.writeHead(statuses.shift() ?? 204).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      return { url, got, close: () => new Promise<void>((r) => server.close(() => r())) };
    }

    it('retries a delivery that was not answered 200/204, signing each attempt, with the stream key in the payload', async () => {
      const hook = await endpoint([500, 503]);
      try {
        assert.equal(await ctx.sandbox.subscribe(hook.url, SECRET, [30, 60, 90]), true);
        const client = sandboxClient(ctx.sandbox, { token: true });
        await client.updateLiveStream('85746065123', STREAM);
        await client.setLiveStreamStatus('85746065123', { action: 'start' });
        const deadline = Date.now() + 3_000;
        while (ctx.sandbox.deliveries.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        assert.deepEqual(
          ctx.sandbox.deliveries.map((d) => [d.event, d.attempt, d.status]),
          [
            ['meeting.live_streaming_started', 1, 500],
            ['meeting.live_streaming_started', 2, 503],
            ['meeting.live_streaming_started', 3, 204],
          ],
        );
        assert.equal(new Set(hook.got.map((g) => g.body)).size, 1, 'the same event each time');
        for (const { headers, body } of hook.got) {
          const ts = String(headers['x-zm-request-timestamp']);
          assert.equal(headers['x-zm-signature'], `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`);
        }
        assert.ok(hook.got[0]!.body.includes(`"stream_key":"${STREAM.stream_key}"`), 'Zoom sends the key; the receiver masks it');
        assert.ok(hook.got[0]!.body.includes('"id":85746065123'), 'the id as a JSON number');
      } finally {
        await hook.close();
      }
    });

    it('the controls refuse a foreign Origin and anything but JSON (no cross-site form can drive them)', async () => {
      const post = (headers: Record<string, string>, body = '{}') =>
        fetch(`${ctx.sandbox.origin}/sandbox/webhooks`, { method: 'POST', headers, body }).then((r) => r.status);
      assert.equal(await post({ 'content-type': 'application/json', origin: 'https://evil.example' }), 403);
      assert.equal(await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'url=http://evil.example&secretToken=x'), 415);
      assert.equal(await post({ 'content-type': 'text/plain' }), 415);
      assert.equal(ctx.sandbox.deliveries.length, 0, "no delivery to a URL of the sender's choosing");
    });

    it('POST /sandbox/webhooks subscribes after validation; a wrong answer subscribes nothing', async () => {
      const hook = await endpoint([]);
      try {
        const ask = (secretToken: string) =>
          fetch(`${ctx.sandbox.origin}/sandbox/webhooks`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ url: hook.url, secretToken }),
          });
        assert.equal((await ask('another-secret')).status, 502);
        const ok = await ask(SECRET);
        assert.deepEqual(await ok.json(), { url: hook.url, validated: true });
        ctx.sandbox.hostStarts('meeting', '81000000001');
        await ctx.sandbox.deliveriesSettled();
        assert.deepEqual(
          ctx.sandbox.deliveries.map((d) => [d.event, d.status]),
          [['meeting.started', 204]],
        );
      } finally {
        await hook.close();
      }
    });
  });
});

describe('sandbox: the publisher behind a live stream', () => {
  it('a publisher that ends at once is started again ever more slowly (1 s, then 2 s), and not after the stream stops', async function () {
    this.timeout(20_000);
    const { startSandbox } = await import('../../sandbox/server.js');
    const { until } = await import('../../harness/until.js');
    const ended: number[] = [];
    // `false` exits at once, as ffmpeg does when the destination refuses it.
    const sandbox = await startSandbox({
      ffmpeg: 'false',
      log: (line) => void (/^publisher for .* ended/.test(line) && ended.push(Date.now())),
    });
    try {
      const record = sandbox.stream('meeting', '85746065123')!;
      Object.assign(record, { configured: true, stream_url: 'rtmp://127.0.0.1:9/live', stream_key: 'k-1234', page_url: 'https://e.com/l' });
      const started = await fetch(`${sandbox.apiBaseUrl}/meetings/85746065123/livestream/status`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${SANDBOX_TOKEN}`, 'content-type': 'application/json' },
        body: '{"action":"start"}',
      });
      assert.equal(started.status, 204);
      await until(() => ended.length >= 3, 'three publishers to end', 15_000);
      // Timers never fire early: the gaps are at least the back-off.
      assert.ok(ended[1]! - ended[0]! >= 950, `first gap ${ended[1]! - ended[0]!} ms`);
      assert.ok(ended[2]! - ended[1]! >= 1_950, `second gap ${ended[2]! - ended[1]!} ms`);
      sandbox.hostEnds('meeting', '85746065123');
      assert.equal(sandbox.isPublishing('meeting', '85746065123'), false);
    } finally {
      await sandbox.close();
    }
  });

  it('publishes only RTMP(S) to loopback: a real service or a file: URL is refused once, with the reason', async () => {
    const { startSandbox } = await import('../../sandbox/server.js');
    const lines: string[] = [];
    const sandbox = await startSandbox({ ffmpeg: 'false', log: (line) => void (/^publisher/.test(line) && lines.push(line)) });
    try {
      const start = async (id: string, url: string) => {
        Object.assign(sandbox.stream('meeting', id)!, {
          configured: true,
          stream_url: url,
          stream_key: 'k-1234',
          page_url: 'https://e.com/l',
        });
        const answer = await fetch(`${sandbox.apiBaseUrl}/meetings/${id}/livestream/status`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${SANDBOX_TOKEN}`, 'content-type': 'application/json' },
          body: '{"action":"start"}',
        });
        assert.equal(answer.status, 204);
      };
      await start('85746065123', 'rtmp://a.rtmp.youtube.com/live2');
      await start('12345678901234567', 'file:///tmp/written-by-the-sandbox');
      assert.deepEqual(lines, [
        "publisher for meeting:85746065123: not publishing: it publishes only to this machine's loopback (127.0.0.1, ::1), not a.rtmp.youtube.com",
        'publisher for meeting:12345678901234567: not publishing: it publishes RTMP only, not file:',
      ]);
      assert.equal(sandbox.isPublishing('meeting', '85746065123'), false);
    } finally {
      await sandbox.close();
    }
  });

  it('its ffmpeg ends with the sandbox, however the sandbox ends (SIGKILL)', async function () {
    if (process.platform === 'win32') this.skip();
    this.timeout(30_000);
    const { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { spawn } = await import('node:child_process');
    const { pathToFileURL } = await import('node:url');
    const { until } = await import('../../harness/until.js');
    const { ROOT } = await import('../../harness/root.js');
    const dir = mkdtempSync(join(tmpdir(), 'orphan-'));
    const fake = join(dir, 'ffmpeg');
    const pidFile = join(dir, 'pid');
    // Stands in for ffmpeg: says its PID, then runs until killed.
    writeFileSync(fake, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 1000\n`, { mode: 0o755 });
    const server = JSON.stringify(pathToFileURL(join(ROOT, 'build', 'sandbox', 'server.js')).href);
    const script = `const { startSandbox, SANDBOX_TOKEN } = await import(${server});
const sandbox = await startSandbox({ ffmpeg: ${JSON.stringify(fake)} });
Object.assign(sandbox.stream('meeting', '85746065123'), { configured: true, stream_url: 'rtmp://127.0.0.1:9/live', stream_key: 'k-1234', page_url: 'https://e.com/l' });
await fetch(sandbox.apiBaseUrl + '/meetings/85746065123/livestream/status', { method: 'PATCH', headers: { authorization: 'Bearer ' + SANDBOX_TOKEN, 'content-type': 'application/json' }, body: '{"action":"start"}' });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 'the publisher to start');
      const pid = Number(readFileSync(pidFile, 'utf8'));
      assert.ok(alive(pid));
      child.kill('SIGKILL');
      await until(() => !alive(pid), 'the publisher to end with the sandbox');
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
