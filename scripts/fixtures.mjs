// Discovering fixtures (tests/fixtures/<feature>/<case>/) and platform roots, shared by the
// refresh script and the tests.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { load } from 'js-yaml';

export const REPO = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
export const FIXTURES = join(REPO, 'tests/fixtures');
export const PLATFORM_GOLDEN = join(REPO, 'tests/platform/golden');
export const PLATFORM_TREES = ['common', 'applications', 'experimental', 'example'];
const KFILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * A fixture case. `fixture.yaml` (optional) may say: root (sub-folder to build), args (extra
 * reference/kfm flags), note, and `expectation: "5.7.1"` for a hand-written expected.yaml where
 * kustomize 5.7.1 differs from the 5.6.0 reference (never refreshed; listed in KNOWN-DIFFERENCES.md).
 */
export function listFixtures() {
  const out = [];
  if (!existsSync(FIXTURES)) return out;
  for (const feature of readdirSync(FIXTURES).sort()) {
    const fdir = join(FIXTURES, feature);
    if (!statSync(fdir).isDirectory()) continue;
    for (const name of readdirSync(fdir).sort()) {
      const dir = join(fdir, name);
      if (!statSync(dir).isDirectory()) continue;
      const metaFile = join(dir, 'fixture.yaml');
      const meta = existsSync(metaFile) ? load(readFileSync(metaFile, 'utf8')) ?? {} : {};
      out.push({
        id: `${feature}/${name}`,
        dir,
        root: join(dir, meta.root ?? '.'),
        args: meta.args ?? [],
        note: meta.note,
        handWritten: meta.expectation === '5.7.1',
        expected: join(dir, 'expected.yaml'),
        error: join(dir, 'error.txt'),
        kfmError: join(dir, 'kfm-error.txt'),
      });
    }
  }
  return out;
}

/** Every kustomization root under the platform trees (relative paths). */
export function listPlatformRoots() {
  const roots = [];
  const walk = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && KFILES.includes(e.name))) {
      const text = readFileSync(join(dir, entries.find((e) => KFILES.includes(e.name)).name), 'utf8');
      // Components build only inside a kustomization that lists them.
      if (!/^kind:\s*Component\s*$/m.test(text)) roots.push(relative(REPO, dir) || '.');
    }
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) walk(join(dir, e.name));
  };
  for (const t of PLATFORM_TREES) if (existsSync(join(REPO, t))) walk(join(REPO, t));
  return roots.sort();
}

/** The golden file of a platform root. */
export function goldenPath(root) {
  return join(PLATFORM_GOLDEN, root.replace(/\//g, '__') + '.yaml');
}
