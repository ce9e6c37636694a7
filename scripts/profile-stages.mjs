#!/usr/bin/env node
// Summarises a V8 CPU profile (node --cpu-prof) of a kfm build by stage: self time grouped by the
// module a sample fell in, plus the heaviest functions. Used to decide what to optimise next.
// Usage: node scripts/profile-stages.mjs FILE.cpuprofile [--top N]
import { readFileSync } from 'node:fs';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/profile-stages.mjs FILE.cpuprofile [--top N]');
  process.exit(1);
}
const top = Number(rest[rest.indexOf('--top') + 1]) || 15;
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));

/** The stage a function belongs to, from its script's path. */
function stage(cf) {
  const url = cf.url;
  if (!url) return cf.functionName === '(garbage collector)' ? 'garbage collection' : cf.functionName || '(native)';
  if (url.startsWith('node:')) return /module|loader|esm/.test(url) ? 'module loading' : 'node internals';
  const nm = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (nm) return `dep ${nm[1]}`;
  const d = url.match(/\/dist\/(.*)\.js$/);
  if (d) return d[1].replace(/\/[^/]*$/, (m) => (/^\/(index)$/.test(m) ? '' : m));
  return url;
}
const stages = new Map();
const fns = new Map();
let total = 0;
for (const [id, us] of self) {
  const cf = byId.get(id).callFrame;
  const s = stage(cf);
  stages.set(s, (stages.get(s) ?? 0) + us);
  const f = `${cf.functionName || '(anon)'} ${s}:${cf.lineNumber + 1}`;
  fns.set(f, (fns.get(f) ?? 0) + us);
  total += us;
}
const show = (m, n) =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, n).forEach(([k, us]) => console.log(`${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`));
console.log(`total ${(total / 1000).toFixed(0)} ms sampled\n-- by stage (self time)`);
show(stages, 40);
console.log(`-- top ${top} functions (self time)`);
show(fns, top);
