/**
 * Whether a text names a meeting or webinar, and which: the one rule for IDs and join links, used by
 * parseTarget and, as this very function's source, by the Node-RED editor (the bundle step writes it
 * into the editor's HTML), so the two can never disagree. Self-contained on purpose: no imports, no
 * outside constants, only what a browser has (URL, BigInt).
 */
export type TargetTextResult =
  | { ok: true; kind: 'meeting' | 'webinar' | undefined; id: string }
  | {
      ok: false;
      why: 'empty' | 'too-long' | 'not-url' | 'scheme' | 'host' | 'path' | 'not-digits' | 'leading-zero' | 'too-large';
      detail?: string;
    };

export function targetFromText(input: string): TargetTextResult {
  const text = input.trim();
  if (text === '') return { ok: false, why: 'empty' };
  // Join links with a long pwd and tracking parameters stay well under this.
  if (input.length > 2048) return { ok: false, why: 'too-long' };
  const idOf = (id: string): TargetTextResult => {
    if (!/^\d+$/.test(id)) return { ok: false, why: 'not-digits', detail: id };
    if (id.startsWith('0')) return { ok: false, why: 'leading-zero', detail: id };
    if (id.length > 19 || BigInt(id) > BigInt('9223372036854775807')) return { ok: false, why: 'too-large', detail: id };
    return { ok: true, kind: undefined, id };
  };
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  // A join link pasted without its scheme: us02web.zoom.us/j/857...
  if (hasScheme || /^(?:[a-z0-9-]+\.)*zoom\.us\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(hasScheme ? text : `https://${text}`);
    } catch {
      return { ok: false, why: 'not-url', detail: text };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, why: 'scheme', detail: url.protocol };
    const host = url.hostname.toLowerCase();
    if (host !== 'zoom.us' && !host.endsWith('.zoom.us')) return { ok: false, why: 'host', detail: host };
    const match = /^\/(j|w)\/(\d+)\/?$/.exec(url.pathname);
    if (!match) return { ok: false, why: 'path', detail: url.pathname };
    const id = idOf(match[2]!);
    return id.ok ? { ok: true, kind: match[1] === 'w' ? 'webinar' : 'meeting', id: id.id } : id;
  }
  // Spaces and dashes are how Zoom prints ids ("857 4606 5123"); pasted text may double them or bring
  // non-breaking spaces. Only separators between digit groups are dropped.
  return idOf(/^\d+(?:[\s-]+\d+)*$/.test(text) ? text.replace(/[\s-]+/g, '') : text);
}
