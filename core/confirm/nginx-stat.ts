/**
 * nginx-rtmp's rtmp_stat page (XML), read in one pass: each application's live streams with their
 * name, whether a publisher is on (<publishing/>) and the bytes received. Not a general XML parser:
 * the page's shape is fixed (ngx_rtmp_stat_module.c), and a scan that visits each tag once stays
 * linear whatever the page holds.
 */

export interface StatStream {
  app: string;
  name: string;
  publishing: boolean;
  bytesIn?: number;
  /** bits per second, nginx's own average over its bandwidth window */
  bwIn?: number;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeText(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,4});/gi, (whole, entity: string) => {
    if (entity[0] !== '#') return ENTITIES[entity] ?? whole;
    const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function count(text: string): number | undefined {
  return /^\d{1,18}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** Deeper than the page ever nests: a page past it is not nginx-rtmp's. */
const MAX_DEPTH = 32;

export function statStreams(xml: string): StatStream[] {
  const streams: StatStream[] = [];
  const path: string[] = [];
  let app = '';
  let stream: StatStream | undefined;
  let textFrom = 0;
  for (let at = xml.indexOf('<'); at !== -1; at = xml.indexOf('<', at + 1)) {
    const end = xml.indexOf('>', at);
    if (end === -1) break;
    const tag = xml.slice(at + 1, end);
    if (tag.startsWith('?') || tag.startsWith('!')) continue;
    const parent = path.at(-1);
    if (tag.startsWith('/')) {
      const closing = tag.slice(1).trim();
      if (closing !== parent) break;
      path.pop();
      const text = xml.slice(textFrom, at);
      const owner = path.at(-1);
      if (closing === 'name' && owner === 'application') app = decodeText(text);
      else if (stream && owner === 'stream') {
        if (closing === 'name') stream.name = decodeText(text);
        else if (closing === 'bytes_in') stream.bytesIn = count(text);
        else if (closing === 'bw_in') stream.bwIn = count(text);
      }
      if (closing === 'stream' && stream && owner === 'live') {
        streams.push(stream);
        stream = undefined;
      }
    } else if (tag.endsWith('/')) {
      if (tag.slice(0, -1).trim() === 'publishing' && parent === 'stream' && stream) stream.publishing = true;
    } else {
      const name = tag.split(/\s/, 1)[0]!;
      if (path.length >= MAX_DEPTH) break;
      if (name === 'stream' && parent === 'live') stream = { app, name: '', publishing: false };
      if (name === 'application') app = '';
      path.push(name);
    }
    textFrom = end + 1;
  }
  return streams;
}
