/**
 * The streams file's reader on its own: values that YAML (and JSON) would change are kept as
 * written or refused with their line; what plan shows is the file's text, not the environment's.
 */
import assert from 'node:assert/strict';
import { differences, differenceText } from '../../core/fleet/drift.js';
import { readStreamsDocument, readStreamsFile } from '../../core/fleet/file.js';
import { StreamsFileError } from '../../core/fleet/file-problems.js';
import { maskKeyIn } from '../../core/zoom/redact.js';

const YOUTUBE_ENV = { YOUTUBE_CLIENT_ID: 'yt-id', YOUTUBE_CLIENT_SECRET: 'yt-SECRET-1', YOUTUBE_REFRESH_TOKEN: 'yt-REFRESH-1' };
const env: Record<string, string> = { KEY: 'key-from-env-1234', TOKEN: 'tok-SECRET-9876', ...YOUTUBE_ENV };
const read = (text: string, allowLiteralKeys = false) =>
  readStreamsFile(text, { env, readSecretFile: () => 'file-key', allowLiteralKeys, source: 'streams.yml' });
const problems = (text: string, allowLiteralKeys = false): string => {
  try {
    read(text, allowLiteralKeys);
  } catch (error) {
    assert.ok(error instanceof StreamsFileError);
    return error.message;
  }
  assert.fail('the file was accepted');
};
const entry = (fields: string) =>
  `streams:\n  - name: a\n${fields}    stream-url: rtmp://x.example/live\n    page-url: https://x.example\n`;

describe('streams file: values as written', () => {
  it('keeps the digits of a long ID written as a YAML or a JSON number (never the nearest double)', () => {
    assert.equal(read(entry('    meeting: 12345678901234567\n    stream-key: ${KEY}\n'))[0]!.target.id, '12345678901234567');
    const json = JSON.stringify({
      streams: [{ name: 'a', meeting: 0, 'stream-key': '${KEY}', 'stream-url': 'rtmp://x.example/live', 'page-url': 'https://x.example' }],
    });
    assert.equal(read(json.replace('"meeting":0', '"meeting":98765432109876543'))[0]!.target.id, '98765432109876543');
    assert.equal(read(entry('    webinar: 85746065123\n    stream-key: ${KEY}\n'))[0]!.target.id, '85746065123');
  });

  it('refuses an ID that YAML reads as another kind of number, with its line and "quote the ID"', () => {
    for (const id of ['1e17', '0x1F', '85746065123.0']) {
      const message = problems(entry(`    meeting: ${id}\n    stream-key: \${KEY}\n`));
      assert.match(message, /line 3 \(a\): meeting: .* quote the ID/, message);
    }
  });

  it('keeps literal keys and text settings that YAML reads as numbers or booleans: 0012, 1e3, 0x1F, long digits', () => {
    for (const key of ['0012', '1e3', '0x1F', '123456789012345678901', '1.50', 'true']) {
      const [got] = read(entry(`    meeting: 85746065123\n    stream-key: ${key}\n    display-name: ${key}\n`), true);
      assert.equal(got!.stream!.stream_key, key);
      assert.equal(got!.settings.display_name, key);
    }
  });

  it('refuses a text field given as a list or a mapping, naming the field and "quote it"', () => {
    assert.match(
      problems(entry('    meeting: 85746065123\n    stream-key: ${KEY}\n    display-name: [a, b]\n')),
      /display-name: must be text \(quote it\)/,
    );
  });

  it('plan shows a URL as the file writes it: ${NAME}, not the value it holds', () => {
    const [got] = read(
      'streams:\n  - name: a\n    meeting: 85746065123\n    stream-key: ${KEY}\n    stream-url: rtmp://x.example/live?token=${TOKEN}\n    page-url: https://x.example/?t=${TOKEN}\n',
    );
    assert.equal(got!.stream!.stream_url, `rtmp://x.example/live?token=${env.TOKEN}`);
    const shown = differences(got!, undefined).map(differenceText).join('\n');
    assert.match(shown, /stream-url: \(none\) → rtmp:\/\/x\.example\/live\?token=\$\{TOKEN\}/);
    assert.match(shown, /page-url: \(none\) → https:\/\/x\.example\/\?t=\$\{TOKEN\}/);
    assert.ok(!shown.includes(env.TOKEN!), shown);
  });

  it('masks a key only where it stands as the key, not inside a host name', () => {
    assert.equal(maskKeyIn('rtmp://a.example/live', 'xam'), 'rtmp://a.example/live');
    assert.equal(maskKeyIn('rtmp://a.example/live/xam', 'xam'), 'rtmp://a.example/live/***');
    assert.equal(maskKeyIn('rtmp://a.example/live?key=xam&x=1', 'xam'), 'rtmp://a.example/live?key=***&x=1');
    assert.equal(maskKeyIn('rtmp://a.example/live/a/b', 'a/b'), 'rtmp://a.example/live/***');
    const held = { stream_url: 'rtmp://a.example/live', stream_key: 'xam', page_url: 'https://p.example' };
    const [got] = read(entry('    meeting: 85746065123\n    stream-key: ${KEY}\n'));
    const shown = differences(got!, held).map(differenceText).join('\n');
    assert.match(shown, /stream-url: rtmp:\/\/a\.example\/live → rtmp:\/\/x\.example\/live/);
  });
});

