/**
 * The abuse suite: malformed input through the Action (the bundled dist, as GitHub runs it) and the
 * Node-RED node, and property-based fuzzing of target parsing and validation. Zero crashes, zero
 * unhandled rejections, zero requests for invalid input, zero secrets in any output.
 */
import assert from 'node:assert/strict';
import { until } from '../../harness/until.js';
import fc from 'fast-check';
import { parseTarget, ValidationError } from '../../core/index.js';
import { validateStatus, validateUpdate } from '../../core/zoom/validate.js';
import { runAction, type ActionRun } from '../../harness/action-runner.js';
import { SANDBOX_CLIENT, SANDBOX_TOKEN } from '../../sandbox/server.js';
import { actionNode } from '../../harness/runtimes.js';
import { helper, livestreamNode, zoomNodes } from '../helpers/node-red.js';
import { useSandbox } from '../helpers/sandbox.js';
import { assertNoSecrets, STREAM, STREAM_KEY } from '../helpers/secrets.js';
import { watchUnhandled } from '../helpers/unhandled.js';

const long = (n: number) => 'x'.repeat(n);
const INT64_MAX = 9223372036854775807n;

/** Malformed Action inputs: each must fail with exit 1, one ::error:: line, and send nothing. */
const actionInputs: [string, Record<string, string>][] = [
  ['no target', { action: 'get' }],
  ['both targets', { 'meeting-id': '85746065123', 'webinar-id': '92345678901', action: 'get' }],
  ['letters as id', { 'meeting-id': 'my-meeting', action: 'get' }],
  ['id past int64', { 'meeting-id': '9223372036854775808', action: 'get' }],
  ['20-digit id', { 'meeting-id': '12345678901234567890', action: 'get' }],
  ['negative id', { 'meeting-id': '-85746065123', action: 'get' }],
  ['id with leading zero', { 'meeting-id': '085746065123', action: 'get' }],
  ['decimal id', { 'meeting-id': '857460.65123', action: 'get' }],
  ['join link from another host', { 'meeting-id': 'https://zoom.evil.example/j/85746065123', action: 'get' }],
  ['lookalike host', { 'meeting-id': 'https://zoom.us.evil.example/j/85746065123', action: 'get' }],
  ['webinar link as meeting', { 'meeting-id': 'https://us02web.zoom.us/w/92345678901', action: 'get' }],
  ['meeting link as webinar', { 'webinar-id': 'https://us02web.zoom.us/j/85746065123', action: 'get' }],
  ['link without id', { 'meeting-id': 'https://zoom.us/j/', action: 'get' }],
  ['javascript: link', { 'meeting-id': 'javascript:alert(1)', action: 'get' }],
  ['no action', { 'meeting-id': '85746065123' }],
  ['START', { 'meeting-id': '85746065123', action: 'START' }],
  ['restart', { 'meeting-id': '85746065123', action: 'restart' }],
  ['action with a newline', { 'meeting-id': '85746065123', action: 'start\nstop' }],
  ['update without stream inputs', { 'meeting-id': '85746065123', action: 'update' }],
  ['update without key', { 'meeting-id': '85746065123', action: 'update', 'stream-url': STREAM.stream_url, 'page-url': STREAM.page_url }],
  [
    'stream url not a URL',
    {
      'meeting-id': '85746065123',
      action: 'update',
      'stream-url': 'live.example.com',
      'stream-key': STREAM_KEY,
      'page-url': STREAM.page_url,
    },
  ],
  [
    'stream url over 1024',
    {
      'meeting-id': '85746065123',
      action: 'update',
      'stream-url': `rtmp://h/${long(1020)}`,
      'stream-key': STREAM_KEY,
      'page-url': STREAM.page_url,
    },
  ],
  [
    'stream key over 512',
    {
      'meeting-id': '85746065123',
      action: 'update',
      'stream-url': STREAM.stream_url,
      'stream-key': `${STREAM_KEY}${long(512)}`,
      'page-url': STREAM.page_url,
    },
  ],
  [
    'stream key with a control character',
    {
      'meeting-id': '85746065123',
      action: 'update',
      'stream-url': STREAM.stream_url,
      'stream-key': `${STREAM_KEY}\u0007`,
      'page-url': STREAM.page_url,
    },
  ],
  [
    'page url ftp',
    {
      'meeting-id': '85746065123',
      action: 'update',
      'stream-url': STREAM.stream_url,
      'stream-key': STREAM_KEY,
      'page-url': 'ftp://example.com/live',
    },
  ],
  [
    'page url javascript',
    {
      'meeting-id': '85746065123',
      action: 'update',
      'stream-url': STREAM.stream_url,
      'stream-key': STREAM_KEY,
      'page-url': 'javascript:alert(1)',
    },
  ],
  [
    'page url over 1024',
    {
      'meeting-id': '85746065123',
      action: 'update',
      'stream-url': STREAM.stream_url,
      'stream-key': STREAM_KEY,
      'page-url': `https://h/${long(1020)}`,
    },
  ],
  ['resolution 4k', { 'meeting-id': '85746065123', action: 'update', ...streamInputs(), resolution: '4k' }],
  ['stream inputs with stop', { 'meeting-id': '85746065123', action: 'stop', ...streamInputs() }],
  ['stream inputs with get', { 'meeting-id': '85746065123', action: 'get', 'stream-url': STREAM.stream_url }],
  ['settings with update', { 'meeting-id': '85746065123', action: 'update', ...streamInputs(), 'display-name': 'x' }],
  ['settings not JSON', { 'meeting-id': '85746065123', action: 'start', settings: '{display_name: x}' }],
  ['settings an array', { 'meeting-id': '85746065123', action: 'start', settings: '[1,2]' }],
  ['settings a string', { 'meeting-id': '85746065123', action: 'start', settings: '"gallery"' }],
  ['unknown setting', { 'meeting-id': '85746065123', action: 'start', settings: '{"colour":"red"}' }],
  ['display name over 50', { 'meeting-id': '85746065123', action: 'start', 'display-name': long(51) }],
  ['display name with a control character', { 'meeting-id': '85746065123', action: 'start', 'display-name': 'Town\u0007hall' }],
  ['active speaker name "maybe"', { 'meeting-id': '85746065123', action: 'start', 'active-speaker-name': 'maybe' }],
  ['layout grid', { 'meeting-id': '85746065123', action: 'start', layout: 'grid' }],
  ['close caption on', { 'meeting-id': '85746065123', action: 'start', 'close-caption': 'on' }],
  ['layout for a webinar', { 'webinar-id': '92345678901', action: 'start', layout: 'gallery_view' }],
  ['mode for a webinar', { 'webinar-id': '92345678901', action: 'mode', 'display-name': 'x' }],
  ['mode without settings', { 'meeting-id': '85746065123', action: 'mode' }],
  ['max-retries abc', { 'meeting-id': '85746065123', action: 'get', 'max-retries': 'abc' }],
  ['max-retries 11', { 'meeting-id': '85746065123', action: 'get', 'max-retries': '11' }],
  ['timeout-seconds 0', { 'meeting-id': '85746065123', action: 'get', 'timeout-seconds': '0' }],
  ['timeout-seconds 1e3', { 'meeting-id': '85746065123', action: 'get', 'timeout-seconds': '1e3' }],
  ['dry-run maybe', { 'meeting-id': '85746065123', action: 'get', 'dry-run': 'maybe' }],
  ['encoding xml', { 'meeting-id': '85746065123', action: 'get', encoding: 'xml' }],
  ['api base over plain http', { 'meeting-id': '85746065123', action: 'get', 'api-base-url': 'http://api.zoom.example/v2' }],
  ['api base not a URL', { 'meeting-id': '85746065123', action: 'get', 'api-base-url': 'api zoom us' }],
  [
    'token URL with credentials',
    { 'meeting-id': '85746065123', action: 'get', 'oauth-token-url': 'https://user:pass@zoom.us/oauth/token' },
  ],
];

