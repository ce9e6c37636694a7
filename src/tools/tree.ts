/**
 * `kfm tree DIR`: how a root is composed: the bases, components, resource files, patches and
 * generators it pulls in, with resource counts, as text, Graphviz dot, or a Mermaid graph.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { BuildError } from '../errors.js';
import { isObj } from './source.js';
import { kustomizationFile } from './roots.js';

/** A node of the composition. */
export interface TreeNode {
  /** kustomization | component | resource | patch | generator | transformer | remote */
  type: string;
  /** The path relative to the top root (or the URL, or a generator's name). */
  label: string;
  /** Resources it contributes (a file's documents; a folder's own and its children's). */
  resources: number;
  children: TreeNode[];
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isRemote = (s: string) => /^(https?|ssh|git|file):\/\/|^git@|^git::|^github\.com\//.test(s);

function docCount(file: string): number {
  try {
    return (loadAll(readFileSync(file, 'utf8')) as unknown[]).filter((d) => isObj(d) && d.kind).reduce<number>((n, d) => {
      const o = d as Record<string, unknown>;
      return n + (String(o.kind).endsWith('List') && Array.isArray(o.items) ? o.items.length : 1);
    }, 0);
  } catch {
    return 0;
  }
}

/** The composition of the kustomization in `dir`. */
export function composition(dir: string, top = resolve(dir), seen = new Set<string>()): TreeNode {
  const abs = resolve(dir);
  const file = kustomizationFile(abs);
  if (!file) throw new BuildError(`'${dir}' has no kustomization file`);
  const rel = (p: string) => relative(top, p) || '.';
  const k = load(readFileSync(file, 'utf8'));
  const kz = isObj(k) ? k : {};
  const node: TreeNode = { type: kz.kind === 'Component' ? 'component' : 'kustomization', label: rel(abs), resources: 0, children: [] };
  if (seen.has(abs)) return { ...node, label: `${node.label} (cycle)` };
  seen.add(abs);
  const entry = (p: string, type: string): TreeNode => {
    if (isRemote(p)) return { type: 'remote', label: p, resources: 0, children: [] };
    const full = resolve(abs, p);
    if (existsSync(full) && statSync(full).isDirectory()) {
      const child = composition(full, top, seen);
      return type === 'component' ? { ...child, type } : child;
    }
    return { type, label: rel(full), resources: existsSync(full) ? docCount(full) : 0, children: [] };
  };
  for (const r of [...list(kz.resources), ...list(kz.bases)]) if (typeof r === 'string') node.children.push(entry(r, 'resource'));
  for (const c of list(kz.components)) if (typeof c === 'string') node.children.push(entry(c, 'component'));
  for (const g of [...list(kz.configMapGenerator), ...list(kz.secretGenerator)]) {
    if (isObj(g)) node.children.push({ type: 'generator', label: String(g.name ?? '(unnamed)'), resources: 1, children: [] });
  }
  for (const p of [...list(kz.patches), ...list(kz.patchesStrategicMerge), ...list(kz.patchesJson6902)]) {
    const path = typeof p === 'string' ? p : isObj(p) && typeof p.path === 'string' ? p.path : undefined;
    node.children.push({ type: 'patch', label: path ? rel(resolve(abs, path)) : '(inline)', resources: 0, children: [] });
  }
  for (const [field, type] of [['generators', 'generator'], ['transformers', 'transformer']] as const) {
    for (const g of list(kz[field])) node.children.push({ type, label: typeof g === 'string' ? rel(resolve(abs, g)) : '(inline)', resources: 0, children: [] });
  }
  node.resources = node.children.reduce((n, c) => n + (c.type === 'patch' || c.type === 'transformer' ? 0 : c.resources), 0);
  seen.delete(abs);
  return node;
}

/** Text: one line per node, indented by depth. */
export function treeText(n: TreeNode, built?: number): string {
  const lines: string[] = [];
  const walk = (x: TreeNode, prefix: string, last: boolean, depth: number) => {
    const count = x.type === 'patch' || x.type === 'transformer' || x.type === 'remote' ? '' : ` (${x.resources})`;
    const head = depth === 0 ? '' : `${prefix}${last ? '└─ ' : '├─ '}`;
    lines.push(`${head}${x.type === 'kustomization' && depth ? '' : `[${x.type}] `}${x.label}${count}`);
    const next = depth === 0 ? '' : prefix + (last ? '   ' : '│  ');
    x.children.forEach((c, i) => walk(c, next, i === x.children.length - 1, depth + 1));
  };
  walk(n, '', true, 0);
  if (built !== undefined) lines.push(`built: ${built} resources`);
  return lines.join('\n') + '\n';
}

function edges(n: TreeNode, out: [TreeNode, TreeNode][] = []): [TreeNode, TreeNode][] {
  for (const c of n.children) {
    out.push([n, c]);
    edges(c, out);
  }
  return out;
}

/** Graphviz dot. */
export function treeDot(n: TreeNode): string {
  const ids = new Map<TreeNode, string>();
  const id = (x: TreeNode) => ids.get(x) ?? (ids.set(x, `n${ids.size}`), ids.get(x)!);
  const shape: Record<string, string> = { kustomization: 'box', component: 'component', resource: 'note', patch: 'cds', generator: 'hexagon', transformer: 'cds', remote: 'tab' };
  const lines = ['digraph kustomization {', '  rankdir=LR;'];
  const all = [n, ...edges(n).map(([, c]) => c)];
  for (const x of all) lines.push(`  ${id(x)} [shape=${shape[x.type] ?? 'box'}, label=${JSON.stringify(`${x.label}\n${x.type} (${x.resources})`)}];`);
  for (const [a, b] of edges(n)) lines.push(`  ${id(a)} -> ${id(b)};`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** A Mermaid flowchart. */
export function treeMermaid(n: TreeNode): string {
  const ids = new Map<TreeNode, string>();
  const id = (x: TreeNode) => ids.get(x) ?? (ids.set(x, `n${ids.size}`), ids.get(x)!);
  const label = (x: TreeNode) => `${id(x)}["${x.label.replaceAll('"', "'")}<br/>${x.type} (${x.resources})"]`;
  const lines = ['flowchart LR', `  ${label(n)}`];
  for (const [a, b] of edges(n)) lines.push(`  ${id(a)} --> ${label(b)}`);
  return lines.join('\n') + '\n';
}


