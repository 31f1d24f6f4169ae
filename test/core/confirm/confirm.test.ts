/**
 * Confirmation at the destination, against HTTP stand-ins on loopback that answer exactly the
 * documented shapes of each API and version: nginx-rtmp's stat page, MediaMTX v1.0-1.12 (ready,
 * bytesReceived) and v1.13+ (online, inboundBytes), SRS v4-v6 (recv_bytes; kbps only), and
 * Node-Media-Server v4 (login, then a bearer token). Time is a FakeClock: no test waits for real.
 */
import assert from 'node:assert/strict';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { confirmStream, growth } from '../../../core/confirm/confirm.js';
import { destinationReader, isProblem } from '../../../core/confirm/reader.js';
import { checkConfirm, type Destination } from '../../../core/confirm/request.js';
import { statStreams } from '../../../core/confirm/nginx-stat.js';
import { destinationStream } from '../../../core/confirm/stream-name.js';
import { watchStream, type WatchEvent } from '../../../core/confirm/watch.js';
import { ValidationError } from '../../../core/errors.js';
import { FakeClock } from '../../helpers/clock.js';

const KEY = 'k3y-S3CRET-4711';
const STREAM = { app: 'live', name: KEY };

type Answer = (req: IncomingMessage, body: string) => { status: number; body: string; type?: string };

