/**
 * The architecture as the folders show it: no import circle anywhere in what ships (type-only
 * imports included, which the compiler erases but a reader follows), and the core's layers one way
 * down, as eslint.config.js keeps them file by file.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../../harness/root.js';

const SHIPPED = ['core', 'action', 'cli', 'node-red'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'dist' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Each source file and the project files it imports or re-exports (`import type` included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of SHIPPED.flatMap((d) => sources(join(ROOT, d)))) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) =>
      resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')),
    );
    graph.set(relative(ROOT, file), [...new Set(targets.map((t) => relative(ROOT, t)))]);
  }
  return graph;
}

/** The import circles: strongly connected components of more than one file, or a file importing itself (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!graph.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** The one layer table (core/layers.json), which eslint.config.js reads too: what each folder may import. */
const ALLOWED = (JSON.parse(readFileSync(join(ROOT, 'core', 'layers.json'), 'utf8')) as { layers: Record<string, string[]> }).layers;

/** Where the faces enter the core: every layer, and what is said before the command is known. */
const DOORS = ['core/index.ts', 'core/startup.ts'];

function layerOf(file: string): string | undefined {
  const parts = file.split('/');
  if (parts[0] !== 'core') return undefined;
  return parts.length === 2 ? '' : parts[1];
}

describe('architecture: layers you can see', () => {
  const graph = importGraph();

  it('reads the whole tree', () => {
    assert.ok(graph.size > 50, `${graph.size} files`);
    assert.ok(graph.has('core/http/transport.ts') && graph.has('core/zoom/client.ts'));
  });

  it('has no import circle, type-only imports included', () => {
    assert.deepEqual(circles(graph), []);
  });

  it('finds a circle when there is one (the check itself works)', () => {
    const bad = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    assert.deepEqual(circles(bad), [['a.ts', 'b.ts', 'c.ts']]);
  });

  it("each core layer imports only the layers below it; core/index.ts is the faces' door (core/startup.ts, the start-up one)", () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      for (const target of targets) {
        const to = layerOf(target);
        if (from === undefined) {
          if (to !== undefined && !DOORS.includes(target)) wrong.push(`${file} -> ${target}`);
          continue;
        }
        if (DOORS.includes(file) || to === undefined || to === from || to === '') continue;
        // A root file imports no folder; a folder, only those the table lists.
        if (from === '' || !ALLOWED[from]?.includes(to)) wrong.push(`${file} -> ${target}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('the start-up door (core/startup.ts) opens onto modules that import nothing: --version and --help load no layer', () => {
    const behind = graph.get('core/startup.ts') ?? [];
    assert.ok(behind.length > 0);
    assert.deepEqual(
      behind.filter((file) => (graph.get(file) ?? []).length > 0),
      [],
    );
  });

  it("the confirmation and the event layers know nothing of Zoom's API: neither may import zoom/", () => {
    assert.deepEqual([ALLOWED.confirm, ALLOWED.events], [['http'], ['http']]);
  });

  it("core/index.ts exports what the faces use, and nothing else (tests reach the layers' modules directly)", () => {
    const index = readFileSync(join(ROOT, 'core', 'index.ts'), 'utf8');
    const names = [...index.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((m) =>
      m[1]!
        .split(',')
        .map((n) => n.trim().replace(/^type /, ''))
        .filter(Boolean),
    );
    const faces = [...graph.keys()]
      .filter((f) => !f.startsWith('core/'))
      .map((f) => readFileSync(join(ROOT, f), 'utf8'))
      .join('\n');
    const unused = names.filter((n) => !new RegExp(`\\b${n}\\b`).test(faces));
    assert.deepEqual(unused, []);
    // A sanity bound, raised with each new room of the core (confirm, fleet, the fleet runner, the controller and its events): a jump means leaking internals.
    assert.ok(names.length < 130, `${names.length} names`);
  });

  it('http knows nothing of Zoom', () => {
    for (const file of [...graph.keys()].filter((f) => f.startsWith('core/http/'))) {
      const text = readFileSync(join(ROOT, file), 'utf8').replace(/ZoomError/g, '');
      assert.doesNotMatch(text, /zoom|meeting|webinar|stream/i, file);
    }
  });
});
