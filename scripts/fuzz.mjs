#!/usr/bin/env node
// Differential fuzzer: builds random kustomization trees with kfm (in-process, from dist/) and with
// the reference kustomize, and reports every tree on which they disagree (exit status, or stdout
// byte for byte); the first tree of each kind of disagreement is shrunk to a minimal tree that can
// become a fixture.
//
// Usage: npm run fuzz -- [--trees N] [--seed S] [--jobs J] [--log FILE] [--out DIR]
//                        [--with field-case,empty-fields] [--shrink K] [--shrink-seconds T] [--tree SEED]
//                        [--recheck LOG,...] [--ref-cache FILE]
// `--tree SEED` runs the one tree of that seed (as printed in a log) and shrinks it; `--recheck`
// runs again every disagreeing tree of `--log` files (after a fix, to see that they agree now).
// `--ref-cache FILE` keeps the reference's result for every tree built, by tree content, and
// reuses it: a run on a new kfm build replays the trees of earlier runs at kfm's speed.
// Without the reference kustomize on the machine it says so and exits 0.
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE, haveReference } from './reference.mjs';
import { generateTree, writeTree, fileText, OPTIONAL_FEATURES } from './fuzz/generate.mjs';
import { treeSeed } from './fuzz/random.mjs';
import { shrink } from './fuzz/shrink.mjs';
import { compare, disagrees, firstDifference, signature } from './fuzz/compare.mjs';
import { runPool } from './fuzz/pool.mjs';
import { openRefCache, treeKey } from './fuzz/refcache.mjs';

function parseArgs(argv) {
  const o = { trees: 100, seed: 1, jobs: 2, out: join(tmpdir(), 'kfm-fuzz'), with: [], shrink: 5, shrinkSeconds: 120 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--trees': o.trees = Number(next()); break;
      case '--seed': o.seed = Number(next()); break;
      case '--jobs': o.jobs = Number(next()); break;
      case '--log': o.log = next(); break;
      case '--out': o.out = next(); break;
      case '--with': o.with = next().split(',').filter(Boolean); break;
      case '--shrink': o.shrink = Number(next()); break;
      case '--shrink-seconds': o.shrinkSeconds = Number(next()); break;
      case '--tree': o.tree = Number(next()); break;
      case '--recheck': o.recheck = next().split(',').filter(Boolean); break;
      case '--ref-cache': o.refCache = next(); break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  for (const f of o.with) if (!OPTIONAL_FEATURES.includes(f)) throw new Error(`unknown feature ${f}; expected one of ${OPTIONAL_FEATURES.join(', ')}`);
  if (!Number.isInteger(o.trees) || o.trees < 0 || !Number.isInteger(o.seed)) throw new Error('--trees and --seed take integers');
  if (!Number.isInteger(o.jobs) || o.jobs < 1) throw new Error('--jobs takes a positive integer');
  return o;
}

/** Writes a (shrunk) tree and both results where they can be read and turned into a fixture. */
function report(dir, tree, result) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeTree(tree, dir);
  writeFileSync(join(dir, 'reference.out'), `exit ${result.ref.code}\n${result.ref.stdout}${result.ref.stderr}`);
  writeFileSync(join(dir, 'kfm.out'), `${result.ours.ok ? 'ok' : 'error'}\n${result.ours.text}`);
  const lines = [`--- ${result.kind}: ${dir}/${tree.root}`];
  for (const f of tree.files) lines.push(`# ${f.path}`, fileText(f).trimEnd());
  if (result.kind === 'output') {
    const d = firstDifference(result.ref.stdout, result.ours.text);
    lines.push(`# first difference at output line ${d.line}`, '# reference:', d.reference, '# kfm:', d.kfm);
  } else {
    lines.push('# reference:', (result.ref.stdout + result.ref.stderr).slice(0, 600), '# kfm:', result.ours.text.slice(0, 600));
  }
  return lines.join('\n');
}

