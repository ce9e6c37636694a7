#!/usr/bin/env node
// Semantic comparison of the platform tree with the reference platform's facts
// (../shared/spec/facts/<path, / as __>.yaml): every documented install path is built with kfm and
// compared resource by resource, matched by id with generated hash suffixes ignored, key order and
// CRD descriptions ignored, embedded configuration files compared as data. The only differences
// allowed are stricter ones listed in tests/platform/deviations.yaml.
//
//   node scripts/facts-compare.mjs [--facts DIR] [--path P]... [--max N] [--json] [--quiet]
//
// Exit 0 when every path matches, 1 on any unexplained difference, 2 when the facts are missing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { compareResources, loadDeviations } from './facts-lib.mjs';

const REPO = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const factsDir = opt('--facts', process.env.KFM_FACTS ?? join(REPO, '../shared/spec/facts'));
const maxShown = Number(opt('--max', '20'));
const json = args.includes('--json');
const quiet = args.includes('--quiet');
const only = args.flatMap((a, i) => (a === '--path' ? [args[i + 1]] : []));

if (!existsSync(factsDir)) {
  console.error(`facts not found at ${factsDir}; nothing compared`);
  process.exit(2);
}
const { build } = await import(join(REPO, 'dist/index.js'));
const deviations = loadDeviations(join(REPO, 'tests/platform/deviations.yaml'), join(REPO, 'tests/platform/deviations'));

const paths = readdirSync(factsDir)
  .filter((f) => f.endsWith('.yaml') && f !== 'README.md')
  .map((f) => (f === 'example.yaml' ? 'example' : f.replace(/\.yaml$/, '').replaceAll('__', '/')))
  .filter((p) => only.length === 0 || only.includes(p))
  .sort();

const report = [];
let bad = 0;
for (const path of paths) {
  const facts = loadAll(readFileSync(join(factsDir, `${path.replaceAll('/', '__')}.yaml`), 'utf8')).filter(Boolean);
  let ours;
  try {
    ours = loadAll(build(join(REPO, path)).yaml()).filter(Boolean);
  } catch (e) {
    report.push({ path, error: e.message });
    bad++;
    continue;
  }
  const r = compareResources(facts, ours, deviations.for(path));
  report.push({ path, ...r });
  if (r.differ.length || r.missing.length || r.extra.length || r.unusedDeviations.length) bad++;
}

if (json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const tot = { facts: 0, equal: 0, deviated: 0, differ: 0, missing: 0, extra: 0 };
  for (const r of report) {
    if (r.error) {
      console.log(`FAIL ${r.path}: build failed: ${r.error}`);
      continue;
    }
    const line = `${r.facts} facts, ${r.equal} equal, ${r.deviated.length} ledgered deviations, ${r.differ.length} differ, ${r.missing.length} missing, ${r.extra.length} extra`;
    const ok = !r.differ.length && !r.missing.length && !r.extra.length && !r.unusedDeviations.length;
    console.log(`${ok ? 'PASS' : 'FAIL'} ${r.path}: ${line}`);
    for (const k of Object.keys(tot)) tot[k] += typeof r[k] === 'number' ? r[k] : r[k]?.length ?? 0;
    if (quiet) continue;
    for (const id of r.missing.slice(0, maxShown)) console.log(`  missing: ${id}`);
    for (const id of r.extra.slice(0, maxShown)) console.log(`  extra: ${id}`);
    for (const u of r.unusedDeviations) console.log(`  ledger entry matches no difference: ${u}`);
    for (const d of r.differ.slice(0, maxShown)) {
      console.log(`  ${d.id}: ${d.diffs.length} field difference(s)`);
      for (const x of d.diffs.slice(0, maxShown)) console.log(`    ${x}`);
    }
  }
  const cat = report.reduce((acc, r) => {
    for (const [k, v] of Object.entries(r.categories ?? {})) acc[k] = (acc[k] ?? 0) + v;
    return acc;
  }, {});
  console.log(`categories: ${Object.entries(cat).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  console.log(`total: ${tot.facts} facts, ${tot.equal} equal, ${tot.deviated} ledgered deviations, ${tot.differ} differ, ${tot.missing} missing, ${tot.extra} extra`);
  console.log(`${paths.length - bad} passed, ${bad} failed`);
}
process.exit(bad ? 1 : 0);

