// The commands beyond kustomize, run as users run them (a real `node bin/kfm.js` process) on real
// trees: the platform in this repository, and trees the tests make.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { load, loadAll } from 'js-yaml';
// @ts-expect-error: plain ESM helper shared with the refresh script
import { haveReference, runReference } from '../scripts/reference.mjs';

const REPO = new URL('..', import.meta.url).pathname;
const BIN = join(REPO, 'bin/kfm.js');

function kfm(args: string[], opts: { cwd?: string; input?: string } = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8', cwd: opts.cwd ?? REPO, input: opts.input, maxBuffer: 1 << 30, env: { ...process.env, KFM_CACHE: 'off', NO_COLOR: '1' },
  });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

const temp = () => mkdtempSync(join(tmpdir(), 'kfm-tools-'));
const write = (file: string, text: string) => {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
};
const kinds = (yaml: string) => (loadAll(yaml) as { kind: string }[]).filter(Boolean).map((o) => o.kind);

describe('kfm diff', () => {
  const app = 'applications/jupyter/jupyter-web-app/upstream';
  const root = `${app}/overlays/istio`;

  it('between two commits of the platform, shows exactly a changed image tag and a changed ConfigMap value', () => {
    const repo = temp();
    try {
      cpSync(join(REPO, app), join(repo, app), { recursive: true });
      const git = (...a: string[]) => execFileSync('git', ['-C', repo, ...a], { stdio: 'pipe' });
      git('init', '-q');
      git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'one', '--allow-empty');
      git('add', '-A');
      git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'two');
      const kfile = join(repo, app, 'base/kustomization.yaml');
      const k = readFileSync(kfile, 'utf8');
      expect(k).toMatch(/newTag: \S+/);
      writeFileSync(kfile, k.replace(/newTag: \S+/, 'newTag: v9.9.9'));
      const spawner = join(repo, app, 'base/spawner_ui_config.yaml');
      writeFileSync(spawner, `${readFileSync(spawner, 'utf8')}\n# changed\n`);
      git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qam', 'three');

      const r = kfm(['diff', '--json', `HEAD~1:${root}`, `HEAD:${root}`], { cwd: repo });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      const d = JSON.parse(r.stdout) as { added: unknown[]; removed: unknown[]; changed: { id: string; fields: { path: string; old: unknown; new: unknown }[] }[] };
      expect(d.added).toEqual([]);
      expect(d.removed).toEqual([]);
      expect(d.changed.map((c) => c.id.split(' ')[0]).sort()).toEqual(['ConfigMap', 'Deployment.apps']);
      const dep = d.changed.find((c) => c.id.startsWith('Deployment'))!;
      expect(dep.fields).toHaveLength(1);
      expect(dep.fields[0].path).toMatch(/containers\[name=.*\]\.image$/);
      expect(String(dep.fields[0].new)).toMatch(/:v9\.9\.9$/);
      const cm = d.changed.find((c) => c.id.startsWith('ConfigMap'))!;
      expect(cm.fields.map((f) => f.path).sort()).toEqual(['data.spawner_ui_config.yaml', 'metadata.name']);

      // The same revisions, for people and for a pull-request comment.
      const text = kfm(['diff', `HEAD~1:${root}`, `HEAD:${root}`], { cwd: repo });
      expect(text.stdout).toContain('+# changed');
      expect(kfm(['diff', '--markdown', `HEAD~1:${root}`, `HEAD:${root}`], { cwd: repo }).stdout).toContain('```diff');
      expect(kfm(['diff', '--summary', `HEAD~1:${root}`, `HEAD:${root}`], { cwd: repo }).stdout).toBe(
        'ConfigMap: 1 changed, 0 added, 0 removed\nDeployment: 1 changed, 0 added, 0 removed\n',
      );
      // Without following hashes, the regenerated ConfigMap is a removal and an addition.
      const raw = JSON.parse(kfm(['diff', '--json', '--no-follow-hashes', `HEAD~1:${root}`, `HEAD:${root}`], { cwd: repo }).stdout);
      expect(raw.added).toHaveLength(1);
      expect(raw.removed).toHaveLength(1);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('exits 0 on equal inputs (a directory against its own rendering on stdin), 2 on an error', () => {
    const built = kfm(['build', root]).stdout;
    const same = kfm(['diff', root, '-'], { input: built });
    expect(same).toEqual({ code: 0, stdout: '', stderr: '' });
    const bad = kfm(['diff', root, 'no/such/place']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^Error: 'no\/such\/place' is neither/);
  });

  it('reports added and removed resources and long text as a line diff', () => {
    const dir = temp();
    try {
      write(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {t: "1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n"}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: gone}\n');
      write(join(dir, 'b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {t: "1\\n2\\n3\\n4\\nfive\\n6\\n7\\n8\\n"}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: new}\n');
      const r = kfm(['diff', join(dir, 'a.yaml'), join(dir, 'b.yaml')]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe([
        '- Secret gone (removed)', '+ Service new (added)', '~ ConfigMap x', '    data.t:',
        '      @@ -2,7 +2,7 @@', '       2', '       3', '       4', '      -5', '      +five', '       6', '       7', '       8', '',
      ].join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kfm images', () => {
  const inventory = load(readFileSync(join(REPO, 'tests/platform/inventory.yaml'), 'utf8')) as Record<string, { images: string[] }>;

  it('lists every image of the inventory for example, and those kept in configuration files', () => {
    const r = kfm(['images', 'example', '--list']);
    expect(r.code).toBe(0);
    const got = r.stdout.trim().split('\n');
    expect(inventory.example.images.filter((i) => !got.includes(i))).toEqual([]);
    const uses = JSON.parse(kfm(['images', 'example', '--json']).stdout) as { image: string; where: string; resource: string }[];
    // Images only components read: Argo's executor (a flag) and the notebook spawner's options.
    expect(uses.some((u) => u.where === 'arg' && /argoexec/.test(u.image))).toBe(true);
    expect(uses.some((u) => u.where === 'config' && /notebook-servers/.test(u.image))).toBe(true);
  });

  it('writes a Component that moves every image of example to a mirror, for kfm and kustomize alike', () => {
    const dir = temp();
    try {
      const mirror = 'mirror.example.com/kubeflow';
      const w = kfm(['images', 'example', '--registry', mirror, '-o', join(dir, 'mirror')]);
      expect(w.stderr).toBe('');
      expect(w.code).toBe(0);
      write(join(dir, 'overlay/kustomization.yaml'), `resources:\n- ${relative(join(dir, 'overlay'), join(REPO, 'example'))}\ncomponents:\n- ../mirror\n`);
      const out = kfm(['images', join(dir, 'overlay'), '--list']);
      expect(out.code).toBe(0);
      const outside = out.stdout.trim().split('\n').filter((i) => !i.startsWith(`${mirror}/`));
      expect(outside).toEqual([]);
      if (haveReference()) {
        const ref = runReference(join(dir, 'overlay'));
        expect(ref.code).toBe(0);
        expect(kfm(['build', join(dir, 'overlay')]).stdout).toBe(ref.stdout);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The reference builds the whole platform here: on a loaded machine that alone can take a minute.
  }, 240_000);
});

describe('kfm check', () => {
  it('builds every root of the platform tree', () => {
    const r = kfm(['check', 'applications', 'common', 'experimental', 'example']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n(\d+) ok, 0 failed, \1 roots in [\d.]+ s\n$/);
  });

  it('reports failures, checks unused Components through a synthetic parent, honours .kfmignore, writes JUnit', () => {
    const dir = temp();
    try {
      write(join(dir, 'good/kustomization.yaml'), 'resources: [cm.yaml]\n');
      write(join(dir, 'good/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
      write(join(dir, 'bad/kustomization.yaml'), 'resources: [missing.yaml]\n');
      write(join(dir, 'comp/kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [cm.yaml]\nnamePrefix: c-\n');
      write(join(dir, 'comp/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
      write(join(dir, 'skipped/kustomization.yaml'), 'resources: [missing.yaml]\n');
      write(join(dir, '.kfmignore'), '# not ours\nskipped\n');
      const r = kfm(['check', dir, '--junit', join(dir, 'report.xml')]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^FAILED .*bad /m);
      expect(r.stdout).toMatch(/^ok +.*comp +1 .*\(component\)$/m);
      expect(r.stdout).not.toContain('skipped');
      expect(r.stdout).toMatch(/\n2 ok, 1 failed, 3 roots in/);
      const xml = readFileSync(join(dir, 'report.xml'), 'utf8');
      expect(xml).toContain('tests="3" failures="1"');
      expect(xml).toMatch(/<failure message="[^"]*missing\.yaml/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kfm tree', () => {
  it('shows the bases, files, generators and patches of a root with counts', () => {
    const root = 'applications/jupyter/jupyter-web-app/upstream/overlays/istio';
    const r = kfm(['tree', root]);
    expect(r.code).toBe(0);
    const built = kinds(kfm(['build', root]).stdout).length;
    expect(r.stdout).toMatch(/^\[kustomization\] \. \(\d+\)\n/);
    expect(r.stdout).toContain('../../base');
    expect(r.stdout).toMatch(/\[generator\] /);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(`built: ${built} resources`);
    expect(kfm(['tree', root, '--mermaid']).stdout).toMatch(/^flowchart LR\n/);
    expect(kfm(['tree', root, '--dot']).stdout).toMatch(/^digraph kustomization \{/);
  });
});

describe('kfm build --phases', () => {
  it('orders the platform for applying: namespaces and CRDs, cluster config, workloads, webhooks', () => {
    const all = kfm(['build', 'example']).stdout;
    const phased = kfm(['build', '--phases', 'example']).stdout;
    expect(kinds(phased).sort()).toEqual(kinds(all).sort());
    const order = kinds(phased);
    const lastCrd = Math.max(order.lastIndexOf('CustomResourceDefinition'), order.lastIndexOf('Namespace'));
    const firstDeployment = order.indexOf('Deployment');
    const firstWebhook = order.findIndex((k) => k.endsWith('WebhookConfiguration'));
    expect(lastCrd).toBeLessThan(order.indexOf('ClusterRole'));
    expect(order.lastIndexOf('ClusterRoleBinding')).toBeLessThan(firstDeployment);
    expect(firstDeployment).toBeLessThan(firstWebhook);
    expect(order.slice(firstWebhook).every((k) => k.endsWith('WebhookConfiguration') || k.endsWith('AdmissionPolicy') || k.endsWith('AdmissionPolicyBinding'))).toBe(true);
    const crds = kinds(kfm(['build', '--phase', 'crds', 'example']).stdout);
    expect(new Set(crds)).toEqual(new Set(['Namespace', 'CustomResourceDefinition']));
  });
});