/** Builds a tree both ways in a folder of its own under `work`, removed afterwards. */
async function trial(api, work, name, tree, cache) {
  const dir = join(work, name);
  writeTree(tree, dir);
  const key = cache && treeKey(tree);
  try {
    const result = await compare(api, join(dir, tree.root), cache?.get(key));
    if (cache) cache.put(key, result.ref);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The tree seeds of the disagreeing trees recorded in `--log` files, in order, each once. */
function loggedSeeds(files) {
  const seeds = files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)))
    .filter((e) => e.kind !== undefined).map((e) => e.seed);
  return [...new Set(seeds)];
}

function summary(o, count, counts, started) {
  const disagreements = Object.entries(counts).filter(([k]) => disagrees(k));
  const total = disagreements.reduce((s, [, n]) => s + n, 0);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const what = o.tree !== undefined ? `tree ${o.tree}` : o.recheck ? `rechecked from ${o.recheck.join(', ')}` : `seed ${o.seed}`;
  const text = `fuzz: ${count} trees (${what}${o.with.length ? `, with ${o.with.join(',')}` : ''}) in ${secs}s: ` +
    `${counts['agree-ok'] ?? 0} built alike, ${counts['agree-error'] ?? 0} failed alike, ${counts['reference-panic'] ?? 0} reference panics, ` +
    `${total} disagreements${total ? ` (${disagreements.map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`;
  return { text, total };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!haveReference()) {
    console.log(`fuzz: the reference kustomize (${REFERENCE}) is not on this machine; nothing to compare with, skipped`);
    return 0;
  }
  const dist = new URL('../dist/index.js', import.meta.url);
  if (!existsSync(dist)) throw new Error('dist/ is missing: run `npm run build` first');
  const api = await import(dist.href);
  const work = mkdtempSync(join(tmpdir(), 'kfm-fuzz-'));
  const log = (entry) => o.log && appendFileSync(o.log, `${JSON.stringify(entry)}\n`);
  const counts = {};
  const started = Date.now();
  const seeds = o.recheck ? loggedSeeds(o.recheck) : undefined;
  const cache = o.refCache ? openRefCache(o.refCache) : undefined;
  if (cache) console.log(`fuzz: ${cache.size()} reference results in ${o.refCache}`);
  const count = seeds ? seeds.length : o.tree === undefined ? o.trees : 1;
  const found = [];
  try {
    log({ start: new Date().toISOString(), seed: o.seed, trees: count, with: o.with, tree: o.tree });
    await runPool(count, o.jobs, async (i) => {
      const seed = o.tree ?? seeds?.[i] ?? treeSeed(o.seed, i);
      const tree = generateTree(seed, o.with);
      return { seed, tree, result: await trial(api, work, String(i), tree, cache) };
    }, (i, { seed, tree, result }) => {
      counts[result.kind] = (counts[result.kind] ?? 0) + 1;
      if (disagrees(result.kind)) {
        const sig = signature(result);
        const again = found.some((f) => f.sig === sig);
        found.push({ i, seed, tree, result, sig, again });
        console.log(`tree ${i} (seed ${seed}): ${result.kind}${again ? ' (seen before)' : ''}: ${sig}`);
        log({ run: o.seed, i, seed, kind: result.kind, sig });
      }
      if ((i + 1) % 100 === 0 || i + 1 === count) log({ progress: i + 1, counts });
    });
    // Shrinking after the pass, one tree per signature, keeps the bulk run's pace and its order.
    let shrunk = 0;
    for (const { i, seed, tree, result, sig, again } of found) {
      if (shrunk >= o.shrink || again) continue;
      shrunk++;
      let n = 0;
      const small = await shrink(tree, async (t) => {
        const r = await trial(api, work, `s${n++}`, t);
        // An error must stay the same error, or the shrinking drifts to another bug.
        return r.kind === result.kind && (r.kind === 'output' || signature(r) === sig);
      }, o.shrinkSeconds * 1000);
      const final = await trial(api, work, 'final', small.tree);
      console.log(report(join(o.out, o.tree === undefined && !seeds ? `${o.seed}-${i}` : `tree${seed}`), small.tree, final.kind === result.kind ? final : result));
      console.log(`(shrunk in ${small.trials} trials)`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const { text, total } = summary(o, count, counts, started);
  console.log(text);
  log({ end: new Date().toISOString(), summary: text, counts });
  return total ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`fuzz: ${e.message}`);
  process.exit(2);
});
