import assert from 'node:assert/strict';
import nock from 'nock';
import {
  CancelledError,
  clockTime,
  inputWords,
  NotStartedError,
  ValidationError,
  type Task,
  type WaitProgress,
} from '../../../core/index.js';
import { runTask } from '../../../harness/run-task.js';
import { ZoomApiError } from '../../../core/errors.js';
import { API, OAUTH, unitClient, useNock } from '../../helpers/nock.js';

const MEETING = '81000000001';
const WEBINAR = '93000000001';
const STATUS = `/v2/meetings/${MEETING}/livestream/status`;
const notStarted = { code: 4927, message: `Meeting ${MEETING} has not started.` };
const start = (wait: Task['waitForStart'], extra: Partial<Task> = {}): Task => ({
  action: 'start',
  target: { kind: 'meeting', id: MEETING },
  waitForStart: wait,
  ...extra,
});

/** The clock time of every request the interceptors answered, to check the pacing. */
function timesOf(scope: nock.Scope, clock: { now(): number }): number[] {
  const at: number[] = [];
  scope.on('request', () => at.push(clock.now()));
  return at;
}

describe('core/wait: a start that waits for the host', () => {
  useNock();
  // A waiting start reads its stream configuration once first: here, always configured.
  beforeEach(() => {
    nock(API)
      .persist()
      .get(/^\/v2\/(meetings|webinars)\/\d+\/livestream$/)
      .optionally()
      .reply(200, { stream_url: 'rtmp://a.example/live', stream_key: 'wait-test-key', page_url: 'https://p.example' });
  });

  for (const polls of [1, 3, 12]) {
    it(`a meeting that starts after ${polls} polls costs exactly ${polls + 1} start requests, one per poll interval`, async () => {
      const { client, clock } = unitClient();
      const began = clock.now();
      const scope = nock(API).patch(STATUS, { action: 'start' }).times(polls).reply(400, notStarted).patch(STATUS).reply(204);
      const at = timesOf(scope, clock);
      const progress: WaitProgress[] = [];
      const result = await runTask(client, start({ timeoutMs: 45 * 60_000 }), { onWait: (p) => progress.push(p) });
      assert.equal(at.length, polls + 1);
      assert.deepEqual(
        at.map((t) => t - began),
        Array.from({ length: polls + 1 }, (_, i) => i * 15_000),
      );
      assert.deepEqual(clock.sleeps, Array(polls).fill(15_000));
      assert.equal(result.waitedMs, polls * 15_000);
      assert.equal(result.tries, polls + 1);
      assert.equal(result.status, 204);
      assert.deepEqual(
        progress.map((p) => [p.waitedMs, p.tries, p.nextTryInMs, p.deadline - began]),
        Array.from({ length: polls }, (_, i) => [i * 15_000, i + 1, 15_000, 45 * 60_000]),
      );
      assert.equal(progress[0]!.last.code, 4927);
    });
  }

  it('a running meeting starts at once: one request, no wait', async () => {
    const { client, clock } = unitClient();
    nock(API).patch(STATUS).reply(204);
    const result = await runTask(client, start({ timeoutMs: 60_000 }));
    assert.deepEqual(clock.sleeps, []);
    assert.equal(result.waitedMs, 0);
    assert.equal(result.tries, 1);
  });

  it('at the deadline: one error saying it had not started, how long it waited, and Zoom last answer', async () => {
    const { client, clock } = unitClient();
    // 0, 15, 30, 45, 60 s: five tries; a sixth at 75 s would be past the minute.
    nock(API).patch(STATUS).times(5).reply(400, notStarted, { 'x-zm-trackingid': 'trk-last' });
    const error = await runTask(client, start({ timeoutMs: 60_000, pollIntervalMs: 15_000 })).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof NotStartedError);
    assert.equal(
      error.message,
      `start meeting ${MEETING}: the meeting had not started after waiting 1:00 (5 tries). Zoom's last answer: HTTP 400, Zoom code 4927: Meeting ${MEETING} has not started.`,
    );
    assert.equal(error.kind, 'timeout');
    assert.equal(error.status, 400);
    assert.equal(error.code, 4927);
    assert.equal(error.trackingId, 'trk-last');
    assert.equal(error.waitedMs, 60_000);
    assert.equal(error.attempts, 5);
    // The setting is the core's name, for each face to word: the Action says wait-for-start.
    assert.match(error.hint, /wait longer \(waitForStart\)/);
    assert.match(error.worded(inputWords(() => '')).hint, /wait longer \(wait-for-start\)/);
    assert.equal(error.toJSON().waitedMs, 60_000);
    assert.deepEqual(clock.sleeps, [15_000, 15_000, 15_000, 15_000]);
  });

  it('a wait shorter than the poll interval tries at once and once more at its deadline', async () => {
    const { client } = unitClient();
    nock(API).patch(STATUS).times(2).reply(400, notStarted);
    await assert.rejects(runTask(client, start({ timeoutMs: 10_000, pollIntervalMs: 15_000 })), /after waiting 0:10 \(2 tries\)/);
  });

  const stretched: [string, string, number][] = [
    ['stretches the pause to a longer Retry-After', '40', 55_000],
    ['never shortens it below the poll interval', '1', 30_000],
  ];
  for (const [what, retryAfter, third] of stretched) {
    it(`a 429 inside the wait (Retry-After ${retryAfter}, retried by the transport) ${what}`, async () => {
      const { client, clock } = unitClient();
      const began = clock.now();
      const scope = nock(API)
        .patch(STATUS)
        .reply(400, notStarted)
        .patch(STATUS)
        .reply(429, { code: 429, message: 'Too many requests' }, { 'retry-after': retryAfter })
        .patch(STATUS)
        .reply(204);
      const at = timesOf(scope, clock);
      const result = await runTask(client, start({ timeoutMs: 600_000 }));
      assert.deepEqual(
        at.map((t) => t - began),
        [0, 15_000, third],
      );
      assert.equal(result.tries, 2, 'the transport retried the second try itself');
    });
  }

  it('a 429 that outlasts the transport retries keeps waiting, for Zoom 30 s between starts when it names no time', async () => {
    const { client, clock } = unitClient({ maxRetries: 0 });
    const began = clock.now();
    const scope = nock(API)
      .patch(STATUS)
      .reply(429, { code: 429, message: 'Too many requests submitted to start the live stream of this meeting' })
      .patch(STATUS)
      .reply(400, notStarted)
      .patch(STATUS)
      .reply(204);
    const at = timesOf(scope, clock);
    const progress: WaitProgress[] = [];
    await runTask(client, start({ timeoutMs: 600_000 }), { onWait: (p) => progress.push(p) });
    assert.deepEqual(
      at.map((t) => t - began),
      [0, 30_000, 45_000],
    );
    assert.deepEqual(
      progress.map((p) => [p.nextTryInMs, p.last.status]),
      [
        [30_000, 429],
        [15_000, 400],
      ],
    );
  });

  it('transport retries inside a try never run past the deadline', async () => {
    const { client, clock } = unitClient();
    const began = clock.now();
    // 500 at 15 s: a retry would wait a poll interval, to 30 s, past the 20 s deadline; the wait's
    // own last try is made at the deadline.
    const scope = nock(API)
      .patch(STATUS)
      .reply(400, notStarted)
      .patch(STATUS)
      .times(2)
      .reply(500, { code: 500, message: 'Internal error' });
    const at = timesOf(scope, clock);
    await assert.rejects(runTask(client, start({ timeoutMs: 20_000 })), (e: unknown) => e instanceof NotStartedError && e.status === 500);
    assert.deepEqual(
      at.map((t) => t - began),
      [0, 15_000, 20_000],
    );
  });

  it('an abort during the wait cancels it: no further request, a CancelledError', async () => {
    const { client } = unitClient();
    nock(API).patch(STATUS).times(2).reply(400, notStarted);
    const controller = new AbortController();
    await assert.rejects(
      runTask(client, start({ timeoutMs: 600_000 }), {
        signal: controller.signal,
        onWait: ({ tries }) => {
          if (tries === 2) controller.abort();
        },
      }),
      CancelledError,
    );
  });

  it('webinars wait on code 200 "has not started"', async () => {
    const { client, clock } = unitClient();
    const path = `/v2/webinars/${WEBINAR}/livestream/status`;
    nock(API)
      .patch(path)
      .times(2)
      .reply(400, { code: 200, message: `Webinar ${WEBINAR} has not started.` })
      .patch(path)
      .reply(204);
    const result = await runTask(client, start({ timeoutMs: 600_000 }, { target: { kind: 'webinar', id: WEBINAR } }));
    assert.equal(result.tries, 3);
    assert.deepEqual(clock.sleeps, [15_000, 15_000]);
  });

  it('a webinar deadline error names the webinar', async () => {
    const { client } = unitClient();
    nock(API)
      .patch(`/v2/webinars/${WEBINAR}/livestream/status`)
      .times(2)
      .reply(400, { code: 200, message: `Webinar ${WEBINAR} has not started.` });
    await assert.rejects(
      runTask(client, start({ timeoutMs: 5_000, pollIntervalMs: 5_000 }, { target: { kind: 'webinar', id: WEBINAR } })),
      /^NotStartedError: start webinar 93000000001: the webinar had not started after waiting 0:05 \(2 tries\)/,
    );
  });

  const final: [string, string, object][] = [
    ['a webinar plan without live streaming (code 200, another message)', 'webinars', { code: 200, message: 'Webinar plan is missing.' }],
    ['a stream never configured (3000)', 'meetings', { code: 3000, message: 'Cannot access meeting info.' }],
    ['an end-to-end encrypted meeting (4400)', 'meetings', { code: 4400, message: 'E2EE meetings do not support live streaming.' }],
  ];
  for (const [what, kinds, body] of final) {
    it(`does not wait on ${what}: one request, Zoom's error`, async () => {
      const { client, clock } = unitClient();
      const id = kinds === 'webinars' ? WEBINAR : MEETING;
      nock(API).patch(`/v2/${kinds}/${id}/livestream/status`).reply(400, body);
      await assert.rejects(
        runTask(client, start({ timeoutMs: 600_000 }, { target: { kind: kinds === 'webinars' ? 'webinar' : 'meeting', id } })),
        (e: unknown) => e instanceof ZoomApiError && !(e instanceof NotStartedError),
      );
      assert.deepEqual(clock.sleeps, []);
    });
  }

  it('with stream fields: one update, then the start tries', async () => {
    const { client } = unitClient();
    nock(API).patch(`/v2/meetings/${MEETING}/livestream`).reply(204).patch(STATUS).times(2).reply(400, notStarted).patch(STATUS).reply(204);
    const result = await runTask(
      client,
      start({ timeoutMs: 600_000 }, { stream: { stream_url: 'rtmp://h/app', stream_key: 'k-123', page_url: 'https://p.example' } }),
    );
    assert.deepEqual(
      result.steps.map((s) => s.operation),
      [`update meeting ${MEETING}`, `start meeting ${MEETING}`],
    );
    assert.equal(result.tries, 3);
  });

  it('each request runs inside `step` and the pauses outside it', async () => {
    const { client, clock } = unitClient();
    nock(API).patch(STATUS).times(2).reply(400, notStarted).patch(STATUS).reply(204);
    let inside = false;
    let steps = 0;
    const insideAtPause: boolean[] = [];
    const sleep = clock.sleep.bind(clock);
    clock.sleep = (ms, signal) => {
      insideAtPause.push(inside);
      return sleep(ms, signal);
    };
    await runTask(client, start({ timeoutMs: 600_000 }), {
      step: async (send) => {
        inside = true;
        steps++;
        try {
          return await send();
        } finally {
          inside = false;
        }
      },
    });
    assert.equal(steps, 4, 'the configuration read and three tries');
    assert.deepEqual(insideAtPause, [false, false]);
  });

  it('without a wait, "has not started" fails at once with a hint to wait-for-start', async () => {
    const { client } = unitClient();
    nock(API).patch(STATUS).reply(400, notStarted);
    await assert.rejects(
      runTask(client, start(undefined)),
      (e: unknown) =>
        e instanceof ZoomApiError && /host must start the meeting first.*wait-for-start/.test(e.worded(inputWords(() => '')).hint),
    );
  });

  it('a webinar "has not started" gets the same hint; its other code-200 failures keep theirs', async () => {
    const { client } = unitClient();
    const path = `/v2/webinars/${WEBINAR}/livestream/status`;
    nock(API)
      .patch(path)
      .reply(400, { code: 200, message: `Webinar ${WEBINAR} has not started.` })
      .patch(path)
      .reply(400, { code: 200, message: 'Webinar plan is missing.' });
    const webinar = { kind: 'webinar' as const, id: WEBINAR };
    await assert.rejects(runTask(client, { action: 'start', target: webinar }), (e: ZoomApiError) =>
      /wait-for-start/.test(e.worded(inputWords(() => '')).hint),
    );
    await assert.rejects(runTask(client, { action: 'start', target: webinar }), (e: ZoomApiError) => /Webinar add-on/.test(e.hint));
  });

  const refused: [string, Task, RegExp][] = [
    [
      'a wait on stop',
      { action: 'stop', target: { kind: 'meeting', id: MEETING }, waitForStart: { timeoutMs: 60_000 } },
      /^waitForStart: is not used by action "stop"/,
    ],
    ['a wait over 6 hours', start({ timeoutMs: 6 * 3_600_000 + 1_000 }), /^waitForStart: must be from 0 to 6 h, got 21601 s/],
    ['a negative wait', start({ timeoutMs: -1 }), /^waitForStart: must be from 0 to 6 h/],
    ['a wait that is not a number', start({ timeoutMs: '90' as never }), /^waitForStart: must be from 0 to 6 h, got "90"/],
    ['a poll interval under 5 s', start({ timeoutMs: 60_000, pollIntervalMs: 1_000 }), /^pollInterval: must be from 5 s to 1 h, got 1 s/],
    ['a poll interval that is NaN', start({ timeoutMs: 60_000, pollIntervalMs: NaN }), /^pollInterval: must be from 5 s to 1 h, got NaN/],
    ['a wait that is not an object', start(5 as never), /^waitForStart: must be an object, got 5/],
  ];
  for (const [what, task, pattern] of refused) {
    it(`refuses ${what} before any request`, async () => {
      const { client } = unitClient();
      await assert.rejects(runTask(client, task), (e: unknown) => e instanceof ValidationError && pattern.test(e.message));
    });
  }

  it('a zero wait on stop is the same as none', async () => {
    const { client } = unitClient();
    nock(API).patch(`/v2/meetings/${MEETING}/livestream/status`, { action: 'stop' }).reply(204);
    const result = await runTask(client, { action: 'stop', target: { kind: 'meeting', id: MEETING }, waitForStart: { timeoutMs: 0 } });
    assert.equal(result.waitedMs, undefined);
  });

  it('clockTime reads as a clock', () => {
    assert.deepEqual([0, 999, 5_000, 75_000, 45 * 60_000, 2 * 3_600_000 + 61_000].map(clockTime), [
      '0:00',
      '0:00',
      '0:05',
      '1:15',
      '45:00',
      '2:01:01',
    ]);
  });

  it('a stream that is not configured fails before any wait, with the fix', async () => {
    const { client } = unitClient();
    nock.cleanAll();
    nock(API)
      .get(`/v2/meetings/${MEETING}/livestream`)
      .reply(400, { code: 3000, message: 'Meeting is not configured with a custom streaming service.' });
    const error = (await runTask(client, start({ timeoutMs: 600_000 })).catch((e: unknown) => e)) as ZoomApiError;
    assert.equal(error.code, 3000);
    assert.match(String(error.hint), /Run the update action/);
  });

  it('a token that may read the meeting probes its status every 5 s, then starts it once', async () => {
    const { client, clock } = unitClient({ auth: { accountId: 'a', clientId: 'c', clientSecret: 'sssss' } });
    const began = clock.now();
    nock(OAUTH).post('/oauth/token').query(true).reply(200, {
      access_token: 'probe-token-1234',
      expires_in: 3600,
      scope: 'meeting:read:meeting:admin meeting:update:livestream_status:admin',
    });
    const reads: number[] = [];
    nock(API)
      .get(`/v2/meetings/${MEETING}`)
      .times(3)
      .reply(() => {
        reads.push(clock.now() - began);
        return [200, { id: 1, status: 'waiting' }];
      })
      .get(`/v2/meetings/${MEETING}`)
      .reply(200, { id: 1, status: 'started' })
      .patch(STATUS)
      .reply(204);
    let told: [string, number] | undefined;
    const result = await runTask(client, start({ timeoutMs: 600_000 }), { onProbe: (probe, ms) => (told = [probe, ms]) });
    assert.deepEqual(told, ['meeting', 5_000]);
    assert.deepEqual(reads, [0, 5_000, 10_000]);
    assert.equal(result.tries, 4);
    assert.equal(result.status, 204);
  });

  describe('a short Zoom outage inside the wait (issue 25)', () => {
    const probeToken = (scope: string) =>
      nock(OAUTH)
        .post('/oauth/token')
        .query(true)
        .reply(200, { access_token: `probe-token-${scope.length}`, expires_in: 3600, scope });
    const oauth = { auth: { accountId: 'a', clientId: 'c', clientSecret: 'sssss' }, maxRetries: 0 };

    it('25 s of 503s on the meeting read do not end a 90 s wait: the host starts at 40 s and the stream goes live', async () => {
      const { client, clock } = unitClient(oauth);
      const began = clock.now();
      probeToken('meeting:read:meeting:admin meeting:update:livestream_status:admin');
      const reads: number[] = [];
      const at = () => reads.push(clock.now() - began);
      nock(API)
        .get(`/v2/meetings/${MEETING}`)
        .times(5)
        .reply(() => (at(), [503, { code: 503, message: 'Service unavailable' }]))
        .get(`/v2/meetings/${MEETING}`)
        .times(3)
        .reply(() => (at(), [200, { id: 1, status: 'waiting' }]))
        .get(`/v2/meetings/${MEETING}`)
        .reply(() => (at(), [200, { id: 1, status: 'started' }]))
        .patch(STATUS)
        .reply(204);
      const result = await runTask(client, start({ timeoutMs: 90_000 }));
      assert.deepEqual(reads, [0, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000]);
      assert.equal(result.status, 204);
    });

    it('the start probe rides out a gateway 502 and 504 too', async () => {
      const { client } = unitClient({ maxRetries: 0 });
      nock(API)
        .patch(STATUS)
        .reply(502, '<html>Bad gateway</html>')
        .patch(STATUS)
        .reply(504, { code: 504, message: 'Gateway timeout' })
        .patch(STATUS)
        .reply(400, notStarted)
        .patch(STATUS)
        .reply(204);
      const result = await runTask(client, start({ timeoutMs: 120_000 }));
      assert.equal(result.tries, 4);
      assert.equal(result.status, 204);
    });

    it('an outage that lasts the whole wait ends it as "not started", with the outage as the last answer', async () => {
      const { client } = unitClient({ maxRetries: 0 });
      nock(API).persist().patch(STATUS).reply(503, { code: 503, message: 'Service unavailable' });
      const error = (await runTask(client, start({ timeoutMs: 60_000 })).catch((e: unknown) => e)) as NotStartedError;
      nock.cleanAll();
      assert.ok(error instanceof NotStartedError, String(error));
      assert.match(error.message, /had not started after waiting 1:00 \(5 tries\)\. Zoom's last answer: HTTP 503/);
    });

    it('a token refreshed without the meeting-read scope mid-wait falls back to trying the start', async () => {
      const { client } = unitClient(oauth);
      probeToken('meeting:read:meeting:admin meeting:update:livestream_status:admin');
      nock(API)
        .get(`/v2/meetings/${MEETING}`)
        .reply(200, { id: 1, status: 'waiting' })
        .get(`/v2/meetings/${MEETING}`)
        .reply(403, { code: 4711, message: 'Invalid access token, does not contain scopes:[meeting:read:meeting:admin].' })
        .patch(STATUS)
        .reply(400, notStarted)
        .patch(STATUS)
        .reply(204);
      const result = await runTask(client, start({ timeoutMs: 600_000 }));
      assert.equal(result.status, 204);
      assert.equal(result.tries, 3, 'a read, then the read refused and a start, then the start that went through');
    });
  });
});
