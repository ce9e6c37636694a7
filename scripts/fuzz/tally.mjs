#!/usr/bin/env node
// Counts the trees and disagreements of fuzz logs (`npm run fuzz -- --log FILE`), also of a run
// still going: the trees done so far, by outcome, and the disagreeing trees by kind and signature.
//
// Usage: node scripts/fuzz/tally.mjs LOG...
import { readFileSync } from 'node:fs';

const runs = [];
const bySig = new Map();
for (const file of process.argv.slice(2)) {
  let run;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const e = JSON.parse(line);
    if (e.start) runs.push(run = { file, seed: e.seed, trees: 0, counts: {}, done: false });
    else if (e.progress) Object.assign(run, { trees: e.progress, counts: e.counts });
    else if (e.end) run.done = true;
    else {
      const key = `${e.kind}: ${e.sig}`;
      if (!bySig.has(key)) bySig.set(key, []);
      bySig.get(key).push(`${e.run}/${e.i} (seed ${e.seed})`);
    }
  }
}
const total = {};
for (const r of runs) {
  for (const [k, n] of Object.entries(r.counts)) total[k] = (total[k] ?? 0) + n;
  console.log(`seed ${r.seed}: ${r.trees} trees${r.done ? '' : ' (running)'}: ${JSON.stringify(r.counts)}`);
}
console.log(`all: ${runs.reduce((s, r) => s + r.trees, 0)} trees: ${JSON.stringify(total)}`);
for (const [key, trees] of [...bySig].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`${trees.length}\t${key}\n\t${trees.slice(0, 6).join(', ')}${trees.length > 6 ? ', ...' : ''}`);
}
