/**
 * Turns what people paste (digits, "857 4606 5123", "857-4606-5123", join links) into a Target.
 * Ids stay strings: Zoom ids are int64 and exceed Number's safe range.
 */
import { ValidationError } from '../errors.js';
import { describeValue, quote } from '../text.js';
import { targetFromText, type TargetTextResult } from './target-text.js';
import type { Target, TargetKind } from './types.js';
import { setting } from '../words.js';

/** Longer than any join link: refused before anything walks it. */
const MAX_TARGET_CHARS = 2048;

function fieldFor(kind: TargetKind | undefined): string {
  return kind === 'webinar' ? 'webinar-id' : kind === 'meeting' ? 'meeting-id' : 'target';
}

const ID_FIX = 'Use the numeric ID from the Zoom web portal, for example 85746065123, or paste the join link.';

/** The message for each way a text is not a target (target-text.ts decides; this words it). */
function refusal(result: Extract<TargetTextResult, { ok: false }>, field: string): ValidationError {
  const shown = quote(result.detail ?? '');
  switch (result.why) {
    case 'not-url':
      return new ValidationError(
        field,
        `${shown} is neither a Zoom ID nor a valid URL.`,
        'Give digits such as 85746065123 or a join link such as https://us02web.zoom.us/j/85746065123.',
      );
    case 'scheme':
      return new ValidationError(
        field,
        `${shown} links are not Zoom join links.`,
        'Paste the https:// join link from the Zoom invitation.',
      );
    case 'host':
      return new ValidationError(
        field,
        `the link's host ${shown} is not Zoom's.`,
        'Paste a join link on zoom.us (for example https://us02web.zoom.us/j/85746065123), or the numeric ID.',
      );
    case 'path':
      return new ValidationError(
        field,
        `the link path ${shown} holds no meeting (/j/) or webinar (/w/) ID.`,
        'Paste the join link from the invitation, or the numeric ID.',
      );
    case 'leading-zero':
      return new ValidationError(field, `${shown} starts with 0; Zoom IDs never do.`, ID_FIX);
    case 'too-large':
      return new ValidationError(field, `${shown} is larger than a Zoom ID can be (int64).`, ID_FIX);
    default:
      return new ValidationError(field, `${shown} is not a Zoom ID (digits only).`, ID_FIX);
  }
}

/** Checks a string of digits is a Zoom id: 1-19 digits, no leading zero, within int64. */
export function checkId(id: string, field: string): string {
  // Digits alone (no separators, no link): the rest of the rule is target-text.ts's.
  const result: TargetTextResult = /^\d+$/.test(id) ? targetFromText(id) : { ok: false, why: 'not-digits', detail: id };
  if (!result.ok) throw refusal(result, field);
  return result.id;
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
  const result = targetFromText(input);
  if (!result.ok) throw refusal(result, field);
  if (kind && result.kind && result.kind !== kind) {
    throw new ValidationError(
      field,
      `the link is a ${result.kind} link but a ${kind} was asked for.`,
      result.kind === 'webinar' ? `Use ${setting('webinar-id')} for /w/ links.` : `Use ${setting('meeting-id')} for /j/ links.`,
    );
  }
  return checked({ kind: result.kind ?? kind ?? 'meeting', id: result.id });
}

/**
 * Targets already parsed and checked. A plan resolves its target once; the operations built from it
 * (and a check's reads) take it as it is instead of checking it again.
 */
const CHECKED = new WeakSet<Target>();

function checked(target: Target): Target {
  const frozen = Object.freeze(target);
  CHECKED.add(frozen);
  return frozen;
}

/** A target as given: a parsed Target, or any text parseTarget accepts. */
export type TargetInput = Target | string;

/** A target as given, checked: text is parsed, a Target's kind and id are checked. */
export function resolveTarget(input: TargetInput): Target {
  if (typeof input === 'string') return parseTarget(input);
  if (CHECKED.has(input)) return input;
  const kind: TargetKind | undefined = input?.kind;
  if (kind !== 'meeting' && kind !== 'webinar') {
    throw new ValidationError(
      'target.kind',
      `must be "meeting" or "webinar", got ${describeValue(kind)}.`,
      'Use parseTarget() or pass { kind: "meeting", id }.',
    );
  }
  return checked({ kind, id: checkId(String(input.id), `${kind}-id`) });
}