/** A stand-in API: each request is answered by `answer`, and recorded. */
async function standIn(answer: Answer): Promise<{ url: string; requests: { path: string; auth?: string }[]; close(): Promise<void> }> {
  const requests: { path: string; auth?: string }[] = [];
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) });
      const a = answer(req, body);
      res.writeHead(a.status, { 'content-type': a.type ?? 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** nginx-rtmp's page as ngx_rtmp_stat_module writes it (captured from nginx 1.22 with the module 1.1.4). */
function statPage(streams: { name: string; bytes: number; publishing: boolean }[]): string {
  const items = streams
    .map(
      (s) =>
        `<stream>\n<name>${s.name.replace(/&/g, '&amp;')}</name>\n<time>5476</time><bw_in>0</bw_in>\n<bytes_in>${s.bytes}</bytes_in>\n<bw_out>0</bw_out>\n` +
        `<client><id>1</id><address>127.0.0.1</address><flashver>FMLE/3.0 (compatible; Lavf59.27</flashver>${s.publishing ? '<publishing/>' : ''}<active/></client>\n` +
        `<meta><video><width>320</width></video></meta>\n<nclients>1</nclients>\n${s.publishing ? '<publishing/>\n' : ''}<active/>\n</stream>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8" ?>\n<rtmp>\n<nginx_version>1.22.1</nginx_version>\n<bytes_in>1</bytes_in>\n<server>\n<application>\n<name>other</name>\n<live>\n<stream><name>${KEY}</name><bytes_in>999</bytes_in><publishing/></stream>\n</live>\n</application>\n<application>\n<name>live</name>\n<live>\n${items}\n<nclients>1</nclients>\n</live>\n</application>\n</server>\n</rtmp>\n`;
}

function destination(kind: Destination['kind'], url: string, extra: Partial<Destination> = {}): Destination {
  return { kind, url, ...extra };
}

describe('confirm: the destination read through its documented API', () => {
  it('reads the stream name from the Zoom configuration: rtmp://host/APP + KEY (a query is not part of the name)', () => {
    assert.deepEqual(destinationStream('rtmp://a.example.org:1935/live', 'abc?token=1'), { app: 'live', name: 'abc' });
    assert.deepEqual(destinationStream('rtmps://a.example.org/live2/more', 'k'), { app: 'live2', name: 'k' });
    assert.throws(() => destinationStream('rtmp://a.example.org', 'k'), /names no application/);
    assert.throws(() => destinationStream('rtmp://a.example.org/live', ''), /stream_key: is empty/);
  });

  it('checks the request before anything is sent, each message naming the setting and its fix', () => {
    const base = { destination: { kind: 'nginx-rtmp' as const, url: 'http://127.0.0.1:8080/stat' } };
    assert.deepEqual(checkConfirm(base), { destination: base.destination, level: 'receiving', timeoutMs: 120_000 });
    const refused = (input: Parameters<typeof checkConfirm>[0], field: string, text: RegExp) =>
      assert.throws(
        () => checkConfirm(input),
        (e: unknown) => e instanceof ValidationError && e.field === field && text.test(`${e.message} ${e.hint}`),
      );
    refused({ destination: { kind: 'wowza' as never, url: 'http://x' } }, 'confirm', /not a destination this product reads/);
    refused({ destination: { kind: 'NGINX-RTMP' as never, url: 'http://x' } }, 'confirm', /Write it as "nginx-rtmp"/);
    refused({ destination: { kind: 'srs', url: 'ftp://x' } }, 'confirmUrl', /must be http or https/);
    refused({ destination: { kind: 'srs', url: 'http://u:p@x' } }, 'confirmUrl', /carries a user or password/);
    refused({ destination: { kind: 'srs', url: '' } }, 'confirmUrl', /is missing/);
    refused({ destination: { kind: 'srs', url: 'http://x', user: 'u' } }, 'confirmPassword', /together/);
    refused({ destination: { kind: 'node-media-server', url: 'http://x' } }, 'confirmUser', /login/);
    refused({ ...base, level: 'live' }, 'confirmLevel', /publishing, receiving/);
    refused({ ...base, timeoutMs: 5_000 }, 'confirmTimeout', /from 10 s to 1 h/);
  });

  it('nginx-rtmp: the stream with that name under that application; entities decoded; basic auth sent', async () => {
    const api = await standIn(() => ({ status: 200, body: statPage([{ name: KEY, bytes: 141252, publishing: true }]), type: 'text/xml' }));
    const reader = destinationReader(destination('nginx-rtmp', `${api.url}/stat`, { user: 'monitor', password: 'pw-123456' }), STREAM);
    assert.deepEqual(await reader.read(), { publishing: true, bytes: 141252, bitsPerSecond: 0 });
    assert.equal(api.requests[0]!.auth, `Basic ${Buffer.from('monitor:pw-123456').toString('base64')}`);
    reader.close();
    assert.deepEqual(statStreams(statPage([{ name: 'a&b', bytes: 1, publishing: false }]))[1], {
      app: 'live',
      name: 'a&b',
      publishing: false,
      bytesIn: 1,
      bwIn: 0,
    });
    await api.close();
  });

  it('nginx-rtmp: a page that is not the stat page, and a refusal, are problems that never show the key', async () => {
    let answer = { status: 200, body: `<html>${KEY}</html>`, type: 'text/html' };
    const api = await standIn(() => answer);
    const reader = destinationReader(destination('nginx-rtmp', api.url), STREAM);
    const notStat = await reader.read();
    assert.ok(isProblem(notStat) && /not an rtmp_stat page/.test(notStat.problem));
    answer = { status: 401, body: KEY, type: 'text/html' };
    const refused = await reader.read();
    assert.ok(isProblem(refused) && refused.refused && /refused the credentials/.test(refused.problem));
    answer = { status: 502, body: `bad gateway for ${KEY}`, type: 'text/html' };
    const gateway = await reader.read();
    assert.ok(isProblem(gateway) && /HTTP 502/.test(gateway.problem), JSON.stringify(gateway));
    for (const p of [notStat, refused, gateway]) assert.ok(!JSON.stringify(p).includes(KEY));
    reader.close();
    await api.close();
  });

  it('MediaMTX: v1.13+ (online, inboundBytes) and v1.0-1.12 (ready, bytesReceived); 404 is nobody publishing', async () => {
    const shapes = [
      { name: `live/${KEY}`, ready: true, online: true, inboundBytes: 5000, bytesReceived: 5000, source: { type: 'rtmpConn' } },
      { name: `live/${KEY}`, confName: 'all_others', ready: true, readyTime: '2026-12-02T10:00:00Z', bytesReceived: 7000, readers: [] },
    ];
    let shape = 0;
    const api = await standIn((req) =>
      req.url === `/v3/paths/get/live/${encodeURIComponent(KEY)}` && shape < 2
        ? { status: 200, body: JSON.stringify(shapes[shape]) }
        : { status: 404, body: JSON.stringify({ error: 'path not found' }) },
    );
    const reader = destinationReader(destination('mediamtx', `${api.url}/`), STREAM);
    assert.deepEqual(await reader.read(), { publishing: true, bytes: 5000 });
    shape = 1;
    assert.deepEqual(await reader.read(), { publishing: true, bytes: 7000 });
    shape = 2;
    assert.deepEqual(await reader.read(), { publishing: false });
    reader.close();
    await api.close();
  });

  it('SRS: the stream by app and name in /api/v1/streams/, recv_bytes, or kbps.recv_30s when that is all', async () => {
    let withBytes = true;
    const api = await standIn((req) => {
      assert.match(req.url ?? '', /^\/api\/v1\/streams\/\?start=0&count=\d+$/);
      const ours = {
        id: 'vid-1',
        name: KEY,
        vhost: 'vid-0',
        app: 'live',
        tcUrl: 'rtmp://127.0.0.1/live',
        url: `/live/${KEY}`,
        live_ms: 1,
        clients: 1,
        frames: 10,
        send_bytes: 0,
        ...(withBytes ? { recv_bytes: 90000 } : {}),
        kbps: { recv_30s: 350, send_30s: 0 },
        publish: { active: true, cid: 'abc' },
      };
      const other = { ...ours, app: 'other', recv_bytes: 1 };
      return { status: 200, body: JSON.stringify({ code: 0, server: 'vid-0', service: 'x', pid: '1', streams: [other, ours] }) };
    });
    const reader = destinationReader(destination('srs', api.url), STREAM);
    assert.deepEqual(await reader.read(), { publishing: true, bytes: 90000, bitsPerSecond: 350_000 });
    withBytes = false;
    assert.deepEqual(await reader.read(), { publishing: true, bytes: undefined, bitsPerSecond: 350_000 });
    reader.close();
    await api.close();
  });

  it('Node-Media-Server v4: logs in once, reads with the token, logs in again when it expires; the token is never shown', async () => {
    let valid = 'token-one-abcdef';
    let logins = 0;
    const api = await standIn((req, body) => {
      if (req.url === '/api/v1/login') {
        logins++;
        const { username, password } = JSON.parse(body) as Record<string, string>;
        if (username !== 'admin' || password !== 'nms-pass-99') return { status: 401, body: '{"success":false}' };
        return { status: 200, body: JSON.stringify({ success: true, data: { token: valid, user: { username }, expiresIn: '24h' } }) };
      }
      if (req.headers.authorization !== `Bearer ${valid}`) return { status: 401, body: '{"success":false,"message":"jwt expired"}' };
      if (req.url !== `/api/v1/streams/live/${encodeURIComponent(KEY)}`) return { status: 404, body: '{"success":false}' };
      return { status: 200, body: JSON.stringify({ success: true, data: { key: `/live/${KEY}`, publisher: { id: 'x', inBytes: 4242 } } }) };
    });
    const reader = destinationReader(destination('node-media-server', api.url, { user: 'admin', password: 'nms-pass-99' }), STREAM);
    assert.deepEqual(await reader.read(), { publishing: true, bytes: 4242 });
    assert.deepEqual(await reader.read(), { publishing: true, bytes: 4242 });
    assert.equal(logins, 1);
    valid = 'token-two-ghijkl';
    assert.deepEqual(await reader.read(), { publishing: true, bytes: 4242 });
    assert.equal(logins, 2);
    reader.close();
    const wrong = destinationReader(destination('node-media-server', api.url, { user: 'admin', password: 'wrong-pass' }), STREAM);
    const refused = await wrong.read();
    assert.ok(isProblem(refused) && refused.refused);
    assert.ok(!refused.problem.includes('wrong-pass'));
    wrong.close();
    await api.close();
  });

  it('a server that echoes the request shows no form of the credential: no body is quoted, the header and its base64 are blanked', async () => {
    const password = 'pw-7f3c9e1a';
    const basic = Buffer.from(`admin:${password}`).toString('base64');
    const api = await standIn((req) => ({
      status: 500,
      body: `echo: authorization=${req.headers.authorization} ${password}`,
      type: 'text/plain',
    }));
    const reader = destinationReader(destination('mediamtx', api.url, { user: 'admin', password }), STREAM);
    try {
      const outcome = await reader.read();
      assert.ok(isProblem(outcome) && /HTTP 500/.test(outcome.problem), JSON.stringify(outcome));
      assert.equal(api.requests[0]?.auth, `Basic ${basic}`);
      for (const leak of [basic, password, 'echo:', 'authorization=']) assert.ok(!outcome.problem.includes(leak), outcome.problem);
    } finally {
      reader.close();
      await api.close();
    }
  });

  it('an API that cannot be reached is a problem naming the setting to check', async () => {
    const api = await standIn(() => ({ status: 200, body: '{}' }));
    await api.close();
    const reader = destinationReader(destination('mediamtx', api.url), STREAM);
    const outcome = await reader.read();
    assert.ok(isProblem(outcome) && /confirmUrl/.test(outcome.problem), JSON.stringify(outcome));
    reader.close();
  });
});

/** A reader whose answers a test scripts, one per read. */
function scripted(answers: ({ publishing: boolean; bytes?: number } | { problem: string; refused?: boolean })[]) {
  let i = 0;
  return { reads: () => i, read: async () => answers[Math.min(i++, answers.length - 1)]!, close: () => undefined };
}

describe('confirm: the ladder', () => {
  const request = (level: 'publishing' | 'receiving', timeoutMs = 120_000) => ({
    destination: { kind: 'nginx-rtmp' as const, url: 'http://x' },
    level,
    timeoutMs,
  });

  it('reaches receiving when the bytes grew across two reads at least 5 s apart, with the rate between them', async () => {
    const clock = new FakeClock();
    const reader = scripted([{ publishing: false }, { publishing: true, bytes: 1000 }, { publishing: true, bytes: 251_000 }]);
    const c = await confirmStream(reader, request('receiving'), { clock });
    assert.equal(c.live, true);
    assert.equal(c.confirmed, 'receiving');
    assert.deepEqual(
      c.ladder.map((l) => [l.level, l.afterMs]),
      [
        ['accepted', 0],
        ['publishing', 1000],
        ['receiving', 6000],
      ],
    );
    assert.equal(c.bitsPerSecond, 400_000);
    assert.equal(c.receivedBytes, 251_000);
  });

  it('a publisher whose bytes do not grow is publishing, not receiving: not live when receiving was asked', async () => {
    const clock = new FakeClock();
    const c = await confirmStream(scripted([{ publishing: true, bytes: 1000 }]), request('receiving', 20_000), { clock });
    assert.equal(c.confirmed, 'publishing');
    assert.equal(c.live, false);
    // The whole attempt stays within its deadline.
    assert.ok(clock.sleeps.reduce((a, b) => a + b, 0) <= 20_000);
  });

  it('publishing is enough when asked; Zoom’s event is a rung of its own', async () => {
    const clock = new FakeClock();
    const c = await confirmStream(scripted([{ publishing: false }, { publishing: true }]), request('publishing'), {
      clock,
      zoomEvent: (heard) => {
        heard();
        return () => undefined;
      },
    });
    assert.deepEqual(
      c.ladder.map((l) => l.level),
      ['accepted', 'zoom-event', 'publishing'],
    );
    assert.equal(c.live, true);
  });

  it('refused credentials end it at once with the problem; other problems are kept trying until the deadline', async () => {
    const clock = new FakeClock();
    const refused = scripted([{ problem: 'HTTP 401', refused: true }]);
    const a = await confirmStream(refused, request('receiving'), { clock });
    assert.equal(refused.reads(), 1);
    assert.equal(a.problem, 'HTTP 401');
    const down = scripted([{ problem: 'connection refused' }]);
    const b = await confirmStream(down, request('receiving', 10_000), { clock: new FakeClock() });
    assert.ok(down.reads() >= 9, `${down.reads()} reads`);
    assert.equal(b.confirmed, 'accepted');
  });

  it('growth needs the window and more bytes; without a count, a positive average rate', () => {
    const at = (t: number, bytes?: number, bitsPerSecond?: number) => ({ at: t, reading: { publishing: true, bytes, bitsPerSecond } });
    assert.equal(growth(at(0, 10), at(4999, 20)), undefined);
    assert.equal(growth(at(0, 10), at(5000, 10)), undefined);
    assert.equal(growth(at(0, 0), at(8000, 1000)), 1000);
    assert.equal(growth(at(0), at(5000, undefined, 300_000)), 300_000);
  });

  it('the watch says dropped once and recovered once, and nothing while the API is down', async () => {
    const clock = new FakeClock();
    const events: WatchEvent[] = [];
    const reader = scripted([
      { publishing: true, bytes: 100 },
      { publishing: true, bytes: 200 },
      { publishing: false },
      { problem: 'connection refused' },
      { publishing: false },
      { publishing: true, bytes: 10 },
      { publishing: true, bytes: 90 },
      { publishing: true, bytes: 190 },
    ]);
    let stop = () => undefined as void;
    const watch = watchStream(reader, {
      clock,
      receiving: true,
      intervalMs: 15_000,
      onEvent: (e) => {
        events.push(e);
        if (e.event === 'recovered') stop();
      },
    });
    stop = watch.stop;
    await watch.done;
    assert.deepEqual(
      events.map((e) => [e.event, e.level]),
      [
        ['dropped', 'accepted'],
        ['recovered', 'receiving'],
      ],
    );
  });
});
