#!/usr/bin/env node
// Regenerates golden files from the reference kustomize: tests/fixtures/*/*/expected.yaml (or
// error.txt when the reference fails) and tests/platform/golden/*.yaml for every platform root.
// Hand-written 5.7.1 expectations (fixture.yaml: expectation: "5.7.1") are left alone.
// Usage: npm run fixtures:refresh [-- FILTER]   (FILTER: substring of fixture ids / platform roots)
import { mkdirSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { haveReference, runReference } from './reference.mjs';
import { listFixtures, listPlatformRoots, goldenPath, REPO, PLATFORM_GOLDEN } from './fixtures.mjs';

if (!haveReference()) {
  console.error('the reference kustomize is not on this machine; nothing refreshed');
  process.exit(1);
}
const filter = process.argv[2] ?? '';
let n = 0;
for (const f of listFixtures()) {
  if (!f.id.includes(filter) || f.handWritten) continue;
  const r = runReference(f.root, f.args);
  rmSync(f.expected, { force: true });
  rmSync(f.error, { force: true });
  if (r.code === 0) writeFileSync(f.expected, r.stdout);
  else writeFileSync(f.error, r.stderr.replaceAll(REPO + '/', ''));
  n++;
}
const roots = listPlatformRoots().filter((p) => p.includes(filter));
mkdirSync(PLATFORM_GOLDEN, { recursive: true });
if (!filter && existsSync(PLATFORM_GOLDEN)) {
  for (const f of readdirSync(PLATFORM_GOLDEN)) rmSync(`${PLATFORM_GOLDEN}/${f}`);
}
for (const root of roots) {
  const r = runReference(`${REPO}/${root}`);
  const out = goldenPath(root);
  mkdirSync(dirname(out), { recursive: true });
  if (r.code !== 0) {
    console.error(`reference failed on ${root}:\n${r.stderr}`);
    continue;
  }
  writeFileSync(out, r.stdout);
  n++;
}
console.log(`refreshed ${n} golden files`);
