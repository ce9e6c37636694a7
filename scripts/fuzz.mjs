#!/usr/bin/env node
// Differential fuzzer: builds random kustomization trees with kfm (in-process, from dist/) and with
// the reference kustomize, and reports every tree on which they disagree (exit status, or stdout
// byte for byte), shrunk to a minimal tree that can become a fixture.
//
// Usage: npm run fuzz -- [--trees N] [--seed S] [--out DIR] [--with field-case,empty-fields]
//                        [--shrink K] [--shrink-seconds T] [--tree SEED]
// `--tree SEED` runs the one tree of that seed (as printed in a log) and shrinks it.
// Without the reference kustomize on the machine it says so and exits 0.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE, haveReference } from './reference.mjs';
import { generateTree, writeTree, fileText, OPTIONAL_FEATURES } from './fuzz/generate.mjs';
import { treeSeed } from './fuzz/random.mjs';
import { shrink } from './fuzz/shrink.mjs';

function parseArgs(argv) {
  const o = { trees: 100, seed: 1, out: join(tmpdir(), 'kfm-fuzz'), with: [], shrink: 5, shrinkSeconds: 120 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--trees': o.trees = Number(next()); break;
      case '--seed': o.seed = Number(next()); break;
      case '--out': o.out = next(); break;
      case '--with': o.with = next().split(',').filter(Boolean); break;
      case '--shrink': o.shrink = Number(next()); break;
      case '--shrink-seconds': o.shrinkSeconds = Number(next()); break;
      case '--tree': o.tree = Number(next()); break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  for (const f of o.with) if (!OPTIONAL_FEATURES.includes(f)) throw new Error(`unknown feature ${f}; expected one of ${OPTIONAL_FEATURES.join(', ')}`);
  if (!Number.isInteger(o.trees) || o.trees < 0 || !Number.isInteger(o.seed)) throw new Error('--trees and --seed take integers');
  return o;
}

/** Runs the reference on `dir` without blocking, so kfm can build meanwhile. */
function runReferenceAsync(dir) {
  return new Promise((resolve) => {
    const p = spawn(REFERENCE, ['kustomize', dir]);
    const out = [];
    const err = [];
    p.stdout.on('data', (d) => out.push(d));
    p.stderr.on('data', (d) => err.push(d));
    p.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/**
 * Builds `dir` both ways. `kind` is `agree-ok`, `agree-error`, or the class of disagreement:
 * `output` (both build, stdout differs), `kfm-rejects`, `kfm-accepts`, `kfm-crash` (an exception
 * that is not a user error), and `reference-panic` (kept apart: a crash of the reference says
 * nothing about kustomize's intended behaviour).
 */
async function compare(api, dir) {
  const ref = runReferenceAsync(dir);
  let ours;
  try {
    ours = { ok: true, text: api.build(dir, { onWarning: () => {} }).yaml() };
  } catch (e) {
    const user = e instanceof api.BuildError || e instanceof api.YamlSyntaxError;
    ours = { ok: false, crash: !user, text: user ? e.message : e.stack };
  }
  const r = await ref;
  let kind;
  if (ours.crash) kind = 'kfm-crash';
  else if (r.code === 0 && ours.ok) kind = r.stdout === ours.text ? 'agree-ok' : 'output';
  else if (r.code !== 0 && !ours.ok) kind = 'agree-error';
  else if (r.code !== 0 && /^panic:|goroutine \d+ \[/m.test(r.stderr)) kind = 'reference-panic';
  else kind = r.code === 0 ? 'kfm-rejects' : 'kfm-accepts';
  return { kind, ref: r, ours };
}

function firstDifference(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return { line: i + 1, reference: x.slice(i, i + 4).join('\n'), kfm: y.slice(i, i + 4).join('\n') };
}

/**
 * A short text telling disagreements apart, so that one already shrunk is not shrunk again: the
 * first differing output lines (digits masked), or the start of the error message.
 */
function signature(result) {
  const mask = (t) => t.replace(/[0-9]+/g, 'N').replace(/\s+/g, ' ').trim().slice(0, 80);
  if (result.kind === 'output') {
    const d = firstDifference(result.ref.stdout, result.ours.text);
    return `ref: ${mask(d.reference.split('\n')[0])} | kfm: ${mask(d.kfm.split('\n')[0])}`;
  }
  // The reference's deprecation warnings and klog lines come before its error.
  const err = result.kind === 'kfm-rejects' ? result.ours.text
    : result.ref.stderr.split('\n').filter((l) => l && !/^# Warning|^[IWE]\d{4} /.test(l)).join(' ');
  return mask(err.replace(/^.*?: /, '').replace(/\/[^\s:'"]*/g, 'PATH'));
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
  const counts = {};
  const started = Date.now();
  let shrunk = 0;
  const seen = new Set();
  const count = o.tree === undefined ? o.trees : 1;
  try {
    for (let i = 0; i < count; i++) {
      const seed = o.tree ?? treeSeed(o.seed, i);
      const tree = generateTree(seed, o.with);
      const dir = join(work, String(i));
      writeTree(tree, dir);
      const result = await compare(api, join(dir, tree.root));
      rmSync(dir, { recursive: true, force: true });
      counts[result.kind] = (counts[result.kind] ?? 0) + 1;
      if (result.kind.startsWith('agree') || result.kind === 'reference-panic') continue;
      const sig = signature(result);
      const again = seen.has(sig);
      seen.add(sig);
      console.log(`tree ${i} (seed ${seed}): ${result.kind}${again ? ' (seen before)' : ''}: ${sig}`);
      if (shrunk >= o.shrink || again) continue;
      shrunk++;
      let n = 0;
      const small = await shrink(tree, async (t) => {
        const d = join(work, `s${n++}`);
        writeTree(t, d);
        const r = await compare(api, join(d, t.root));
        rmSync(d, { recursive: true, force: true });
        // An error must stay the same error, or the shrinking drifts to another bug.
        return r.kind === result.kind && (r.kind === 'output' || signature(r) === sig);
      }, o.shrinkSeconds * 1000);
      const d = join(work, 'final');
      writeTree(small.tree, d);
      const final = await compare(api, join(d, small.tree.root));
      rmSync(d, { recursive: true, force: true });
      console.log(report(join(o.out, o.tree === undefined ? `${o.seed}-${i}` : `tree${seed}`), small.tree, final.kind === result.kind ? final : result));
      console.log(`(shrunk in ${small.trials} trials)`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const disagreements = Object.entries(counts).filter(([k]) => !k.startsWith('agree') && k !== 'reference-panic');
  const total = disagreements.reduce((s, [, n]) => s + n, 0);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`fuzz: ${count} trees (seed ${o.seed}${o.with.length ? `, with ${o.with.join(',')}` : ''}) in ${secs}s: ` +
    `${counts['agree-ok'] ?? 0} built alike, ${counts['agree-error'] ?? 0} failed alike, ${counts['reference-panic'] ?? 0} reference panics, ` +
    `${total} disagreements${total ? ` (${disagreements.map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`);
  return total ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`fuzz: ${e.message}`);
  process.exit(2);
});
