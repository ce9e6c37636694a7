#!/usr/bin/env node
// Writes dist/build-id.json: a digest of every compiled file of dist/, made once per compile so
// that the output cache can key its entries on kfm's own code without reading all of dist/ at
// every run. `npm run build`, `npm test` and the prepare script run it after tsc.
// Usage: node scripts/build-id.mjs [DIST]
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dist = resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
const h = createHash('sha256');
const files = readdirSync(dist, { recursive: true }).filter((f) => /\.c?js$/.test(f)).sort();
for (const f of files) h.update(f).update('\0').update(readFileSync(join(dist, f))).update('\0');
writeFileSync(join(dist, 'build-id.json'), JSON.stringify({ id: h.digest('hex') }) + '\n');
