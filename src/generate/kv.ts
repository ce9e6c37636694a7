/**
 * Key/value sources shared by configMapGenerator and secretGenerator: `envs` files, `literals` and
 * `files`, read in kustomize's order (envs, literals, files) with its parsing rules.
 */
import { basename } from 'node:path';
import { BuildError } from '../errors.js';
import type { GeneratorArgs } from '../kustomization/schema.js';
import type { TargetContext } from '../transform/context.js';

/** One generated entry: text (from envs and literals) or raw bytes (from files). */
export interface KvPair {
  key: string;
  value: string | Buffer;
}

/** Where a generator sits in its kustomization, for messages. */
export interface GeneratorPlace {
  /** `configMapGenerator` or `secretGenerator`. */
  field: string;
  index: number;
}

function fieldOf(p: GeneratorPlace, sub: string): string {
  return `${p.field}[${p.index}].${sub}`;
}

/** Strips one pair of matching surrounding quotes, as kustomize does for literal values. */
function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}

/** Parses an env file: `KEY=VALUE` lines, `#` comments and blank lines skipped, `KEY` alone is empty. */
export function parseEnvFile(bytes: Buffer, file: string, from: string, field: string): KvPair[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BuildError(`env file '${file}' is not valid UTF-8; an env file must be text`, { file: from, field });
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const out: KvPair[] = [];
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  for (let line of lines) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    line = line.replace(/^[\s\u0085\u00a0]+/u, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    // kustomize silently drops a line with an empty key (`=value`).
    if (key === '') continue;
    out.push({ key, value: eq < 0 ? '' : line.slice(eq + 1) });
  }
  return out;
}

/** Reads every source of one generator, in kustomize's order: envs, literals, files. */
export function loadPairs(args: GeneratorArgs, ctx: TargetContext, p: GeneratorPlace): KvPair[] {
  const out: KvPair[] = [];
  (args.envs ?? []).forEach((env, i) => {
    const field = fieldOf(p, `envs[${i}]`);
    const abs = ctx.loader.resolveFile(ctx.dir, env, ctx.file, field);
    out.push(...parseEnvFile(ctx.loader.bytes(abs, ctx.file, field), env, ctx.file, field));
  });
  (args.literals ?? []).forEach((lit, i) => {
    const eq = lit.indexOf('=');
    if (eq <= 0) {
      throw new BuildError(`invalid literal '${lit}': expected key=value`, { file: ctx.file, field: fieldOf(p, `literals[${i}]`) });
    }
    out.push({ key: lit.slice(0, eq), value: unquote(lit.slice(eq + 1)) });
  });
  (args.files ?? []).forEach((src, i) => {
    const field = fieldOf(p, `files[${i}]`);
    let key: string;
    let path: string;
    const eq = src.indexOf('=');
    if (eq < 0) {
      path = src;
      key = basename(src);
    } else {
      key = src.slice(0, eq);
      path = src.slice(eq + 1);
      if (key === '') throw new BuildError(`missing key name for file path '${path}' in '${src}': expected [key=]path`, { file: ctx.file, field });
      if (path === '') throw new BuildError(`missing file path for key '${key}' in '${src}': expected [key=]path`, { file: ctx.file, field });
      if (path.includes('=')) throw new BuildError(`'${src}': key name or file path contains '='; expected [key=]path`, { file: ctx.file, field });
    }
    const abs = ctx.loader.resolveFile(ctx.dir, path, ctx.file, field);
    if (ctx.loader.isDir(abs)) throw new BuildError(`'${path}' is a directory; a file source must be a file`, { file: ctx.file, field });
    out.push({ key, value: ctx.loader.bytes(abs, ctx.file, field) });
  });
  return out;
}

/** Rejects a key given twice (kustomize: "illegally repeats the key"). */
export function checkUnique(pairs: KvPair[], what: string, ctx: TargetContext, p: GeneratorPlace): void {
  const seen = new Set<string>();
  for (const { key } of pairs) {
    if (seen.has(key)) {
      throw new BuildError(`${what} illegally repeats the key '${key}'; each key may be given once across envs, literals and files`, {
        file: ctx.file, field: `${p.field}[${p.index}]`,
      });
    }
    seen.add(key);
  }
}

/** True when the bytes are valid UTF-8 (kustomize puts anything else in binaryData). */
export function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/**
 * kustomize's base64 for generated values: standard encoding cut into 70-character lines, each
 * followed by a newline once there is more than one line (an exact 70 counts as more).
 */
export function encodeBase64(b: Buffer): string {
  const enc = b.toString('base64');
  const lineLen = 70;
  if (Math.floor(enc.length / lineLen) + 1 <= 1) return enc;
  const lines: string[] = [];
  for (let i = 0; i < enc.length; i += lineLen) lines.push(enc.slice(i, i + lineLen));
  return lines.join('\n') + '\n';
}
