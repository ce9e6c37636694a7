// Dex's default user password (common/dex): stored only as a bcrypt hash, read by Dex through
// hashFromEnv, and replaceable through the overlay common/dex/README.md shows (the README's own
// example is built here, so the documented way keeps working).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { build } from '../../src/index.js';

const REPO = join(import.meta.dirname, '../..');
const BCRYPT = /^\$2[aby]\$(1[0-9]|0[4-9]|2[0-9]|3[01])\$[./A-Za-z0-9]{53}$/;
type Obj = { kind: string; metadata: { name: string; namespace?: string }; data?: Record<string, string>;
  stringData?: Record<string, string>; spec?: any };

function render(dir: string): Obj[] {
  return (loadAll(build(dir).yaml()) as Obj[]).filter(Boolean);
}
const find = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name)!;

describe('common/dex default user password', () => {
  const objs = render(join(REPO, 'common/dex/overlays/oauth2-proxy'));

  it('is stored only as a bcrypt hash, under the key Dex reads it from', () => {
    const secret = find(objs, 'Secret', 'dex-passwords');
    expect(secret.metadata.namespace).toBe('auth');
    expect(secret.data).toBeUndefined();
    expect(Object.keys(secret.stringData ?? {})).toEqual(['DEX_USER_PASSWORD']);
    expect(secret.stringData!.DEX_USER_PASSWORD).toMatch(BCRYPT);
    const config = load(find(objs, 'ConfigMap', 'dex').data!['config.yaml']) as any;
    expect(config.enablePasswordDB).toBe(true);
    for (const user of config.staticPasswords) {
      expect(user.hashFromEnv).toBe('DEX_USER_PASSWORD');
      expect(user).not.toHaveProperty('hash');
      expect(user).not.toHaveProperty('password');
    }
    const dex = find(objs, 'Deployment', 'dex').spec.template.spec.containers[0];
    expect(dex.envFrom).toContainEqual({ secretRef: { name: 'dex-passwords' } });
  });

  it('appears nowhere in clear text', () => {
    const text = build(join(REPO, 'common/dex/overlays/oauth2-proxy')).yaml();
    expect(text).not.toContain('12341234');
    expect(Buffer.from(text).toString('base64')).not.toContain(Buffer.from('12341234').toString('base64'));
  });

  it('is changed by the overlay the README shows', () => {
    const readme = readFileSync(join(REPO, 'common/dex/README.md'), 'utf8');
    const section = readme.slice(readme.indexOf("### Change the default user's password"));
    const example = /```yaml\n(# my-dex\/kustomization\.yaml\n[\s\S]*?)```/.exec(section)?.[1];
    expect(example, 'README example overlay').toBeTruthy();
    const hash = '$2y$12$abcdefghijklmnopqrstuu5L4p0Q9lZ8mHq1bH0tmf7rRZQ9sYbO.';
    expect(hash).toMatch(BCRYPT);
    const dir = mkdtempSync(join(tmpdir(), 'my-dex-'));
    try {
      const kust = example
        .replace(/- \.\.\/common\/dex\/overlays\/oauth2-proxy.*/, `- ${relative(dir, join(REPO, 'common/dex/overlays/oauth2-proxy'))}`)
        .replace('$2y$12$...your-hash...', hash);
      writeFileSync(join(dir, 'kustomization.yaml'), kust);
      const changed = render(dir);
      const secret = find(changed, 'Secret', 'dex-passwords');
      expect(secret.stringData).toEqual({ DEX_USER_PASSWORD: hash });
      expect(secret.data).toBeUndefined();
      // Everything else stays as the platform installs it.
      expect(changed.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`))
        .toEqual(objs.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
