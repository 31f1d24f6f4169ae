/**
 * Turns what people paste (digits, "857 4606 5123", "857-4606-5123", join links) into a Target.
 * Ids stay strings: Zoom ids are int64 and exceed Number's safe range.
 */
import { quote, ValidationError } from './errors.js';
import type { Target, TargetKind } from './types.js';

const INT64_MAX = 9223372036854775807n;
const LINK_PATH = /^\/(j|w)\/(\d+)\/?$/;
/** Join links with a long pwd and tracking parameters stay well under this; anything longer is not one. */
const MAX_TARGET_CHARS = 2048;
/** A join link pasted without its scheme: us02web.zoom.us/j/857... */
const SCHEMELESS_LINK = /^(?:[a-z0-9-]+\.)*zoom\.us\//i;

function fieldFor(kind: TargetKind | undefined): string {
  return kind === 'webinar' ? 'webinar-id' : kind === 'meeting' ? 'meeting-id' : 'target';
}

/** Checks a string of digits is a Zoom id: 1-19 digits, no leading zero, within int64. */
export function checkId(id: string, field: string): string {
  const fix = 'Use the numeric ID from the Zoom web portal, for example 85746065123, or paste the join link.';
  if (!/^\d+$/.test(id)) throw new ValidationError(field, `${quote(id)} is not a Zoom ID (digits only).`, fix);
  if (id.startsWith('0')) throw new ValidationError(field, `${quote(id)} starts with 0; Zoom IDs never do.`, fix);
  if (id.length > 19 || BigInt(id) > INT64_MAX) {
    throw new ValidationError(field, `${quote(id)} is larger than a Zoom ID can be (int64).`, fix);
  }
  return id;
}

function parseLink(text: string, field: string): Target {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(
      field,
      `${quote(text)} is neither a Zoom ID nor a valid URL.`,
      'Give digits such as 85746065123 or a join link such as https://us02web.zoom.us/j/85746065123.',
    );
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError(
      field,
      `${quote(url.protocol)} links are not Zoom join links.`,
      'Paste the https:// join link from the Zoom invitation.',
    );
  }
  if (host !== 'zoom.us' && !host.endsWith('.zoom.us')) {
    throw new ValidationError(
      field,
      `the link's host ${quote(host)} is not Zoom's.`,
      'Paste a join link on zoom.us (for example https://us02web.zoom.us/j/85746065123), or the numeric ID.',
    );
  }
  const match = LINK_PATH.exec(url.pathname);
  if (!match) {
    throw new ValidationError(
      field,
      `the link path ${quote(url.pathname)} holds no meeting (/j/) or webinar (/w/) ID.`,
      'Paste the join link from the invitation, or the numeric ID.',
    );
  }
  return { kind: match[1] === 'w' ? 'webinar' : 'meeting', id: checkId(match[2]!, field) };
}

/**
 * Parses a meeting or webinar reference. `kind`, when given, is what the caller says it is; a join
 * link of the other kind is refused rather than silently retargeted.
 */
export function parseTarget(input: unknown, kind?: TargetKind): Target {
  const field = fieldFor(kind);
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input <= 0) {
      throw new ValidationError(
        field,
        `${input} is not a usable Zoom ID as a number.`,
        'Pass the ID as a string of digits; ids beyond 2^53 lose digits as numbers.',
      );
    }
    input = String(input);
  }
  if (typeof input !== 'string' || input.trim() === '') {
    throw new ValidationError(field, 'is missing.', 'Give the meeting or webinar ID (digits, or the join link).');
  }
  if (input.length > MAX_TARGET_CHARS) {
    throw new ValidationError(
      field,
      `is ${input.length} characters long; a Zoom ID or join link is far shorter.`,
      'Give the meeting or webinar ID (digits, or the join link).',
    );
  }
  const text = input.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (hasScheme || SCHEMELESS_LINK.test(text)) {
    const target = parseLink(hasScheme ? text : `https://${text}`, field);
    if (kind && target.kind !== kind) {
      throw new ValidationError(
        field,
        `the link is a ${target.kind} link but a ${kind} was asked for.`,
        target.kind === 'webinar' ? 'Use webinar-id (or kind webinar) for /w/ links.' : 'Use meeting-id (or kind meeting) for /j/ links.',
      );
    }
    return target;
  }
  // Spaces and dashes are how Zoom prints ids ("857 4606 5123"); pasted text may double them or
  // bring non-breaking spaces. Only separators between digit groups are dropped.
  const digits = /^\d+(?:[\s-]+\d+)*$/.test(text) ? text.replace(/[\s-]+/g, '') : text;
  return { kind: kind ?? 'meeting', id: checkId(digits, field) };
}
