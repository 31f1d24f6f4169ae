/** A YAML mapping's fields as a streams file reads them: each value with its line and, where YAML changes it, its text as written. */
import { isScalar, type LineCounter, type Node, type YAMLMap } from 'yaml';
import { nearest, quote } from '../text.js';
import type { FileProblem } from './file-problems.js';

/**
 * A field's value, and for a plain scalar YAML read as something else (`0012`, `1e3`, `0x1F`, a
 * 17-digit number, `true`) the text as written: IDs and keys are text, and YAML's numbers would
 * change them.
 */
export interface FieldValue {
  value: unknown;
  source?: string;
  line?: number;
}

export function fieldValue(node: unknown, line: number | undefined): FieldValue {
  if (!isScalar(node)) return { value: (node as Node | null)?.toJSON?.(), line };
  const source = typeof node.value !== 'string' && node.value !== null && typeof node.source === 'string' ? node.source : undefined;
  return { value: node.value, ...(source !== undefined ? { source } : {}), line };
}

/** A node's line, from the document's line counter. */
export type LineOf = (node: Node | null | undefined) => number | undefined;

export function lineReader(lines: LineCounter): LineOf {
  return (node) => (node?.range ? lines.linePos(node.range[0]).line : undefined);
}

/** The mapping's fields that `allowed` names; each other one is a problem (with the nearest known name). */
export function fieldsOf(
  node: YAMLMap,
  allowed: readonly string[],
  where: { entry?: string; lineOf: LineOf; problems: FileProblem[] },
): Map<string, FieldValue> {
  const out = new Map<string, FieldValue>();
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const line = where.lineOf(pair.key as Node);
    if (!allowed.includes(key)) {
      const near = nearest(key, allowed);
      where.problems.push({ entry: where.entry, line, message: `unknown field ${quote(key)}${near ? ` (did you mean ${near}?)` : ''}` });
      continue;
    }
    out.set(key, fieldValue(pair.value, where.lineOf(pair.value as Node) ?? line));
  }
  return out;
}
