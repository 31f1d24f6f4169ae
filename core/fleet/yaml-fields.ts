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

/** A field no table names: said with the nearest known name. */
export function unknownFieldText(key: string, known: readonly string[]): string {
  const near = nearest(key, known);
  return `unknown field ${quote(key)}${near ? ` (did you mean ${near}?)` : ''}`;
}

/** The first key of a block that `known` does not name, said as a problem; undefined when all are known. */
export function unknownKeyIn(value: Record<string, unknown>, known: readonly string[]): string | undefined {
  const key = Object.keys(value).find((k) => !known.includes(k));
  return key === undefined ? undefined : unknownFieldText(key, known);
}

/** A value written as `${NAME}` alone (a secret the file names but never holds): the name, else undefined. */
export function variableOnly(text: string): string | undefined {
  return /^\$\{([A-Za-z_][A-Za-z0-9_]{0,127})\}$/.exec(text.trim())?.[1];
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
      where.problems.push({ entry: where.entry, line, message: unknownFieldText(key, allowed) });
      continue;
    }
    out.set(key, fieldValue(pair.value, where.lineOf(pair.value as Node) ?? line));
  }
  return out;
}
