// The parse cache (parsed files kept across builds by content), the size bound of the caches, and
// `kfm cache info` / `kfm cache clean`.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheTree as tree, kfmCacheEnv, kfmWithCache as kfm } from './support.js';

const parseEntries = (cache: string) => readdirSync(join(cache, 'parse')).filter((f) => f.endsWith('.json')).sort();
const mtimes = (cache: string) => new Map(parseEntries(cache).map((f) => [f, statSync(join(cache, 'parse', f)).mtimeMs]));
const sha1 = (b: Buffer | string) => createHash('sha1').update(b).digest('hex');

describe('parse cache', () => {
  it('parses again only the file that changed', () => {
    const t = tree();
    writeFileSync(join(t.dir, 'more.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: more\n');
    writeFileSync(join(t.dir, 'kustomization.yaml'), readFileSync(join(t.dir, 'kustomization.yaml'), 'utf8').replace('[cm.yaml]', '[cm.yaml, more.yaml]'));
    const first = kfm(t.cache, 'build', t.dir);
    expect(first.code).toBe(0);
    // The kustomization and both resource files.
    const before = mtimes(t.cache);
    expect(before.size).toBe(3);
    expect(statSync(join(t.cache, 'parse')).mode & 0o777).toBe(0o700);
    for (const f of before.keys()) expect(statSync(join(t.cache, 'parse', f)).mode & 0o777).toBe(0o600);
    writeFileSync(join(t.dir, 'cm.yaml'), readFileSync(join(t.dir, 'cm.yaml'), 'utf8').replace('a: "1"', 'a: "2"'));
    const second = kfm(t.cache, 'build', t.dir);
    expect(second.stdout).toBe(first.stdout.replace('a: "1"', 'a: "2"'));
    const after = mtimes(t.cache);
    expect(after.size).toBe(4);
    // Only the changed file was parsed (and so written); the other entries were read.
    for (const [f, m] of before) expect(after.get(f)).toBe(m);
  });

  it('answers from an intact entry and ignores one that fails its digest', () => {
    const t = tree();
    const first = kfm(t.cache, 'build', t.dir);
    const entries = parseEntries(t.cache).map((f) => join(t.cache, 'parse', f));
    const cm = entries.find((p) => readFileSync(p, 'utf8').includes('"plain"'))!;
    const body = readFileSync(cm, 'utf8').split('\n').slice(1).join('\n');
    // The entry is what the build uses: an entry rewritten with a matching digest is served
    // (the output cache is bypassed by a new generated file content).
    const forged = body.replace('"plain"', '"from-the-parse-cache"');
    writeFileSync(cm, sha1(forged) + '\n' + forged);
    writeFileSync(join(t.dir, 'data.txt'), 'two\n');
    expect(kfm(t.cache, 'build', t.dir).stdout).toContain('name: from-the-parse-cache');
    // One whose content no longer matches its digest is ignored, and so is one cut short.
    writeFileSync(cm, sha1(body) + '\n' + forged);
    writeFileSync(join(t.dir, 'data.txt'), 'three\n');
    const third = kfm(t.cache, 'build', t.dir);
    expect(third.stdout).toContain('name: plain');
    expect(third.stdout).toBe(first.stdout.replace(/one\n/, 'three\n').replace(/gen-[a-z0-9]+/, third.stdout.match(/gen-[a-z0-9]+/)![0]));
    writeFileSync(cm, (sha1(body) + '\n' + body).slice(0, -5));
    writeFileSync(join(t.dir, 'data.txt'), 'four\n');
    expect(kfm(t.cache, 'build', t.dir).stdout).toContain('name: plain');
  });

  it('keeps no parsed Secret unless KFM_CACHE_SECRETS=1', () => {
    const t = tree();
    writeFileSync(join(t.dir, 'secret.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: hunter2\n');
    writeFileSync(join(t.dir, 'kustomization.yaml'), readFileSync(join(t.dir, 'kustomization.yaml'), 'utf8').replace('[cm.yaml]', '[cm.yaml, secret.yaml]'));
    expect(kfm(t.cache, 'build', t.dir).code).toBe(0);
    expect(parseEntries(t.cache)).toHaveLength(2);
    for (const f of parseEntries(t.cache)) expect(readFileSync(join(t.cache, 'parse', f), 'utf8')).not.toContain('hunter2');
    // Nor a kustomization generating one.
    const k = tree();
    writeFileSync(join(k.dir, 'kustomization.yaml'), 'resources: [cm.yaml]\nsecretGenerator:\n- name: s\n  literals: [password=hunter2]\n');
    expect(kfm(k.cache, 'build', k.dir).code).toBe(0);
    expect(parseEntries(k.cache)).toHaveLength(1);
    const kept = kfmCacheEnv(t.cache, { KFM_CACHE_SECRETS: '1' }, ['build', t.dir, '--no-cache']);
    expect(kept.code).toBe(0);
    // --no-cache leaves every cache alone.
    expect(parseEntries(t.cache)).toHaveLength(2);
    // (A new generated file content, so that the output cache does not answer.)
    writeFileSync(join(t.dir, 'data.txt'), 'two\n');
    kfmCacheEnv(t.cache, { KFM_CACHE_SECRETS: '1' }, ['build', t.dir]);
    expect(parseEntries(t.cache)).toHaveLength(3);
  });
});

describe('cache size bound', () => {
  it('removes the entries written longest ago once past KFM_CACHE_MAX_MB', () => {
    const a = tree();
    const b = tree();
    // Content of its own: parse entries are shared by files of the same content.
    writeFileSync(join(b.dir, 'cm.yaml'), readFileSync(join(b.dir, 'cm.yaml'), 'utf8').replace('a: "1"', 'b: "1"'));
    writeFileSync(join(b.dir, 'kustomization.yaml'), readFileSync(join(b.dir, 'kustomization.yaml'), 'utf8').replace('team: a', 'team: b'));
    // The size of b's entries alone, from a cache of its own.
    const alone = join(b.dir, '..', 'alone');
    kfm(alone, 'build', b.dir);
    const size = (dir: string) => readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.(entry|json)$/.test(f)).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
    const bSize = size(alone);
    kfm(a.cache, 'build', a.dir);
    const old = new Date(Date.now() - 3600_000);
    const aFiles = readdirSync(a.cache, { recursive: true }).map(String).filter((f) => /\.(entry|json)$/.test(f));
    expect(aFiles.length).toBe(3);
    for (const f of aFiles) utimesSync(join(a.cache, f), old, old);
    // A bound that b's entries fit in, but not with a's.
    const r = kfmCacheEnv(a.cache, { KFM_CACHE_MAX_MB: String((bSize * 1.5) / 1048576) }, ['build', b.dir]);
    expect(r.code).toBe(0);
    // Some of a's went, none of b's, and what is left is within the bound.
    expect(aFiles.filter((f) => !existsSync(join(a.cache, f))).length).toBeGreaterThan(0);
    const names = (dir: string) => readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.(entry|json)$/.test(f));
    for (const f of names(alone)) expect(existsSync(join(a.cache, f))).toBe(true);
    expect(size(a.cache)).toBeLessThanOrEqual(bSize * 1.5);
  });
});