describe("streams file: run's settings and confirm:", () => {
  const one = entry('    meeting: 85746065123\n    stream-key: ${KEY}\n');
  const withEnv = { ...env, HOOK: 'https://hooks.example/T0K3N', USER: 'monitor', PASS: 'pw-4711' };
  const document = (text: string) => readStreamsDocument(text, { env: withEnv, readSecretFile: () => '', source: 'streams.yml' });

  it('reads events: and alerts: (the URL from the environment)', () => {
    const read = document(`events: { source: websocket, subscription-id: sub-42 }\nalerts: { url: "\${HOOK}" }\n${one}`);
    assert.deepEqual(read.events, { source: 'websocket', subscriptionId: 'sub-42' });
    assert.deepEqual(read.alerts, { url: 'https://hooks.example/T0K3N' });
    assert.equal(read.entries.length, 1);
  });

  it('a subscription ID YAML reads as a number keeps its digits as written; one that is no ID is refused', () => {
    const read = document(`events: { source: websocket, subscription-id: 0012345678901234567 }\n${one}`);
    assert.deepEqual(read.events, { source: 'websocket', subscriptionId: '0012345678901234567' });
    assert.match(
      problems(`events: { source: websocket, subscription-id: "a b?c" }\n${one}`),
      /events: subscription-id: "a b\?c" is not a subscription ID/,
    );
  });

  it('refuses an alert URL written in the file, a websocket without its subscription, an unknown source or field', () => {
    const message = problems(`events: { source: websocket }\nalerts: { url: "https://hooks.example/T0K3N" }\nextras: 1\n${one}`);
    assert.match(message, /line 1: events: subscription-id: is missing/);
    assert.match(message, /line 2: alerts: url: give it as \$\{NAME\}/);
    assert.match(message, /line 3: unknown top-level field "extras": only defaults, streams, events, alerts/);
    assert.match(problems(`events: { source: smoke }\n${one}`), /events: source: must be one of poll, websocket, webhook/);
  });

  it("a managed service's confirm: names its ID; its credentials come from its own variables, a missing one named", () => {
    const services = readStreamsDocument(`defaults:\n  confirm: { kind: mux, id: ls-9 }\n${one}`, {
      env: { ...withEnv, MUX_TOKEN_ID: 'mux-id-1', MUX_TOKEN_SECRET: 'mux-secret-1' },
      readSecretFile: () => '',
      source: 'streams.yml',
    });
    assert.deepEqual(services.entries[0]!.confirm!.destination, {
      kind: 'mux',
      url: 'https://api.mux.com',
      id: 'ls-9',
      credentials: { MUX_TOKEN_ID: 'mux-id-1', MUX_TOKEN_SECRET: 'mux-secret-1' },
    });
    assert.match(
      problems(`defaults:\n  confirm: { kind: mux, id: ls-9 }\n${one}`),
      /confirm: MUX_TOKEN_ID: is not set: mux's API is read with MUX_TOKEN_ID and MUX_TOKEN_SECRET/,
    );
    assert.match(
      problems(`defaults:\n  confirm: { kind: cloudflare }\n${one}`),
      /confirm: id: is missing: cloudflare is read by the live input's UID/,
    );
  });

  it('takes confirm: in defaults or an entry, credentials as ${NAME} only; an entry replaces the defaults', () => {
    const text = `defaults:\n  confirm: { kind: mediamtx, url: "http://127.0.0.1:9997", level: publishing, timeout: 45s, user: "\${USER}", password: "\${PASS}" }\n${one}`;
    const [first] = document(text).entries;
    assert.deepEqual(first!.confirm, {
      destination: { kind: 'mediamtx', url: 'http://127.0.0.1:9997', user: 'monitor', password: 'pw-4711' },
      level: 'publishing',
      timeoutMs: 45_000,
    });
    const literal = problems(
      `defaults:\n  confirm: { kind: srs, url: "http://127.0.0.1:1985", user: monitor, password: "\${PASS}" }\n${one}`,
    );
    assert.match(literal, /confirm: user: is written in the file: give it as \$\{NAME\}/);
    assert.match(
      problems(`defaults:\n  confirm: { kind: wowza, url: "http://127.0.0.1:1" }\n${one}`),
      /confirm: kind: "wowza" is not a destination/,
    );
    assert.match(
      problems(`defaults:\n  confirm: { kind: srs, url: "http://127.0.0.1:1", timeout: 2s }\n${one}`),
      /confirm: timeout: must be from 10 s/,
    );
    assert.match(
      problems(`defaults:\n  confirm: { kind: srs, uri: "http://127.0.0.1:1" }\n${one}`),
      /confirm: unknown field "uri" \(did you mean url\?\)/,
    );
  });
});

