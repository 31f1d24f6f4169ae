/**
 * The editor and the core agree on every ID form: the function the editor's HTML (as bundled)
 * validates the target with accepts exactly the texts parseTarget accepts, over the forms people
 * write and fuzzed ones. Likewise the webhook dialog's events and subscription ID are core's.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseTarget } from '../../core/index.js';
import { KNOWN_EVENTS } from '../../core/events/events.js';
import { SUBSCRIPTION_ID } from '../../core/events/socket.js';
import { ROOT } from '../../harness/root.js';

const html = readFileSync(join(ROOT, 'node-red', 'dist', 'zoom-livestream.html'), 'utf8');

/** The editor's own target check, taken from the bundled HTML and run here as the browser runs it. */
function editorCheck(): (text: string) => { ok: boolean } {
  const start = html.indexOf('var targetFromText = ');
  assert.ok(start > 0, 'the bundled editor defines targetFromText');
  const source = html
    .slice(start + 'var targetFromText = '.length, html.indexOf('\n    var ', start + 1))
    .trim()
    .replace(/;$/, '');
  return new Function(`return (${source});`)() as (text: string) => { ok: boolean };
}

const coreAccepts = (text: string) => {
  try {
    parseTarget(text);
    return true;
  } catch {
    return false;
  }
};

describe('node-red editor: one source for the rules', () => {
  const editor = editorCheck();

  it('accepts every form core accepts and refuses every form core refuses', () => {
    const forms = [
      '85746065123',
      '857 4606 5123',
      '857-4606-5123',
      '857  4606\u00a05123',
      'https://us02web.zoom.us/j/85746065123',
      'us02web.zoom.us/j/85746065123?pwd=abc',
      'zoom.us/w/92345678901',
      'http://zoom.us/j/85746065123',
      'https://us02web.zoom.us/j/85746065123/',
      'https://evil.example/j/85746065123',
      'ftp://zoom.us/j/1',
      'https://zoom.us/s/85746065123',
      '0123',
      '9223372036854775807',
      '9223372036854775808',
      '12345678901234567890',
      'abc',
      '',
      '   ',
      'x'.repeat(3000),
    ];
    for (const text of forms) assert.equal(editor(text).ok, coreAccepts(text), JSON.stringify(text.slice(0, 60)));
  });

  it('agrees with core on fuzzed texts', () => {
    const piece = fc.constantFrom('1', '9', '0', ' ', '-', '/', 'j', 'w', 'zoom.us', 'https://', '.', '?', 'a', '\u00a0');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        assert.equal(editor(text).ok, coreAccepts(text), JSON.stringify(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it("the webhook dialog's events are core's KNOWN_EVENTS", () => {
    assert.ok(html.includes(`var ZOOM_EVENTS = ${JSON.stringify(KNOWN_EVENTS)};`));
  });

  it("the webhook dialog's subscription ID is core's", () => {
    assert.ok(html.includes(`var SUBSCRIPTION_ID = ${String(SUBSCRIPTION_ID)};`));
  });
});
