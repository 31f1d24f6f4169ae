/**
 * The nodes' runtime texts: every key the code asks for is in the catalog, Node-RED's own i18n
 * (the Node-RED this run tests) reads the catalog as the English fallback does, values and plurals
 * included, and a runtime's translation wins over the fallback.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../../harness/root.js';
import { textsFor, type NodeType } from '../../node-red/texts.js';
import type { RedApi } from '../../node-red/red-types.js';
import { NODE_RED_PACKAGE } from '../helpers/node-red.js';

const LOCALES = join(ROOT, 'node-red/locales');
const catalog = JSON.parse(readFileSync(join(LOCALES, 'en-US/zoom-livestream.json'), 'utf8')) as Record<string, Record<string, unknown>>;
const RUNTIME_SECTIONS = ['status', 'warn', 'log'];

/** Every runtime text of the catalog, as [node type, key]. */
const runtimeKeys: [NodeType, string][] = Object.entries(catalog).flatMap(([type, sections]) =>
  RUNTIME_SECTIONS.flatMap((section) =>
    Object.keys((sections[section] as Record<string, string> | undefined) ?? {})
      .filter((key) => !key.endsWith('_plural'))
      .map((key): [NodeType, string] => [type as NodeType, `${section}.${key}`]),
  ),
);

/** What the Node-RED 4 or 5 under test would answer, with its own i18n and this catalog. */
async function nodeRedI18n(): Promise<(key: string, vars: object) => string> {
  const fromNodeRed = createRequire(createRequire(import.meta.url).resolve(NODE_RED_PACKAGE));
  const { i18n } = fromNodeRed('@node-red/util') as {
    i18n: {
      init(settings: object): Promise<void>;
      registerMessageCatalog(ns: string, dir: string, file: string): Promise<void>;
      _: (k: string, v: object) => string;
    };
  };
  await i18n.init({ lang: 'en-US' });
  await i18n.registerMessageCatalog('zoom-test', LOCALES, 'zoom-livestream.json');
  return (key, vars) => i18n._(`zoom-test:${key}`, vars);
}

const VARS = {
  action: 'start',
  kind: 'meeting',
  id: '857',
  seconds: 15,
  time: '4:02',
  waits: 3,
  ok: 6,
  unknown: 1,
  status: 429,
  code: 124,
  path: '/zoom/events',
  why: 'bad signature',
  event: 'meeting.started',
  emitted: 2,
  value: '"x"',
  default: 10_000,
  rate: 10,
};

describe('node-red/texts: the runtime texts and their catalog', () => {
  it('every key the nodes ask for is in the catalog', () => {
    const dir = join(ROOT, 'node-red');
    const asked = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/'((?:status|warn|log)\.\w+)'/g)].map((m) => m[1]!));
    assert.ok(asked.length >= 30, `found only ${asked.length} keys: the scan is broken`);
    const known = new Set(runtimeKeys.map(([, key]) => key));
    assert.deepEqual(
      asked.filter((key) => !known.has(key)),
      [],
    );
  });

  it("Node-RED's i18n reads each text as the English fallback does, counts and values included", async function () {
    this.timeout(20_000);
    const nodeRed = await nodeRedI18n();
    const echo = { _: (key: string) => key } as unknown as RedApi;
    for (const [type, key] of runtimeKeys) {
      for (const count of [1, 2]) {
        const vars = { ...VARS, count };
        assert.equal(textsFor(echo, type)(key, vars), nodeRed(`${type}.${key}`, vars), `${type}.${key} with count ${count}`);
      }
    }
    assert.equal(textsFor(echo, 'zoom-livestream')('status.checked', { ok: 6, count: 1 }), '6 ok, 1 problem');
    assert.equal(textsFor(echo, 'zoom-livestream')('status.checked', { ok: 6, count: 2 }), '6 ok, 2 problems');
  });

  it("the runtime's own text wins; a key missing everywhere is a bug, not a blank status", () => {
    const german = { _: (key: string, vars: { action?: string }) => `sende ${vars.action}… (${key})` } as unknown as RedApi;
    assert.equal(
      textsFor(german, 'zoom-livestream')('status.sending', { action: 'start' }),
      'sende start… (zoom-livestream.status.sending)',
    );
    const echo = { _: (key: string) => key } as unknown as RedApi;
    assert.throws(() => textsFor(echo, 'zoom-livestream')('status.nothing'), /the message catalog has no zoom-livestream.status.nothing/);
  });

  it('a text is made once per key and values, and the texts kept stay bounded', () => {
    const asked: string[] = [];
    const counting = {
      _: (key: string, vars: { action?: string; seconds?: number }) => {
        asked.push(`${key} ${vars.action ?? vars.seconds}`);
        return `${key}: ${vars.action ?? vars.seconds}`;
      },
    } as unknown as RedApi;
    const text = textsFor(counting, 'zoom-livestream');
    for (let i = 0; i < 3; i++) {
      assert.equal(text('status.sending', { action: 'get' }), 'zoom-livestream.status.sending: get');
      assert.equal(text('status.sending', { action: 'start' }), 'zoom-livestream.status.sending: start');
    }
    assert.deepEqual(asked, ['zoom-livestream.status.sending get', 'zoom-livestream.status.sending start']);
    // Many different values (a countdown): each made once, then some forgotten, never all kept.
    for (let seconds = 0; seconds < 1_000; seconds++) text('status.rateLimited', { seconds });
    asked.length = 0;
    text('status.rateLimited', { seconds: 999 });
    text('status.rateLimited', { seconds: 0 });
    assert.deepEqual(asked, ['zoom-livestream.status.rateLimited 0'], 'the newest kept, the oldest made again');
  });
});
