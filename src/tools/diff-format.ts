/** How `kfm diff` prints a {@link DiffResult}: for people (optionally coloured), Markdown, or JSON. */
import type { DiffResult, FieldChange } from './diff.js';
import { summaryLines } from './diff.js';

/** Output styles of `kfm diff`. */
export type DiffFormat = 'text' | 'markdown' | 'json';

const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));

interface Paint {
  add: (s: string) => string;
  del: (s: string) => string;
  head: (s: string) => string;
}
const plain: Paint = { add: (s) => s, del: (s) => s, head: (s) => s };
const ansi: Paint = {
  add: (s) => `\x1b[32m${s}\x1b[0m`,
  del: (s) => `\x1b[31m${s}\x1b[0m`,
  head: (s) => `\x1b[1m${s}\x1b[0m`,
};

function fieldLines(f: FieldChange, p: Paint, indent: string): string[] {
  if (f.lines) return [`${indent}${f.path}:`, ...f.lines.map((l) => indent + '  ' + (l[0] === '+' ? p.add(l) : l[0] === '-' ? p.del(l) : l))];
  if (f.old === undefined) return [`${indent}${p.add(`+ ${f.path}: ${show(f.new)}`)}`];
  if (f.new === undefined) return [`${indent}${p.del(`- ${f.path}: ${show(f.old)}`)}`];
  return [`${indent}~ ${f.path}: ${p.del(show(f.old))} -> ${p.add(show(f.new))}`];
}

/** Renders the comparison; `color` only applies to the text style. */
export function formatDiff(r: DiffResult, format: DiffFormat, opts: { color?: boolean; summary?: boolean } = {}): string {
  if (format === 'json') return JSON.stringify(r, null, 2) + '\n';
  const lines: string[] = [];
  if (format === 'markdown') {
    const total = r.added.length + r.removed.length + r.changed.length;
    lines.push(`### kfm diff: ${total ? `${total} resource(s) differ` : 'no differences'}`, '');
    if (opts.summary || total) {
      for (const s of summaryLines(r)) lines.push(`- ${s}`);
      lines.push('');
    }
    for (const x of r.added) lines.push(`**added** \`${x.id}\``, '');
    for (const x of r.removed) lines.push(`**removed** \`${x.id}\``, '');
    for (const c of r.changed) {
      lines.push(`<details><summary><b>changed</b> <code>${c.id}</code> (${c.fields.length} field(s))</summary>`, '', '```diff');
      for (const f of c.fields) lines.push(...fieldLines(f, plain, ''));
      lines.push('```', '</details>', '');
    }
    return lines.join('\n') + '\n';
  }
  const p = opts.color ? ansi : plain;
  if (opts.summary) return summaryLines(r).join('\n') + (r.added.length + r.removed.length + r.changed.length ? '\n' : '');
  for (const x of r.removed) lines.push(p.del(`- ${x.id} (removed)`));
  for (const x of r.added) lines.push(p.add(`+ ${x.id} (added)`));
  for (const c of r.changed) {
    lines.push(p.head(`~ ${c.id}`));
    for (const f of c.fields) lines.push(...fieldLines(f, p, '    '));
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