describe('kfm cache info and clean', () => {
  it('reports the location and the entries by kind', () => {
    const t = tree();
    kfm(t.cache, 'build', t.dir);
    const info = kfm(t.cache, 'cache', 'info');
    expect(info.code).toBe(0);
    expect(info.stdout).toContain(`location: ${t.cache}\n`);
    expect(info.stdout).toMatch(/^output: 1 entry, /m);
    expect(info.stdout).toMatch(/^parse: 2 entries, /m);
    expect(info.stdout).toMatch(/^remote: 0 entries, /m);
  });

  it("removes kfm's entries only, and links without following them", () => {
    const t = tree();
    kfm(t.cache, 'build', t.dir);
    const outside = mkdtempSync(join(tmpdir(), 'kfm-outside-'));
    const keep = join(outside, 'a'.repeat(64) + '.entry');
    writeFileSync(keep, 'not kfm\'s');
    mkdirSync(join(outside, 'blobs'));
    writeFileSync(join(outside, 'blobs', 'x'), 'x');
    symlinkSync(outside, join(t.cache, 'remote'));
    symlinkSync(keep, join(t.cache, 'parse', 'b'.repeat(40) + '.json'));
    writeFileSync(join(t.cache, 'notes.txt'), 'mine');
    const r = kfm(t.cache, 'cache', 'clean');
    expect(r.code).toBe(0);
    expect(readdirSync(t.cache)).toEqual(['notes.txt']);
    expect(readFileSync(keep, 'utf8')).toBe('not kfm\'s');
    expect(existsSync(join(outside, 'blobs', 'x'))).toBe(true);
    expect(kfm(t.cache, 'cache', 'info').stdout).toMatch(/^output: 0 entries, [^]*^parse: 0 entries, /m);
  });
});