describe('streams file: youtube:', () => {
  const yt = (fields: string) => `streams:\n  - name: town-hall\n    meeting: 85746065123\n${fields}`;

  it("an entry with youtube: writes no stream: its settings, named after the entry, and YouTube's credentials from the environment", () => {
    const [got] = read(`defaults:\n  youtube: { broadcast: create, privacy: private }\n${yt('    display-name: Town hall\n')}`);
    assert.equal(got!.stream, undefined);
    assert.deepEqual(
      { ...got!.youtube, credentials: Object.keys(got!.youtube!.credentials) },
      { broadcast: 'create', privacy: 'private', name: 'town-hall', credentials: Object.keys(YOUTUBE_ENV) },
    );
    const [titled] = read(
      yt(
        '    youtube: { broadcast: none, title: "Weekly", stream-id: abc-123 }\n    page-url: https://www.youtube.com/@town/live\n    confirm: { kind: youtube, timeout: 5m }\n',
      ),
    );
    assert.equal(titled!.youtube!.streamId, 'abc-123');
    assert.equal(titled!.confirm!.timeoutMs, 300_000);
    assert.equal(titled!.pageUrl, 'https://www.youtube.com/@town/live');
  });

  it('refuses a stream the file writes, another confirm kind, a missing broadcast, a bad privacy and a missing credential, each with its line', () => {
    const cases: [string, RegExp][] = [
      [
        yt('    youtube: { broadcast: create }\n    stream-url: rtmp://x.example/live\n'),
        /line 5 \(town-hall\): stream-url: is set with youtube:/,
      ],
      [yt('    youtube: { broadcast: create }\n    stream-key: ${KEY}\n'), /stream-key: is set with youtube:/],
      [
        yt('    youtube: { broadcast: create }\n    confirm: { kind: nginx-rtmp, url: "http://127.0.0.1:8080/stat" }\n'),
        /confirm: is nginx-rtmp, but the stream goes to YouTube/,
      ],
      [yt('    youtube: { title: x }\n'), /youtube: broadcast: missing/],
      [yt('    youtube: { broadcast: create, privacy: secret }\n'), /youtube: privacy: "secret" is not one of unlisted, public, private/],
      [yt('    youtube: { broadcast: create, colour: red }\n'), /youtube: .*colour/],
      [yt('    youtube: { broadcast: create, title: 0012 }\n'), /youtube: title: must be text \(quote it\)/],
      [yt('    youtube: { broadcast: create, stream-id: 1e3 }\n'), /youtube: stream-id: must be text \(quote it\)/],
      [yt('    youtube: { broadcast: create }\n    page-url: https://x.example\n'), /page-url: is set with youtube: \{broadcast: create\}/],
      [yt('    youtube: { broadcast: none }\n'), /page-url: missing: with youtube: \{broadcast: none\}/],
    ];
    for (const [text, expected] of cases) assert.match(problems(text), expected);
    const withoutToken = () =>
      readStreamsFile(yt('    youtube: { broadcast: create }\n'), {
        env: { ...env, YOUTUBE_REFRESH_TOKEN: '' },
        readSecretFile: () => '',
        source: 'streams.yml',
      });
    assert.throws(withoutToken, /youtube: YOUTUBE_REFRESH_TOKEN: is not set/);
  });
});
