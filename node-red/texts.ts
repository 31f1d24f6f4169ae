/**
 * The nodes' runtime texts (statuses, warnings, log lines) from their message catalog, through
 * RED._() as Node-RED's own nodes do, so a translated catalog shows in the user's language. Where
 * the runtime has no text for a key (a locale without it; node-red-node-test-helper, whose RED._
 * gives the key back) the English catalog answers: the catalog is the one source of every text.
 */
import english from './locales/en-US/zoom-livestream.json' with { type: 'json' };
import type { RedApi } from './red-types.js';

export type NodeType = keyof typeof english;
/** A text of this node type's catalog: `text('status.sending', { action })`. */
export type Texts = (key: string, vars?: Record<string, string | number>) => string;

function lookup(key: string): string | undefined {
  let entry: unknown = english;
  for (const part of key.split('.')) entry = (entry as Record<string, unknown> | undefined)?.[part];
  return typeof entry === 'string' ? entry : undefined;
}

/** i18next's v3 catalog form, which Node-RED reads: `__name__` values, `key_plural` for a count other than 1. */
function inEnglish(key: string, vars: Record<string, string | number>): string {
  const plural = vars.count !== undefined && Number(vars.count) !== 1 ? lookup(`${key}_plural`) : undefined;
  const template = plural ?? lookup(key);
  if (template === undefined) throw new Error(`the message catalog has no ${key}`);
  return template.replace(/__(\w+)__/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Texts kept per node: a status is set twice per message, and i18next's lookup was a fifth of a node's CPU under load. */
const MAX_REMEMBERED = 256;

export function textsFor(RED: RedApi, type: NodeType): Texts {
  // The runtime's language is set when it starts: a text, once made, stays right.
  const remembered = new Map<string, string>();
  return (key, vars = {}) => {
    const full = `${type}.${key}`;
    const id = `${full}\0${JSON.stringify(vars)}`;
    const known = remembered.get(id);
    if (known !== undefined) return known;
    const translated = RED._(full, vars);
    const text = translated && translated !== full ? translated : inEnglish(full, vars);
    // Texts with counts and times are many: the oldest half goes when full, so this stays bounded.
    if (remembered.size >= MAX_REMEMBERED) for (const old of [...remembered.keys()].slice(0, MAX_REMEMBERED / 2)) remembered.delete(old);
    remembered.set(id, text);
    return text;
  };
}
