// `kfm edit` as users and Argo CD run it: each subcommand edits a kustomization that has comments;
// the comments stay, and the build of the edited file equals the reference's build of the same
// kustomization written by hand (kfm's own build of it where the reference is absent).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: plain ESM helper shared with the refresh script
import { haveReference, runReference } from '../scripts/reference.mjs';

const REPO = new URL('..', import.meta.url).pathname;
const BIN = join(REPO, 'bin/kfm.js');

function run(bin: string, args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd, env: { ...process.env, KFM_CACHE: 'off' } });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** The files every scenario starts from (besides its kustomization). */
const TREE: Record<string, string> = {
  'dep.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - {name: c, image: nginx:1.0}\n      - {name: s, image: quay.io/side/car:v1}\n',
  'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n',
  'svc-extra.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: extra}\nspec: {ports: [{port: 81}]}\n',
  'patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}\n',
  'app.properties': 'color=blue\n',
  'prefix.yaml': 'apiVersion: builtin\nkind: PrefixSuffixTransformer\nmetadata: {name: p}\nprefix: t-\nfieldSpecs: [{path: metadata/name}]\n',
  'gen.yaml': 'apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata: {name: gen}\nliterals: [a=b]\n',
  'comp/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations: {from: component}\n',
  'base/kustomization.yaml': 'resources: [cm.yaml]\n',
  'base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: base-cm}\ndata: {k: v}\n',
};

