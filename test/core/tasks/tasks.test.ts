import assert from 'node:assert/strict';
import nock from 'nock';
import { planTask, ValidationError, type Task } from '../../../core/index.js';
import { runPlan } from '../../../core/tasks/run.js';
import { describeOperation } from '../../../core/zoom/operations.js';
import { runTask } from '../../../harness/run-task.js';
import { API, unitClient, useNock } from '../../helpers/nock.js';

const STREAM = { stream_url: 'rtmp://h/app', stream_key: 'key-1234', page_url: 'https://p.example/live' };
const target = { kind: 'meeting' as const, id: '85746065123' };

describe('core/tasks: actions shared by the Action and the node', () => {
  useNock();

  it('plans each action as the operations it sends', () => {
    const names = (task: Task) => planTask(task).operations.map(describeOperation);
    assert.deepEqual(names({ action: 'get', target }), ['get meeting 85746065123']);
    assert.deepEqual(names({ action: 'update', target, stream: STREAM }), ['update meeting 85746065123']);
    assert.deepEqual(names({ action: 'start', target }), ['start meeting 85746065123']);
    assert.deepEqual(names({ action: 'start', target, stream: STREAM }), ['update meeting 85746065123', 'start meeting 85746065123']);
    assert.deepEqual(names({ action: 'stop', target }), ['stop meeting 85746065123']);
    assert.deepEqual(names({ action: 'mode', target, settings: { layout: 'gallery_view' } }), ['mode meeting 85746065123']);
    assert.deepEqual(
      names({ action: 'stop', target, stream: { stream_url: undefined }, settings: {} }),
      ['stop meeting 85746065123'],
      'undefined fields are absent',
    );
  });

  it('plans a check as the reads it starts with, and a wait only for a start, the interval only when asked', () => {
    assert.deepEqual(planTask({ action: 'check', target }).operations.map(describeOperation), [
      'read meeting 85746065123',
      'get meeting 85746065123',
    ]);
    const waits = (waitForStart: Task['waitForStart']) => planTask({ action: 'start', target, waitForStart }).wait;
    assert.deepEqual(waits({ timeoutMs: 60_000 }), { timeoutMs: 60_000 }, "the default interval is the probe's to choose");
    assert.deepEqual(waits({ timeoutMs: 60_000, pollIntervalMs: 20_000 }), { timeoutMs: 60_000, pollIntervalMs: 20_000 });
    assert.equal(waits({ timeoutMs: 0 }), undefined);
    assert.equal(waits(undefined), undefined);
    assert.throws(() => waits({ timeoutMs: 60_000, pollIntervalMs: 1 }), /pollInterval/);
  });

  it('a plan is data: planning sends nothing, and the same plan runs as often as asked', async () => {
    const plan = planTask({ action: 'start', target: 'https://zoom.us/j/85746065123', stream: STREAM });
    assert.deepEqual(plan.target, target);
    assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan, 'nothing in it but data');
    const { client } = unitClient();
    for (let round = 0; round < 2; round++) {
      nock(API).patch('/v2/meetings/85746065123/livestream').reply(204);
      nock(API).patch('/v2/meetings/85746065123/livestream/status').reply(204);
      const result = await runPlan(client, plan);
      assert.deepEqual(
        result.steps.map((s) => s.operation),
        ['update meeting 85746065123', 'start meeting 85746065123'],
      );
    }
  });

  const refused: [string, Task, RegExp][] = [
    ['an unknown action', { action: 'restart' as never, target }, /^action: "restart" is not one of update, start, stop, get, mode/],
    ['a capitalised action', { action: 'Stop' as never, target }, /^action: "Stop"/],
    ['stream fields on stop', { action: 'stop', target, stream: { page_url: 'https://x' } }, /^page_url: is not used by action "stop"/],
    ['stream fields on get', { action: 'get', target, stream: STREAM }, /^stream_url: is not used by action "get"/],
    [
      'settings on update',
      { action: 'update', target, stream: STREAM, settings: { display_name: 'x' } },
      /^settings\.display_name: is not used by action "update"/,
    ],
    ['settings on get', { action: 'get', target, settings: { layout: 'gallery_view' } }, /^settings\.layout: is not used by action "get"/],
    [
      'an explicitly empty stream field on stop',
      { action: 'stop', target, stream: { stream_url: '' } },
      /^stream_url: is not used by action "stop"/,
    ],
    [
      'settings that are not an object',
      { action: 'start', target, settings: [] as never },
      /^settings: must be an object, got an array of 0 items/,
    ],
    ['start with part of the stream', { action: 'start', target, stream: { stream_url: 'rtmp://h/a' } }, /^stream_key: is empty or unset/],
  ];
  for (const [what, task, pattern] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => planTask(task),
        (e: unknown) => e instanceof ValidationError && pattern.test(e.message),
      );
    });
  }

  it('the case hint says lower case', () => {
    assert.throws(
      () => planTask({ action: 'Stop' as never, target }),
      (e: unknown) => /Write it as "stop"/.test((e as ValidationError).hint),
    );
  });

  it('runs start with stream fields as two steps and reports the last', async () => {
    nock(API).patch('/v2/meetings/85746065123/livestream').reply(204, '', { 'x-zm-trackingid': 't1' });
    nock(API).patch('/v2/meetings/85746065123/livestream/status').reply(204, '', { 'x-zm-trackingid': 't2' });
    const result = await runTask(unitClient().client, { action: 'start', target, stream: STREAM });
    assert.deepEqual(result, {
      action: 'start',
      kind: 'meeting',
      id: '85746065123',
      status: 204,
      trackingId: 't2',
      steps: [
        { operation: 'update meeting 85746065123', status: 204, trackingId: 't1' },
        { operation: 'start meeting 85746065123', status: 204, trackingId: 't2' },
      ],
    });
  });

  it('get returns the configuration; a failed first step stops the task', async () => {
    nock(API)
      .get('/v2/meetings/85746065123/livestream')
      .reply(200, { ...STREAM, resolution: '720p' });
    const got = await runTask(unitClient().client, { action: 'get', target });
    // Masked by default, so no face has to remember to; a face asks for the key explicitly.
    assert.deepEqual(got.config, { ...STREAM, stream_key: '***', resolution: '720p' });
    nock(API)
      .get('/v2/meetings/85746065123/livestream')
      .reply(200, { ...STREAM, resolution: '720p' });
    const revealed = await runTask(unitClient().client, { action: 'get', target }, { revealStreamKey: true });
    assert.deepEqual(revealed.config, { ...STREAM, resolution: '720p' });
    nock(API).patch('/v2/meetings/85746065123/livestream').reply(400, { code: 300, message: 'Validation Failed.' });
    await assert.rejects(runTask(unitClient().client, { action: 'start', target, stream: STREAM }), /update meeting 85746065123 failed/);
  });
});
