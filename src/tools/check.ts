/**
 * `kfm check DIR...`: builds every kustomization root under the given folders in parallel and
 * reports each. A Component cannot be built alone; one that no root of the tree uses is checked
 * through a synthetic parent that only lists it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from '../build/index.js';
import { findRoots, type Root } from './roots.js';

/** The outcome of one root. */
export interface CheckResult {
  dir: string;
  component: boolean;
  ok: boolean;
  resources: number;
  ms: number;
  error?: string;
}

/** Builds one root (a Component through a synthetic parent); never throws. */
export function buildRoot(dir: string, component: boolean): Omit<CheckResult, 'dir' | 'component'> {
  const t0 = performance.now();
  let tmp: string | undefined;
  try {
    let target = dir;
    if (component) {
      tmp = mkdtempSync(join(tmpdir(), 'kfm-check-'));
      // kustomize refuses absolute paths to other kustomizations: the parent names it relatively.
      writeFileSync(join(tmp, 'kustomization.yaml'), `components:\n- ${JSON.stringify(relative(tmp, dir))}\n`);
      target = tmp;
    }
    const n = build(target).resources.length;
    return { ok: true, resources: n, ms: performance.now() - t0 };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, resources: 0, ms: performance.now() - t0, error: tmp ? msg.replaceAll(tmp, '(synthetic parent)') : msg };
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/** The roots `kfm check` builds: all but Components that another root of the tree uses. */
export function rootsToCheck(dirs: string[]): Root[] {
  const all = new Map<string, Root>();
  for (const d of dirs) for (const r of findRoots(d)) all.set(r.dir, r);
  const used = new Set([...all.values()].flatMap((r) => r.uses));
  return [...all.values()].filter((r) => !(r.component && used.has(r.dir)));
}

/** Builds the roots on a pool of worker threads; `onDone` sees each result as it arrives. */
export async function checkRoots(roots: Root[], onDone: (r: CheckResult, done: number) => void, jobs = availableParallelism()): Promise<CheckResult[]> {
  const results: CheckResult[] = new Array(roots.length);
  const n = Math.max(1, Math.min(jobs, roots.length));
  let next = 0;
  let done = 0;
  // Spelled from the parent folder so that it holds from the CLI's bundle too (dist/cli).
  const workerFile = new URL('../tools/check-worker.js', import.meta.url);
  await Promise.all(
    Array.from({ length: n }, () => new Promise<void>((resolveAll, reject) => {
      const w = new Worker(workerFile);
      const feed = () => {
        if (next >= roots.length) {
          void w.terminate().then(() => resolveAll());
          return;
        }
        const i = next++;
        w.postMessage({ i, dir: roots[i].dir, component: roots[i].component });
      };
      w.on('message', (m: Omit<CheckResult, 'dir' | 'component'> & { i: number }) => {
        const { i, ...rest } = m;
        results[i] = { dir: roots[i].dir, component: roots[i].component, ...rest };
        onDone(results[i], ++done);
        feed();
      });
      w.on('error', reject);
      feed();
    })),
  );
  return results;
}

const xml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/** JUnit XML, one test case per root, for CI systems that show test reports. */
export function junit(results: CheckResult[], label: (dir: string) => string): string {
  const failures = results.filter((r) => !r.ok).length;
  const total = results.reduce((s, r) => s + r.ms, 0) / 1000;
  const cases = results.map((r) => {
    const head = `  <testcase classname="kfm.check" name="${xml(label(r.dir))}" time="${(r.ms / 1000).toFixed(3)}"`;
    return r.ok ? `${head}/>` : `${head}>\n    <failure message="${xml(r.error!.split('\n')[0])}">${xml(r.error!)}</failure>\n  </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="kfm check" tests="${results.length}" failures="${failures}" time="${total.toFixed(3)}">\n${cases.join('\n')}\n</testsuite>\n`;
}