function tree(k: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kfm-edit-'));
  for (const [f, text] of Object.entries(TREE)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  writeFileSync(join(dir, 'kustomization.yaml'), k);
  return dir;
}

/** Edits `start` with the commands, then compares with `expected` written by hand. */
function scenario(start: string, commands: string[][], expected: string, bin = BIN): void {
  const edited = tree(start);
  const hand = tree(expected);
  try {
    for (const c of commands) {
      const r = run(bin, c, edited);
      expect(r.code, `${c.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const text = readFileSync(join(edited, 'kustomization.yaml'), 'utf8');
    for (const comment of start.match(/#.*$/gm) ?? []) expect(text).toContain(comment);
    const got = run(BIN, ['build', '.'], edited);
    expect(got.stderr.replace(/^# Warning: .*\n/gm, '')).toBe('');
    const want = haveReference() ? runReference(hand) : { code: 0, ...run(BIN, ['build', '.'], hand) };
    expect(want.code).toBe(0);
    expect(got.stdout).toBe(want.stdout);
  } finally {
    rmSync(edited, { recursive: true, force: true });
    rmSync(hand, { recursive: true, force: true });
  }
}

const START = '# The web app.\nresources:\n- dep.yaml # the workload\n# more to come\n';

describe('kfm edit add', () => {
  it('resource (glob), base and component', () => scenario(
    START,
    [['edit', 'add', 'resource', 'svc*.yaml'], ['edit', 'add', 'base', 'base'], ['edit', 'add', 'component', 'comp'], ['edit', 'add', 'resource', 'dep.yaml']],
    'resources: [dep.yaml, svc-extra.yaml, svc.yaml, base]\ncomponents: [comp]\n',
  ));
  it('patch, from a file and inline with a target', () => scenario(
    START,
    [['edit', 'add', 'patch', '--path', 'patch.yaml'], ['edit', 'add', 'patch', '--kind', 'Deployment', '--name', 'web', '--patch', '[{"op": "add", "path": "/metadata/labels", "value": {"p": "q"}}]']],
    'resources: [dep.yaml]\npatches:\n- path: patch.yaml\n- target: {kind: Deployment, name: web}\n  patch: \'[{"op": "add", "path": "/metadata/labels", "value": {"p": "q"}}]\'\n',
  ));
  it('label (with and without selectors) and annotation', () => scenario(
    START,
    [['edit', 'add', 'label', 'team:a,env:b'], ['edit', 'add', 'label', '--without-selector', 'tier:web'], ['edit', 'add', 'annotation', 'owner:me']],
    'resources: [dep.yaml]\ncommonLabels: {team: a, env: b}\nlabels:\n- pairs: {tier: web}\ncommonAnnotations: {owner: me}\n',
  ));
  it('configmap and secret', () => scenario(
    START,
    [['edit', 'add', 'configmap', 'cfg', '--from-literal', 'a=1', '--from-file', 'app.properties'], ['edit', 'add', 'secret', 'sec', '--from-literal', 'pw=x', '--type', 'Opaque', '--disableNameSuffixHash']],
    'resources: [dep.yaml]\nconfigMapGenerator:\n- name: cfg\n  literals: [a=1]\n  files: [app.properties]\nsecretGenerator:\n- name: sec\n  type: Opaque\n  literals: [pw=x]\n  options: {disableNameSuffixHash: true}\n',
  ));
  it('generator, transformer and buildmetadata', () => scenario(
    START,
    [['edit', 'add', 'generator', 'gen.yaml'], ['edit', 'add', 'transformer', 'prefix.yaml'], ['edit', 'add', 'buildmetadata', 'originAnnotations']],
    'resources: [dep.yaml]\ngenerators: [gen.yaml]\ntransformers: [prefix.yaml]\nbuildMetadata: [originAnnotations]\n',
  ));
  it('refuses a label that is there without --force, and a path that does not exist', () => {
    const dir = tree('resources: [dep.yaml]\ncommonLabels: {team: a}\n');
    try {
      const r = run(BIN, ['edit', 'add', 'label', 'team:b'], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^Error: label team already in kustomization file; use --force to override\n$/);
      const m = run(BIN, ['edit', 'add', 'resource', 'nope.yaml'], dir);
      expect(m.code).toBe(1);
      expect(m.stderr).toContain('nope.yaml has no match');
      expect(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')).toBe('resources: [dep.yaml]\ncommonLabels: {team: a}\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kfm edit set', () => {
  it('image in each form, replicas, namespace, prefix and suffix', () => scenario(
    START,
    [
      ['edit', 'set', 'image', 'nginx=my.registry/nginx:2.0'], ['edit', 'set', 'image', `quay.io/side/car@sha256:${'a'.repeat(64)}`],
      ['edit', 'set', 'replicas', 'web=3'], ['edit', 'set', 'namespace', '--', 'apps'], ['edit', 'set', 'nameprefix', '--', 'pre-'],
      ['edit', 'set', 'namesuffix', '--', '-suf'], ['edit', 'set', 'image', 'nginx:2.1'],
    ],
    `resources: [dep.yaml]\nimages:\n- {name: nginx, newName: my.registry/nginx, newTag: "2.1"}\n- {name: quay.io/side/car, digest: "sha256:${'a'.repeat(64)}"}\nreplicas: [{name: web, count: 3}]\nnamespace: apps\nnamePrefix: pre-\nnameSuffix: -suf\n`,
  ));
  it('label, annotation and buildmetadata overwrite', () => scenario(
    'resources: [dep.yaml] # keep\ncommonLabels: {team: a}\nbuildMetadata: [originAnnotations]\n',
    [['edit', 'set', 'label', 'team:b'], ['edit', 'set', 'annotation', 'x:y'], ['edit', 'set', 'buildmetadata', 'transformerAnnotations']],
    'resources: [dep.yaml]\ncommonLabels: {team: b}\ncommonAnnotations: {x: "y"}\nbuildMetadata: [transformerAnnotations]\n',
  ));
});

describe('kfm edit remove', () => {
  it('resource, patch, label, annotation, configmap, secret, transformer, buildmetadata', () => scenario(
    [
      '# Everything, to be taken apart.', 'resources: [dep.yaml, svc.yaml, svc-extra.yaml] # three', 'patches:', '- path: patch.yaml',
      'commonLabels: {team: a, env: b}', 'commonAnnotations: {owner: me, keep: this}', 'configMapGenerator:', '- {name: cfg, literals: [a=1]}',
      'secretGenerator:', '- {name: sec, literals: [b=2]}', 'transformers: [prefix.yaml]', 'buildMetadata: [originAnnotations, transformerAnnotations]', '',
    ].join('\n'),
    [
      ['edit', 'remove', 'resource', 'svc*.yaml'], ['edit', 'remove', 'patch', '--path', 'patch.yaml'], ['edit', 'remove', 'label', 'team'],
      ['edit', 'remove', 'annotation', 'owner'], ['edit', 'remove', 'configmap', 'cfg'], ['edit', 'remove', 'secret', 'sec'],
      ['edit', 'remove', 'transformer', 'prefix.yaml'], ['edit', 'remove', 'buildmetadata', 'originAnnotations'],
    ],
    'resources: [dep.yaml]\ncommonLabels: {env: b}\ncommonAnnotations: {keep: this}\nbuildMetadata: [transformerAnnotations]\n',
  ));
});

describe('kfm edit fix', () => {
  it('moves every deprecated field and keeps the output', () => {
    const old = [
      '# Old style.', 'bases: [base] # the base', 'resources: [dep.yaml]', 'patchesStrategicMerge: [patch.yaml]',
      'patchesJson6902:', '- target: {group: apps, version: v1, kind: Deployment, name: web}', '  patch: |-', '    - {op: add, path: /spec/replicas, value: 5}',
      'commonLabels: {team: a}', 'imageTags: [{name: nginx, newTag: "3.0"}]', '',
    ].join('\n');
    scenario(old, [['edit', 'fix']], old);
    const dir = tree(old);
    try {
      run(BIN, ['edit', 'fix'], dir);
      const text = readFileSync(join(dir, 'kustomization.yaml'), 'utf8');
      expect(text).not.toMatch(/^(bases|patchesStrategicMerge|patchesJson6902|commonLabels|imageTags):/m);
      const r = run(BIN, ['build', '.'], dir);
      expect(r.stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Argo CD with kfm as its kustomize', () => {
  it('replays the command sequence of an Application with overrides and builds what the reference builds by hand', () => {
    const bin = mkdtempSync(join(tmpdir(), 'kfm-argo-'));
    try {
      // A custom Argo CD image puts kfm on the PATH as `kustomize`.
      symlinkSync(BIN, join(bin, 'kustomize'));
      const kustomize = join(bin, 'kustomize');
      const version = run(kustomize, ['version'], REPO).stdout;
      // Argo CD reads the first semantic version in `kustomize version`.
      expect(/v?(\d+)\.(\d+)\.(\d+)/.exec(version)?.[0]).toBe('v5.7.1');
      expect(run(kustomize, ['version', '--short'], REPO).stdout).toBe('v5.7.1\n');
      scenario(
        '# Managed in git; Argo CD edits a copy.\nresources:\n- dep.yaml\n- svc.yaml\n',
        [
          ['edit', 'set', 'nameprefix', '--', 'argo-'],
          ['edit', 'set', 'image', 'nginx=mirror.example.com/nginx:1.27', 'quay.io/side/car:v2'],
          ['edit', 'set', 'replicas', 'web=4'],
          ['edit', 'add', 'label', '--force', 'app.kubernetes.io/instance:guestbook', 'team:platform'],
          ['edit', 'add', 'annotation', '--force', 'argocd.argoproj.io/tracking:yes'],
          ['edit', 'set', 'namespace', '--', 'guestbook'],
          ['edit', 'add', 'component', 'comp'],
        ],
        [
          'resources: [dep.yaml, svc.yaml]', 'namePrefix: argo-', 'namespace: guestbook',
          'images:', '- {name: nginx, newName: mirror.example.com/nginx, newTag: "1.27"}', '- {name: quay.io/side/car, newTag: v2}',
          'replicas: [{name: web, count: 4}]', 'commonLabels: {app.kubernetes.io/instance: guestbook, team: platform}',
          'commonAnnotations: {argocd.argoproj.io/tracking: "yes"}', 'components: [comp]', '',
        ].join('\n'),
        kustomize,
      );
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});