function streamInputs() {
  return { 'stream-url': STREAM.stream_url, 'stream-key': STREAM_KEY, 'page-url': STREAM.page_url };
}

/** Credentials cases, on top of which no other input is wrong. */
const credentialInputs: [string, Record<string, string>][] = [
  ['no credentials', {}],
  ['token and OAuth together', { 'access-token': SANDBOX_TOKEN, 'client-secret': SANDBOX_CLIENT.clientSecret }],
  ['OAuth without client id', { 'account-id': SANDBOX_CLIENT.accountId, 'client-secret': SANDBOX_CLIENT.clientSecret }],
  // The runner trims inputs, so only white space inside a value can reach the check.
  ['client id with a space inside', { ...oauthInputs(), 'client-id': 'sandbox client-id' }],
];

function oauthInputs() {
  return { 'account-id': SANDBOX_CLIENT.accountId, 'client-id': SANDBOX_CLIENT.clientId, 'client-secret': SANDBOX_CLIENT.clientSecret };
}

describe('abuse suite', function () {
  this.timeout(120_000);
  const ctx = useSandbox();
  const outputs: string[] = [];
  const unhandled = watchUnhandled();
  after(() => {
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
    for (const text of outputs) assertNoSecrets(text);
  });

  describe('the Action rejects malformed input: exit 1, one ::error:: line, nothing sent', () => {
    const all = [
      ...actionInputs.map(([what, inputs]) => [what, { ...oauthInputs(), ...inputs }] as const),
      ...credentialInputs.map(([what, inputs]) => [what, { 'meeting-id': '85746065123', action: 'get', ...inputs }] as const),
    ];
    for (const [what, inputs] of all) {
      it(what, async () => {
        const withSandbox = { 'api-base-url': ctx.sandbox.apiBaseUrl, 'oauth-token-url': ctx.sandbox.oauthTokenUrl, ...inputs };
        const run: ActionRun = await runAction(withSandbox, { node: actionNode() });
        outputs.push(run.stdout.replace(/^::add-mask::.*$/gm, ''), run.stderr, run.summary, JSON.stringify(run.outputs));
        assert.equal(run.code, 1, run.stdout);
        const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
        assert.equal(errors.length, 1, run.stdout);
        // The message starts with the Action input to fix, as users know it.
        assert.match(errors[0]!, /^::error::([a-z]+(-[a-z]+)*|auth|settings\.\w+): .+ Hint: .+/);
        assert.equal(run.stderr, '', 'no crash output');
        assert.equal(ctx.sandbox.requests.length, 0, 'nothing was sent');
      });
    }
  });

  describe('the Node-RED node rejects malformed messages: one done(err) each, nothing sent', () => {
    const messages: [string, Record<string, unknown>][] = [
      ['meetingId an object', { meetingId: {} }],
      ['meetingId an array', { meetingId: [85746065123] }],
      ['meetingId true', { meetingId: true }],
      ['meetingId negative', { meetingId: -5 }],
      ['meetingId a float', { meetingId: 1.5 }],
      ['meetingId past 2^53', { meetingId: 2 ** 60 }],
      ['meetingId letters', { meetingId: 'abc' }],
      ['meetingId past int64', { meetingId: '9'.repeat(20) }],
      ['meetingId from another host', { meetingId: 'https://evil.example/j/85746065123' }],
      ['meetingId a webinar link', { meetingId: 'https://zoom.us/w/92345678901' }],
      ['webinarId a meeting link', { webinarId: 'https://zoom.us/j/85746065123' }],
      ['webinarId empty', { webinarId: '' }],
      ['action a number', { action: 5 }],
      ['action START', { action: 'START' }],
      ['action an empty string', { action: '' }],
      ['action an object', { action: { start: true } }],
      ['action with spaces', { action: ' start ' }],
      ['mode on a webinar', { webinarId: '92345678901', action: 'mode', payload: { settings: { display_name: 'x' } } }],
      ['stream_url a number', { action: 'update', payload: { ...STREAM, stream_url: 5 } }],
      ['stream_url over 1024', { action: 'update', payload: { ...STREAM, stream_url: `rtmp://h/${long(1020)}` } }],
      ['stream_url not a URL', { action: 'update', payload: { ...STREAM, stream_url: 'not a url' } }],
      ['stream_key with a newline', { action: 'update', payload: { ...STREAM, stream_key: `${STREAM_KEY}\n` } }],
      ['stream_key over 512', { action: 'update', payload: { ...STREAM, stream_key: long(513) } }],
      ['stream_key an array', { action: 'update', payload: { ...STREAM, stream_key: [STREAM_KEY] } }],
      ['page_url javascript', { action: 'update', payload: { ...STREAM, page_url: 'javascript:alert(1)' } }],
      ['page_url empty', { action: 'update', payload: { ...STREAM, page_url: '' } }],
      ['resolution 4k', { action: 'update', payload: { ...STREAM, resolution: '4k' } }],
      ['resolution a number', { action: 'update', payload: { ...STREAM, resolution: 1080 } }],
      ['update with only a URL', { action: 'update', payload: { stream_url: 'rtmp://h/a' } }],
      ['stream fields on stop', { action: 'stop', payload: { stream_url: 'rtmp://h/a' } }],
      ['stream fields on get', { action: 'get', payload: { page_url: 'https://p' } }],
      ['settings a string', { action: 'start', payload: { settings: '{"display_name":"x"}' } }],
      ['settings an array', { action: 'start', payload: { settings: [] } }],
      ['settings null', { action: 'start', payload: { settings: null } }],
      ['settings on get', { action: 'get', payload: { settings: { display_name: 'x' } } }],
      ['settings on update', { action: 'update', payload: { ...STREAM, settings: { display_name: 'x' } } }],
      ['layout grid', { action: 'start', payload: { settings: { layout: 'grid' } } }],
      ['close_caption on', { action: 'start', payload: { settings: { close_caption: 'on' } } }],
      ['display_name 51 chars', { action: 'start', payload: { settings: { display_name: long(51) } } }],
      ['display_name empty', { action: 'start', payload: { settings: { display_name: '' } } }],
      ['display_name a number', { action: 'start', payload: { settings: { display_name: 42 } } }],
      ['display_name with a control character', { action: 'start', payload: { settings: { display_name: 'a\u001bb' } } }],
      ['active_speaker_name "yes"', { action: 'start', payload: { settings: { active_speaker_name: 'yes' } } }],
      ['active_speaker_name 1', { action: 'start', payload: { settings: { active_speaker_name: 1 } } }],
      ['unknown setting', { action: 'start', payload: { settings: { colour: 'red' } } }],
      ['__proto__ setting', { action: 'start', payload: { settings: JSON.parse('{"__proto__":{"x":1}}') } }],
      ['layout for a webinar', { webinarId: '92345678901', action: 'start', payload: { settings: { layout: 'gallery_view' } } }],
      ['display_name with mode', { action: 'mode', payload: { settings: { display_name: 'x' } } }],
      ['mode without settings', { action: 'mode' }],
      ['stop with a bad setting', { action: 'stop', payload: { settings: { layout: 'grid' } } }],
    ];

    it('every one ends in exactly one validation error and sends nothing', async () => {
      const flow = [
        { id: 'f1', type: 'tab' },
        { id: 'acc', type: 'zoom-account', apiBaseUrl: ctx.sandbox.apiBaseUrl, oauthTokenUrl: ctx.sandbox.oauthTokenUrl },
        livestreamNode('z1', { z: 'f1' }),
        { id: 'out', z: 'f1', type: 'helper' },
        { id: 'catcher', z: 'f1', type: 'catch', scope: null, wires: [['caught']] },
        { id: 'caught', z: 'f1', type: 'helper' },
      ];
      await helper.load(zoomNodes, flow, { acc: { ...SANDBOX_CLIENT } });
      const answers = new Map<number, unknown[]>();
      const record = (msg: Record<string, unknown>) => {
        const n = msg.n as number;
        answers.set(n, [...(answers.get(n) ?? []), msg.error ?? 'sent']);
      };
      helper.getNode('out').on('input', record);
      helper.getNode('caught').on('input', record);
      messages.forEach(([, msg], n) => helper.getNode('z1').receive({ ...msg, n }));
      await until(() => answers.size === messages.length, 'every message answered');
      // Any second answer to a message would come with the next ones; one more message flushes them.
      for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
      await helper.unload();
      messages.forEach(([what], n) => {
        const got = answers.get(n);
        assert.equal(got?.length, 1, `${what}: answered exactly once`);
        const error = got![0] as { code?: string; message?: string };
        assert.equal(error.code, 'validation', `${what}: ${JSON.stringify(error)}`);
        assert.match(String(error.message), / Hint: /);
        outputs.push(JSON.stringify(error));
      });
      assert.equal(ctx.sandbox.requests.length, 0, 'nothing was sent');
    });
  });

  describe('property-based fuzzing (fast-check)', () => {
    const onlyValidationErrors = (fn: () => unknown) => {
      try {
        fn();
        return true;
      } catch (error) {
        if (error instanceof ValidationError) return true;
        throw error;
      }
    };

    it('parseTarget: any input either parses to an int64 id or fails with a ValidationError', () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.string(), fc.anything(), fc.webUrl(), fc.stringMatching(/^[0-9 -]{0,30}$/)),
          fc.constantFrom(undefined, 'meeting', 'webinar'),
          (input, kind) =>
            onlyValidationErrors(() => {
              const target = parseTarget(input, kind as 'meeting' | undefined);
              assert.match(target.id, /^[1-9]\d{0,18}$/);
              assert.ok(BigInt(target.id) <= INT64_MAX);
              assert.ok(target.kind === 'meeting' || target.kind === 'webinar');
            }),
        ),
        { numRuns: 2000 },
      );
    });

    it('parseTarget: every int64 id survives the ways people write it', () => {
      fc.assert(
        fc.property(
          fc.bigInt({ min: 1n, max: INT64_MAX }),
          fc.constantFrom(' ', '-'),
          fc.domain(),
          fc.constantFrom('j', 'w'),
          (n, sep, sub, path) => {
            const id = n.toString();
            const grouped = id.replace(/\B(?=(\d{4})+(?!\d))/g, sep);
            assert.equal(parseTarget(grouped).id, id);
            const host = `${sub.replace(/[^a-z0-9.-]/gi, '').replace(/^[.-]+|[.-]+$/g, '') || 'us02web'}.zoom.us`;
            const link = parseTarget(`https://${host}/${path}/${id}?pwd=abc&uname=x`);
            assert.deepEqual(link, { kind: path === 'w' ? 'webinar' : 'meeting', id });
          },
        ),
        { numRuns: 1000 },
      );
    });

    it('parseTarget: links on any other host are refused', () => {
      fc.assert(
        fc.property(fc.domain(), fc.bigInt({ min: 1n, max: 10n ** 11n }), (domain, n) => {
          fc.pre(domain !== 'zoom.us' && !domain.endsWith('.zoom.us'));
          assert.throws(() => parseTarget(`https://${domain}/j/${n}`), ValidationError);
        }),
        { numRuns: 500 },
      );
    });

    it('validateUpdate and validateStatus: any body is accepted within limits or refused with a ValidationError', () => {
      const field = fc.oneof(fc.string({ maxLength: 1100 }), fc.webUrl(), fc.anything(), fc.constant(undefined));
      fc.assert(
        fc.property(
          fc.record(
            {
              stream_url: field,
              stream_key: field,
              page_url: field,
              resolution: fc.oneof(fc.constantFrom('720p', '1080p', '4k', ''), fc.anything()),
            },
            { requiredKeys: [] },
          ),
          (body) =>
            onlyValidationErrors(() => {
              const ok = validateUpdate(body);
              assert.ok(ok.stream_url.length <= 1024 && ok.stream_key.length <= 512 && ok.page_url.length <= 1024);
              assert.match(ok.page_url, /^https?:/i);
            }),
        ),
        { numRuns: 1500 },
      );
      fc.assert(
        fc.property(
          fc.record({
            action: fc.oneof(fc.constantFrom('start', 'stop', 'mode', 'Start', ''), fc.anything()),
            settings: fc.oneof(
              fc.record(
                {
                  active_speaker_name: fc.oneof(fc.boolean(), fc.anything()),
                  display_name: fc.oneof(fc.string({ maxLength: 60 }), fc.anything()),
                  layout: fc.oneof(fc.constantFrom('follow_host', 'gallery_view', 'speaker_view', 'grid'), fc.anything()),
                  close_caption: fc.oneof(fc.constantFrom('burnt-in', 'embedded', 'off', 'on'), fc.anything()),
                },
                { requiredKeys: [] },
              ),
              fc.anything(),
            ),
          }),
          fc.constantFrom('meeting' as const, 'webinar' as const),
          (body, kind) =>
            onlyValidationErrors(() => {
              const ok = validateStatus(body, kind);
              assert.ok(['start', 'stop', 'mode'].includes(ok.action));
              if (kind === 'webinar') assert.ok(ok.action !== 'mode' && !ok.settings?.layout);
              if (ok.action === 'stop') assert.equal(ok.settings, undefined);
              if (ok.action === 'mode')
                assert.ok(ok.settings?.active_speaker_name === undefined && ok.settings?.display_name === undefined);
              if (ok.settings?.display_name !== undefined) assert.ok([...ok.settings.display_name].length <= 50);
            }),
        ),
        { numRuns: 1500 },
      );
    });

    it('a client fed fuzzed input sends nothing unless the input is valid', async () => {
      const { sandboxClient } = await import('../helpers/sandbox.js');
      const client = sandboxClient(ctx.sandbox, { token: true });
      let valid = 0;
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string(), fc.anything()), fc.oneof(fc.string(), fc.anything()), async (target, layout) => {
          const before = ctx.sandbox.requests.length;
          const outcome = await client.setLiveStreamStatus(target as string, { action: 'mode', settings: { layout } as never }).then(
            () => 'sent',
            (e: unknown) => e,
          );
          if (outcome === 'sent' || !(outcome instanceof ValidationError)) {
            valid++;
          } else {
            assert.equal(ctx.sandbox.requests.length, before, 'an invalid input sent a request');
          }
        }),
        { numRuns: 300 },
      );
      client.close();
      assert.ok(valid < 300);
    });
  });
});
