// The package as users get it: what `npm pack` ships, its types compiled by a consumer without
// Node's type packages, and a global install of the tarball answering as kfm and as kustomize.
// These read dist/, which `npm test` compiles first.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const repo = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const npm = (args: string[], cwd: string) => spawnSync('npm', [...args, '--no-audit', '--no-fund'], { cwd, encoding: 'utf8' });

function withTemp(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'kfm-pack-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the npm package', () => {
  it('ships bin, dist, the README and the ledger, and no tests, fixtures or platform tree', () => {
    // --ignore-scripts: dist/ is already compiled by `npm test`.
    const r = npm(['pack', '--dry-run', '--json', '--ignore-scripts'], repo);
    expect(r.status, r.stderr).toBe(0);
    const files: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
    for (const f of ['bin/kfm.js', 'bin/kfm.cjs', 'dist/index.js', 'dist/index.d.ts', 'README.md', 'KNOWN-DIFFERENCES.md', 'package.json']) expect(files).toContain(f);
    expect(files.filter((f) => !/^(bin|dist|scripts)\/|^(README\.md|KNOWN-DIFFERENCES\.md|LICENSE|package\.json)$/.test(f))).toEqual([]);
    expect(files.filter((f) => /^(tests|src|common|applications|experimental|example)\//.test(f))).toEqual([]);
  });

  it('bundles the renderer with one import() left, the one cli/start.ts lends a loader to', () => {
    // The bundle runs as a script compiled for V8's code cache, where import() has no loader.
    const bundle = join(repo, 'dist/cli/main.bundle.cjs');
    if (!existsSync(bundle)) return;
    const text = readFileSync(bundle, 'utf8');
    expect(text.match(/(^|[^\w.$])import\(/g)).toHaveLength(1);
    expect(text).toMatch(/lent\s*\?\s*lent\(specifier\)\s*:\s*import\(specifier\)/);
    expect(existsSync(join(repo, 'dist/cli/main.bundle.cache'))).toBe(true);
  });

  it('runs an edited bundle as edited, whatever code cache lies beside it', () => {
    // V8 checks cached code against the length of the source only: an edit of the same length,
    // with the file's times put back and the build id kept, must still not run the old code.
    const bundle = join(repo, 'dist/cli/main.bundle.cjs');
    if (!existsSync(join(repo, 'dist/cli/main.bundle.cache'))) return;
    withTemp((dir) => {
      for (const d of ['bin', 'dist']) cpSync(join(repo, d), join(dir, d), { recursive: true });
      cpSync(join(repo, 'package.json'), join(dir, 'package.json'));
      symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
      const copy = join(dir, 'dist/cli/main.bundle.cjs');
      const st = statSync(copy);
      const text = readFileSync(bundle, 'utf8');
      const edited = text.replace(`VERSION="${pkg.version}"`, `VERSION="${pkg.version.replace(/^./, 'x')}"`);
      expect(edited.length).toBe(text.length);
      expect(edited).not.toBe(text);
      writeFileSync(copy, edited);
      utimesSync(copy, st.atime, st.mtime);
      const r = spawnSync(process.execPath, [join(dir, 'bin/kfm.cjs'), 'version'], { encoding: 'utf8' });
      expect(r.stdout).toContain(`kfm ${pkg.version.replace(/^./, 'x')}`);
    });
  });

  it('works without its bundles, as compiled modules (an install without esbuild)', () => {
    withTemp((dir) => {
      for (const d of ['bin', 'dist']) cpSync(join(repo, d), join(dir, d), { recursive: true });
      cpSync(join(repo, 'package.json'), join(dir, 'package.json'));
      symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
      for (const f of ['start.cjs', 'main.bundle.cjs', 'main.bundle.cache']) rmSync(join(dir, 'dist/cli', f), { force: true });
      const tree = join(dir, 'tree');
      mkdirSync(tree);
      writeFileSync(join(tree, 'kustomization.yaml'), 'namePrefix: p-\nconfigMapGenerator:\n- name: c\n  literals: [a=1]\n');
      const run = (bin: string, ...args: string[]) =>
        spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, KFM_CACHE_DIR: join(dir, 'cache'), KFM_CACHE: '' } });
      const expected = run(join(repo, 'bin/kfm.cjs'), 'build', tree, '--no-cache');
      expect(expected.stdout).toContain('name: p-c-');
      // Built, then answered from the output cache, then the other commands.
      for (let i = 0; i < 2; i++) expect(run(join(dir, 'bin/kfm.cjs'), 'build', tree)).toMatchObject({ status: 0, stdout: expected.stdout, stderr: '' });
      expect(readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.entry'))).toHaveLength(1);
      expect(run(join(dir, 'bin/kfm.cjs'), 'validate', tree)).toMatchObject({ status: 0, stderr: '' });
    });
  });

  it('has types a consumer compiles without @types/node', () => {
    withTemp((dir) => {
      // A copy, not a link: through a link the compiler would see this repository's @types/node.
      const kfm = join(dir, 'node_modules/kfm');
      mkdirSync(kfm, { recursive: true });
      cpSync(join(repo, 'package.json'), join(kfm, 'package.json'));
      cpSync(join(repo, 'dist'), join(kfm, 'dist'), { recursive: true, filter: (p) => !p.endsWith('.js') || p.endsWith('index.js') });
      for (const dep of Object.keys(pkg.dependencies)) {
        mkdirSync(dirname(join(dir, 'node_modules', dep)), { recursive: true });
        symlinkSync(join(repo, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
      }
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [], skipLibCheck: false },
        files: ['main.ts'],
      }));
      writeFileSync(join(dir, 'main.ts'), [
        "import { build, BuildError, memoryFileSystem, parseAll, VERSION, type BuildOptions, type FileSystem } from 'kfm';",
        "const fs: FileSystem = memoryFileSystem({ '/k/kustomization.yaml': 'resources: [cm.yaml]\\n', '/k/cm.yaml': new TextEncoder().encode('kind: ConfigMap\\n') });",
        "const options: BuildOptions = { fs, loadRestrictor: 'LoadRestrictionsNone', trace: { reads: new Set(), remotes: [] }, onWarning: (w: string) => w.length };",
        "const text: string = build('/k', options).yaml();",
        "const bytes: Uint8Array = fs.read('/k/cm.yaml');",
        'export const used = [text, bytes, VERSION, BuildError, parseAll];',
        '',
      ].join('\n'));
      const tsc = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.status).toBe(0);
    });
  }, 120_000);

  it('installs globally from its tarball and builds, also through a symlink named kustomize', (ctx) => {
    withTemp((dir) => {
      const pack = npm(['pack', '--ignore-scripts', '--pack-destination', dir], repo);
      expect(pack.status, pack.stderr).toBe(0);
      const tgz = join(dir, `kfm-${pkg.version}.tgz`);
      const prefix = join(dir, 'prefix');
      mkdirSync(prefix);
      const install = npm(['install', '--global', '--prefix', prefix, '--prefer-offline', tgz], dir);
      if (install.status !== 0 && /E(NOTFOUND|AI_AGAIN|NETUNREACH|CONNREFUSED|TIMEDOUT)|ENOTCACHED/.test(install.stderr)) {
        console.warn(`skipped: npm could not fetch kfm's dependencies (${install.stderr.split('\n').find((l) => /error/.test(l)) ?? 'no network'})`);
        ctx.skip();
      }
      expect(install.status, install.stderr).toBe(0);
      const bin = join(prefix, 'bin');
      expect(existsSync(join(bin, 'kfm'))).toBe(true);
      symlinkSync(join(bin, 'kfm'), join(bin, 'kustomize'));
      const fixture = join(repo, 'tests/fixtures/realistic/shop');
      const expected = readFileSync(join(fixture, 'expected.yaml'), 'utf8');
      for (const name of ['kfm', 'kustomize']) {
        const b = spawnSync(join(bin, name), ['build', join(fixture, 'overlays/production')], { encoding: 'utf8', env: { ...process.env, KFM_CACHE: 'off' } });
        expect(b.status, b.stderr).toBe(0);
        expect(b.stdout).toBe(expected);
      }
      expect(spawnSync(join(bin, 'kustomize'), ['version', '--short'], { encoding: 'utf8' }).stdout).toBe('v5.7.1\n');
    });
  }, 300_000);
});
