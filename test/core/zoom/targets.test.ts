import assert from 'node:assert/strict';
import { parseTarget, planTask, ValidationError } from '../../../core/index.js';
import { resolveTarget } from '../../../core/zoom/targets.js';

describe('core/targets: parseTarget', () => {
  const accepted: [unknown, string | undefined, { kind: string; id: string }][] = [
    ['85746065123', undefined, { kind: 'meeting', id: '85746065123' }],
    ['857 4606 5123', undefined, { kind: 'meeting', id: '85746065123' }],
    ['857-4606-5123', undefined, { kind: 'meeting', id: '85746065123' }],
    ['  85746065123\n', undefined, { kind: 'meeting', id: '85746065123' }],
    ['https://us02web.zoom.us/j/85746065123?pwd=abc.1', undefined, { kind: 'meeting', id: '85746065123' }],
    ['https://zoom.us/j/85746065123', 'meeting', { kind: 'meeting', id: '85746065123' }],
    ['https://acme.zoom.us/w/92345678901?tk=x&pwd=y', undefined, { kind: 'webinar', id: '92345678901' }],
    ['https://us06web.zoom.us/w/92345678901/', 'webinar', { kind: 'webinar', id: '92345678901' }],
    ['923 4567 8901', 'webinar', { kind: 'webinar', id: '92345678901' }],
    ['12345678901234567', undefined, { kind: 'meeting', id: '12345678901234567' }],
    ['9223372036854775807', undefined, { kind: 'meeting', id: '9223372036854775807' }],
    [85746065123, undefined, { kind: 'meeting', id: '85746065123' }],
    // As people paste them: doubled spaces, a non-breaking space, a tab, no scheme on the link.
    ['857  4606 5123', undefined, { kind: 'meeting', id: '85746065123' }],
    ['857\u00a04606\u00a05123', 'meeting', { kind: 'meeting', id: '85746065123' }],
    ['857\t4606 - 5123', undefined, { kind: 'meeting', id: '85746065123' }],
    ['us02web.zoom.us/j/85746065123?pwd=abc', undefined, { kind: 'meeting', id: '85746065123' }],
    ['zoom.us/w/92345678901', 'webinar', { kind: 'webinar', id: '92345678901' }],
  ];
  for (const [input, kind, expected] of accepted) {
    it(`accepts ${JSON.stringify(input)}${kind ? ` as ${kind}` : ''}`, () => {
      assert.deepEqual(parseTarget(input, kind as 'meeting' | 'webinar' | undefined), expected);
    });
  }

  const rejected: [unknown, string | undefined, RegExp][] = [
    ['', undefined, /missing/],
    [undefined, 'meeting', /meeting-id: is missing/],
    [null, 'webinar', /webinar-id: is missing/],
    ['abc', undefined, /not a Zoom ID/],
    ['857_4606_5123', undefined, /not a Zoom ID/],
    ['857 -', undefined, /not a Zoom ID/],
    ['zoom.us.evil.example/j/85746065123', undefined, /not a Zoom ID/],
    ['us02web.zoom.us/j/85746065123', 'webinar', /meeting link but a webinar/],
    ['-85746065123', undefined, /not a Zoom ID/],
    ['0857', undefined, /starts with 0/],
    ['9223372036854775808', undefined, /larger than a Zoom ID/],
    ['12345678901234567890', undefined, /larger than a Zoom ID/],
    ['https://evil.example.com/j/85746065123', undefined, /host "evil.example.com" is not Zoom's/],
    ['https://zoom.us.evil.com/j/85746065123', undefined, /not Zoom's/],
    ['https://notzoom.us/j/85746065123', undefined, /not Zoom's/],
    ['ftp://zoom.us/j/85746065123', undefined, /not Zoom join links/],
    ['https://zoom.us/meeting/85746065123', undefined, /holds no meeting/],
    ['https://zoom.us/j/', undefined, /holds no meeting/],
    ['https://us02web.zoom.us/w/92345678901', 'meeting', /webinar link but a meeting/],
    ['https://us02web.zoom.us/j/85746065123', 'webinar', /meeting link but a webinar/],
    [1.5, undefined, /not a usable Zoom ID/],
    [2 ** 60, undefined, /not a usable Zoom ID/],
    [{ id: 1 }, undefined, /missing/],
    ['http://[::1', undefined, /neither a Zoom ID nor a valid URL/],
  ];
  for (const [input, kind, pattern] of rejected) {
    it(`rejects ${JSON.stringify(input)}${kind ? ` as ${kind}` : ''}`, () => {
      assert.throws(
        () => parseTarget(input, kind as 'meeting' | 'webinar' | undefined),
        (err: unknown) => err instanceof ValidationError && pattern.test(err.message) && err.hint.length > 0,
      );
    });
  }
});

describe('core/targets: checked once', () => {
  it('a checked target is taken as it is: the plan and every operation built from it share it', () => {
    const target = parseTarget('857 4606 5123');
    assert.equal(resolveTarget(target), target);
    assert.ok(Object.isFrozen(target), 'a checked target cannot be changed after its check');
    for (const action of ['start', 'check'] as const) {
      const plan = planTask({ action, target: 'https://us02web.zoom.us/j/85746065123', stream: undefined });
      for (const op of plan.operations) assert.equal(op.target, plan.target, `${action}: ${op.path}`);
    }
    // A plain object is checked (and refused when wrong), never trusted.
    assert.throws(() => resolveTarget({ kind: 'meeting', id: 'abc' }), ValidationError);
  });
});
