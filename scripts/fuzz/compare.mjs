// One differential trial: a tree built by kfm (in-process) and by the reference (a child process),
// classified, with a short signature that tells disagreements apart.
import { spawn } from 'node:child_process';
import { REFERENCE } from '../reference.mjs';

/** Runs the reference on `dir` without blocking, so kfm (or other trials) can run meanwhile. */
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
 * nothing about kustomize's intended behaviour). `cached` is the reference's result for this tree
 * from an earlier run, if there is one.
 */
export async function compare(api, dir, cached) {
  const ref = cached ? Promise.resolve(cached) : runReferenceAsync(dir);
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

/** True for the kinds that count as a disagreement. */
export function disagrees(kind) {
  return !kind.startsWith('agree') && kind !== 'reference-panic';
}

/** The first output line where `a` (reference) and `b` (kfm) differ, with a little context. */
export function firstDifference(a, b) {
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
export function signature(result) {
  const mask = (t) => t.replace(/[0-9]+/g, 'N').replace(/\s+/g, ' ').trim().slice(0, 80);
  if (result.kind === 'output') {
    const d = firstDifference(result.ref.stdout, result.ours.text);
    return `ref: ${mask(d.reference.split('\n')[0])} | kfm: ${mask(d.kfm.split('\n')[0])}`;
  }
  // The reference's deprecation warnings and klog lines come before its error.
  const err = result.kind === 'kfm-rejects' || result.kind === 'kfm-crash' ? result.ours.text.split('\n')[0]
    : result.ref.stderr.split('\n').filter((l) => l && !/^# Warning|^[IWE]\d{4} /.test(l)).join(' ');
  return mask(err.replace(/^.*?: /, '').replace(/\/[^\s:'"]*/g, 'PATH'));
}
