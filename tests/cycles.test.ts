// No runtime import cycles in src/: a cycle makes module initialisation order matter and ties the
// layers together. Type-only imports are erased by the compiler and so do not count.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** True when every name an import or export statement brings in is marked `type`. */
function typeOnly(clause: string): boolean {
  if (/^\s*type\s/.test(clause)) return true;
  const braces = /^\s*\{([^}]*)\}\s*$/.exec(clause);
  if (!braces) return false;
  const names = braces[1].split(',').map((n) => n.trim()).filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

/** The src/ files that `file` needs at run time (with `withTypes`, also those it takes types from). */
export function runtimeImports(file: string, text: string, withTypes = false): string[] {
  const out: string[] = [];
  const statement = /^\s*(?:import|export)\s+([^'";]*?)\s+from\s+['"](\.[^'"]+)['"]|^\s*import\s+['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(statement)) {
    if (!withTypes && m[1] !== undefined && typeOnly(m[1])) continue;
    const spec = m[2] ?? m[3] ?? m[4];
    let target = join(dirname(file), spec).replace(/\.js$/, '.ts');
    if (!existsSync(target)) target = join(target.replace(/\.ts$/, ''), 'index.ts');
    out.push(target);
  }
  return out;
}

/** Every cycle found by a depth-first walk, each as the list of files around it. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    path.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') cycles.push([...path.slice(path.indexOf(g)), g]);
      else if (!state.has(g)) visit(g);
    }
    path.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return cycles;
}

describe('import graph', () => {
  it('finds a cycle when there is one', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(findCycles(g)).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('ignores type-only imports and follows the rest', () => {
    const text = [
      "import type { A } from './a.js';",
      "import { type B, type C } from './b.js';",
      "import { type D, e } from './d.js';",
      "export { f } from './f.js';",
      "export type { G } from './g.js';",
      "const h = await import('./h.js');",
    ].join('\n');
    expect(runtimeImports('/x/m.ts', text).map((f) => relative('/x', f))).toEqual(['d/index.ts', 'f/index.ts', 'h/index.ts']);
  });

  it('has no runtime cycle in src/', () => {
    const graph = new Map(sources(SRC).map((f) => [f, runtimeImports(f, readFileSync(f, 'utf8'))]));
    expect(findCycles(graph).map((c) => c.map((f) => relative(SRC, f)).join(' -> '))).toEqual([]);
  });
});

// The lower layers know nothing of how a build is driven: they take what they need as arguments
// (types included), so build/, cli/ and builtins/ can change without touching them.
const LOWER = ['yaml', 'resource', 'fieldspec', 'merge', 'generate', 'transform', 'kustomization'];
const UPPER = ['build', 'cli', 'builtins'];

/** Each `file -> import` where a lower-layer file imports (even types) from an upper layer. */
export function layerBreaches(files: string[], read: (f: string) => string): string[] {
  const top = (f: string) => relative(SRC, f).split(/[\\/]/)[0];
  return files.filter((f) => LOWER.includes(top(f))).flatMap((f) =>
    runtimeImports(f, read(f), true).filter((g) => UPPER.includes(top(g))).map((g) => `${relative(SRC, f)} -> ${relative(SRC, g)}`));
}

describe('layers', () => {
  it('counts a type-only import from an upper layer as a breach', () => {
    const f = join(SRC, 'transform', 'x.ts');
    expect(layerBreaches([f], () => "import type { Loader } from '../build/loader.js';")).toEqual(['transform/x.ts -> build/loader.ts']);
  });

  it('has no lower-layer file importing from build/, cli/ or builtins/', () => {
    expect(layerBreaches(sources(SRC), (f) => readFileSync(f, 'utf8'))).toEqual([]);
  });
});
