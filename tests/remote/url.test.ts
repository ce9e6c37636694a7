// kustomize's remote URL grammar (the forms themselves are built against the reference in
// forms.test.ts; these pin how each address is split).
import { describe, expect, it } from 'vitest';
import { isPlainlyGit, parseRepoSpec } from '../../src/remote/url.js';

const split = (u: string) => {
  const s = parseRepoSpec(u);
  return s && [s.cloneUrl, s.subdir, s.ref];
};

describe('remote URL grammar', () => {
  it('splits repository, folder and ref', () => {
    expect(split('https://github.com/kubeflow/manifests//example?ref=v1.11.0')).toEqual(['https://github.com/kubeflow/manifests', 'example', 'v1.11.0']);
    expect(split('github.com/kubeflow/manifests/example?ref=v1')).toEqual(['https://github.com/kubeflow/manifests', 'example', 'v1']);
    expect(split('git@github.com:kubeflow/manifests.git/example')).toEqual(['git@github.com:kubeflow/manifests.git', 'example', '']);
    expect(split('ssh://git@github.com/kubeflow/manifests//x?version=v2')).toEqual(['git@github.com:kubeflow/manifests', 'x', 'v2']);
    expect(split('https://dev.azure.com/org/proj/_git/repo/path?ref=main')).toEqual(['https://dev.azure.com/org/proj/_git/repo', 'path', 'main']);
    expect(split('file:///srv/repo/sub?ref=v1')).toEqual(['file:///srv/repo/sub', '', 'v1']);
    expect(split('git::https://example.com/org/repo//a/b/?ref=x&ref=y')).toEqual(['https://example.com/org/repo', 'a/b', 'x']);
  });

  it('reads the query options as kustomize does', () => {
    const s = parseRepoSpec('https://h/o/r//d?ref=a&version=b&timeout=1m30s&submodules=false')!;
    expect([s.ref, s.timeoutMs, s.submodules]).toEqual(['a', 90_000, false]);
    const d = parseRepoSpec('https://h/o/r//d?timeout=nonsense&submodules=maybe')!;
    expect([d.ref, d.timeoutMs, d.submodules]).toEqual(['', 27_000, true]);
    expect(parseRepoSpec('https://h/o/r?timeout=61')!.timeoutMs).toBe(61_000);
  });

  it('leaves local paths alone', () => {
    for (const p of ['../base', '/abs/path', 'gitlab.com/org/repo', 'base?ref=v1', 'https://host', 'file.yaml']) expect(parseRepoSpec(p)).toBeUndefined();
  });

  it('tells plain repository addresses from possible files', () => {
    expect(isPlainlyGit('https://h/o/r//d')).toBe(true);
    expect(isPlainlyGit('https://h/o/r.git')).toBe(true);
    expect(isPlainlyGit('https://h/o/r?ref=v1')).toBe(true);
    expect(isPlainlyGit('https://h/o/r/raw/main/cm.yaml')).toBe(false);
  });
});
