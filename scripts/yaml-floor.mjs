#!/usr/bin/env node
// The least a renderer of a tree does in Node.js with kfm's own YAML reader and writer: read and
// parse every file a build of the tree reads, and write every document read to stdout, with no
// kustomize step at all. Timed as a whole process next to `kfm build`, it says how much of a cold
// build is reading and writing YAML, and so how fast a cold build could be (README: Speed).
// Usage: node scripts/yaml-floor.mjs DIR --list > FILES   (the files a build of DIR reads)
//        node scripts/yaml-floor.mjs --files FILES         (the timed part; needs `npm run build`)
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
// (Not fixtures.mjs's REPO: that module loads js-yaml, which the timed part must not.)
const dist = (p) => import(new URL(join('..', 'dist', p), import.meta.url).href);

if (argv[1] === '--list') {
  const { build } = await dist('build/build.js');
  const trace = { reads: new Set(), remotes: [] };
  build(argv[0], { trace });
  writeSync(1, JSON.stringify([...trace.reads]) + '\n');
} else if (argv[0] === '--files') {
  const { parseAll, emitDocument } = await dist('yaml/index.js');
  const out = [];
  for (const file of JSON.parse(readFileSync(argv[1], 'utf8'))) {
    let docs;
    try {
      docs = parseAll(readFileSync(file, 'utf8'), file);
    } catch {
      continue; // Not YAML (a generator's data file).
    }
    for (const d of docs) if (d !== null && typeof d === 'object') out.push(emitDocument(d));
  }
  writeSync(1, out.join('---\n'));
} else {
  console.error('usage: node scripts/yaml-floor.mjs DIR --list > FILES | node scripts/yaml-floor.mjs --files FILES');
  process.exit(1);
}
