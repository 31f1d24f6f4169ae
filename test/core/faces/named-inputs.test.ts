/** action/inputs.ts in process: every input refused before any request, with the input's own name. */
import assert from 'node:assert/strict';
import { ValidationError } from '../../../core/index.js';
import { parseInputs } from '../../../core/index.js';

const base: Record<string, string> = { 'meeting-id': '85746065123', action: 'get', 'access-token': 'a-token-1234' };
const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

describe("core/named-inputs: parsing the named inputs (the Action's and the CLI's)", () => {
  const refused: [string, Record<string, string>, RegExp][] = [
    ['both targets', { 'webinar-id': '92345678901' }, /^meeting-id: and webinar-id are both set/],
    ['no target', { 'meeting-id': '' }, /^meeting-id: is missing/],
    ['token and OAuth', { 'client-id': 'c' }, /^access-token: is set together/],
    ['no credentials', { 'access-token': '' }, /^auth: no credentials/],
    ['OAuth without a secret', { 'access-token': '', 'account-id': 'a', 'client-id': 'c' }, /^client-secret: is missing/],
    ['a boolean that is not', { action: 'start', 'active-speaker-name': 'maybe' }, /^active-speaker-name: /],
    ['max-retries over 10', { 'max-retries': '11' }, /^max-retries: /],
    ['timeout-seconds 0', { 'timeout-seconds': '0' }, /^timeout-seconds: /],
    ['a duration without a unit people write', { action: 'start', 'wait-for-start': 'soon' }, /^wait-for-start: /],
    ['fail-on neither', { action: 'check', 'fail-on': 'sometimes' }, /^fail-on: /],
    ['settings that are not JSON', { action: 'start', settings: '{nope' }, /^settings: /],
    ['settings that are an array', { action: 'start', settings: '[1]' }, /^settings: /],
    ['dry-run maybe', { 'dry-run': 'maybe' }, /^dry-run: /],
  ];
  for (const [what, inputs, pattern] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => parseInputs(reader({ ...base, ...inputs })),
        (e: unknown) => e instanceof ValidationError && pattern.test(e.message),
      );
    });
  }

  it('reads every input it takes into one settings object', () => {
    const settings = parseInputs(
      reader({
        ...base,
        action: 'start',
        'stream-url': 'rtmp://a.example/live',
        'stream-key': 'k-1234',
        'page-url': 'https://p.example',
        'display-name': 'Town hall',
        'active-speaker-name': 'false',
        settings: '{"layout":"speaker_view"}',
        'wait-for-start': '1h30m',
        'poll-interval': '20s',
        'max-retries': '2',
        'timeout-seconds': '12',
        encoding: 'multipart',
        'dry-run': 'true',
      }),
    );
    assert.deepEqual(settings.task.waitForStart, { timeoutMs: 5_400_000, pollIntervalMs: 20_000 });
    assert.deepEqual(settings.task.settings, { layout: 'speaker_view', display_name: 'Town hall', active_speaker_name: false });
    assert.equal(settings.dryRun, true);
    assert.equal(settings.client.maxRetries, 2);
    assert.equal(settings.client.timeoutMs, 12_000);
    assert.equal(settings.client.encoding, 'multipart');
  });
});
